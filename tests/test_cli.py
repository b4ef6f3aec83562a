"""The CLI's JSON contract (docs/cli.md), help texts and error messages."""
import json

import pytest

from recommender.cli import EXAMPLES, build_parser, main


def run(capsys, home, *argv):
    code = main(["--home", str(home), "--model", "fake", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_skills_search_json_contract(capsys, home):
    code, out, _ = run(capsys, home, "skills", "search", "contract negotiation", "--top-k", "2", "--json")
    doc = json.loads(out)
    assert code == 0 and list(doc) == ["results"] and len(doc["results"]) == 2
    first = doc["results"][0]
    assert {"skill_id", "label", "score"} <= set(first) and first["skill_id"] == "s:negotiate"
    assert isinstance(first["score"], float)


def test_occupations_search_json_contract(capsys, home):
    code, out, _ = run(capsys, home, "occupations", "search", "registered nurse", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["results"][0]["occupation_id"] == "o:nurse"
    assert {"occupation_id", "label", "score"} <= set(doc["results"][0])


def test_batch_search_answers_every_query(capsys, home, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "query": "welding"}\n\n{"id": 7, "query": "van driving"}\n')
    code, out, _ = run(capsys, home, "skills", "search", "--jsonl", str(batch), "--top-k", "1", "--json")
    doc = json.loads(out)
    assert code == 0
    assert [(r["id"], r["matches"][0]["skill_id"]) for r in doc["results"]] == [("a", "s:weld"), ("7", "s:drive")]


def test_bad_batch_line_names_the_line(capsys, home, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "query": "welding"}\n{"id": "b"}\n')
    code, out, err = run(capsys, home, "skills", "search", "--jsonl", str(batch), "--json")
    assert code == 1 and out == "" and "line 2" in err and '"query"' in err


def test_human_table_output(capsys, home):
    code, out, _ = run(capsys, home, "skills", "search", "welding", "--top-k", "1")
    assert code == 0 and "weld metal parts" in out and out.splitlines()[0].split()[:2] == ["score", "label"]


def test_empty_query_is_an_error_on_stderr(capsys, home):
    code, out, err = run(capsys, home, "skills", "search", "  ", "--json")
    assert code == 1 and out == ""
    assert err.startswith("error: empty query")


def test_taxonomy_info_says_what_is_active(capsys, home):
    code, out, _ = run(capsys, home, "taxonomy", "info", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["name"] == "tiny" and doc["source"] == "test fixture"
    assert doc["skills"] == 8 and doc["occupations"] == 4 and doc["available"] == ["tiny"]


def test_taxonomy_import_of_a_wrong_folder_keeps_the_active_one(capsys, home, tmp_path):
    code, _, err = run(capsys, home, "taxonomy", "import", str(tmp_path / "nothing-here"))
    assert code == 1 and "does not exist" in err
    (tmp_path / "wrong").mkdir()
    (tmp_path / "wrong" / "notes.txt").write_text("hello")
    code, _, err = run(capsys, home, "taxonomy", "import", str(tmp_path / "wrong"))
    assert code == 1 and "does not look like an ESCO CSV export" in err
    code, out, _ = run(capsys, home, "taxonomy", "info", "--json")
    assert json.loads(out)["name"] == "tiny"


def test_build_json(capsys, home):
    code, out, _ = run(capsys, home, "build", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["indexes"]["skills"]["model_id"] == "fake-bow-64"
    assert doc["indexes"]["occupations"]["rows"] >= 4


def test_unknown_taxonomy_name(capsys, home):
    code, _, err = run(capsys, home, "taxonomy", "use", "nope")
    assert code == 1 and "available: tiny" in err


def _commands(parser, prefix=()):
    for action in parser._actions:
        if getattr(action, "choices", None) and isinstance(action.choices, dict):
            for name, sub in action.choices.items():
                yield from _commands(sub, prefix + (name,))
    if prefix and not any(getattr(a, "choices", None) and isinstance(a.choices, dict) for a in parser._actions):
        yield " ".join(prefix), parser


def test_every_command_has_help_and_an_example():
    commands = dict(_commands(build_parser()))
    assert set(commands) == set(EXAMPLES)
    for name, parser in commands.items():
        text = parser.format_help()
        assert parser.description and "example: python -m recommender" in text, name
        assert "--json" in text, name
