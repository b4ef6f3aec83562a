"""Clients: a counsellor's workspace of saved clients (a local SQLite file), targets side by side,
saved plans, a client report, and deleting a client completely."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from recommender.clients import ClientStore
from recommender.plan import Limits, to_markdown

from .common import get_engine, shown_errors

NEW = "➕ New client"


def page() -> None:
    ns = get_engine()
    st.title("Clients")
    with shown_errors():
        store = ClientStore(ns.settings.clients_path)
        clients = store.clients()
    st.caption(f"Saved on this computer in {store.path} ({len(clients)} clients).")
    options = [NEW] + [c["id"] for c in clients]
    if "client_next" in st.session_state:  # chosen by the last save or delete, before the widget exists
        st.session_state["client_choice"] = st.session_state.pop("client_next")
    names = {c["id"]: f"{c['name']} (updated {c['updated'][:10]}, {c['plan_count']} plans)" for c in clients}
    chosen = st.selectbox("Client", options, format_func=lambda o: names.get(o, o), key="client_choice")
    client = {} if chosen == NEW else store.client(chosen)
    edit_client(ns, store, client)
    if client:
        compare_targets(ns, store, client)
        saved_plans(store, client)
        delete_client(store, client)


def edit_client(ns, store: ClientStore, client: dict) -> None:
    with st.form(f"client-{client.get('id', 'new')}"):
        name = st.text_input("Name", value=client.get("name", ""))
        profile = st.text_area("Profile or CV", value=client.get("profile_text", ""), height=150)
        targets = st.text_input("Targets to compare (up to 3, separated by ;)",
                                value="; ".join(client.get("targets", [])))
        notes = st.text_area("Notes", value=client.get("notes", ""), height=80)
        known = client.get("skills", [])
        kept = st.multiselect("Confirmed skills (remove what the client does not have)", known, default=known,
                              format_func=lambda s: s["label"]) if known else []
        saved = st.form_submit_button("Save client", type="primary")
    if not saved:
        return
    skills = kept
    if profile.strip() and profile != client.get("profile_text"):
        with st.spinner("Reading the profile's skills..."), shown_errors():
            found = ns.extract([profile])[0]
        skills = [{"skill_id": f.skill_id, "label": f.label, "level": f.proficiency or ""} for f in found.skills]
    with shown_errors():
        client_id = store.save_client({**({"id": client["id"]} if client else {}), "name": name,
                                       "profile_text": profile, "skills": skills, "notes": notes,
                                       "targets": [t.strip() for t in targets.split(";") if t.strip()]})
    st.session_state["client_next"] = client_id
    st.rerun()


def compare_targets(ns, store: ClientStore, client: dict) -> None:
    st.subheader("Targets side by side")
    skill_ids = [s["skill_id"] for s in client["skills"]]
    if not skill_ids:
        st.info("No skills saved for this client yet: add a profile and save.")
        return
    st.caption("Confirmed skills: " + ", ".join(s["label"] for s in client["skills"]))
    if not client["targets"]:
        st.info("Add up to three targets (e.g. 'data analyst; bookkeeper') and save to compare them.")
        return
    with st.spinner("Comparing targets..."), shown_errors():
        doc = ns.recommend(skill_ids=skill_ids, targets=client["targets"], top_k=6)
    columns = st.columns(len(doc["targets"]))
    for column, t in zip(columns, doc["targets"]):
        with column:
            st.metric(t["target"]["label"], f"{t['coverage']}%", help=f"matched by {t['target']['matched_by']}")
            missing = [g["label"] for g in t["gaps"] if g["status"] == "missing"][:6]
            st.markdown("Missing: " + (", ".join(missing) or "nothing"))
    st.markdown("**Learn next (all targets together):** " + ", ".join(r["label"] for r in doc["recommendations"]))
    hours = st.number_input("Hours a week for the plan", min_value=0.5, value=5.0, step=0.5, key="client_hours")
    weeks = st.number_input("Weeks", min_value=1, value=12, step=1, key="client_weeks")
    if st.button("Make and save a plan"):
        with st.spinner("Planning..."), shown_errors():
            planned = ns.plan(Limits(float(hours), int(weeks)), skill_ids=skill_ids, targets=client["targets"],
                              top_k=8)
            store.save_plan(client["id"], planned["plan"], label=f"{hours:g} h/week x {weeks} weeks")
        st.success("Plan saved.")


def saved_plans(store: ClientStore, client: dict) -> None:
    plans = store.plans(client["id"])
    if not plans:
        return
    st.subheader("Saved plans")
    st.dataframe(pd.DataFrame([{"saved": p["created"][:16].replace("T", " "), "label": p["label"],
                                "courses": len(p["plan"]["courses"]), "hours": p["plan"]["total_hours"]}
                               for p in plans]), hide_index=True, width="stretch")
    st.download_button("Download the client report (Markdown)", report(client, plans), f"client-{client['id']}.md",
                       "text/markdown")


def report(client: dict, plans: list[dict]) -> str:
    lines = [f"# {client['name']}", f"_Report of {dt.date.today().isoformat()}_", "",
             "## Skills", *[f"- {s['label']}" for s in client["skills"]], "",
             "## Targets", *[f"- {t}" for t in client["targets"]], "", "## Notes", client.get("notes") or "—", ""]
    for p in plans:
        lines += [f"## Plan of {p['created'][:10]} ({p['label']})", to_markdown(p["plan"], title="").strip(), ""]
    return "\n".join(lines)


def delete_client(store: ClientStore, client: dict) -> None:
    with st.expander("Delete this client"):
        st.caption("Deletes the client, their profile, skills, notes and every saved plan from this computer.")
        sure = st.checkbox(f"Yes, delete {client['name']} completely", key=f"delete-{client['id']}")
        if st.button("Delete client", disabled=not sure):
            with shown_errors():
                store.delete_client(client["id"])
            st.session_state["client_next"] = NEW
            st.rerun()
