"""Gig platforms people name ("I drive for Uber and Bolt", "4,000 deliveries on Deliveroo"), shipped
in catalog/gig_platforms.csv, each with the kind of work it stands for and the skills that work shows.

A platform's name says where the work was found, not what it was: left to the encoder, "Bolt"
reads as a fastener and "Amazon Flex" as cloud computing. So names are masked out of the vectors
(like clients, segment.client_spans) and the work they stand for is added as inferred skills, with
the sentence as evidence. Names that are also plain words ("Bolt", "Rover", "Handy") count only
capitalised and in a sentence about gig work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path


from ..storage import read_shipped_table

PLATFORMS_FILE = "gig_platforms.csv"
PLATFORM_COLUMNS = ["platform", "kind", "ambiguous", "skills"]
GIG_WORDS = re.compile(r"\b(?:driv\w*|drove|rid(?:e|es|er|ers|ing)|trips?|couriers?|deliver\w*|orders?|gigs?|apps?|platforms?|"
                       r"tasks?|jobs?|clients?|customers?|hosts?|hosting|sitting|walk\w*|transcri\w*|tutor\w*|"
                       r"lessons?|freelanc\w*|shifts?|ratings?|reviews?|stars?)\b", re.I)


@dataclass(frozen=True)
class Platform:
    name: str
    kind: str
    ambiguous: bool
    skills: tuple[str, ...]  # skill labels, as in the taxonomy


@dataclass(frozen=True)
class Platforms:
    """The platform table, matched in text."""

    entries: tuple[Platform, ...] = ()
    _plain: re.Pattern | None = field(default=None, compare=False)
    _ambiguous: re.Pattern | None = field(default=None, compare=False)
    rows: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)  # name -> skill rows (``resolve``)

    @classmethod
    def of(cls, entries: list[Platform]) -> "Platforms":
        def pattern(names: list[str]) -> re.Pattern | None:
            if not names:
                return None
            names = sorted(set(names), key=len, reverse=True)  # "Uber Eats" before "Uber"
            return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
        return cls(tuple(entries), pattern([e.name for e in entries if not e.ambiguous]),
                   pattern([e.name for e in entries if e.ambiguous]))

    def resolve(self, labels: list[str]) -> "Platforms":
        """The same table with each platform's skills as rows of ``labels`` (the active taxonomy's;
        labels it lacks are left out)."""
        row = {}
        for i, label in enumerate(labels):
            row.setdefault(label, i)
        rows = {e.name: tuple(row[s] for s in e.skills if s in row) for e in self.entries}
        return replace(self, rows=rows)

    @cached_property
    def by_name(self) -> dict[str, Platform]:
        return {e.name: e for e in self.entries}

    def find(self, sentence: str) -> list[tuple[int, int, Platform]]:
        """(start, end, platform) of every platform named in a sentence, in order."""
        found = [(m.start(), m.end(), m.group(0)) for m in self._plain.finditer(sentence)] if self._plain else []
        if self._ambiguous is not None and GIG_WORDS.search(sentence):
            found += [(m.start(), m.end(), m.group(0)) for m in self._ambiguous.finditer(sentence)]
        by_name = self.by_name
        return [(a, b, by_name[n]) for a, b, n in sorted(found)]

    def spans(self, sentence: str) -> list[tuple[int, int]]:
        return [(a, b) for a, b, _ in self.find(sentence)]


NO_PLATFORMS = Platforms()


def load_platforms(catalog_dir: Path) -> Platforms:
    """The platform table; an absent file means none, an unreadable one is an error."""
    path = Path(catalog_dir) / PLATFORMS_FILE
    if not path.exists():
        return NO_PLATFORMS
    frame = read_shipped_table(path, PLATFORM_COLUMNS, dtype=str, keep_default_na=False)
    entries = [Platform(name.strip(), kind.strip(), ambiguous.strip().lower() in ("yes", "true", "1"),
                        tuple(s.strip() for s in skills.split("|") if s.strip()))
               for name, kind, ambiguous, skills in frame[PLATFORM_COLUMNS].itertuples(index=False)
               if 1 <= len(name.strip()) <= 60]
    return Platforms.of(entries)
