"""Validate the exposure model against Eloundou et al. (2023) at occupation level.

    python benchmarks/exposure.py [--markdown]

ESCO occupation exposure = mean exposure of its essential skills (official relations from
../shared/data/esco-v1.1.1), joined to O*NET beta (GPT-4 and human ratings) through Nesta's
ESCO-O*NET crosswalk. Also: cross-validated agreement with our own ratings, the most and least
exposed skills, and a probe table.
"""
from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pandas as pd

from common import shared

from recommender import NextSkill, Settings
from recommender.exposure import Blend, load_ratings, score_skills
from recommender.taxonomy.esco_bundle import import_esco_bundle

PROBES = ["data entry", "transcription", "basic graphic design", "translation", "copywriting",
          "machine learning", "negotiating", "patient care", "driving", "plumbing"]


def spearman(a, b) -> float:
    return float(pd.Series(a).rank().corr(pd.Series(b).rank()))


def occupation_scores(exposure: pd.DataFrame, relations: pd.DataFrame) -> pd.Series:
    essential = relations[relations["relation"] == "essential"].merge(exposure, on="skill_id")
    return essential.groupby("occupation_id")["exposure"].mean()


def validate(scores: pd.Series) -> dict:
    cross = pd.read_csv(shared("exposure", "esco_onet_crosswalk_Nov2020.csv"))
    occ = pd.read_csv(shared("exposure", "occ_level.csv"))
    joined = (cross[["concept_uri", "onet_code"]].rename(columns={"concept_uri": "occupation_id"})
              .merge(scores.rename("ours").reset_index(), on="occupation_id")
              .merge(occ.rename(columns={"O*NET-SOC Code": "onet_code"}), on="onet_code"))
    by_onet = joined.groupby("onet_code")[["ours", "dv_rating_beta", "human_rating_beta"]].mean()
    return {
        "esco_occupations": len(joined),
        "spearman_gpt4_beta": round(spearman(joined["ours"], joined["dv_rating_beta"]), 3),
        "spearman_human_beta": round(spearman(joined["ours"], joined["human_rating_beta"]), 3),
        "onet_occupations": len(by_onet),
        "spearman_gpt4_beta_onet_level": round(spearman(by_onet["ours"], by_onet["dv_rating_beta"]), 3),
        "spearman_human_beta_onet_level": round(spearman(by_onet["ours"], by_onet["human_rating_beta"]), 3),
    }


def hierarchy_rule(skills: pd.DataFrame) -> pd.DataFrame:
    """The hand-set rule the issue cites (about 0.73): computers/information/business up, physical down."""
    up = ("S5", "S2", "K04", "K06")
    down = ("S6", "S7", "S8", "K07")
    score = [0.5 + 0.3 * any(g in up for g in gs) - 0.3 * any(g in down for g in gs)
             + 0.2 * ("digital" in cs) for gs, cs in zip(skills["groups"], skills["collections"])]
    return pd.DataFrame({"skill_id": skills["skill_id"], "exposure": score})


def cross_validate(ns: NextSkill, folds: int = 5) -> dict:
    skills, vectors = ns.taxonomy.skills, ns._search("skills").concepts
    ratings = load_ratings(ns.settings.catalog_dir)
    ratings = ratings[ratings["skill_id"].isin(set(skills["skill_id"]))].sample(frac=1, random_state=0)
    preds = []
    for f in range(folds):
        test = ratings.iloc[f::folds]
        train = ratings.drop(test.index)
        scored = score_skills(skills, vectors, train, ns.taxonomy.groups).set_index("skill_id")
        preds.append(test.assign(pred_exposure=scored.loc[test["skill_id"], "exposure"].to_numpy(),
                                 pred_edge=scored.loc[test["skill_id"], "human_edge"].to_numpy()))
    p = pd.concat(preds)
    return {"rated": len(p),
            "exposure_spearman": round(spearman(p["exposure"], p["pred_exposure"]), 3),
            "exposure_mae": round(float((p["exposure"] - p["pred_exposure"]).abs().mean()), 3),
            "human_edge_spearman": round(spearman(p["human_edge"], p["pred_edge"]), 3),
            "human_edge_mae": round(float((p["human_edge"] - p["pred_edge"]).abs().mean()), 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--markdown", action="store_true", help="also print the tables for docs/exposure.md")
    args = ap.parse_args()
    ns = NextSkill.default(Settings.from_env(), notify=lambda m: None)
    t = time.perf_counter()
    exposure = ns.exposure()
    elapsed = time.perf_counter() - t
    relations = ns.taxonomy.occupation_skills
    if relations.empty:
        relations = import_esco_bundle(shared("esco-v1.1.1")).occupation_skills
    out = {"taxonomy": ns.taxonomy.meta["name"], "scoring_s": round(elapsed, 2),
           "ours": validate(occupation_scores(exposure, relations)),
           "hierarchy_rule_baseline": validate(occupation_scores(hierarchy_rule(ns.taxonomy.skills), relations)),
           "cross_validated_on_our_ratings": cross_validate(ns),
           "categories": exposure["category"].value_counts().to_dict()}
    print(json.dumps(out, indent=2))
    if args.markdown:
        ranked = exposure.sort_values("exposure")
        cols = ["label", "exposure", "human_edge", "category"]
        print("\n### 20 most exposed\n\n" + ranked.tail(20)[::-1][cols].to_markdown(index=False))
        print("\n### 20 least exposed\n\n" + ranked.head(20)[cols].to_markdown(index=False))
        rows = []
        for q in PROBES:
            hit = ns.search_skills([q], top_k=1)[0][0]
            row = exposure.set_index("skill_id").loc[hit["skill_id"]]
            rows.append({"probe": q, "skill": row["label"], "exposure": row["exposure"],
                         "human_edge": row["human_edge"], "category": row["category"],
                         "first reason": row["reasons"][0]})
        print("\n### Probes\n\n" + pd.DataFrame(rows).to_markdown(index=False))


if __name__ == "__main__":
    main()
