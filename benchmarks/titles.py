"""Job-title -> ESCO occupation search quality on the JobBERT validation titles.

    python benchmarks/titles.py [--limit N] [--lexical-weight W]

Prints Acc@1, Acc@5 and MRR (ranking depth 100) for the active taxonomy and model; with
``--baseline`` it is the stock baseline (max cosine over preferred and alt labels).
"""
from __future__ import annotations

import argparse
import json
from dataclasses import asdict
import time

import pandas as pd

from common import ranking_metrics, shared

from recommender import NextSkill, Settings
from recommender.search import Weights


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="use the first N titles (default: all)")
    ap.add_argument("--baseline", action="store_true",
                    help="stock baseline: max cosine over preferred and alt labels only")
    args = ap.parse_args()
    titles = pd.read_csv(shared("titles", "jobbert_titles_validation.csv"))
    if args.limit:
        titles = titles.sample(n=args.limit, random_state=0)
    ns = NextSkill.default(Settings.from_env())
    search = ns._search("occupations")
    if args.baseline:
        search.weights = Weights(description=0, centroid=0, lexical=0)
    t = time.perf_counter()
    found = ns.search_occupations(titles["vacancyTitle"].astype(str).tolist(), top_k=100)
    elapsed = time.perf_counter() - t
    ranked = [[m["occupation_id"] for m in ms] for ms in found]
    out = ranking_metrics(ranked, titles["conceptUri"].tolist())
    out.update({"taxonomy": ns.taxonomy.meta["name"], "weights": asdict(search.weights),
                "titles_per_second": round(len(titles) / elapsed, 1)})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
