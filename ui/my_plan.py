"""My plan: a gig worker's profile -> reviewed skills -> gaps, next skills and a path that fits."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from recommender.catalog.schema import LEVELS
from recommender.plan import Limits
from recommender.profile import read_profile_upload
from recommender.profile.extract import NEGATED, TOPIC, WISHED

from .common import category_label, downloads, get_engine, shown_errors

UPLOAD_TYPES = ["pdf", "docx", "txt", "md", "json"]


def page() -> None:
    ns = get_engine()
    st.title("My plan")
    st.caption("Paste your CV, profile or gig history. NextSkill reads your skills, shows which are exposed to "
               "AI, and suggests what to learn next, with a path that fits your week and budget.")
    read_profile(ns)
    skills = st.session_state.get("skills")
    if skills is None:
        return
    confirmed = review_skills(ns, skills)
    targets, ads = choose_target()
    limits = choose_limits()
    if not confirmed:
        st.warning("Keep at least one skill (tick 'keep'), or add one, to see recommendations.")
        return
    edited = st.session_state["skills_reviewed"]
    evidence = dict(zip(edited["skill_id"], edited["evidence"]))  # shown with each skill in the results
    levels = {s: l for s, l in zip(edited["skill_id"], edited["level"]) if l}  # a beginner's skill is still a gap
    with st.spinner("Working out your next skills and a path..."), shown_errors():
        doc = ns.plan(limits, targets=targets, job_ads=ads, skill_ids=confirmed, evidence=evidence, levels=levels,
                      top_k=8)
    show_results(doc)


def read_profile(ns) -> None:
    pasted, uploaded = st.tabs(["Paste text", "Upload a file"])
    with pasted:
        text = st.text_area("Your CV or profile", height=200, key="profile_input",
                            placeholder="e.g. Delivered 2,000 orders on Deliveroo; fluent in Spanish; Excel...")
    with uploaded:
        upload = st.file_uploader("PDF, DOCX, TXT, Markdown or JSON Resume", type=UPLOAD_TYPES, key="profile_file")
    if st.button("Read my skills", type="primary"):
        with shown_errors():
            if upload is not None:
                text = read_profile_upload(upload.name, upload.getvalue())
            if not text or not text.strip():
                st.error("Paste your profile or upload a file first.")
                st.stop()
            with st.spinner("Reading your skills..."):
                found = ns.extract([text])[0]
        if found.notes and not found.skills:
            st.warning(" ".join(found.notes))
        ordered = sorted(found.skills, key=lambda f: not f.sure)  # the likely ones first, each group as read
        st.session_state["skills"] = pd.DataFrame(
            [{"keep": f.sure, "skill": f.label, "sure": "likely" if f.sure else "check", "level": f.proficiency or "",
              "evidence": f.evidence, "skill_id": f.skill_id} for f in ordered],
            columns=["keep", "skill", "sure", "level", "evidence", "skill_id"])
        st.session_state["not_held"] = found.not_held
        st.session_state.pop("skills_editor", None)  # edits of an earlier profile do not carry over


def review_skills(ns, skills: pd.DataFrame) -> list[str]:
    st.subheader("Your skills")
    st.caption("Untick what is wrong, set your level, add what is missing. Skills marked 'check' are our "
               "guesses from a single sentence (most were wrong in our tests): they count only once you "
               "tick them. Changes update the results below without reading the CV again.")
    edited = st.data_editor(
        skills, key="skills_editor", hide_index=True, width="stretch",
        disabled=["skill", "sure", "evidence", "skill_id"],
        column_config={"keep": st.column_config.CheckboxColumn("keep"),
                       "sure": st.column_config.TextColumn("how sure", width="small",
                                                           help="likely: read clearly; check: a guess, worth a look"),
                       "level": st.column_config.SelectboxColumn("level", options=["", *LEVELS]),
                       "evidence": st.column_config.TextColumn("where we read it", width="large"),
                       "skill_id": None})
    not_held = st.session_state.get("not_held") or []
    if not_held:
        st.caption(not_counted(not_held))
    with st.expander("Add a skill"):
        query = st.text_input("Search the skills taxonomy", key="add_query", placeholder="e.g. bookkeeping")
        if query.strip():
            with shown_errors():
                matches = ns.search_skills([query], top_k=5)[0]
            choice = st.selectbox("Best matches", matches, format_func=lambda m: m["label"], key="add_choice")
            if st.button("Add this skill") and choice["skill_id"] not in set(edited["skill_id"]):
                row = {"keep": True, "skill": choice["label"], "sure": "yours", "level": "", "evidence": "added by you",
                       "skill_id": choice["skill_id"]}
                # The edits so far become the new base list; the editor starts afresh on it.
                st.session_state["skills"] = pd.concat([edited, pd.DataFrame([row])], ignore_index=True)
                st.session_state.pop("skills_editor", None)
                st.rerun()
    st.session_state["skills_reviewed"] = edited
    return edited.loc[edited["keep"].astype(bool), "skill_id"].tolist()


def choose_target() -> tuple[list[str], list[str]]:
    st.subheader("Where do you want to go?")
    left, right = st.columns(2)
    with left:
        title = st.text_input("Target job (optional)", key="target",
                              placeholder="e.g. data analyst; leave empty to stay strong in your line of work")
    with right:
        pasted = st.text_area("Or paste job ads you would apply for (separate ads with a line of ---)",
                              key="job_ads", height=100)
    ads = [a.strip() for a in pasted.split("\n---") if a.strip()]
    return ([title.strip()] if title.strip() else []), ads


def choose_limits() -> Limits:
    st.subheader("Your time and budget")
    a, b, c, d = st.columns(4)
    hours = a.number_input("Hours a week", min_value=0.5, max_value=60.0, value=5.0, step=0.5)
    weeks = b.number_input("Weeks", min_value=1, max_value=104, value=12, step=1)
    budget = c.number_input("Budget (0 = free only)", min_value=0.0, value=50.0, step=10.0)
    level = d.selectbox("Highest course level", ["any", *LEVELS])
    with shown_errors():
        return Limits(float(hours), int(weeks), budget=float(budget), free_only=budget == 0,
                      level=None if level == "any" else level)


def show_results(doc: dict) -> None:
    if doc["target"]:
        t = doc["target"]
        st.metric(f"You cover of what '{t['label']}' asks for", f"{doc['coverage']}%",
                  help=f"Requirements: {t['requirements_source']}. Essential skills count double.")
        for note in t["notes"]:
            st.caption(note)
    for note in doc["notes"]:
        st.info(note)
    at_risk, recs, path = st.tabs(["Exposed to AI", "Learn next", "Your path"])
    with at_risk:
        if not doc["at_risk"]:
            st.success("None of your skills is among those AI already does well.")
        for a in doc["at_risk"]:
            pivots = ", ".join(f"**{p['label']}** ({category_label(p['category'])})" for p in a["pivots"]) or "—"
            st.markdown(f"- **{a['label']}** — {a['reason']}. Pivot to: {pivots}")
    with recs:
        for i, r in enumerate(doc["recommendations"], 1):
            with st.expander(f"{i}. {r['label']} · {category_label(r['category'])}", expanded=i <= 3):
                st.markdown("\n".join(f"- {reason}" for reason in r["reasons"]))
        if doc["gaps"]:
            st.caption("Every requirement of the target")
            st.dataframe(pd.DataFrame([{"skill": g["label"], "status": g["status"], "relation": g["relation"],
                                        "through": (g["matched_by"] or {}).get("label", "")} for g in doc["gaps"]]),
                         hide_index=True, width="stretch")
        reachable_chart(doc["reachable"])
    with path:
        plan = doc["plan"]
        st.markdown(f"**{len(plan['courses'])} courses, {plan['total_hours']:g} hours over "
                    f"{plan['weeks_used']} weeks, total cost {plan['total_cost']:g}**")
        if plan["courses"]:
            st.dataframe(pd.DataFrame([{"weeks": f"{c['week_start']}–{c['week_end']}", "course": c["title"],
                                        "provider": c["provider"], "hours": c["hours"], "cost": c["cost"],
                                        "teaches": ", ".join(s["label"] for s in c["skills"]), "link": c["url"]}
                                       for c in plan["courses"]]),
                         hide_index=True, width="stretch",
                         column_config={"link": st.column_config.LinkColumn("link")})
        for u in plan["uncovered"]:
            st.markdown(f"- Not covered: **{u['label']}** — {u['reason']}; {u['suggestion']}")
        for w in plan["warnings"]:
            st.caption(w)
        downloads(plan, "nextskill-plan", "my-plan")


def reachable_chart(reachable: list[dict]) -> None:
    if not reachable:
        return
    st.caption("Where your skills lead: share of each occupation's requirements you already cover")
    frame = pd.DataFrame([{"occupation": o["label"], "coverage %": o["coverage"], "AI exposure": o["exposure"],
                           "to close the gap": ", ".join(m["label"] for m in o["missing"])} for o in reachable])
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("coverage %:Q", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("occupation:N", sort="-x", title=None),
        color=alt.Color("AI exposure:Q", scale=alt.Scale(scheme="redyellowgreen", reverse=True)),
        tooltip=["occupation", "coverage %", "AI exposure", "to close the gap"])
    st.altair_chart(chart, width="stretch")


def not_counted(not_held: list[dict], most: int = 12) -> str:
    """One line on what the reader saw but did not count as held, grouped by why."""
    why = {NEGATED: "you said you don't have them", WISHED: "you want to learn them",
           TOPIC: "subjects or clients of your work"}
    groups: dict[str, list[str]] = {}
    for n in not_held[:most]:
        groups.setdefault(why.get(n["reason"], n["reason"]), []).append(n["label"])
    return "Not counted as skills you hold: " + "; ".join(f"{', '.join(labels)} ({reason})"
                                                          for reason, labels in groups.items())
