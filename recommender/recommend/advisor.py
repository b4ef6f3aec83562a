"""From a profile and optional targets to the ``recommend`` document (docs/cli.md).

    from recommender import NextSkill
    ns = NextSkill.default()
    plan = ns.recommend("I deliver food by bike...", targets=["data analyst"])

The Advisor resolves targets (occupation title or id, job ads), reads the profile with the
profile reader and hands arrays to the pure functions in engine.py.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Sequence

import numpy as np

from ..errors import QueryError
from ..profile import Extraction
from .engine import (Credit, Held, SkillSpace, Target, at_risk, closest_occupations, gaps, next_skills,
                     reachable)
from .requirements import Requirements, from_job_ads

if TYPE_CHECKING:
    from ..nextskill import NextSkill

TITLE_ACCEPT = 0.6  # title search score below which we offer the closest titles instead of guessing
MAX_TARGETS = 3
MAX_JOB_ADS = 5
FEW_AD_SKILLS = 3  # an "ad" with fewer recognisable skills than this is probably not one
_ID = re.compile(r"^(https?://|nextskill:)\S+$")


class TargetError(QueryError):
    """A target could not be resolved; the message offers what would work."""


@dataclass
class Advisor:
    ns: "NextSkill"
    space: SkillSpace
    requirements: Requirements
    _targets: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- targets ----------------------------------------------------------------------------
    def occupation_target(self, query: str) -> Target:
        """The occupation a typed title or an id names, with its requirements (remembered: the app
        asks again on every change of a skill or a limit)."""
        query = " ".join(str(query).split())
        target = self._targets.get(query)
        if target is None:
            target = self._resolve(query)
            with self._lock:  # the app serves several sessions from one engine, in threads
                if len(self._targets) >= 256:
                    self._targets.pop(next(iter(self._targets)))
                self._targets[query] = target
        return target

    def _resolve(self, query: str) -> Target:
        occupations = self.ns.taxonomy.occupations
        if not query:
            raise TargetError("empty target: type a job title, e.g. `data analyst`")
        if _ID.match(query):
            rows = np.flatnonzero(occupations["occupation_id"].to_numpy() == query)
            if not len(rows):
                raise TargetError(f"unknown occupation id: {query}; find ids with "
                                  "`python -m recommender occupations search TITLE`")
            return self._occupation(int(rows[0]), f"id {query}")
        matches = self.ns.search_occupations([query], top_k=5)[0]
        best = matches[0]
        if best["score"] < TITLE_ACCEPT:
            closest = "; ".join(f"'{m['label']}' ({m['occupation_id']})" for m in matches[:3])
            raise TargetError(f"no occupation matches '{query}' well (best score {best['score']:.2f}); "
                              f"closest: {closest}. Pass one of these titles or ids, or paste job ads "
                              "with --job-ad instead")
        row = int(np.flatnonzero(occupations["occupation_id"].to_numpy() == best["occupation_id"])[0])
        target = self._occupation(row, f"title '{query}' (score {best['score']:.2f})")
        others = [m["label"] for m in matches[1:3] if best["score"] - m["score"] < 0.03]
        if others:
            target.notes.append("also close: " + ", ".join(f"'{o}'" for o in others) + "; pass an id to pick one")
        return target

    def _occupation(self, row: int, matched_by: str) -> Target:
        occupations = self.ns.taxonomy.occupations
        rows, weights = self.requirements.row(row)
        target = Target("occupation", occupations.at[row, "occupation_id"], occupations.at[row, "label"],
                        rows, weights, self.requirements.source, matched_by)
        if self.requirements.source == "inferred":
            target.notes.append("requirements inferred from the occupation's description (no official "
                                "relations loaded; `taxonomy import` the ESCO bundle for them)")
        if not len(rows):
            target.notes.append("no requirements known for this occupation")
        return target

    def job_ads_target(self, ads: Sequence[str]) -> Target:
        if not 1 <= len(ads) <= MAX_JOB_ADS:
            raise TargetError(f"give 1 to {MAX_JOB_ADS} job ads, got {len(ads)}")
        extractions = self.ns.extract(list(ads))
        found, notes = [], []
        for i, ex in enumerate(extractions, 1):
            if not ex.skills:
                why = ex.notes[0] if ex.notes and not ex.notes[0].startswith("no recognisable") else ""
                raise TargetError(f"job ad {i} has no recognisable skills{': ' + why if why else ''}; "
                                  "is it a job ad? Paste the ad's full text (duties and requirements)")
            if len(ex.skills) < FEW_AD_SKILLS:
                notes.append(f"job ad {i}: only {len(ex.skills)} skills found; it may not be a job ad")
            found.append([self._row(f.skill_id) for f in ex.skills])
        rows, weights = from_job_ads(found)
        label = "the job ad" if len(ads) == 1 else f"{len(ads)} job ads"
        return Target("job_ads", "job-ads", label, rows, weights, "job ads", "skills found in the ads",
                      ads=len(ads), notes=notes)

    def _row(self, skill_id: str) -> int:
        return self.ns.skill_row(skill_id)

    # --- the whole answer -------------------------------------------------------------------
    def held(self, extraction: Extraction) -> list[Held]:
        return [Held(self._row(f.skill_id), f.score, f.evidence, f.stated, sure=f.sure) for f in extraction.skills]

    @cached_property
    def occupation_rows(self) -> tuple[list[str], list[str], np.ndarray]:
        """Occupation ids, labels, and the rows that are jobs: ISCO group rows are headings, not
        jobs, so they are not reachable, nor a line of work."""
        occupations = self.ns.taxonomy.occupations
        jobs = np.flatnonzero(~occupations["occupation_id"].str.contains("/isco/").to_numpy())
        return occupations["occupation_id"].tolist(), occupations["label"].tolist(), jobs

    def advise(self, held: list[Held], targets: list[Target], top_k: int = 10, notes: Sequence[str] = ()) -> dict:
        if top_k < 1:
            raise QueryError(f"top_k must be at least 1, got {top_k}")
        space, credit = self.space, Credit.of(self.space, held)
        ids, labels, jobs = self.occupation_rows
        line = []
        if held and not targets:
            rows = np.array([h.row for h in held])
            profile = (space.vectors[rows] * np.array([h.score for h in held], np.float32)[:, None]).sum(0)
            similarity = self.ns._search("occupations").descriptions[jobs] @ (profile / np.linalg.norm(profile))
            line = [(self._occupation(o, "closest to the profile"), cov)
                    for o, cov in closest_occupations(self.requirements, jobs, credit, similarity)]
        compared = []
        for t in targets:
            g, coverage = gaps(t, space, credit)
            compared.append({"target": t.describe(), "coverage": coverage, "gaps": g})
        return {
            "profile_skills": [{**space.record(h.row), "evidence": h.evidence, "score": round(h.score, 4),
                                "stated": h.stated, "exposure": round(float(space.exposure[h.row]), 3),
                                "category": str(space.category[h.row])} for h in held],
            "target": compared[0]["target"] if compared else None,
            "coverage": compared[0]["coverage"] if compared else None,
            "gaps": compared[0]["gaps"] if compared else [],
            "targets": compared,
            "line_of_work": [{"occupation_id": t.id, "label": t.label, "coverage": round(100 * c, 1)}
                             for t, c in line],
            "at_risk": at_risk(space, held, credit, requirements=self.requirements),
            "recommendations": next_skills(space, held, credit, targets, line, top_k),
            "reachable": reachable(self.requirements, ids, labels, jobs, space, credit) if held else [],
            "requirements_source": self.requirements.source,
            "notes": list(notes),
        }
