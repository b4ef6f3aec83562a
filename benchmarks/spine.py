"""Speed of the spine: first run, warm start, index build vs plain encode, search latency, memory.

    python benchmarks/spine.py [--skip-first-run]

Each figure is measured in this run on this machine; compare ratios, not seconds.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from common import ROOT, timed

from recommender import NextSkill, Settings
from recommender.embeddings import VectorCache, embed_cached
from recommender.index import build_index
from recommender.storage import texts_hash
from recommender.taxonomy import label_rows

CLI = [sys.executable, "-m", "recommender"]


def first_run(home: Path) -> float:
    """Fresh data folder: taxonomy from the wheels, every embedding, every index."""
    t = time.perf_counter()
    subprocess.run([*CLI, "--home", str(home), "build", "--json"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def warm_cli(home: Path, repeat: int = 3) -> tuple[float, float, float]:
    return timed(lambda: subprocess.run([*CLI, "--home", str(home), "skills", "search", "data entry", "--json"],
                                        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL), repeat)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-first-run", action="store_true")
    args = ap.parse_args()
    out = {}
    settings = Settings.from_env()
    if not args.skip_first_run:
        home = Path(tempfile.mkdtemp(prefix="nextskill-first-run-"))
        out["first_run_build_s"] = round(first_run(home), 1)
        settings = Settings.from_env(home=str(home))
    p50, p95, _ = warm_cli(settings.home)
    out["warm_cli_search_s"] = {"p50": round(p50, 2), "p95": round(p95, 2)}

    t = time.perf_counter()
    ns = NextSkill.default(settings, notify=lambda m: None)
    ns.search_skills(["warm up"])
    ns.search_occupations(["warm up"])
    out["warm_start_in_process_s"] = round(time.perf_counter() - t, 2)

    queries = ["negotiate contracts", "data entry", "drive a delivery van", "patient care", "python",
               "transcribe interviews", "graphic design with templates", "customer service", "bookkeeping",
               "teach English online"] * 10
    lat = []
    for q in queries:
        t = time.perf_counter()
        ns.search_skills([q], top_k=10)
        lat.append(time.perf_counter() - t)
    out["skill_search_ms"] = {"p50": round(1000 * float(np.percentile(lat, 50)), 1),
                              "p95": round(1000 * float(np.percentile(lat, 95)), 1)}
    t = time.perf_counter()
    ns.search_skills(queries, top_k=10)
    out["skill_search_batch_queries_per_s"] = round(len(queries) / (time.perf_counter() - t), 1)

    # Index build for all skill labels vs a plain model.encode of the same labels, same run.
    texts, _ = label_rows(ns.taxonomy.skills)
    sample = texts[:20000]
    t = time.perf_counter()
    ns.embedder.encode(sample)
    plain = time.perf_counter() - t
    tmp = Path(tempfile.mkdtemp(prefix="nextskill-cache-"))
    t = time.perf_counter()
    vectors = embed_cached(ns.embedder, sample, VectorCache(tmp, ns.embedder.model_id, ns.embedder.dim))
    build_index(vectors, ns.embedder.model_id, texts_hash(sample)).save(tmp / "i.faiss")
    ours = time.perf_counter() - t
    t = time.perf_counter()
    embed_cached(ns.embedder, sample, VectorCache(tmp, ns.embedder.model_id, ns.embedder.dim))
    cached = time.perf_counter() - t
    shutil.rmtree(tmp)
    out["index_build_vs_plain_encode"] = {
        "labels": len(sample), "plain_encode_s": round(plain, 1), "index_build_s": round(ours, 1),
        "ratio": round(ours / plain, 3), "rebuild_from_cache_s": round(cached, 2),
        "all_skill_labels": len(texts)}
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["model_id"] = ns.embedder.model_id
    out["cpus"] = os.cpu_count()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
