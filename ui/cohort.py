"""Cohort and catalogue: a bootcamp loads its catalogue and a cohort, sees pooled gaps, audits courses."""
from __future__ import annotations

import tempfile
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from recommender.recommend.cohort import catalogue_audit, cohort_gaps, read_cohort

from .common import get_engine, shown_errors

CATALOGUE_TYPES = ["csv", "tsv", "xlsx", "json", "jsonl", "parquet"]
HEATMAP_SKILLS = 20


def page() -> None:
    ns = get_engine()
    st.title("Cohort and catalogue")
    st.caption("Load your course catalogue and your cohort's profiles: see what the cohort lacks for a target "
               "job, which courses teach skills AI is taking over, and what your catalogue does not teach.")
    catalogue(ns)
    cohort(ns)


def catalogue(ns) -> None:
    st.subheader("Your catalogue")
    info = ns.catalog_info()
    st.caption(f"{info['courses']:,} courses loaded from: " + ", ".join(
        f"{s['name']} ({s['courses']})" for s in info["sources"]))
    upload = st.file_uploader("Import a catalogue (CSV, Excel, JSON, JSONL or Parquet)", type=CATALOGUE_TYPES,
                              key="catalogue_file")
    if upload is not None and st.button("Import catalogue"):
        with tempfile.TemporaryDirectory() as folder, shown_errors():
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            with st.spinner("Importing and indexing the courses..."):
                report = ns.import_catalog(path, name=Path(upload.name).stem)
        st.success(f"Imported {report['imported']} courses from {upload.name}; {report['skipped']} rows "
                   f"skipped, {report['merged_duplicates']} duplicates merged, {report['warnings']} kept with a warning.")
        if report["report"]:
            st.caption("Row report (row as in your file, header = row 1)")
            st.dataframe(pd.DataFrame(report["report"]), hide_index=True, width="stretch")


def cohort(ns) -> None:
    st.subheader("Your cohort")
    upload = st.file_uploader("Cohort profiles: a CSV with a 'text' column (and an 'id'), or JSONL "
                              '{"id", "text"} lines', type=["csv", "jsonl"], key="cohort_file")
    target = st.text_input("Target job for the cohort", key="cohort_target", placeholder="e.g. data analyst")
    if upload is None or not target.strip():
        return
    with shown_errors():
        learners, skipped = read_cohort(upload.name, upload.getvalue())
    for s in skipped:
        st.warning(f"Row {s['row']} ({s['id']}): {s['reason']} — skipped.")
    with st.spinner(f"Reading {len(learners)} profiles and their gaps..."), shown_errors():
        result = cached_gaps(ns, tuple(learners), target.strip())
    for learner in result["learners"]:
        if learner["error"]:
            st.warning(f"{learner['id']}: {learner['error']}")
    if result["target"] is None:
        st.error("No profile in the cohort could be read.")
        return
    st.markdown(f"Target: **{result['target']['label']}** ({result['target']['requirements_source']} requirements)")
    heatmap(result)
    audit(ns, result)
    paths = pd.DataFrame([{"learner": l["id"], "coverage %": l["coverage"],
                           "learn next": "; ".join(l["recommendations"])} for l in result["learners"]])
    st.dataframe(paths, hide_index=True, width="stretch")
    st.download_button("Download per-learner paths (CSV)", paths.to_csv(index=False), "cohort-paths.csv",
                       "text/csv")


@st.cache_data(show_spinner=False, max_entries=8)
def cached_gaps(_ns, learners: tuple, target: str) -> dict:
    return cohort_gaps(_ns, learners, target)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_audit(_ns, needed: tuple, catalogue: str) -> dict:
    """``catalogue`` (what is loaded) is part of the key: an import invalidates the audit."""
    return catalogue_audit(_ns, needed)


def heatmap(result: dict) -> None:
    top = [p["skill_id"] for p in result["pooled"][:HEATMAP_SKILLS]]
    matrix = result["matrix"][top]
    long = matrix.reset_index(names="learner").melt("learner", var_name="skill_id", value_name="status")
    long["skill"] = long["skill_id"].map(result["labels"])
    st.caption("Pooled gaps: the requirements most of the cohort lacks, learner by learner")
    chart = alt.Chart(long).mark_rect().encode(
        x=alt.X("skill:N", sort=[result["labels"][s] for s in top], title=None),
        y=alt.Y("learner:N", title=None),
        color=alt.Color("status:N", scale=alt.Scale(domain=["have", "partial", "missing"],
                                                    range=["#2e7d32", "#f9a825", "#c62828"])),
        tooltip=["learner", "skill", "status"])
    st.altair_chart(chart, width="stretch")


def audit(ns, result: dict) -> None:
    needed = [p["skill_id"] for p in result["pooled"] if p["missing_share"] >= 0.5]
    with st.spinner("Auditing the catalogue..."), shown_errors():
        found = cached_audit(ns, tuple(needed), str(ns.catalog_info()))
    table = found["courses"]
    totals = table[["at_risk", "ai_augmented", "human_centric", "ai_builder"]].sum()
    st.caption("Curriculum audit: skills the catalogue's courses teach, by how AI affects them")
    st.bar_chart(totals.rename({"at_risk": "at risk", "ai_augmented": "AI-augmented",
                                "human_centric": "human-centric", "ai_builder": "AI-builder"}))
    heavy = table[table["at_risk"] > table[["human_centric", "ai_augmented", "ai_builder"]].sum(axis=1)]
    if len(heavy):
        st.markdown(f"{len(heavy)} courses teach mostly skills AI already does well:")
        st.dataframe(heavy[["title", "at_risk", "human_centric", "ai_augmented", "ai_builder"]], hide_index=True,
                     width="stretch")
    lacking = [result["labels"][s] for s in found["lacking"]]
    if lacking:
        st.markdown("**The cohort needs, the catalogue does not teach:** " + ", ".join(lacking))
