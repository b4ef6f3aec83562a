"""Every page's main flow, run headless with AppTest on the tiny taxonomy and the fake embedder."""
import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT

PROFILE = "I drive vans for a courier app. Skills: perform data entry, drive vans, negotiate contracts"


@pytest.fixture
def env(home, monkeypatch, tmp_path):
    monkeypatch.setenv("NEXTSKILL_HOME", str(home))
    monkeypatch.setenv("NEXTSKILL_MODEL", "fake")
    monkeypatch.setenv("NEXTSKILL_CLIENTS_DB", str(tmp_path / "clients.sqlite"))
    return tmp_path


def page(name: str) -> AppTest:
    at = AppTest.from_string(f"from ui import {name}\n{name}.page()\n", default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_app_opens_on_my_plan_and_credits_esco(env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "My plan"
    assert any("ESCO" in c.value and "Lightcast" in c.value for c in at.caption)


def test_my_plan_reads_reviews_and_recommends(env):
    at = page("my_plan")
    at.text_area(key="profile_input").input(PROFILE)
    at.button[0].click().run()
    assert not at.exception, at.exception
    skills = at.session_state["skills"]
    assert "perform data entry" in set(skills["skill"])
    sure = skills["sure"].tolist()
    assert set(sure) <= {"likely", "check"} and sure == sorted(sure, key=lambda v: v != "likely")  # likely first
    at.text_input(key="target").input("data analyst").run()
    assert not at.exception, at.exception
    assert any("data analyst" in m.label for m in at.metric)
    text = " ".join(e.label for e in at.expander)
    assert "create data visualisations" in text  # the analyst's gap, recommended
    assert at.get("download_button")  # Markdown, PDF, CSV, ICS


def test_my_plan_unticking_a_skill_updates_without_rereading(env):
    at = page("my_plan")
    at.text_area(key="profile_input").input(PROFILE)
    at.button[0].click().run()
    before = {r["skill"] for r in at.session_state["skills"].to_dict("records")}
    assert "drive vans" in before
    at.text_input(key="target").input("data analyst").run()
    edited = at.session_state["skills"].copy()
    assert (edited["keep"] == (edited["sure"] == "likely")).all()  # guesses count once ticked


def test_my_plan_empty_profile_is_a_message_not_a_crash(env):
    at = page("my_plan")
    at.button[0].click().run()
    assert not at.exception
    assert any("Paste your profile" in e.value for e in at.error)


def test_explore_searches_and_explains(env):
    at = page("explore")
    assert "Active taxonomy: **tiny**" in at.info[0].value
    at.text_input[0].input("contract negotiation").run()
    assert not at.exception
    assert at.dataframe[0].value.iloc[0]["label"] == "negotiate contracts"
    assert any("rated by the NextSkill team" in m.value for m in at.markdown)


def test_clients_save_compare_plan_and_delete(env):
    at = page("clients")
    form_inputs = at.text_input
    form_inputs[0].input("Ana")
    at.text_area[0].input(PROFILE)
    form_inputs[1].input("data analyst; welder")
    at.button[0].click().run()  # the form's submit
    assert not at.exception, at.exception
    assert [m.label for m in at.metric] == ["data analyst", "welder"]
    from recommender.clients import ClientStore
    store = ClientStore(env / "clients.sqlite")
    saved = store.client(store.clients()[0]["id"])["skills"]
    assert "drive vans" in [s["label"] for s in saved]
    confirmed = at.multiselect[0]
    confirmed.unselect(next(s for s in saved if s["label"] == "drive vans"))
    next(b for b in at.button if b.label == "Save client").click().run()  # the counsellor confirms
    assert not at.exception, at.exception
    kept = [s["label"] for s in store.client(store.clients()[0]["id"])["skills"]]
    assert "drive vans" not in kept and len(kept) == len(saved) - 1
    make = next(b for b in at.button if b.label == "Make and save a plan")
    make.click().run()
    assert not at.exception, at.exception
    assert any("Plan saved" in s.value for s in at.success)
    sure = next(c for c in at.checkbox if "delete Ana completely" in c.label)
    sure.check().run()
    next(b for b in at.button if b.label == "Delete client").click().run()
    assert not at.exception, at.exception
    assert store.clients() == []


def test_cohort_pooled_gaps_and_audit(env):
    at = page("cohort")
    cohort = "\n".join(json.dumps(r) for r in [
        {"id": "a", "text": "Skills: perform data entry, drive vans"},
        {"id": "b", "text": "Skills: Python, negotiate contracts"},
        {"id": "c", "text": ""}])
    at.file_uploader(key="cohort_file").upload("cohort.jsonl", cohort.encode(), "application/json").run()
    at.text_input(key="cohort_target").input("data analyst").run()
    assert not at.exception, at.exception
    assert any("no profile text" in w.value for w in at.warning)
    assert any("Target: **data analyst**" in m.value for m in at.markdown)


def test_cohort_bad_files_are_messages(env):
    at = page("cohort")
    at.text_input(key="cohort_target").input("data analyst")
    at.file_uploader(key="cohort_file").upload("cohort.jsonl", b"", "application/json").run()
    assert not at.exception, at.exception
    assert any("is empty" in e.value for e in at.error)
    at.file_uploader(key="cohort_file").upload("cohort.csv", b"name,age\nana,3\n", "text/csv").run()
    assert any("no text column" in e.value for e in at.error)


def test_catalogue_that_fails_import_is_a_message(env):
    at = page("cohort")
    at.file_uploader(key="catalogue_file").upload("bad.csv", b"foo,bar\n1,2\n", "text/csv").run()
    next(b for b in at.button if b.label == "Import catalogue").click().run()
    assert not at.exception, at.exception
    assert at.error and "title" in at.error[0].value.lower()


def test_clients_database_that_is_not_a_database_is_a_message(env):
    (env / "clients.sqlite").write_bytes(b"this is not a database, and must survive")
    at = AppTest.from_string("from ui import clients\nclients.page()\n", default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert any("not a SQLite database" in e.value for e in at.error)
    assert (env / "clients.sqlite").read_bytes() == b"this is not a database, and must survive"


def test_my_plan_rejects_an_unreadable_upload(env):
    at = page("my_plan")
    at.file_uploader(key="profile_file").upload("cv.pdf", b"%PDF-1.4 broken", "application/pdf").run()
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert any("not a readable PDF" in e.value for e in at.error)


def test_my_plan_adds_a_skill_from_the_taxonomy(env):
    at = page("my_plan")
    at.text_area(key="profile_input").input(PROFILE)
    at.button[0].click().run()
    at.text_input(key="add_query").input("welding").run()
    assert at.selectbox(key="add_choice").value["label"] == "weld metal parts"
    next(b for b in at.button if b.label == "Add this skill").click().run()
    assert not at.exception, at.exception
    skills = at.session_state["skills"]
    assert "weld metal parts" in set(skills["skill"])
    assert skills.loc[skills["skill"] == "weld metal parts", "evidence"].item() == "added by you"



def test_my_plan_says_what_it_did_not_count_and_why():
    from ui.my_plan import not_counted

    line = not_counted([{"label": "SQL", "reason": "negated"}, {"label": "Python", "reason": "wished for"},
                        {"label": "pet product industry", "reason": "a subject or client of the work"},
                        {"label": "R", "reason": "negated"}])
    assert line == ("Not counted as skills you hold: SQL, R (you said you don't have them); Python (you want "
                    "to learn them); pet product industry (subjects or clients of your work)")
