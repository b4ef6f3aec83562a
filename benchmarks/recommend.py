"""Speed of ``recommend`` warm: a ~600-word profile and the eight test personas.

    python benchmarks/recommend.py [--repeat 7]

The engine is loaded and warmed once (model, indexes, exposure, requirements); then every call
is a full recommend: read the profile, gap analysis, next skills, at-risk pivots, reachable
occupations. Goal (issue 5): p50 <= 250 ms, p95 <= 500 ms for a 600-word profile on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from common import ROOT

from recommender import NextSkill, Settings

PERSONAS = ROOT / "tests" / "data" / "personas"


def profile_600() -> str:
    """The benchmark CV plus a gig history: about 600 words."""
    cv = (ROOT / "benchmarks" / "data" / "cv_gig_worker.txt").read_text()
    extra = " ".join((PERSONAS / "transcription.txt").read_text().split()[:200])
    return cv + "\n\nGig history\n" + extra


def times(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    ns = NextSkill.default(Settings.from_env())
    t = time.perf_counter()
    ns.build()
    ns.recommend("I deliver food by bike and fix bicycles.", targets=["data analyst"])
    warm_up = time.perf_counter() - t
    text = profile_600()
    words = len(text.split())
    rows = {}
    for label, kwargs in (("600-word profile", {}), ("600-word profile, target 'data analyst'",
                                                      {"targets": ["data analyst"]})):
        ts = times(lambda: ns.recommend(text, **kwargs), args.repeat)
        rows[label] = ts
    extract = times(lambda: ns.extract([text]), args.repeat)
    personas = [p.read_text() for p in sorted(PERSONAS.glob("*.txt"))]
    persona_times = [t for p in personas for t in times(lambda: ns.recommend(p), max(2, args.repeat // 3))]
    report = {
        "profile_words": words,
        **{label: {"p50_ms": round(1000 * statistics.median(ts), 1), "p95_ms": round(1000 * pct(ts, 0.95), 1)}
           for label, ts in rows.items()},
        "of which reading the profile (extract)": {"p50_ms": round(1000 * statistics.median(extract), 1)},
        "8 personas (300-350 words)": {"p50_ms": round(1000 * statistics.median(persona_times), 1),
                                       "p95_ms": round(1000 * pct(persona_times, 0.95), 1)},
        "warm-up (load, caches, first call) s": round(warm_up, 1),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
