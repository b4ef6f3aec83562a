"""Learning plans: hand-made catalogues whose right plan is known by construction."""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
from pathlib import Path

import pandas as pd
import pytest

from recommender.plan import Limits, PlanError, make_plan, to_csv, to_ics, to_markdown, to_pdf
from recommender.plan.planner import FILTERED, NO_COURSE, NO_TIME, OVER_BUDGET

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def course(course_id: str, hours=5.0, cost=0.0, level="beginner", **extra) -> dict:
    row = {"course_id": course_id, "title": extra.pop("title", f"{course_id} course"), "provider": "Acme",
           "url": f"https://example.org/{course_id}", "description": "", "skills": [], "level": level,
           "hours": hours, "cost": cost, "currency": "USD" if cost else "", "format": "self-paced",
           "language": "en", "credential": "none", "prerequisites": "", "source": "test"}
    row.update(extra)
    return row


def catalogue(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def skills(*ids: str, weight: float = 1.0) -> list[dict]:
    return [{"skill_id": s, "label": f"skill {s}", "weight": weight} for s in ids]


def ids(plan: dict) -> list[str]:
    return [c["course_id"] for c in plan["courses"]]


# ---- selection ------------------------------------------------------------------------------

def test_one_course_covering_three_skills_beats_three_single_skill_courses():
    # Top-course-per-skill would pick a, b, c (0.95 each, 24 h): it does not fit 16 h; "all" does.
    courses = catalogue(course("all", hours=12), course("a", hours=8), course("b", hours=8), course("c", hours=8))
    coverage = {"A": [(1, 0.95), (0, 0.8)], "B": [(2, 0.95), (0, 0.8)], "C": [(3, 0.95), (0, 0.8)]}
    plan = make_plan(skills("A", "B", "C"), courses, coverage, Limits(hours_per_week=4, weeks=4))
    assert ids(plan) == ["all"]
    assert [s["skill_id"] for s in plan["courses"][0]["skills"]] == ["A", "B", "C"]
    assert plan["courses"][0]["skills"][0] == {"skill_id": "A", "label": "skill A", "score": 0.8}
    assert plan["uncovered"] == []
    assert (plan["total_hours"], plan["weeks_used"]) == (12, 3)


def test_best_single_course_wins_over_greedy_by_ratio():
    # Greedy by worth per hour takes "tiny" first and then "big" no longer fits; big is worth 9 vs 0.9.
    courses = catalogue(course("big", hours=20), course("tiny", hours=1))
    wanted = [{"skill_id": "A", "label": "A", "weight": 10.0}, {"skill_id": "B", "label": "B", "weight": 1.0}]
    plan = make_plan(wanted, courses, {"A": [(0, 0.9)], "B": [(1, 0.9)]}, Limits(5, 4))
    assert ids(plan) == ["big"]
    assert plan["uncovered"] == [{"skill_id": "B", "label": "B", "reason": NO_TIME,
                                  "suggestion": "raise hours per week to 6 or weeks to 5 to fit tiny course (1 h)"}]


def test_scores_below_threshold_do_not_cover():
    courses = catalogue(course("weak"))
    plan = make_plan(skills("A"), courses, {"A": [(0, 0.49)]}, Limits(5, 4))
    assert plan["courses"] == []
    assert plan["uncovered"][0]["reason"] == NO_COURSE
    assert plan["uncovered"][0]["suggestion"] == ('search free material: "skill A" '
                                                  '(open courseware, library, video tutorials)')


# ---- money ---------------------------------------------------------------------------------------

def money_catalogue() -> tuple[list[dict], pd.DataFrame, dict]:
    wanted = [{"skill_id": "A", "label": "A", "weight": 3.0}, {"skill_id": "B", "label": "B", "weight": 1.0}]
    courses = catalogue(course("paid", cost=100.0), course("cheapA", cost=30.0), course("freeB", cost=0.0))
    coverage = {"A": [(0, 0.9), (1, 0.9)], "B": [(0, 0.9), (2, 0.9)]}
    return wanted, courses, coverage


def test_without_a_budget_the_course_covering_both_skills_wins():
    wanted, courses, coverage = money_catalogue()
    plan = make_plan(wanted, courses, coverage, Limits(5, 4))
    assert ids(plan) == ["paid"]
    assert plan["total_cost"] == 100.0


def test_budget_is_respected():
    wanted, courses, coverage = money_catalogue()
    plan = make_plan(wanted, courses, coverage, Limits(5, 4, budget=40))
    assert sorted(ids(plan)) == ["cheapA", "freeB"]
    assert plan["total_cost"] == 30.0
    assert plan["uncovered"] == []


def test_free_only_takes_only_free_courses_and_names_the_cheapest_paid_one():
    wanted, courses, coverage = money_catalogue()
    plan = make_plan(wanted, courses, coverage, Limits(5, 4, free_only=True))
    assert ids(plan) == ["freeB"]
    assert plan["total_cost"] == 0
    [missing] = plan["uncovered"]
    assert (missing["skill_id"], missing["reason"]) == ("A", OVER_BUDGET)
    assert missing["suggestion"].startswith("cheapA course costs 30 USD: allow it, or search free material")


def test_budget_spent_by_earlier_courses_is_reported_with_the_budget_that_would_fit():
    courses = catalogue(course("cheapA", cost=30.0), course("otherB", cost=20.0))
    wanted = [{"skill_id": "A", "label": "A", "weight": 3.0}, {"skill_id": "B", "label": "B", "weight": 1.0}]
    plan = make_plan(wanted, courses, {"A": [(0, 0.9)], "B": [(1, 0.9)]}, Limits(5, 4, budget=40))
    assert ids(plan) == ["cheapA"]
    assert plan["uncovered"][0]["reason"] == OVER_BUDGET
    assert plan["uncovered"][0]["suggestion"].startswith("raise the budget to 50 to add otherB course")


def test_unknown_cost_is_not_free_and_is_flagged():
    courses = catalogue(course("mystery", cost=float("nan")), course("free", cost=0.0))
    coverage = {"A": [(0, 0.9)], "B": [(1, 0.9)]}
    free = make_plan(skills("A", "B"), courses, coverage, Limits(5, 4, free_only=True))
    assert ids(free) == ["free"]
    assert free["uncovered"][0]["suggestion"].startswith("check the price of mystery course (not stated)")
    anything = make_plan(skills("A", "B"), courses, coverage, Limits(5, 4))
    assert sorted(ids(anything)) == ["free", "mystery"]
    mystery = next(c for c in anything["courses"] if c["course_id"] == "mystery")
    assert mystery["cost"] is None and "cost not stated: check it before enrolling" in mystery["notes"]
    assert anything["total_cost"] == 0
    assert "cost not stated for mystery course: not counted in total_cost" in anything["warnings"]


def test_mixed_currencies_are_warned_about():
    courses = catalogue(course("usd", cost=10.0), course("gbp", cost=10.0, currency="GBP"))
    plan = make_plan(skills("A", "B"), courses, {"A": [(0, 0.9)], "B": [(1, 0.9)]}, Limits(5, 4))
    assert plan["total_cost"] == 20.0
    assert "costs are in GBP, USD: total_cost adds them as if equal" in plan["warnings"]


# ---- time ------------------------------------------------------------------------------------

def test_hours_limit_and_week_layout():
    courses = catalogue(course("a", hours=6), course("b", hours=3), course("c", hours=8))
    coverage = {"A": [(0, 0.9)], "B": [(1, 0.9)], "C": [(2, 0.9)]}
    plan = make_plan(skills("A", "B", "C"), courses, coverage, Limits(hours_per_week=4, weeks=3))
    # b (0.3 per hour), then a (0.15); c (8 h) no longer fits in 12 h.
    assert [(c["course_id"], c["week_start"], c["week_end"]) for c in plan["courses"]] == [("b", 1, 1), ("a", 1, 3)]
    assert (plan["total_hours"], plan["weeks_used"]) == (9, 3)
    assert plan["uncovered"] == [{"skill_id": "C", "label": "skill C", "reason": NO_TIME,
                                  "suggestion": "raise hours per week to 6 or weeks to 5 to fit c course (8 h)"}]
    assert plan["limits"]["hours_available"] == 12


def test_a_course_ending_on_a_week_boundary_does_not_share_the_next_week():
    courses = catalogue(course("a", hours=10), course("b", hours=3))
    wanted = [{"skill_id": "A", "label": "A", "weight": 5.0}, {"skill_id": "B", "label": "B", "weight": 1.0}]
    plan = make_plan(wanted, courses, {"A": [(0, 0.9)], "B": [(1, 0.9)]}, Limits(5, 4))
    assert [(c["course_id"], c["week_start"], c["week_end"]) for c in plan["courses"]] == [("a", 1, 2), ("b", 3, 3)]


def test_unknown_hours_assume_ten_and_are_flagged():
    courses = catalogue(course("vague", hours=float("nan")))
    plan = make_plan(skills("A"), courses, {"A": [(0, 0.9)]}, Limits(5, 4))
    [only] = plan["courses"]
    assert only["hours"] == 10.0 and (only["week_start"], only["week_end"]) == (1, 2)
    assert "hours not stated: assumed 10 h" in only["notes"]
    assert "hours not stated for vague course: assumed 10 h each" in plan["warnings"]


# ---- order -----------------------------------------------------------------------------------

def test_courses_are_ordered_beginner_to_advanced():
    courses = catalogue(course("adv", hours=1, level="advanced"), course("beg", hours=4),
                        course("mid", hours=2, level="intermediate"))
    coverage = {"A": [(0, 0.9)], "B": [(1, 0.9)], "C": [(2, 0.9)]}
    plan = make_plan(skills("A", "B", "C"), courses, coverage, Limits(5, 4))
    assert ids(plan) == ["beg", "mid", "adv"]
    assert [(c["week_start"], c["week_end"]) for c in plan["courses"]] == [(1, 1), (1, 2), (2, 2)]


def test_level_filter_excludes_harder_courses_and_says_so():
    courses = catalogue(course("adv", level="advanced"), course("beg"), course("unstated", level=""))
    coverage = {"A": [(0, 0.9)], "B": [(1, 0.9)], "C": [(2, 0.9)]}
    plan = make_plan(skills("A", "B", "C"), courses, coverage, Limits(5, 4, level="intermediate"))
    assert ids(plan) == ["beg", "unstated"]
    assert "level not stated" in plan["courses"][1]["notes"]
    assert plan["uncovered"] == [{"skill_id": "A", "label": "skill A", "reason": FILTERED,
                                  "suggestion": "allow advanced level / language en to take adv course"}]


def test_language_filter_compares_the_primary_code():
    courses = catalogue(course("de", language="de"), course("gb", language="en-GB"))
    plan = make_plan(skills("A", "B"), courses, {"A": [(0, 0.9)], "B": [(1, 0.9)]}, Limits(5, 4, language="EN"))
    assert ids(plan) == ["gb"]
    assert plan["uncovered"][0]["reason"] == FILTERED


def test_prerequisites_put_a_course_after_the_one_it_needs_even_against_level():
    courses = catalogue(
        course("books", hours=2, title="Bookkeeping", prerequisites="Comfort with spreadsheets"),
        course("sheets", hours=4, level="intermediate", title="Spreadsheet skills", skills=["spreadsheets"]),
        course("intro", hours=3, title="Intro to invoicing"))
    coverage = {"A": [(0, 0.9)], "B": [(1, 0.9)], "C": [(2, 0.9)]}
    plan = make_plan(skills("A", "B", "C"), courses, coverage, Limits(5, 4))
    assert ids(plan) == ["intro", "sheets", "books"]
    assert "prerequisites: Comfort with spreadsheets" in plan["courses"][2]["notes"]


def test_prerequisites_mentioning_each_other_fall_back_to_level_and_warn():
    courses = catalogue(course("x", level="advanced", title="Xray work", prerequisites="Yoga basics"),
                        course("y", title="Yoga basics", prerequisites="some Xray work"))
    plan = make_plan(skills("A", "B"), courses, {"A": [(0, 0.9)], "B": [(1, 0.9)]}, Limits(5, 4))
    assert ids(plan) == ["y", "x"]
    assert ("the prerequisites of Yoga basics, Xray work mention each other: they are ordered by level"
            in plan["warnings"])


# ---- every skill is accounted for ---------------------------------------------------------

def test_every_wanted_skill_is_covered_or_explained():
    courses = catalogue(course("ok", hours=4), course("de", language="de"), course("pricey", cost=500.0),
                        course("long", hours=40))
    coverage = {"ok": [(0, 0.9)], "lang": [(1, 0.9)], "money": [(2, 0.9)], "time": [(3, 0.9)]}
    wanted = skills("ok", "lang", "money", "time", "none")
    plan = make_plan(wanted, courses, coverage, Limits(4, 4, budget=100, language="en"))
    assert ids(plan) == ["ok"]
    reasons = {u["skill_id"]: u["reason"] for u in plan["uncovered"]}
    assert reasons == {"lang": FILTERED, "money": OVER_BUDGET, "time": NO_TIME, "none": NO_COURSE}
    assert [u["skill_id"] for u in plan["uncovered"]] == ["lang", "money", "time", "none"]  # wanted order


@pytest.mark.parametrize("seed", range(25))
def test_random_catalogues_keep_every_limit(seed):
    rng = random.Random(seed)
    rows = [course(f"c{i}", hours=rng.choice([1, 2, 5, 8, 13, float("nan")]),
                   cost=rng.choice([0.0, 0.0, 10.0, 25.0, 60.0, float("nan")]),
                   level=rng.choice(["beginner", "intermediate", "advanced", ""])) for i in range(12)]
    wanted = [{"skill_id": f"s{k}", "label": f"s{k}", "weight": rng.uniform(0.1, 3)} for k in range(8)]
    coverage = {w["skill_id"]: [(rng.randrange(12), rng.uniform(0.3, 1)) for _ in range(rng.randrange(4))]
                for w in wanted}
    limits = Limits(rng.choice([2, 3.5, 6]), rng.randint(1, 6), budget=rng.choice([None, 0, 30, 80]),
                    free_only=rng.random() < 0.3, level=rng.choice([None, "beginner", "intermediate"]))
    plan = make_plan(wanted, catalogue(*rows), coverage, limits)
    assert plan["total_hours"] <= limits.hours_per_week * limits.weeks + 1e-9
    costs = [c["cost"] for c in plan["courses"]]
    if limits.budget is not None:
        assert None not in costs and sum(costs) <= limits.budget + 1e-9
    if limits.free_only:
        assert costs == [0.0] * len(costs)
    covered = {s["skill_id"] for c in plan["courses"] for s in c["skills"]}
    uncovered = [u["skill_id"] for u in plan["uncovered"]]
    assert not covered & set(uncovered) and len(uncovered) == len(set(uncovered))
    assert covered | set(uncovered) == {w["skill_id"] for w in wanted}
    assert all(s["score"] >= 0.5 for c in plan["courses"] for s in c["skills"])
    clock = 0.0
    for c in plan["courses"]:  # weeks follow the hours exactly
        assert c["week_start"] == math.floor(clock / limits.hours_per_week + 1e-9) + 1
        clock += c["hours"]
        assert c["week_end"] == max(c["week_start"], math.ceil(clock / limits.hours_per_week - 1e-9))
    assert plan["weeks_used"] == (plan["courses"][-1]["week_end"] if plan["courses"] else 0) <= limits.weeks


# ---- nothing fits ----------------------------------------------------------------------------

def test_nothing_fits_in_the_hours_says_what_would():
    courses = catalogue(course("long", hours=12, title="Long course"))
    plan = make_plan(skills("A"), courses, {"A": [(0, 0.9)]}, Limits(2, 4))
    assert (plan["courses"], plan["total_hours"], plan["weeks_used"]) == ([], 0, 0)
    assert plan["warnings"] == ["the shortest matching course needs 12 h (Long course): "
                                "raise hours per week to 3 or weeks to 6"]
    assert plan["uncovered"][0]["reason"] == NO_TIME


def test_nothing_fits_the_budget_names_the_cheapest_course():
    courses = catalogue(course("paid", cost=49.0, title="Paid course"), course("dear", cost=99.0))
    coverage = {"A": [(0, 0.9), (1, 0.95)]}
    plan = make_plan(skills("A"), courses, coverage, Limits(5, 4, budget=20))
    assert plan["warnings"] == ["the budget is 20: the cheapest course costs 49 USD (Paid course)"]
    free = make_plan(skills("A"), courses, coverage, Limits(5, 4, free_only=True))
    assert free["warnings"] == ["no matching course is free: the cheapest course costs 49 USD (Paid course)"]


def test_nothing_in_the_catalogue_teaches_any_wanted_skill():
    plan = make_plan(skills("A"), catalogue(course("x")), {}, Limits(5, 4))
    assert plan["courses"] == [] and plan["uncovered"][0]["reason"] == NO_COURSE
    assert plan["warnings"][0].startswith("no course in the catalogue teaches any wanted skill")


# ---- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"hours_per_week": 0, "weeks": 4}, "hours per week"),
    ({"hours_per_week": -3, "weeks": 4}, "hours per week"),
    ({"hours_per_week": float("nan"), "weeks": 4}, "hours per week"),
    ({"hours_per_week": 5, "weeks": 0}, "weeks"),
    ({"hours_per_week": 5, "weeks": -1}, "weeks"),
    ({"hours_per_week": 5, "weeks": 2.5}, "weeks"),
    ({"hours_per_week": 5, "weeks": 4, "budget": -1}, "budget"),
    ({"hours_per_week": 5, "weeks": 4, "level": "expert"}, "level"),
])
def test_bad_limits_raise(kwargs, message):
    with pytest.raises(PlanError, match=message):
        Limits(**kwargs)


def test_bad_plan_input_raises_value_errors():
    assert issubclass(PlanError, ValueError)
    with pytest.raises(PlanError, match="catalogue is empty"):
        make_plan(skills("A"), pd.DataFrame(), {}, Limits(5, 4))
    with pytest.raises(PlanError, match="nothing wanted"):
        make_plan([], catalogue(course("x")), {}, Limits(5, 4))
    with pytest.raises(PlanError, match="weight above 0"):
        make_plan(skills("A", weight=0), catalogue(course("x")), {}, Limits(5, 4))
    with pytest.raises(PlanError, match="names course row 7"):
        make_plan(skills("A"), catalogue(course("x")), {"A": [(7, 0.9)]}, Limits(5, 4))


# ---- exports ----------------------------------------------------------------------------------

def export_plan() -> dict:
    courses = catalogue(course("a", hours=4, title="Zürich – naïve café 日本", cost=12.5),
                        course("b", hours=6, title="Plain course"), course("gone", hours=50))
    coverage = {"A": [(0, 0.9)], "B": [(1, 0.9)], "C": [(2, 0.9)]}
    return make_plan(skills("A", "B", "C"), courses, coverage, Limits(4, 4))


def test_markdown_lists_courses_with_links_uncovered_skills_and_totals():
    plan = export_plan()
    text = to_markdown(plan, title="My plan")
    assert text.startswith("# My plan\n")
    for c in plan["courses"]:
        assert f"({c['url']})" in text
    row = "| 1 | [Zürich – naïve café 日本](https://example.org/a) | Acme | beginner | 4 | 12.5 USD | skill A |"
    assert row in text
    assert "- **skill C**: does not fit in the hours. Suggestion: raise hours per week to 15 or weeks to 15" in text
    assert "2 course(s), 10 h over 3 of 4 weeks at 4 h a week; total cost 12.5 USD; 1 skill(s) not covered." in text


def test_csv_neutralises_formula_cells():
    courses = catalogue(course("x", title="=HYPERLINK(\"http://evil\")", provider="+cmd|' /C calc'!A0",
                               prerequisites="@SUM(A1)"),
                        course("y", title="\tTabbed", provider="-2+3", url="https://example.org/y"))
    plan = make_plan(skills("A", "B"), courses, {"A": [(0, 0.9)], "B": [(1, 0.8)]}, Limits(5, 4))
    assert plan["courses"][1]["title"] == "Tabbed"  # the planner trims cells; put the tab back to test the guard
    plan["courses"][1]["title"] = "\tTabbed"
    plan["courses"][1]["currency"] = "\r=1"
    rows = list(csv.DictReader(io.StringIO(to_csv(plan), newline="")))
    assert [r["course_id"] for r in rows] == ["x", "y"]
    assert rows[0]["title"] == "'=HYPERLINK(\"http://evil\")"
    assert rows[0]["provider"] == "'+cmd|' /C calc'!A0"
    assert rows[0]["notes"] == "prerequisites: @SUM(A1)"  # not at the start of the cell: harmless
    assert rows[1]["title"] == "'\tTabbed" and rows[1]["provider"] == "'-2+3" and rows[1]["currency"] == "'\r=1"
    assert (rows[1]["hours"], rows[1]["cost"], rows[1]["skills"]) == ("5.0", "0.0", "skill B")


def test_csv_neutralises_a_formula_at_the_start_of_notes():
    courses = catalogue(course("x", hours=float("nan"), title="=1+1"))
    plan = make_plan(skills("A"), courses, {"A": [(0, 0.9)]}, Limits(5, 4))
    plan["courses"][0]["notes"].insert(0, "=cmd()")
    [row] = list(csv.DictReader(io.StringIO(to_csv(plan), newline="")))
    assert row["title"] == "'=1+1" and row["notes"].startswith("'=cmd()")


def ics_events(data: bytes) -> list:
    from icalendar import Calendar
    calendar = Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//NextSkill//learning plan//EN"
    return list(calendar.walk("VEVENT"))


def test_ics_has_one_event_per_study_block():
    courses = catalogue(course("a", hours=4, title="Course A"), course("b", hours=6, title="Course B"))
    plan = make_plan(skills("A", "B"), courses, {"A": [(0, 0.9)], "B": [(1, 0.9)]}, Limits(4, 4))
    assert ids(plan) == ["a", "b"]
    data = to_ics(plan, dt.date(2025, 1, 6), hours_per_session=2.0, weekdays=(0, 2, 4), stamp=STAMP)
    events = ics_events(data)
    got = [(str(e["SUMMARY"]), e.decoded("DTSTART"), e.decoded("DTEND")) for e in events]
    at = dt.datetime
    assert got == [("Course A", at(2025, 1, 6, 18), at(2025, 1, 6, 20)),
                   ("Course A", at(2025, 1, 8, 18), at(2025, 1, 8, 20)),
                   ("Course B", at(2025, 1, 13, 18), at(2025, 1, 13, 20)),
                   ("Course B", at(2025, 1, 15, 18), at(2025, 1, 15, 20)),
                   ("Course B", at(2025, 1, 20, 18), at(2025, 1, 20, 20))]
    assert len({str(e["UID"]) for e in events}) == 5
    assert "https://example.org/a" in str(events[0]["DESCRIPTION"]) and "skill A" in str(events[0]["DESCRIPTION"])
    assert to_ics(plan, dt.date(2025, 1, 6), stamp=STAMP) == data  # stable: same plan, same bytes


def test_ics_splits_a_session_shared_by_two_courses():
    courses = catalogue(course("a", hours=3, title="Course A"), course("b", hours=3, title="Course B"))
    plan = make_plan(skills("A", "B"), courses, {"A": [(0, 0.9)], "B": [(1, 0.9)]}, Limits(4, 4))
    events = ics_events(to_ics(plan, dt.date(2025, 1, 8), weekdays=(0, 2), stamp=STAMP))  # starts on a Wednesday
    at = dt.datetime
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART"), e.decoded("DTEND")) for e in events] == [
        ("Course A", at(2025, 1, 8, 18), at(2025, 1, 8, 20)), ("Course A", at(2025, 1, 13, 18), at(2025, 1, 13, 19)),
        ("Course B", at(2025, 1, 13, 19), at(2025, 1, 13, 20)), ("Course B", at(2025, 1, 15, 18), at(2025, 1, 15, 20))]


def test_ics_stacks_sessions_when_a_week_has_more_sessions_than_days():
    courses = catalogue(course("a", hours=6, title="Course A"))
    plan = make_plan(skills("A"), courses, {"A": [(0, 0.9)]}, Limits(6, 1))
    events = ics_events(to_ics(plan, dt.date(2025, 1, 6), hours_per_session=2, weekdays=(5,), stamp=STAMP))
    assert [e.decoded("DTSTART").hour for e in events] == [18, 20, 22]


@pytest.mark.parametrize("kwargs", [{"hours_per_session": 0}, {"weekdays": ()}, {"weekdays": (7,)}])
def test_ics_rejects_bad_sessions(kwargs):
    with pytest.raises(PlanError):
        to_ics(export_plan(), dt.date(2025, 1, 6), **kwargs)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_survives_text_outside_latin1(monkeypatch):
    monkeypatch.setattr("recommender.plan.exports.UNICODE_FONTS", ())  # a machine without a Unicode font
    data = to_pdf(export_plan(), title="Zürich – naïve café 日本")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Zürich - naïve café ??" in text
    assert "Plain course" in text and "raise hours per week to 15" in text


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs DejaVuSans.ttf")
def test_pdf_with_a_unicode_font_keeps_the_dash():
    data = to_pdf(export_plan(), title="Zürich – naïve café", font_path=DEJAVU)
    assert data.startswith(b"%PDF") and "Zürich – naïve café" in pdf_text(data)


def test_empty_plan_exports_cleanly():
    plan = make_plan(skills("A"), catalogue(course("long", hours=99)), {"A": [(0, 0.9)]}, Limits(1, 1))
    assert "## Warnings" in to_markdown(plan) and "| Weeks |" not in to_markdown(plan)
    assert to_csv(plan) == ",".join(["week_start", "week_end", "course_id", "title", "provider", "url", "hours",
                                     "cost", "currency", "level", "skills", "notes"]) + "\r\n"
    assert to_pdf(plan).startswith(b"%PDF")
    assert ics_events(to_ics(plan, dt.date(2025, 1, 6), stamp=STAMP)) == []
