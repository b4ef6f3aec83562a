"""Explore: search skills and occupations; the exposure map, where a person finds their own skills."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from .common import CATEGORY_COLOURS, category_label, get_engine, shown_errors

MAP_POINTS = 2500  # a sample of all skills keeps the chart light on a phone; a person's own are always in


def page() -> None:
    ns = get_engine()
    st.title("Explore")
    info = ns.taxonomy.summary()
    st.info(f"Active taxonomy: **{info['name']}** ({info['skills']:,} skills, {info['occupations']:,} "
            f"occupations) from {info['source']}.")
    search(ns)
    exposure_map(ns)


def search(ns) -> None:
    kind = st.radio("Search", ["Skills", "Occupations"], horizontal=True)
    query = st.text_input("What are you looking for?", placeholder="e.g. negotiate contracts, delivery driver")
    if not query.strip():
        return
    with shown_errors():
        rows = (ns.search_skills if kind == "Skills" else ns.search_occupations)([query], top_k=10)[0]
    st.dataframe([{"label": r["label"], "score": r["score"], "matched": r["matched_label"]} for r in rows],
                 width="stretch", hide_index=True)
    if kind == "Skills" and rows:
        why = ns.skill_exposure([rows[0]["skill_id"]])[0]
        st.markdown(f"**{why['label']}** — {category_label(why['category'])}: AI exposure {why['exposure']:.2f}, "
                    f"human edge {why['human_edge']:.2f}")
        st.markdown("\n".join(f"- {r}" for r in why["reasons"]))


def exposure_map(ns) -> None:
    st.subheader("The exposure map")
    st.caption("Every dot is a skill: to the right, AI can do more of it; higher up, the human part matters more. "
               "Your own skills (from My plan) are the large dots.")
    frame = ns.exposure()[["skill_id", "label", "exposure", "human_edge", "category"]].copy()
    frame["category"] = frame["category"].map(category_label)
    mine = st.session_state.get("skills")
    own = set(mine.loc[mine["keep"].astype(bool), "skill_id"]) if mine is not None and len(mine) else set()
    frame["yours"] = frame["skill_id"].isin(own)
    sample = pd.concat([frame[~frame["yours"]].sample(min(MAP_POINTS, int((~frame["yours"]).sum())), random_state=0),
                        frame[frame["yours"]]])
    chart = alt.Chart(sample).mark_circle().encode(
        x=alt.X("exposure:Q", title="AI exposure", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("human_edge:Q", title="human edge", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("category:N", scale=alt.Scale(domain=list(CATEGORY_COLOURS),
                                                      range=list(CATEGORY_COLOURS.values()))),
        size=alt.condition("datum.yours", alt.value(160), alt.value(12)),
        tooltip=["label", "category", "exposure", "human_edge"])
    st.altair_chart(chart, width="stretch")
    if own:
        st.dataframe(frame[frame["yours"]][["label", "category", "exposure", "human_edge"]], hide_index=True,
                     width="stretch")
