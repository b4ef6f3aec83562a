"""Side by side with the PyPI tool esco-skill-extractor 0.1.18, same sentences, same run.

    pip install -r requirements-bench.txt && python benchmarks/extractor_compare.py

The tool is pointed at the bundled model folder (its default tries to download). Both return
an accepted set of ESCO skill ids per sentence; we score micro P/R/F1 against the gold labels and
time the extraction after both are warm (the tool's one-off embedding of ESCO is timed apart).
"""
from __future__ import annotations

import json
import time

from extraction import decorte, skillskape

from recommender import NextSkill, Settings
from recommender.embeddings.models import default_model_path


def score(found: list[set], gold: list[set]) -> dict:
    tp = sum(len(f & g) for f, g in zip(found, gold))
    fp = sum(len(f - g) for f, g in zip(found, gold))
    fn = sum(len(g - f) for f, g in zip(found, gold))
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / max(1e-9, p + r), 3)}


def main() -> None:
    from esco_skill_extractor import SkillExtractor

    ns = NextSkill.default(Settings.from_env(), notify=lambda m: None)
    skills = ns.taxonomy.skills
    index = {l.lower(): s for l, s in zip(skills["label"], skills["skill_id"])}
    sets = {"tech": decorte("tech", index), "house": decorte("house", index), "skillskape_dev": skillskape(index)}
    t = time.perf_counter()
    SkillExtractor.remove_embeddings()
    tool = SkillExtractor(model=str(default_model_path()), device="cpu")
    tool_init = time.perf_counter() - t
    ns.extract(["warm up"])
    out = {"tool_init_s": round(tool_init, 1)}
    for name, gold in sets.items():
        sentences, truth = list(gold), list(gold.values())
        t = time.perf_counter()
        theirs = [set(ids) for ids in tool.get_skills(sentences)]
        their_s = time.perf_counter() - t
        t = time.perf_counter()
        ours = [{f.skill_id for f in r.skills} for r in ns.extract(sentences)]
        our_s = time.perf_counter() - t
        out[name] = {"sentences": len(sentences),
                     "esco_skill_extractor": {**score(theirs, truth), "sentences_per_s": round(len(sentences) / their_s, 1)},
                     "nextskill": {**score(ours, truth), "sentences_per_s": round(len(sentences) / our_s, 1)}}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
