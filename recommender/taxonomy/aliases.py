"""Tool and product names people write ("Excel", "Canva", "Zendesk") and the stock phrases of CVs
and job ads ("driving licence", "team player"), each tied to the skill its use shows, shipped in
catalog/skill_aliases.csv.

ESCO names practices ("use spreadsheets software", "drive vehicles"), CVs name tools and
licences; the aliases join the skills' alt labels, so the label search, extraction and skill
search find them like any label.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..storage import file_sha256, read_shipped_table
from .model import Taxonomy

ALIASES_FILE = "skill_aliases.csv"
ALIAS_COLUMNS = ["alias", "skill_id", "label"]


def aliases_fingerprint(catalog_dir: Path) -> str:
    path = Path(catalog_dir) / ALIASES_FILE
    return file_sha256(path) if path.exists() else "none"


def load_aliases(catalog_dir: Path) -> pd.DataFrame:
    """The alias table; an absent file means no aliases, an unreadable one is an error."""
    path = Path(catalog_dir) / ALIASES_FILE
    if not path.exists():
        return pd.DataFrame(columns=ALIAS_COLUMNS)
    frame = read_shipped_table(path, ALIAS_COLUMNS, dtype=str, keep_default_na=False)
    frame["alias"] = frame["alias"].str.strip()
    return frame[frame["alias"].str.len().between(1, 80)]


def with_aliases(taxonomy: Taxonomy, aliases: pd.DataFrame) -> Taxonomy:
    """The taxonomy with each alias added to its skill's alt labels (aliases of skills the active
    taxonomy lacks, or already among its labels, are skipped)."""
    if aliases.empty:
        return taxonomy
    extra: dict[str, list[str]] = {}
    for alias, skill_id in zip(aliases["alias"], aliases["skill_id"]):
        extra.setdefault(skill_id, []).append(alias)
    skills = taxonomy.skills.copy()
    added = 0

    def merge(skill_id: str, label: str, alts: list[str]) -> list[str]:
        nonlocal added
        known = {label.lower(), *(a.lower() for a in alts)}
        new = [a for a in dict.fromkeys(extra.get(skill_id, ())) if a.lower() not in known]
        added += len(new)
        return [*alts, *new]

    skills["alt_labels"] = [merge(s, label, list(alts)) for s, label, alts in
                            zip(skills["skill_id"], skills["label"], skills["alt_labels"])]
    return Taxonomy(skills=skills, occupations=taxonomy.occupations, occupation_skills=taxonomy.occupation_skills,
                    skill_relations=taxonomy.skill_relations, groups=taxonomy.groups,
                    meta={**taxonomy.meta, "skill_aliases": added})
