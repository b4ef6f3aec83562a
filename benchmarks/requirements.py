"""How well requirements are inferred without the official relations (embedded default taxonomy).

    python benchmarks/requirements.py

For every ESCO occupation with essential skills in the official v1.1.1 relations
(../shared/data/esco-v1.1.1), rank all skills of the packaged taxonomy by the inferred score and
compute average precision over the full ranking (ties counted against us). Reported on the
held-out half of a seeded split (the weights in recommend/requirements.py were tuned on the
other half, also reported: tune on it, never on the held-out one), and on all occupations, next
to the description-similarity baseline.
"""
from __future__ import annotations

import json
import time

import numpy as np

from common import shared

from recommender import NextSkill, Settings
from recommender.recommend.requirements import Inference, scores
from recommender.taxonomy.esco_bundle import import_esco_bundle


def average_precision(s: np.ndarray, relevant: np.ndarray) -> float:
    ranked = np.sort(s)[::-1]
    ranks = np.sort(np.searchsorted(-ranked, -s[relevant], side="right"))  # ties: pessimistic
    return float((np.arange(1, len(ranks) + 1) / ranks).mean())


def main() -> None:
    truth = import_esco_bundle(shared("esco-v1.1.1")).occupation_skills
    ns = NextSkill.default(Settings.from_env())
    tax = ns.taxonomy
    skill_row = {s: i for i, s in enumerate(tax.skills["skill_id"])}
    occ_row = {o: i for i, o in enumerate(tax.occupations["occupation_id"])}
    relevant: dict[int, list[int]] = {}
    for o, s in zip(*truth[truth["relation"] == "essential"][["occupation_id", "skill_id"]].to_numpy().T):
        if o in occ_row and s in skill_row:
            relevant.setdefault(occ_row[o], []).append(skill_row[s])
    rows = np.array(sorted(relevant))
    rng = np.random.default_rng(0)
    held_out = set(rng.permutation(rows)[len(rows) // 2:].tolist())

    signals = ns.requirement_signals()
    t = time.perf_counter()
    ap = {}
    for chunk, f in scores(*signals):
        for r, s in zip(chunk, f):
            if int(r) in relevant:
                ap[int(r)] = average_precision(s, np.array(relevant[int(r)]))
    seconds = time.perf_counter() - t
    base = {}
    occ_vectors, skill_vectors = signals[0], signals[4]
    for r in rows:
        base[int(r)] = average_precision(occ_vectors[r] @ skill_vectors.T, np.array(relevant[int(r)]))

    def mean(values: dict, keep) -> float:
        return round(float(np.mean([v for k, v in values.items() if keep(k)])), 4)

    print(json.dumps({
        "occupations": len(rows), "skills": len(tax.skills), "inference": Inference().__dict__,
        "MAP held-out half": {"inferred": mean(ap, held_out.__contains__),
                              "description similarity": mean(base, held_out.__contains__)},
        "MAP tuning half": {"inferred": mean(ap, lambda k: k not in held_out)},  # tune on this one only
        "MAP all": {"inferred": mean(ap, lambda k: True), "description similarity": mean(base, lambda k: True)},
        "scoring every occupation s": round(seconds, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
