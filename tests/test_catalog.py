"""Course catalogues: parsing messy cells, importing with a row report, searching."""
import json

import pandas as pd
import pytest

from recommender.catalog import CatalogError, import_table, parse_mapping, read_table
from recommender.catalog.schema import parse_cost, parse_hours, parse_level, split_skills
from recommender.cli import main

from conftest import needs_shared


@pytest.mark.parametrize("text, hours", [
    ("3 - 6 Months", 4.5 * 4.35 * 5), ("1 - 4 Weeks", 12.5), ("10 hours", 10), ("2h 30m", 2.5),
    ("45 min", 0.75), (12, 12), ("Less Than 2 Hours", 2), ("4 meses", 4 * 4.35 * 5), ("None", None),
    ("soon", None), ("", None), (-3, None),
])
def test_parse_hours(text, hours):
    assert parse_hours(text) == pytest.approx(hours) if hours is not None else parse_hours(text) is None


def test_parse_cost_level_and_skills():
    assert parse_cost("Free") == (0.0, "") and parse_cost("$49") == (49.0, "USD")
    assert parse_cost("£20.50") == (20.5, "GBP") and parse_cost("n/a") == (None, "")
    assert parse_level("Beginner ") == "beginner" and parse_level("Mixed") == ""
    assert split_skills("SQL, Data Analysis, Extract, Transform, Load") == ["SQL", "Data Analysis", "Extract", "Transform", "Load"]
    assert split_skills("a | b (c, d) | a") == ["a", "b (c, d)"]


def test_import_reports_every_problem_and_keeps_good_rows():
    raw = pd.DataFrame({
        "Course Name": ["Intro to SQL", "", "Intro to SQL", "Negotiation 101"],
        "Link": ["https://example.org/sql", "https://x.org", "https://example.org/sql", "ftp://bad"],
        "Length": ["10 hours", "1 week", "", "a while"],
        "Price": ["Free", "", "", "$20"],
        "Topics": ["SQL; databases", "", "query data", ""],
    })
    result = import_table(raw, "test")
    assert result.mapping == {"title": "Course Name", "url": "Link", "hours": "Length", "cost": "Price", "skills": "Topics"}
    c = result.courses.set_index("title")
    assert list(c.index) == ["Intro to SQL", "Negotiation 101"]
    assert c.loc["Intro to SQL", "skills"] == ["SQL", "databases", "query data"]  # duplicate merged
    assert c.loc["Intro to SQL", "cost"] == 0 and c.loc["Negotiation 101", "currency"] == "USD"
    problems = {(r["row"], r["column"], r["action"]) for r in result.report}
    assert (3, "Course Name", "skipped") in problems  # no title (line 3: header is line 1)
    assert (4, "Course Name", "merged") in problems
    assert (5, "Link", "kept") in problems and (5, "Length", "kept") in problems and (5, "Topics", "kept") in problems
    assert result.summary()["imported"] == 2 and result.summary()["skipped"] == 1


def test_explicit_mapping_and_no_title_column():
    raw = pd.DataFrame({"Kurs": ["Schweißen"], "Dauer": ["3 Wochen"]})
    with pytest.raises(CatalogError, match="no usable title column"):
        import_table(raw, "t")
    result = import_table(raw, "t", parse_mapping(["title=Kurs", "hours=Dauer"]))
    assert result.courses.loc[0, "title"] == "Schweißen" and result.courses.loc[0, "hours"] == 15
    with pytest.raises(CatalogError, match="not in the file"):
        import_table(raw, "t", {"title": "Name"})
    with pytest.raises(CatalogError, match="FIELD=COLUMN"):
        parse_mapping(["title"])


@pytest.mark.parametrize("name, content, message", [
    ("empty.csv", b"", "is empty"),
    ("c.pdf", b"%PDF", "unsupported file type"),
    ("bad.json", b"{not json", "could not be read"),
    ("list.json", b'{"a": 1}', "list of course objects"),
    ("bad.xlsx", b"PK\x03\x04 not really", "could not be read"),
])
def test_unreadable_files_get_a_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CatalogError, match=message):
        read_table(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".json", ".jsonl", ".parquet"])
def test_every_format_imports(tmp_path, suffix):
    frame = pd.DataFrame({"title": ["Welding basics", "Van driving"], "skills": ["welding", "driving"],
                          "hours": ["20", "8"]})
    path = tmp_path / f"c{suffix}"
    if suffix == ".xlsx":
        frame.to_excel(path, index=False)
    elif suffix == ".json":
        path.write_text(json.dumps({"courses": frame.to_dict("records")}))
    elif suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r) for r in frame.to_dict("records")))
    else:
        frame.to_parquet(path)
    table, offset = read_table(path)
    result = import_table(table, "t", row_offset=offset)
    assert result.courses["title"].tolist() == ["Welding basics", "Van driving"]
    assert result.courses["hours"].tolist() == [20.0, 8.0]


def test_shipped_catalogue_is_clean():
    from recommender.catalog.store import load_shipped
    from recommender.settings import Settings

    result = load_shipped(Settings().catalog_dir)
    courses = result.courses
    assert len(courses) >= 250 and courses["course_id"].is_unique and result.report == []
    assert courses["url"].str.startswith("https://").all()
    assert (courses["skills"].map(len) >= 3).all() and courses["hours"].gt(0).all()
    assert set(courses["level"]) == {"beginner", "intermediate", "advanced"}
    assert (courses["cost"] == 0).sum() >= 100  # most users have little money


def test_engine_searches_and_imports_courses(engine, tmp_path):
    top = engine.search_courses(["negotiation course"], top_k=3)[0]
    assert top and set(top[0]) >= {"course_id", "title", "provider", "url", "score"}
    before = engine.catalog_info()["courses"]
    path = tmp_path / "bootcamp.csv"
    path.write_text("name,link,tags,duration\nArc Welding Level 1,https://weld.example/1,welding | arc welding,2 weeks\n")
    report = engine.import_catalog(path, "bootcamp")
    assert report["imported"] == 1 and report["courses"] == before + 1
    assert [s["name"] for s in report["sources"]] == ["nextskill", "bootcamp"]
    hits = engine.courses_for_skill("s:weld", top_k=3)
    assert {h["course_id"] for h in hits[:2]} == {"arc-welding-level-1", "weld-201"}  # both welding courses lead
    assert {h["source"] for h in hits[:2]} == {"bootcamp", "nextskill"}
    with pytest.raises(Exception, match="unknown skill id"):
        engine.courses_for_skill("s:nope")


def test_cli_catalog_and_courses(capsys, home, tmp_path):
    path = tmp_path / "acme.csv"
    path.write_text("title,skills\nPlumbing basics,install pipes\n,orphan row\n")
    assert main(["--home", str(home), "--model", "fake", "catalog", "import", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["imported"] == 1 and doc["skipped"] == 1 and doc["report"][0]["row"] == 3
    assert main(["--home", str(home), "--model", "fake", "catalog", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert {"courses", "sources"} <= set(info) and info["sources"][-1]["name"] == "acme"
    assert main(["--home", str(home), "--model", "fake", "courses", "search", "plumbing", "--top-k", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["title"] == "Plumbing basics"
    assert main(["--home", str(home), "--model", "fake", "catalog", "import", str(tmp_path / "none.csv")]) == 1
    assert "is not a file" in capsys.readouterr().err


def test_messy_coursera_file_imports_with_a_full_report():
    table, offset = read_table(needs_shared("courses", "coursera_partner_skills.csv"))
    result = import_table(table, "coursera", row_offset=offset)
    s = result.summary()
    assert s["imported"] + s["merged_duplicates"] + s["skipped"] == len(table) == 1139
    assert s["imported"] > 1000 and s["merged_duplicates"] > 0
    assert result.courses["hours"].notna().mean() > 0.9


def test_rows_with_more_fields_than_the_header_keep_their_columns_and_are_reported(tmp_path):
    import warnings

    path = tmp_path / "courses.csv"
    path.write_text('title,provider,skills,hours\n\n"Intro to SQL, part 1",Acme,SQL,5,extra,more\n'
                    "Excel basics,Acme,Excel,3\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing printed on the side: it is in the report
        frame, offset = read_table(path)
    result = import_table(frame, "test", row_offset=offset)
    c = result.courses.set_index("title")
    assert c.loc["Intro to SQL, part 1", "hours"] == 5 and c.loc["Excel basics", "hours"] == 3
    (row,) = result.report
    assert row["row"] == 2 and row["action"] == "kept" and "6 fields but 4 columns" in row["reason"]
