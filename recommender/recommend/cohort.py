"""A bootcamp's view: a cohort's pooled gaps to one target, and an audit of its catalogue.

    learners, skipped = read_cohort(path)
    gaps = cohort_gaps(ns, learners, "data analyst")
    audit = catalogue_audit(ns, needed=[g["skill_id"] for g in gaps["pooled"]])
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import pandas as pd

from ..errors import QueryError
from ..storage import sniff_delimiter

if TYPE_CHECKING:
    from ..nextskill import NextSkill

TEXT_COLUMNS = ("text", "profile", "cv", "resume", "bio", "description")
ID_COLUMNS = ("id", "learner", "learner_id", "name", "email")
MAX_LEARNERS = 500
STATUS_VALUE = {"have": 1.0, "partial": 0.5, "missing": 0.0}


class CohortError(QueryError):
    """The cohort file is unusable; the message says how to fix it."""


def read_cohort(name: str, data: bytes) -> tuple[list[tuple[str, str]], list[dict]]:
    """Learners ``(id, profile text)`` from a CSV (a text column and optionally an id column) or a
    JSONL file (``{"id", "text"}`` per line), and the rows skipped with the reason."""
    suffix = Path(name).suffix.lower()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CohortError(f"{name} is not UTF-8 text: save it as UTF-8 CSV or JSONL") from exc
    if not content.strip():
        raise CohortError(f"{name} is empty: one learner per row, with a 'text' column (CSV) or field (JSONL)")
    rows: list[dict] = []
    if suffix in (".jsonl", ".ndjson"):
        for n, line in enumerate(content.splitlines(), 1):
            if line.strip():
                try:
                    obj = json.loads(line)
                except (ValueError, RecursionError) as exc:
                    raise CohortError(f"{name} line {n} is not JSON ({type(exc).__name__}): one object per line") from exc
                rows.append(obj if isinstance(obj, dict) else {})
    elif suffix in (".csv", ".tsv", ".txt"):
        try:
            frame = pd.read_csv(io.StringIO(content), sep=sniff_delimiter(content), dtype=str, keep_default_na=False,
                                index_col=False)  # a row with extra fields must not shift the columns
        except (pd.errors.ParserError, ValueError, csv.Error) as exc:
            raise CohortError(f"{name} is not a readable CSV ({exc})") from exc
        rows = frame.to_dict("records")
    else:
        raise CohortError(f"{name}: use a CSV or a JSONL file of profiles")
    columns = {k.lower().strip(): k for r in rows[:1] for k in r}
    text_key = next((columns[c] for c in TEXT_COLUMNS if c in columns), None)
    if text_key is None:
        raise CohortError(f"{name} has no text column: name one of {', '.join(TEXT_COLUMNS)} "
                          f"(found: {', '.join(columns.values()) or 'none'})")
    id_key = next((columns[c] for c in ID_COLUMNS if c in columns), None)
    learners, skipped = [], []
    for n, row in enumerate(rows, 1):
        learner = str(row.get(id_key) or f"learner {n}") if id_key else f"learner {n}"
        text = row.get(text_key)
        if not isinstance(text, str) or not text.strip():
            skipped.append({"row": n, "id": learner, "reason": "no profile text"})
        else:
            learners.append((learner, text))
    if not learners:
        raise CohortError(f"{name}: no row has profile text ({len(skipped)} rows without)")
    if len(learners) > MAX_LEARNERS:
        raise CohortError(f"{name} has {len(learners)} learners; the page takes up to {MAX_LEARNERS}: "
                          "split the cohort, or use the batch API (NextSkill.recommend_batch)")
    return learners, skipped


def cohort_gaps(ns: "NextSkill", learners: Sequence[tuple[str, str]], target: str, top_k: int = 10) -> dict:
    """Each learner's gaps to ``target``, as a learners x requirements status table, plus the
    pooled picture: the share of learners missing each requirement."""
    docs = ns.recommend_batch([t for _, t in learners], [target], top_k)
    statuses, per_learner, labels, target_doc = {}, [], {}, None
    for (learner, _), doc in zip(learners, docs):
        if "error" in doc:
            per_learner.append({"id": learner, "coverage": None, "error": doc["error"], "recommendations": []})
            continue
        target_doc = doc["target"]
        statuses[learner] = {g["skill_id"]: g["status"] for g in doc["gaps"]}
        labels.update({g["skill_id"]: g["label"] for g in doc["gaps"]})
        per_learner.append({"id": learner, "coverage": doc["coverage"], "error": None,
                            "recommendations": [r["label"] for r in doc["recommendations"]]})
    matrix = pd.DataFrame(statuses).T.reindex(columns=list(labels))  # learners x skills
    missing = (matrix != "have").mean() if len(matrix) else pd.Series(dtype=float)
    pooled = [{"skill_id": s, "label": labels[s], "missing_share": round(float(missing[s]), 3)}
              for s in missing.sort_values(ascending=False).index]
    return {"target": target_doc, "learners": per_learner, "matrix": matrix, "labels": labels, "pooled": pooled}


def catalogue_audit(ns: "NextSkill", needed: Sequence[str] = ()) -> dict:
    """Which courses teach at-risk, AI-augmented, human-centric or AI-builder skills (by their
    declared skills, mapped to the taxonomy), and which ``needed`` skills no course teaches."""
    courses = ns.catalog()
    declared = [(i, s) for i, skills in enumerate(courses["skills"]) for s in skills if str(s).strip()]
    if not declared:
        raise QueryError("no course in the catalogue declares its skills: add a 'skills' column to audit it")
    unique = list(dict.fromkeys(str(s).strip() for _, s in declared))
    best = dict(zip(unique, ns.search_skills(unique, top_k=1)))
    matches = [best[str(s).strip()] for _, s in declared]
    exposure = ns.exposure().set_index("skill_id")
    counts: dict[int, dict[str, int]] = {}
    for (row, _), found in zip(declared, matches):
        if found and found[0]["score"] >= 0.7:
            category = exposure.at[found[0]["skill_id"], "category"]
            counts.setdefault(row, {}).setdefault(category, 0)
            counts[row][category] += 1
    table = pd.DataFrame([{"course_id": courses.at[i, "course_id"], "title": courses.at[i, "title"],
                           "source": courses.at[i, "source"], **counts.get(i, {})} for i in range(len(courses))])
    for category in ("at_risk", "ai_augmented", "human_centric", "ai_builder"):
        table[category] = table.get(category, pd.Series(0, index=table.index)).fillna(0).astype(int)
    coverage = ns.course_coverage(list(needed)) if needed else {}
    lacking = [s for s in needed if not any(score >= 0.5 for _, score in coverage.get(s, []))]
    return {"courses": table, "lacking": lacking}
