"""Recall@10 of the approximate (HNSW) index against exact search, on real label vectors.

    python benchmarks/index_recall.py

Corpus: every skill label vector of the active taxonomy. Queries: 2,000 real vacancy titles
(../shared/data/titles) and 2,000 skill-extraction sentences, embedded with the active model.
"""
from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd

from common import shared

from recommender import NextSkill, Settings
from recommender.index import build_index


def main() -> None:
    ns = NextSkill.default(Settings.from_env(), notify=lambda m: None)
    corpus = ns._search("skills").labels.vectors()
    titles = pd.read_csv(shared("titles", "jobbert_titles_validation.csv"))["vacancyTitle"].astype(str)
    sentences = pd.read_csv(shared("skill-extraction", "skillskape", "dev.csv"))["sentence"].astype(str)
    queries = ns.embedder.encode([*titles.sample(2000, random_state=0), *sentences.sample(min(2000, len(sentences)), random_state=0)])
    exact = build_index(corpus, "m", "h", kind="exact")
    t = time.perf_counter()
    approx = build_index(corpus, "m", "h", kind="hnsw")
    build_s = time.perf_counter() - t
    _, truth = exact.search(queries, 10)
    t = time.perf_counter()
    _, exact_ids = exact.search(queries, 10)
    exact_ms = 1000 * (time.perf_counter() - t) / len(queries)
    t = time.perf_counter()
    _, got = approx.search(queries, 10)
    approx_ms = 1000 * (time.perf_counter() - t) / len(queries)
    recall = float(np.mean([len(set(g) & set(tr)) / 10 for g, tr in zip(got, truth)]))
    print(json.dumps({"corpus_rows": len(corpus), "queries": len(queries), "recall@10": round(recall, 4),
                      "hnsw_build_s": round(build_s, 1), "exact_ms_per_query": round(exact_ms, 3),
                      "hnsw_ms_per_query": round(approx_ms, 3)}))


if __name__ == "__main__":
    main()
