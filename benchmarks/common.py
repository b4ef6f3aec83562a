"""Shared bits of the benchmark scripts: locating ../shared and timing."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise SystemExit(f"{path} not found: benchmarks need ../shared beside the checkout")
    return path


def timed(fn, repeat: int = 5) -> tuple[float, float, float]:
    """p50, p95 and min wall time of ``fn()`` in seconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, times[0]


def ranking_metrics(ranked: list[list[str]], gold: list[str]) -> dict:
    """Acc@1, Acc@5, MRR (over the given ranking depth) for one gold id per query."""
    acc1 = acc5 = mrr = 0.0
    for ids, g in zip(ranked, gold):
        if g in ids:
            r = ids.index(g) + 1
            mrr += 1 / r
            acc1 += r == 1
            acc5 += r <= 5
    n = len(gold)
    return {"n": n, "acc@1": round(acc1 / n, 4), "acc@5": round(acc5 / n, 4), "mrr": round(mrr / n, 4)}
