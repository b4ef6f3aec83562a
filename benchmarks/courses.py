"""Course retrieval on the messy Coursera catalogue, its own skill tags as truth.

    python benchmarks/courses.py

Each skill tag used by at least two courses is a query; the courses carrying that tag are the
relevant ones. Two settings: the tags are indexed with the courses (what a bootcamp importing
its catalogue gets), and the tags are withheld (title and provider only: how well a course
without declared skills is still found). Reports recall@10 (|relevant in top 10| / |relevant|),
capped recall@10 (divided by min(10, |relevant|)) and nDCG@10 with binary relevance.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
import time
from pathlib import Path

from common import shared

from recommender import NextSkill, Settings
from recommender.catalog import import_table, read_table
from recommender.catalog.schema import split_skills


def evaluate(ns: NextSkill, truth: dict[str, set]) -> dict:
    queries = sorted(truth)
    t = time.perf_counter()
    found = ns.search_courses(queries, top_k=60)
    per_query_ms = 1000 * (time.perf_counter() - t) / len(queries)
    recall = capped = ndcg = 0.0
    for q, hits in zip(queries, found):
        top = [h["course_id"] for h in hits if h["source"] == "coursera"][:10]
        rel = truth[q]
        got = [c in rel for c in top]
        recall += sum(got) / len(rel)
        capped += sum(got) / min(10, len(rel))
        dcg = sum(1 / math.log2(i + 2) for i, g in enumerate(got) if g)
        ndcg += dcg / sum(1 / math.log2(i + 2) for i in range(min(10, len(rel))))
    n = len(queries)
    return {"queries": n, "recall@10": round(recall / n, 4), "capped_recall@10": round(capped / n, 4),
            "ndcg@10": round(ndcg / n, 4), "ms_per_query_batched": round(per_query_ms, 1)}


def main() -> None:
    base = Settings.from_env()
    path = shared("courses", "coursera_partner_skills.csv")
    table, offset = read_table(path)
    courses = import_table(table, "coursera", row_offset=offset).courses
    truth: dict[str, set] = {}
    for cid, skills in zip(courses["course_id"], courses["skills"]):
        for s in skills:
            truth.setdefault(s, set()).add(cid)
    truth = {s: ids for s, ids in truth.items() if len(ids) >= 2}
    out = {}
    for setting, drop in (("tags indexed", False), ("tags withheld", True)):
        home = Path(tempfile.mkdtemp(prefix="nextskill-courses-"))
        (home / "taxonomy").symlink_to(base.home / "taxonomy")
        (home / "vectors").symlink_to(base.home / "vectors")
        ns = NextSkill.default(Settings.from_env(home=str(home)), notify=lambda m: None)
        src = table.drop(columns=["skills"]) if drop else table
        file = home / "coursera.csv"
        src.to_csv(file, index=False)
        t = time.perf_counter()
        ns.import_catalog(file, "coursera")
        ns.search_courses(["warm up"])
        build_s = time.perf_counter() - t
        out[setting] = {**evaluate(ns, truth), "import_and_index_s": round(build_s, 1)}
    out["courses"] = int(len(courses))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
