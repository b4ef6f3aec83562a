"""The ``plan`` command end to end on the tiny taxonomy and catalogue (fake embedder)."""
import csv
import io
import json

import pytest

from recommender.cli import main
from recommender.plan import Limits, PlanError


@pytest.fixture
def cli(home, catalog, monkeypatch, capsys):
    monkeypatch.setenv("NEXTSKILL_MODEL", "fake")

    def run(*argv):
        code = main(["--home", str(home), *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_plan_json_and_every_export(cli, tmp_path):
    exports = [tmp_path / f"plan{s}" for s in (".md", ".csv", ".pdf", ".ics")]
    code, out, err = cli("plan", "--text", "Skills: perform data entry, drive vans", "--target", "data analyst",
                         "--hours-per-week", "5", "--weeks", "8", "--start", "2026-12-07",
                         *[a for p in exports for a in ("--export", str(p))], "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert {"courses", "uncovered", "total_hours", "total_cost", "recommendations", "exports"} <= set(doc)
    assert doc["total_hours"] <= 40
    wanted = {r["skill_id"] for r in doc["recommendations"]}
    covered = {s["skill_id"] for c in doc["courses"] for s in c["skills"]}
    assert covered | {u["skill_id"] for u in doc["uncovered"]} == wanted  # nothing hidden
    for c in doc["courses"]:
        assert {"course_id", "title", "url", "hours", "cost", "skills", "week_start", "week_end"} <= set(c)
    assert [p.exists() for p in exports] == [True] * 4
    assert exports[2].read_bytes().startswith(b"%PDF")
    assert b"BEGIN:VCALENDAR" in exports[3].read_bytes()
    rows = list(csv.DictReader(io.StringIO(exports[1].read_text())))
    assert len(rows) == len(doc["courses"])


def test_plan_bad_input_is_a_clear_error(cli, tmp_path):
    code, _, err = cli("plan", "--text", "Skills: perform data entry", "--hours-per-week", "0", "--weeks", "4")
    assert code == 1 and "hours per week must be a number above 0" in err
    code, _, err = cli("plan", "--text", "Skills: perform data entry", "--hours-per-week", "5", "--weeks", "4",
                       "--export", str(tmp_path / "plan.docx"))
    assert code == 1 and "use a file ending in .md" in err
    code, _, err = cli("plan", "--text", "Skills: perform data entry", "--hours-per-week", "5", "--weeks", "4",
                       "--start", "next monday")
    assert code == 1 and "--start must be a date" in err
    assert not (tmp_path / "plan.docx").exists()


def test_facade_plan_checks_limits(engine):
    with pytest.raises(PlanError):
        engine.plan("5 hours", text="Skills: perform data entry")
    doc = engine.plan(Limits(2, 1), text="Skills: perform data entry", targets=["data analyst"])
    assert doc["plan"]["total_hours"] <= 2
