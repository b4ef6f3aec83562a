"""Evidence mode: score skills from task-level exposure labels (Eloundou et al.'s format).

A task file has one O*NET task per row with an exposure label: E0 (no exposure), E1 (an LLM
halves the time), E2 (LLM-powered software would). As in the paper's beta, E1 counts 1 and E2
0.5. Each skill's evidence score is the similarity-weighted mean over its nearest tasks, and
those tasks become its reasons.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import QueryError

LABEL_VALUES = {"E0": 0.0, "E1": 1.0, "E2": 0.5}
LABEL_COLUMNS = ("gpt4_exposure", "human_exposure_agg", "human_labels", "exposure")
TASK_COLUMN = "Task"
TITLE_COLUMN = "Title"
MAX_BYTES = 200 * 1024 * 1024


class TaskFileError(QueryError):
    """The task file cannot be used; the built-in scores stay in force."""


def read_task_file(path: Path, label_column: str | None = None) -> tuple[pd.DataFrame, list[dict]]:
    """Parse a task file: rows of (task, title, label, value) and a report of skipped rows."""
    path = Path(path)
    if not path.is_file():
        raise TaskFileError(f"{path} is not a file: give a tab- or comma-separated task file like "
                            "Eloundou et al.'s full_labelset.tsv")
    if path.stat().st_size > MAX_BYTES:
        raise TaskFileError(f"{path} is larger than {MAX_BYTES // 2**20} MB")
    try:
        sample = path.read_text(encoding="utf-8", errors="strict")[:5000]
        sep = "\t" if sample.count("\t") > sample.count(",") else ","
        frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, OSError) as exc:
        raise TaskFileError(f"{path} could not be read as a table ({exc})") from exc
    if frame.empty:
        raise TaskFileError(f"{path} holds no rows")
    column = label_column or next((c for c in LABEL_COLUMNS if c in frame.columns), None)
    missing = [c for c in (TASK_COLUMN, column) if c is None or c not in frame.columns]
    if missing:
        raise TaskFileError(f"{path} lacks a {TASK_COLUMN!r} column or a label column "
                            f"(one of {', '.join(LABEL_COLUMNS)}); it has {list(frame.columns)[:12]}")
    skipped, rows = [], []
    titles = frame[TITLE_COLUMN] if TITLE_COLUMN in frame.columns else pd.Series([""] * len(frame))
    for n, (task, title, label) in enumerate(zip(frame[TASK_COLUMN], titles, frame[column]), start=2):
        label = label.strip()
        if not task.strip():
            skipped.append({"row": n, "column": TASK_COLUMN, "reason": "empty task"})
        elif label not in LABEL_VALUES:
            skipped.append({"row": n, "column": column, "reason": f"label {label[:20]!r} is not E0, E1 or E2"})
        else:
            rows.append({"task": " ".join(task.split()), "title": title.strip(), "label": label,
                         "value": LABEL_VALUES[label]})
    if not rows:
        raise TaskFileError(f"{path}: no usable rows ({len(skipped)} skipped, first: {skipped[:1]})")
    tasks = pd.DataFrame(rows).drop_duplicates("task", ignore_index=True)
    tasks.attrs["label_column"] = column
    return tasks, skipped


def evidence_scores(skill_vectors: np.ndarray, task_vectors: np.ndarray, tasks: pd.DataFrame,
                    k: int = 15) -> tuple[np.ndarray, list[list[str]]]:
    """Per skill: the weighted exposure of its nearest tasks, and the top three as reasons."""
    values = tasks["value"].to_numpy(dtype=np.float64)
    k = min(k, len(tasks))
    scores = np.zeros(len(skill_vectors))
    reasons: list[list[str]] = []
    for start in range(0, len(skill_vectors), 2048):  # bounded memory: 2048 x tasks at a time
        sims = skill_vectors[start:start + 2048] @ task_vectors.T
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(sims, top, axis=1)
        weights = np.maximum(top_sims, 0) ** 2 + 1e-6
        scores[start:start + len(sims)] = (weights * values[top]).sum(1) / weights.sum(1)
        best = np.take_along_axis(top, np.argsort(-top_sims, axis=1)[:, :3], axis=1)
        for row in best:
            reasons.append([f"{tasks['label'].iat[t]}: {tasks['task'].iat[t][:120]}"
                            + (f" ({tasks['title'].iat[t]})" if tasks["title"].iat[t] else "") for t in row])
    return scores, reasons


def apply_evidence(frame: pd.DataFrame, scores: np.ndarray, task_reasons: list[list[str]]) -> pd.DataFrame:
    """Blend built-in exposure with task evidence; categories follow the new scores."""
    from .model import category

    out = frame.copy()
    out["exposure"] = np.round((out["exposure"].to_numpy() + scores) / 2, 3)
    builder = out["category"].eq("ai_builder").to_numpy()
    out["category"] = [category(e, h, b) for e, h, b in zip(out["exposure"], out["human_edge"], builder)]
    out["reasons"] = [[*r, f"nearest rated tasks (imported evidence, exposure {s:.2f}): " + "; ".join(t)]
                      for r, s, t in zip(out["reasons"], scores, task_reasons)]
    return out
