"""AI-era skills ESCO v1.1.1 lacks, shipped in catalog/emerging_skills.csv.

They join the active taxonomy like any skill (search, extraction, recommendation), with the
hierarchy path of their nearest ESCO group.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..storage import file_sha256, read_shipped_table
from .model import SKILL_COLUMNS, Taxonomy

EMERGING_FILE = "emerging_skills.csv"
# Words that name AI: a skill labelled with one is found only by text that names AI too.
AI_WORDS = re.compile(r"\b(ai|a\.i\.|artificial intelligence|machine learning|deep learning|gpt|chatgpt|llms?|"
                      r"large language models?|generative|genai|prompts?|prompting|chatbots?|copilot|"
                      r"neural networks?|automation tools?)\b", re.I)
EMERGING_COLUMNS = ["skill_id", "label", "alt_labels", "description", "nearest_group",
                    "exposure", "human_edge", "category"]


def group_path(code: str) -> list[str]:
    """Every ancestor of an ESCO hierarchy code, root first: S5.6.1 -> [S, S5, S5.6, S5.6.1]."""
    code = code.strip()
    if not code:
        return []
    if re.fullmatch(r"K\d+", code):  # ISCED-F knowledge codes: K, K06, K061, K0613
        return ["K", *[code[:n] for n in range(3, len(code) + 1)]]
    parts = code.split(".")
    head = parts[0]
    return [head[0], *([head] if len(head) > 1 else []), *[".".join(parts[:i]) for i in range(2, len(parts) + 1)]]


def emerging_fingerprint(catalog_dir: Path) -> str:
    path = Path(catalog_dir) / EMERGING_FILE
    return file_sha256(path) if path.exists() else "none"


def load_emerging(catalog_dir: Path) -> pd.DataFrame:
    path = Path(catalog_dir) / EMERGING_FILE
    frame = read_shipped_table(path, EMERGING_COLUMNS, dtype=str, keep_default_na=False)
    frame["exposure"] = frame["exposure"].astype(float)
    frame["human_edge"] = frame["human_edge"].astype(float)
    return frame


def with_emerging(taxonomy: Taxonomy, emerging: pd.DataFrame) -> Taxonomy:
    """The taxonomy plus the emerging skills it does not already hold."""
    new = emerging[~emerging["skill_id"].isin(set(taxonomy.skills["skill_id"]))]
    if new.empty:
        return taxonomy
    rows = pd.DataFrame({
        "skill_id": new["skill_id"], "label": new["label"],
        "alt_labels": [[a.strip() for a in v.split("|") if a.strip()] for v in new["alt_labels"]],
        "description": new["description"],
        "skill_type": ["knowledge" if g.startswith("K") else "skill/competence" for g in new["nearest_group"]],
        "reuse_level": "cross-sector",
        "groups": [group_path(c) for c in new["nearest_group"]],
        "group_names": [[taxonomy.groups.get(c, "") for c in group_path(g)] for g in new["nearest_group"]],
        "collections": [["emerging", "digital"]] * len(new),
        "source": "NextSkill emerging AI-era skills (catalog/emerging_skills.csv)",
    })[SKILL_COLUMNS]
    skills = pd.concat([taxonomy.skills, rows], ignore_index=True)
    return Taxonomy(skills=skills, occupations=taxonomy.occupations, occupation_skills=taxonomy.occupation_skills,
                    skill_relations=taxonomy.skill_relations, groups=taxonomy.groups,
                    meta={**taxonomy.meta, "emerging_skills": int(len(rows))})
