"""Skill extraction quality: Decorte et al. TECH/HOUSE validation and SkillSkape dev.

    python benchmarks/extraction.py [--grid]

Ranking (per sentence, all skills, the pipeline's `rank` mode): R-Precision@5 and MRR, in %.
Accepted set: precision, recall, F1 against the gold labels (micro-averaged over sentences).
Gold labels are ESCO preferred labels; those missing from the active taxonomy are dropped.
"""
from __future__ import annotations

import argparse
import ast
import json
import time

import pandas as pd

from common import shared

from recommender import NextSkill, Settings


def decorte(name: str, index: dict) -> dict[str, set]:
    d = pd.read_csv(shared("skill-extraction", f"{name}_validation_annotations.csv"))
    gold: dict[str, set] = {}
    for sentence, label in zip(d["sentence"], d["label"]):
        gold.setdefault(sentence, set())
        if isinstance(label, str) and label.lower() in index:
            gold[sentence].add(index[label.lower()])
    return {s: g for s, g in gold.items() if g}


def skillskape(index: dict, split: str = "dev") -> dict[str, set]:
    d = pd.read_csv(shared("skill-extraction", "skillskape", f"{split}.csv"))
    gold = {}
    for sentence, labels in zip(d["sentence"], d["skills"]):
        names = [l for l in ast.literal_eval(labels) if l != "UNK"]
        gold[sentence] = {index[l.lower()] for l in names if l.lower() in index}
    return gold


def ranking(ns: NextSkill, gold: dict[str, set]) -> dict:
    sentences = list(gold)
    ranked = [[f.skill_id for f in r.skills] for r in ns.extract(sentences, rank=100)]
    rp = mrr = 0.0
    for ids, g in zip(ranked, gold.values()):
        rp += len(set(ids[:5]) & g) / min(5, len(g))
        mrr += next((1 / (i + 1) for i, s in enumerate(ids) if s in g), 0.0)
    return {"sentences": len(sentences), "rp@5": round(100 * rp / len(sentences), 1),
            "mrr": round(100 * mrr / len(sentences), 1)}


def accepted(ns: NextSkill, gold: dict[str, set], **kw) -> dict:
    sentences = list(gold)
    t = time.perf_counter()
    found = ns.extract(sentences, **kw)
    elapsed = time.perf_counter() - t
    tp = fp = fn = 0
    for r, g in zip(found, gold.values()):
        ids = {f.skill_id for f in r.skills}
        tp, fp, fn = tp + len(ids & g), fp + len(ids - g), fn + len(g - ids)
    p, rec = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"precision": round(p, 3), "recall": round(rec, 3), "f1": round(2 * p * rec / max(1e-9, p + rec), 3),
            "sentences_per_s": round(len(sentences) / elapsed, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--grid", action="store_true", help="tune threshold and margin on SkillSkape dev")
    args = ap.parse_args()
    ns = NextSkill.default(Settings.from_env(), notify=lambda m: None)
    skills = ns.taxonomy.skills
    index = {l.lower(): s for l, s in zip(skills["label"], skills["skill_id"])}
    sets = {"tech": decorte("tech", index), "house": decorte("house", index), "skillskape_dev": skillskape(index)}
    if args.grid:
        sample = dict(list(sets["skillskape_dev"].items())[:500])
        for threshold in (0.6, 0.65, 0.7, 0.75):
            for per_piece in (1, 2):
                r = accepted(ns, sample, threshold=threshold, margin=0.05, per_piece=per_piece)
                print(threshold, per_piece, r)
        return
    out = {}
    for name, gold in sets.items():
        out[name] = {**(ranking(ns, gold) if name != "skillskape_dev" else {"sentences": len(gold)}), **accepted(ns, gold)}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
