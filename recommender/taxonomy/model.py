"""The taxonomy as plain tables, and where it came from."""
from __future__ import annotations

from dataclasses import dataclass, field

import re

import pandas as pd

_WORD = re.compile(r"[a-z0-9+#]+")
_LITTLE = frozenset("a an the of and or to in for on with by at as".split())

SKILL_COLUMNS = [
    "skill_id", "label", "alt_labels", "description", "skill_type", "reuse_level",
    "groups", "group_names", "collections", "source",
]
OCCUPATION_COLUMNS = ["occupation_id", "label", "alt_labels", "description", "isco_group", "source"]
OCCUPATION_SKILL_COLUMNS = ["occupation_id", "skill_id", "relation"]
SKILL_RELATION_COLUMNS = ["skill_id", "related_skill_id", "relation"]


@dataclass(frozen=True)
class Taxonomy:
    """Skills, occupations and their relations.

    skills: one row per skill; ``alt_labels``, ``groups`` (hierarchy codes such as S1.1 or
        K0613, every level), ``group_names`` and ``collections`` (transversal, digital, green,
        language) are lists. ``skill_type`` is "knowledge" or "skill/competence".
    occupations: one row per occupation; ``alt_labels`` is a list; ``isco_group`` may be empty.
    occupation_skills: essential/optional relations (empty unless an official bundle was imported).
    skill_relations: skill-to-skill relations (empty unless an official bundle was imported).
    groups: hierarchy code -> name.
    meta: name, source, version, created, counts, input checksums.
    """

    skills: pd.DataFrame
    occupations: pd.DataFrame
    occupation_skills: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=OCCUPATION_SKILL_COLUMNS))
    skill_relations: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=SKILL_RELATION_COLUMNS))
    groups: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, frame, cols in (
            ("skills", self.skills, SKILL_COLUMNS),
            ("occupations", self.occupations, OCCUPATION_COLUMNS),
            ("occupation_skills", self.occupation_skills, OCCUPATION_SKILL_COLUMNS),
            ("skill_relations", self.skill_relations, SKILL_RELATION_COLUMNS),
        ):
            missing = [c for c in cols if c not in frame.columns]
            if missing:
                raise ValueError(f"taxonomy table {name} lacks columns {missing}")

    def summary(self) -> dict:
        """Counts and provenance: what ``taxonomy info`` prints."""
        return {
            "name": self.meta.get("name"),
            "source": self.meta.get("source"),
            "version": self.meta.get("version"),
            "created": self.meta.get("created"),
            "skills": int(len(self.skills)),
            "occupations": int(len(self.occupations)),
            "occupation_skill_relations": int(len(self.occupation_skills)),
            "skill_skill_relations": int(len(self.skill_relations)),
            "has_official_relations": bool(len(self.occupation_skills)),
        }


def label_rows(frame: pd.DataFrame) -> tuple[list[str], list[int]]:
    """All labels of a table (preferred first, then alt labels) and the row each belongs to.

    Labels of one concept that use the same words (up to order, word endings and little words:
    "manage musical staff", "manage staff of music") are kept once, which saves a quarter of the
    embedding time (docs/benchmarks.md); the same text under two concepts is kept for both.
    """
    texts, owners = [], []
    for i, (label, alts) in enumerate(zip(frame["label"], frame["alt_labels"])):
        seen = set()
        for text in [label, *list(alts if alts is not None else [])]:
            text = " ".join(str(text).lower().split())
            key = " ".join(sorted({w[:5] for w in _WORD.findall(text) if w not in _LITTLE})) or text
            if text and key not in seen:
                seen.add(key)
                texts.append(text)
                owners.append(i)
    return texts, owners


def label_bags(frame: pd.DataFrame) -> list[str]:
    """All label words of each concept in one string: the documents of lexical search."""
    return [" ".join([str(label), *list(alts if alts is not None else [])])
            for label, alts in zip(frame["label"], frame["alt_labels"])]
