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

import argparse
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


def family_ceiling(inferred: np.ndarray, relevant: dict[int, list[int]], isco: list[str]) -> dict:
    """MAP of inferred + w x (share of the other occupations of the same ISCO group needing the
    skill), and of yes/no lists of broad skills (needed by 20+ occupations, by >= 10% of the group)."""
    answers = np.zeros(inferred.shape, np.float32)
    for o, skills in relevant.items():
        answers[o, skills] = 1
    z = (inferred - inferred.mean(1, keepdims=True)) / (inferred.std(1, keepdims=True) + 1e-9)
    broad = answers.sum(0) >= 20
    out = {}
    for digits in (4, 3, 2, 1):
        groups: dict[str, list[int]] = {}
        for o in relevant:
            if isco[o]:
                groups.setdefault(isco[o][:digits], []).append(o)
        prior = np.zeros_like(answers)
        for members in groups.values():
            total = answers[members].sum(0)
            for o in members:
                if len(members) > 1:
                    prior[o] = (total - answers[o]) / (len(members) - 1)
        rows = [o for members in groups.values() for o in members]
        out[f"ISCO {digits}-digit share, w=10"] = round(float(np.mean(
            [average_precision(z[o] + 10 * prior[o], np.array(relevant[o])) for o in rows])), 4)
        if digits == 2:
            listed = ((prior >= 0.1) & broad).astype(np.float32)
            out["ISCO 2-digit yes/no broad-skill lists, w=3"] = round(float(np.mean(
                [average_precision(z[o] + 3 * listed[o], np.array(relevant[o])) for o in rows])), 4)
    out["inferred alone (same occupations)"] = round(float(np.mean(
        [average_precision(z[o], np.array(relevant[o])) for o in relevant if isco[o]])), 4)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ceiling", action="store_true", help="also the family-knowledge ceiling (slow)")
    args = parser.parse_args()
    bundle = import_esco_bundle(shared("esco-v1.1.1"))
    truth = bundle.occupation_skills
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
    inferred = np.zeros((len(occ_row), len(skill_row)), np.float32) if args.ceiling else None
    for chunk, f in scores(*signals):
        if inferred is not None:
            inferred[chunk] = f
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

    extra = {}
    if args.ceiling:
        isco_of = dict(zip(bundle.occupations["occupation_id"], bundle.occupations["isco_group"].astype(str)))
        isco = [isco_of.get(o, "") for o in tax.occupations["occupation_id"]]
        extra["ceiling with the official family relations (not shippable)"] = family_ceiling(inferred, relevant, isco)
    print(json.dumps({
        "occupations": len(rows), "skills": len(tax.skills), "inference": Inference().__dict__,
        "MAP held-out half": {"inferred": mean(ap, held_out.__contains__),
                              "description similarity": mean(base, held_out.__contains__)},
        "MAP tuning half": {"inferred": mean(ap, lambda k: k not in held_out)},  # tune on this one only
        "MAP all": {"inferred": mean(ap, lambda k: True), "description similarity": mean(base, lambda k: True)},
        "scoring every occupation s": round(seconds, 1), **extra,
    }, indent=2))


if __name__ == "__main__":
    main()
