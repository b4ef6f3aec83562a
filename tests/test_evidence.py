"""Evidence mode: task-level exposure labels (Eloundou et al.'s format) feed the skill scores."""
import json

import pytest

from recommender.cli import main
from recommender.exposure.evidence import TaskFileError, read_task_file

from conftest import needs_shared

HEADER = "\tO*NET-SOC Code\tTask ID\tTask\tTask Type\tTitle\thuman_exposure_agg\tgpt4_exposure\n"


def task_file(tmp_path, rows, name="tasks.tsv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(f"{i}\t43-9021.00\t{i}\t{task}\tCore\tClerk\t{label}\t{label}\n"
                                     for i, (task, label) in enumerate(rows)))
    return path


def test_tasks_move_the_scores_and_become_reasons(engine, tmp_path):
    before = engine.exposure().set_index("skill_id")
    path = task_file(tmp_path, [("Python programming of scripts", "E1"), ("Python code review", "E1"),
                                ("Weld metal parts with an arc", "E0"), ("Drive vans on public roads", "E0")])
    report = engine.import_evidence(path)
    assert report["tasks"] == 4 and report["skipped_rows"] == 0 and report["label_column"] == "gpt4_exposure"
    after = engine.exposure().set_index("skill_id")
    assert after.loc["s:python", "exposure"] > before.loc["s:python", "exposure"]
    assert after.loc["s:weld", "exposure"] < after.loc["s:python", "exposure"]
    assert any("nearest rated tasks" in r and "Python" in r for r in after.loc["s:python", "reasons"])
    engine.import_evidence(None)
    back = engine.exposure().set_index("skill_id")
    assert back.loc["s:python", "exposure"] == before.loc["s:python", "exposure"]


def test_bad_rows_are_reported_not_dropped_silently(tmp_path):
    path = task_file(tmp_path, [("Enter data", "E1"), ("", "E0"), ("File records", "maybe")])
    tasks, skipped = read_task_file(path)
    assert tasks["task"].tolist() == ["Enter data"]
    assert [(s["row"], s["reason"][:10]) for s in skipped] == [(3, "empty task"), (4, "label 'may")]


@pytest.mark.parametrize("content, message", [
    ("", "could not be read"),
    ("a\tb\n1\t2\n", "lacks a 'Task' column"),
    (HEADER + "0\tx\t1\tDo a thing\tCore\tT\tE9\tE9\n", "no usable rows"),
])
def test_unusable_task_files_keep_the_built_in_scores(engine, tmp_path, content, message):
    before = engine.exposure()
    path = tmp_path / "bad.tsv"
    path.write_text(content)
    with pytest.raises(TaskFileError, match=message):
        engine.import_evidence(path)
    assert not engine._evidence_path().exists()
    assert engine.exposure().equals(before)


def test_cli_exposure_import(capsys, home, tmp_path):
    path = task_file(tmp_path, [("Enter data into systems", "E1")])
    assert main(["--home", str(home), "--model", "fake", "exposure", "import", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tasks"] == 1
    assert main(["--home", str(home), "--model", "fake", "exposure", "import", str(tmp_path / "nope.tsv")]) == 1
    assert "is not a file" in capsys.readouterr().err
    assert main(["--home", str(home), "--model", "fake", "exposure", "import", "--remove", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"evidence": None}


def test_reads_the_published_label_set():
    tasks, skipped = read_task_file(needs_shared("exposure", "full_labelset.tsv"))
    assert len(tasks) > 17_000 and not skipped
    assert set(tasks["label"]) == {"E0", "E1", "E2"}
