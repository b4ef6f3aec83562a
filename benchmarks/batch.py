"""Batch throughput of profile reading (issue 3: >= 20 profiles/s), as `extract --jsonl` runs it.

    python benchmarks/batch.py [--repeat 3]

Profiles of three sizes, from the test personas (tests/data/personas, ~300 words each):
- short: each persona cut into ~100-word pieces (a platform profile's overview);
- persona: the eight personas whole;
- long: two personas back to back (~600 words), eight different pairs.
Every text in a set is different (identical pieces are encoded once, which would flatter a batch).
Each set is read in one batch call (what the JSONL path does) and, for the ratio, one text at a
time. Warm engine, same process; best of ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import json
import time

from common import ROOT  # noqa: F401  (puts the project on sys.path)
from recommend import PERSONAS

from recommender import NextSkill, Settings


def sets() -> dict[str, list[str]]:
    personas = [p.read_text() for p in sorted(PERSONAS.glob("*.txt"))]
    short = []
    for text in personas:
        words = text.split()
        short += [" ".join(words[i:i + 100]) for i in range(0, len(words) - 50, 100)]
    pairs = [personas[i] + "\n\n" + personas[(i + 1) % len(personas)] for i in range(len(personas))]
    return {"short (~100 words)": short, "persona (~300 words)": personas, "long (~600 words)": pairs}


def best_of(fn, repeat: int) -> float:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return min(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ns = NextSkill.default(Settings.from_env())
    ns.extract(["Warm-up: I deliver food by bike and fix bicycles."])
    rows = {}
    for name, texts in sets().items():
        batch = best_of(lambda: ns.extract(texts), args.repeat)
        single = best_of(lambda: [ns.extract([t]) for t in texts], args.repeat)
        rows[name] = {"profiles": len(texts), "mean words": round(sum(len(t.split()) for t in texts) / len(texts)),
                      "batch profiles/s": round(len(texts) / batch, 1),
                      "one at a time profiles/s": round(len(texts) / single, 1)}
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
