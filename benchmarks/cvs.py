"""Reading whole CVs: the skill list a person sees, scored against hand-made gold.

    python benchmarks/cvs.py [--show] [--dir benchmarks/data/cvs_heldout]

benchmarks/data/cvs/*.txt are CVs, platform profiles and gig histories we wrote (helpers, session
4), 200-600 words each; gold_*.csv lists per text the skills it gives evidence the person holds
("held") and traps a naive reader would take ("not_held": clients and subjects of the work,
negated or wished-for skills). Sentence benchmarks (extraction.py) score one sentence at a time;
this scores the list the app shows, after merging, for the whole text:
- precision / recall / F1 of all accepted skills, and of the "sure" ones (confidence >= SURE);
- a language and its sub-skills count as one ("Polish" / "interact verbally in Polish": both
  conventions occur in gold sets), and a found skill counts when a skill folded into it is gold;
- near: a found skill also counts when its label centroid is within NEAR cosine of a gold skill
  (ESCO has many near-synonyms: "first aid" / "provide first aid");
- traps: how many not_held gold skills were taken as held.
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np

from common import ROOT  # noqa: F401  (puts the project on sys.path)

from recommender import NextSkill, Settings

try:
    from recommender.profile.extract import language_fold
except ImportError:  # code from before session 4 (to measure it on the same texts)
    import re

    def language_fold(labels: list[str]) -> dict[int, int]:
        row_of = {label: i for i, label in enumerate(labels)}
        sub = re.compile(r"^(?:interact verbally in|write|understand (?:spoken|written)) (.+)$")
        return {i: row_of[m.group(1)] for i, label in enumerate(labels)
                if (m := sub.match(label)) and m.group(1) in row_of}

CVS = ROOT / "benchmarks" / "data" / "cvs"
NEAR = 0.85


def load(folder: Path = CVS) -> tuple[dict[str, str], dict[str, set], dict[str, set]]:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    held: dict[str, set] = {k: set() for k in texts}
    traps: dict[str, set] = {k: set() for k in texts}
    for path in sorted(folder.glob("gold_*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["cv"] in texts:
                    (held if row["kind"] == "held" else traps)[row["cv"]].add(row["skill_id"])
    return texts, held, traps


def prf(tp: float, n_found: int, n_gold: int) -> dict:
    p, r = tp / max(1, n_found), tp / max(1, n_gold)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / max(1e-9, p + r), 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="print each text's misses and wrong skills")
    ap.add_argument("--dir", type=Path, default=CVS, help="folder of *.txt and gold_*.csv (default: the tuning set)")
    args = ap.parse_args()
    ns = NextSkill.default(Settings.from_env(), notify=lambda m: None)
    texts, held, traps = load(args.dir)
    row_of = {s: i for i, s in enumerate(ns.taxonomy.skills["skill_id"])}
    label = dict(zip(ns.taxonomy.skills["skill_id"], ns.taxonomy.skills["label"]))
    id_of = {v: k for k, v in label.items()}
    ids_list = ns.taxonomy.skills["skill_id"].tolist()
    fold = language_fold(ns.taxonomy.skills["label"].tolist())

    def same(skill_id):
        """The skill a language sub-skill belongs to (itself otherwise)."""
        return ids_list[fold[row_of[skill_id]]] if skill_id in row_of and row_of[skill_id] in fold else skill_id
    concepts = ns._search("skills").concepts
    results = ns.extract(list(texts.values()))
    totals = {k: np.zeros(3) for k in ("all", "sure", "all near", "sure near")}  # tp, found, gold
    trapped = n_traps = 0
    for (name, _), r in zip(texts.items(), results):
        gold = held[name]
        gold_rows = [row_of[s] for s in gold if s in row_of]
        for kind, found in (("all", r.skills), ("sure", [f for f in r.skills if getattr(f, "sure", True)])):
            # A language and its sub-skills ("Polish", "interact verbally in Polish") are one thing
            # here: gold sets use either convention. A found skill is also right when a skill folded
            # into it (``merged``) is gold.
            ids = {f.skill_id: {same(f.skill_id), *(same(id_of.get(m)) for m in getattr(f, "merged", ()))}
                   for f in found}
            right = sum(1 for alts in ids.values() if alts & {same(g) for g in gold})
            near = sum(1 for s, alts in ids.items() if alts & gold or (gold_rows and s in row_of and
                       float((concepts[gold_rows] @ concepts[row_of[s]]).max()) >= NEAR))
            totals[kind] += (right, len(ids), len(gold))
            totals[kind + " near"] += (near, len(ids), len(gold))
        taken = {f.skill_id for f in r.skills} & traps[name]
        trapped, n_traps = trapped + len(taken), n_traps + len(traps[name])
        if args.show:
            ids = {f.skill_id for f in r.skills}
            print(f"\n## {name}: found {len(ids)}, gold {len(gold)}, right {len(ids & gold)}")
            print("  wrong:", "; ".join(f"{f.label} ({getattr(f, 'confidence', None) or 0:.2f})"
                                        for f in r.skills if f.skill_id not in gold))
            print("  missed:", "; ".join(label.get(s, s) for s in gold - ids))
            if taken:
                print("  TRAPS taken:", "; ".join(label.get(s, s) for s in taken))
    out = {"texts": len(texts), "gold held": int(totals["all"][2]), "gold traps": n_traps,
           **{k: {**prf(*v), "found": int(v[1])} for k, v in totals.items()},
           "traps taken": f"{trapped} of {n_traps}"}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
