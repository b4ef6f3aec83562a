"""Gap analysis, next skills, at-risk pivots and reachable occupations: pure functions over arrays.

Every score is a transparent mix of four named parts, and every recommendation carries the
sentences that explain it:

    score = 0.40 relevance        required by the target, or part of the person's line of work
          + 0.25 complementarity  holds up against AI (category and human edge, exposure model)
          + 0.20 adjacency        close to a skill the person has: learnable next
          + 0.15 breadth          how many occupations need it
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..search import top_k_columns
from .requirements import ESSENTIAL, Requirements

HAVE_SIM = 0.9  # a skill this close (cosine of label centroids) to a held one counts as held
PARTIAL_SIM = 0.7  # ...this close: partly held
BUILDS_ON_SIM = 0.5  # a held skill this close is named as what a recommendation builds on
DIVERSE_SIM = 0.8  # two recommendations closer than this are variants: keep the better one
PIVOT_SIM = 0.45
NEXT_STEP_SIM = 0.45  # without a target, a recommendation must be this close to a held skill
NEIGHBOURS = 25  # candidates per held skill
MIX = {"relevance": 0.40, "complementarity": 0.25, "adjacency": 0.20, "breadth": 0.15}
CATEGORY_VALUE = {"human_centric": 1.0, "ai_builder": 0.9, "ai_augmented": 0.8, "at_risk": 0.2}
CATEGORY_TEXT = {
    "human_centric": "holds up against AI: human-centric",
    "ai_augmented": "AI makes it faster, the judgement stays yours: AI-augmented",
    "ai_builder": "builds or runs AI systems: demand grows as AI spreads",
    "at_risk": "exposed to automation by AI",
}


@dataclass(frozen=True)
class SkillSpace:
    """Everything known per skill, in taxonomy row order."""

    ids: list[str]
    labels: list[str]
    vectors: np.ndarray  # unit vectors
    category: np.ndarray  # str per skill
    exposure: np.ndarray
    human_edge: np.ndarray
    breadth: np.ndarray  # occupations needing it (weighted count)
    groups: list[frozenset] = field(default_factory=list)  # hierarchy codes below the top level, e.g. S2.4

    @staticmethod
    def branch_codes(codes) -> frozenset:
        """The codes that say what kind of work a skill is: not the roots (S, K, L) nor transversal (T...)."""
        return frozenset(c for c in codes if len(c) >= 2 and not c.startswith("T"))

    def is_language(self, row: int) -> bool:
        return bool(self.groups) and any(c.startswith("L") for c in self.groups[row])

    def same_branch(self, a: int, b: int) -> bool:
        """True when the two skills share a hierarchy branch, or either has none."""
        if not self.groups or not self.groups[a] or not self.groups[b]:
            return True
        return bool(self.groups[a] & self.groups[b])

    def record(self, row: int) -> dict:
        return {"skill_id": self.ids[row], "label": self.labels[row]}

    @cached_property
    def complementarity(self) -> np.ndarray:
        """How well each skill holds up against AI: its category's value and its human edge."""
        return 0.5 * np.array([CATEGORY_VALUE[c] for c in self.category], np.float32) + 0.5 * self.human_edge

    @cached_property
    def breadth_share(self) -> np.ndarray:
        """Breadth on a log scale, 1 for the skill most occupations need."""
        return np.log1p(self.breadth) / max(float(np.log1p(self.breadth.max())), 1e-9)


@dataclass(frozen=True)
class Held:
    row: int
    score: float
    evidence: str
    stated: bool = True
    level: str | None = None  # "beginner" counts as partly held: the skill is still worth learning
    sure: bool = True  # False: the reader's guess (see profile/extract.py SURE); not flagged as at risk


@dataclass
class Target:
    """What a person aims at: an occupation or a handful of job ads, as weighted skill rows."""

    kind: str  # "occupation" | "job_ads"
    id: str
    label: str
    rows: np.ndarray
    weights: np.ndarray
    source: str  # "official" | "inferred" | "job ads"
    matched_by: str = ""
    ads: int = 0
    notes: list[str] = field(default_factory=list)

    def weight_of(self) -> dict[int, float]:
        return {int(r): float(w) for r, w in zip(self.rows, self.weights)}

    def relation(self, weight: float) -> str:
        if self.kind == "job_ads":
            return f"asked for in {round(weight * self.ads)} of {self.ads} job ads"
        kind = "essential" if weight >= ESSENTIAL else "optional"
        return kind if self.source == "official" else f"{kind} (inferred from the description)"

    def describe(self) -> dict:
        return {"kind": self.kind, "id": self.id, "label": self.label, "requirements_source": self.source,
                "matched_by": self.matched_by, "requirements": int(len(self.rows)), "notes": self.notes}


@dataclass(frozen=True)
class Credit:
    """How far the person has each skill: 1 have, 0.5 partial, 0 missing; and through which held skill."""

    value: np.ndarray
    best_sim: np.ndarray
    best_held: np.ndarray  # row of the closest held skill (-1 without any)
    sims: np.ndarray  # held x skills cosines, in the order of ``held``: pivots and neighbours reuse them

    @classmethod
    def of(cls, space: SkillSpace, held: list[Held]) -> "Credit":
        n = len(space.ids)
        if not held:
            return cls(np.zeros(n, np.float32), np.zeros(n, np.float32), np.full(n, -1, np.int64),
                       np.zeros((0, n), np.float32))
        rows = np.array([h.row for h in held])
        cap = np.array([0.5 if h.level == "beginner" else 1.0 for h in held], np.float32)
        held_sims = space.vectors[rows] @ space.vectors.T  # held x skills: rows are contiguous
        held_sims[np.arange(len(rows)), rows] = 1.0
        credit = np.minimum(0.5 * (held_sims >= PARTIAL_SIM).astype(np.float32) + 0.5 * (held_sims >= HAVE_SIM),
                            cap[:, None])
        # The held skill that gives the most credit, the closest among equals.
        best = (credit * 4 + held_sims).argmax(0)  # credit steps are 0.5 apart, sims at most 2: credit first
        every = np.arange(n)
        return cls(credit[best, every].astype(np.float32), held_sims[best, every].astype(np.float32),
                   rows[best], held_sims)


def gaps(target: Target, space: SkillSpace, credit: Credit) -> tuple[list[dict], float]:
    """Each requirement as have / partial / missing with what matched it; weighted coverage in %."""
    out = []
    for r, w in zip(target.rows, target.weights):
        r = int(r)
        c = float(credit.value[r])
        status = "have" if c >= 1 else "partial" if c > 0 else "missing"
        by = int(credit.best_held[r])
        out.append({**space.record(r), "status": status, "relation": target.relation(float(w)),
                    "weight": round(float(w), 3),
                    "matched_by": {**space.record(by), "similarity": round(float(credit.best_sim[r]), 3)}
                    if status != "missing" else None,
                    "category": str(space.category[r]), "exposure": round(float(space.exposure[r]), 3)})
    total = float(target.weights.sum())
    coverage = float((target.weights * credit.value[target.rows]).sum()) / total if total else 0.0
    return out, round(100 * coverage, 1)


def at_risk(space: SkillSpace, held: list[Held], credit: Credit, pivots: int = 2,
            requirements: Requirements | None = None) -> list[dict]:
    """The person's own at-risk skills, each with pivots: close skills in the same branch of the
    hierarchy, with a human edge or AI leverage, and (given ``requirements``) asked for by the same
    occupations: "proofread text" pivots to "apply grammar and spelling rules", not to the court
    skill "ensure sentence execution" its words resemble. Languages are left out: their exposure
    rates translation work, not speaking with the people you serve."""
    out = []
    for h, sims in zip(held, credit.sims):
        if space.category[h.row] != "at_risk" or space.is_language(h.row) or not h.sure:
            continue  # a guess is not the person's skill until they confirm it
        ok = (sims >= PIVOT_SIM) & (space.category != "at_risk") & (credit.value < 1)
        order = np.flatnonzero(ok)
        score = sims[order] * (0.5 + 0.5 * space.human_edge[order])
        if requirements is not None:
            score = score * (0.5 + 0.5 * requirements.co_required(h.row)[order])
        order = order[np.argsort(-score)]
        chosen: list[int] = []
        for r in order:
            if space.same_branch(h.row, int(r)) and all(
                    float(space.vectors[r] @ space.vectors[c]) < DIVERSE_SIM for c in chosen):
                chosen.append(int(r))
            if len(chosen) == pivots:
                break
        out.append({**space.record(h.row), "exposure": round(float(space.exposure[h.row]), 3),
                    "human_edge": round(float(space.human_edge[h.row]), 3), "evidence": h.evidence,
                    "reason": f"AI can do much of this already (exposure {space.exposure[h.row]:.2f}, "
                              f"human edge {space.human_edge[h.row]:.2f})",
                    "pivots": [{**space.record(r), "category": str(space.category[r]),
                                "similarity": round(float(sims[r]), 3),
                                "why": CATEGORY_TEXT[str(space.category[r])]} for r in chosen]})
    return out


def reachable(requirements: Requirements, occupation_ids: list[str], occupation_labels: list[str],
              candidates: np.ndarray, space: SkillSpace, credit: Credit, top: int = 10) -> list[dict]:
    """Occupations the person is closest to reaching: coverage of their requirements, AI exposure,
    and the two or three skills that would close the distance."""
    weights = requirements.weights[candidates]
    totals = np.asarray(weights.sum(axis=1)).ravel()
    totals[totals == 0] = np.inf
    coverage = (weights @ credit.value) / totals
    exposure = (weights @ space.exposure) / totals
    rank = coverage * (1 - 0.5 * exposure)  # half the credit for the share AI could take over
    out = []
    for i in np.argsort(-rank)[:top]:
        o = int(candidates[i])
        rows, w = requirements.row(o)
        weight = dict(zip(rows.tolist(), w.tolist()))
        missing = [int(r) for r in rows[credit.value[rows] < 1]]
        missing.sort(key=lambda r: (-weight[r], space.category[r] == "at_risk", float(space.exposure[r])))
        out.append({"occupation_id": occupation_ids[o], "label": occupation_labels[o],
                    "coverage": round(100 * float(coverage[i]), 1), "exposure": round(float(exposure[i]), 3),
                    "missing": [space.record(r) for r in missing[:3]]})
    return out


def closest_occupations(requirements: Requirements, candidates: np.ndarray, credit: Credit,
                        similarity: np.ndarray, top: int = 3) -> list[tuple[int, float]]:
    """The person's current line of work: occupations whose requirements they cover, and whose
    description is close to their skills as a whole (``similarity``, one per candidate)."""
    weights = requirements.weights[candidates]
    totals = np.maximum(np.asarray(weights.sum(axis=1)).ravel(), 1e-9)
    coverage = (weights @ credit.value) / totals
    fit = coverage / max(float(coverage.max()), 1e-9) + np.clip(similarity, 0, 1) / max(float(similarity.max()), 1e-9)
    order = np.argsort(-fit)[:top]
    return [(int(candidates[i]), float(coverage[i])) for i in order if coverage[i] > 0]


def next_skills(space: SkillSpace, held: list[Held], credit: Credit, targets: list[Target],
                line_of_work: list[tuple[Target, float]], top_k: int = 10) -> list[dict]:
    """Ranked, diverse, explained next skills. ``targets`` are the person's chosen ones; without
    them ``line_of_work`` (occupations they are closest to, with coverage) stands in."""
    n = len(space.ids)
    relevance = np.zeros(n, np.float32)
    required_by: dict[int, list[str]] = {}
    aims = targets or [t for t, _ in line_of_work]
    scale = {id(t): 1.0 for t in targets} or {id(t): 0.6 + 0.4 * cov for t, cov in line_of_work}
    for t in aims:
        w = t.weights / max(float(t.weights.max()), 1e-9) if len(t.weights) else t.weights
        relevance[t.rows] = np.maximum(relevance[t.rows], w * scale[id(t)])
        for r, weight in zip(t.rows, t.weights):
            required_by.setdefault(int(r), []).append(
                f"fills a gap: {t.relation(float(weight))} for '{t.label}'" if targets else
                f"part of the work of '{t.label}', the occupation your profile is closest to")
    # Near the aims, or near what the person has: worth a place too, at a lower relevance.
    held_rows = np.array([h.row for h in held], dtype=np.int64)
    aim_rows = np.concatenate([t.rows for t in aims]) if aims else np.zeros(0, np.int64)
    candidates = set(int(r) for r in aim_rows)
    if len(held_rows):
        candidates.update(top_k_columns(credit.sims, NEIGHBOURS + 1).ravel().tolist())
    if len(aim_rows):  # near what the person aims at: a lower relevance (only candidates are ranked)
        cand = np.fromiter(candidates, np.int64, len(candidates))
        near_aim = 0.5 * np.clip((space.vectors[cand] @ space.vectors[aim_rows].T).max(1), 0, 1)
        relevance[cand] = np.where(relevance[cand] == 0, near_aim, relevance[cand])
    adjacency = np.clip(credit.best_sim, 0, 1) if len(held_rows) else np.zeros(n, np.float32)
    complementarity, breadth = space.complementarity, space.breadth_share
    score = (MIX["relevance"] * relevance + MIX["complementarity"] * complementarity
             + MIX["adjacency"] * adjacency + MIX["breadth"] * breadth)

    def allowed(r: int) -> bool:
        if credit.value[r] >= 1:  # held, or as good as held
            return False
        if r not in required_by and adjacency[r] < BUILDS_ON_SIM and relevance[r] < 0.5 * BUILDS_ON_SIM:
            return False  # neither asked for, nor near what the person has or aims at
        if not targets and adjacency[r] < NEXT_STEP_SIM:
            return False  # without a target, stay close to what the person does: a step, not a leap
        # An at-risk skill only when a chosen target requires it (and then it says so).
        return space.category[r] != "at_risk" or (bool(targets) and r in required_by)

    ordered = sorted((r for r in candidates if allowed(r)), key=lambda r: (-score[r], r))
    chosen: list[int] = []
    for r in ordered:
        if all(float(space.vectors[r] @ space.vectors[c]) < DIVERSE_SIM for c in chosen):
            chosen.append(r)
        if len(chosen) == top_k:
            break
    out = []
    for r in chosen:
        builds_on = _builds_on(space, held_rows, r)
        reasons = list(dict.fromkeys(required_by.get(r, [])))[:2]
        if not reasons and aims:
            reasons.append(f"close to what '{aims[0].label}' asks for" if targets else
                           "close to the skills you already use")
        if credit.value[r] > 0:
            reasons.append(f"you are part-way there: you have '{space.labels[int(credit.best_held[r])]}'")
        elif builds_on:
            reasons.append("builds on what you have: " + ", ".join(f"'{b['label']}'" for b in builds_on))
        cat = str(space.category[r])
        reasons.append(f"{CATEGORY_TEXT[cat]} (AI exposure {space.exposure[r]:.2f}, "
                       f"human edge {space.human_edge[r]:.2f})"
                       + (": learn it because the target requires it, and pair it with a human-edge skill"
                          if cat == "at_risk" else ""))
        if space.breadth[r] >= 1:
            reasons.append(f"needed in about {int(round(space.breadth[r]))} occupations")
        out.append({**space.record(r), "category": cat, "score": round(float(score[r]), 4),
                    "exposure": round(float(space.exposure[r]), 3), "human_edge": round(float(space.human_edge[r]), 3),
                    "reasons": reasons, "builds_on": builds_on,
                    "parts": {"relevance": round(float(relevance[r]), 3),
                              "complementarity": round(float(complementarity[r]), 3),
                              "adjacency": round(float(adjacency[r]), 3), "breadth": round(float(breadth[r]), 3)}})
    return out


def _builds_on(space: SkillSpace, held_rows: np.ndarray, row: int, most: int = 2) -> list[dict]:
    if not len(held_rows):
        return []
    sims = space.vectors[held_rows] @ space.vectors[row]
    order = np.argsort(-sims)
    return [{**space.record(int(held_rows[i])), "similarity": round(float(sims[i]), 3)}
            for i in order[:most] if sims[i] >= BUILDS_ON_SIM]
