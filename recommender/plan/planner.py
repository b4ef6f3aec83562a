"""A learning plan: a few courses that cover the most valuable wanted skills within a worker's limits.

Selection is weighted budgeted maximum coverage: a course is worth the weight of the wanted skills it
teaches times its match score, minus what the plan already covers. Greedy by marginal worth per
hour is the classic approximation; on its own it can lose to one long, valuable course, so greedy
is also run seeded with the best single course and the better plan wins (Khuller, Moss & Naor).
"""
from __future__ import annotations

import heapq
import math
import numbers
import re
from dataclasses import asdict, dataclass

import pandas as pd

from ..catalog.schema import LEVELS
from ..errors import QueryError

THRESHOLD = 0.5  # a match score below this does not count as teaching the skill
DEFAULT_HOURS = 10.0  # assumed length of a course whose hours are not stated (flagged in its notes)
UNKNOWN_LEVEL_RANK = 1  # a course of unstated level is ordered with intermediate ones
EPS = 1e-9

NO_COURSE = "no course in the catalogue teaches it"
OVER_BUDGET = "the only courses are over budget"
NO_TIME = "does not fit in the hours"
FILTERED = "filtered by level/language"


class PlanError(QueryError):
    """The plan's inputs are unusable; the message says which one and how to fix it."""


HOURS_IN_A_WEEK = 168
MAX_WEEKS = 520  # ten years of weekly study


@dataclass(frozen=True)
class Limits:
    """What a worker can give: study hours a week for some weeks, money, level and language.

    budget is in the courses' own currencies, added as if comparable (a warning names any mix).
    level is the highest level wanted; courses of unstated level pass. language is an ISO code.
    """

    hours_per_week: float
    weeks: int
    budget: float | None = None
    free_only: bool = False
    level: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        if not _finite(self.hours_per_week) or not 0 < self.hours_per_week <= HOURS_IN_A_WEEK:
            raise PlanError(f"hours per week must be a number above 0 and at most {HOURS_IN_A_WEEK}, "
                            f"got {_short(self.hours_per_week)}")
        if isinstance(self.weeks, bool) or not isinstance(self.weeks, numbers.Integral) or not 0 < self.weeks <= MAX_WEEKS:
            raise PlanError(f"weeks must be a whole number from 1 to {MAX_WEEKS}, got {_short(self.weeks)}")
        if self.budget is not None and (not _finite(self.budget) or self.budget < 0):
            raise PlanError(f"budget must be 0 or more (or None for no limit), got {self.budget!r}")
        if self.level is not None and self.level not in LEVELS:
            raise PlanError(f"level must be one of {', '.join(LEVELS)} (or None), got {self.level!r}")
        if self.language is not None and not str(self.language).strip():
            raise PlanError("language must be an ISO code such as 'en' (or None for any)")

    @property
    def hours_available(self) -> float:
        return float(self.hours_per_week) * int(self.weeks)


@dataclass
class _Course:
    """A catalogue row that teaches at least one wanted skill, with its cells parsed."""

    pos: int
    row: pd.Series
    covers: dict[str, float]  # wanted skill_id -> match score (>= THRESHOLD)
    hours: float
    hours_known: bool
    cost: float | None  # None: not stated

    @property
    def level(self) -> str:
        level = _text(self.row.get("level")).lower()
        return level if level in LEVELS else ""

    @property
    def level_rank(self) -> int:
        return LEVELS.index(self.level) if self.level else UNKNOWN_LEVEL_RANK

    @property
    def language(self) -> str:
        return _lang(_text(self.row.get("language")) or "en")

    @property
    def title(self) -> str:
        return _text(self.row.get("title"))

    def price(self) -> str:
        if self.cost is None:
            return "an unknown price"
        return f"{self.cost:g} {_text(self.row.get('currency'))}".strip()


def make_plan(wanted: list[dict], courses: pd.DataFrame, coverage: dict[str, list[tuple[int, float]]],
              limits: Limits) -> dict:
    """Choose and schedule courses for the wanted skills (best first) within ``limits``.

    ``coverage`` maps skill_id to ``[(row position in courses, match score 0..1)]``. Every wanted
    skill ends up covered by a chosen course or in ``uncovered`` with a reason and a suggestion.
    When nothing fits, the plan is empty and its warnings say what would fit.
    """
    wanted = _check_wanted(wanted)
    if courses is None or len(courses) == 0:
        raise PlanError("the course catalogue is empty: import one with `catalog import FILE`")
    if not isinstance(limits, Limits):
        raise PlanError("limits must be a Limits(hours_per_week=..., weeks=...)")
    candidates = _candidates(wanted, courses, coverage)
    eligible = [c for c in candidates if _passes_filters(c, limits) and _affordable(c, limits)]
    weights = {w["skill_id"]: w["weight"] for w in wanted}
    chosen = _select(eligible, weights, limits)
    ordered, warnings = _order(chosen, wanted)
    plan = _layout(ordered, wanted, limits)
    plan["uncovered"] = _uncovered(wanted, candidates, plan, limits)
    plan["warnings"] = warnings + _flags(ordered) + ([] if ordered else _what_would_fit(candidates, limits))
    return plan


def _check_wanted(wanted: list[dict]) -> list[dict]:
    if not wanted:
        raise PlanError("nothing wanted: give at least one skill to plan for")
    seen, clean = set(), []
    for item in wanted:
        skill_id = _text(item.get("skill_id")) if isinstance(item, dict) else ""
        if not skill_id:
            raise PlanError(f"each wanted skill needs a skill_id, got {item!r}")
        weight = item.get("weight", 1.0)
        if not _finite(weight) or weight <= 0:
            raise PlanError(f"wanted skill {skill_id!r} needs a weight above 0, got {weight!r}")
        if skill_id not in seen:  # a repeat is the same skill; the first (best) entry stands
            seen.add(skill_id)
            clean.append({"skill_id": skill_id, "label": _text(item.get("label")) or skill_id, "weight": float(weight)})
    return clean


def _candidates(wanted: list[dict], courses: pd.DataFrame, coverage: dict) -> list[_Course]:
    covers: dict[int, dict[str, float]] = {}
    for skill in wanted:
        for pos, score in coverage.get(skill["skill_id"], []):
            if not isinstance(pos, numbers.Integral) or not 0 <= pos < len(courses):
                raise PlanError(f"coverage for {skill['skill_id']!r} names course row {pos!r} but the catalogue "
                                f"has {len(courses)} rows: recompute coverage for this catalogue")
            if _finite(score) and score >= THRESHOLD:
                best = covers.setdefault(int(pos), {})
                best[skill["skill_id"]] = max(float(score), best.get(skill["skill_id"], 0.0))
    found = []
    for pos in sorted(covers):
        row = courses.iloc[pos]
        hours, cost = _number(row.get("hours")), _number(row.get("cost"))
        known = hours is not None and hours > 0
        found.append(_Course(pos, row, covers[pos], hours if known else DEFAULT_HOURS, known,
                             cost if cost is None or cost >= 0 else None))
    return found


def _passes_filters(course: _Course, limits: Limits) -> bool:
    """Level and language: the filters a worker sets, as opposed to money and time."""
    if limits.level and course.level and course.level_rank > LEVELS.index(limits.level):
        return False
    return not limits.language or course.language == _lang(limits.language)


def _affordable(course: _Course, limits: Limits) -> bool:
    """On its own price: free_only needs a stated 0; a budget needs a stated price within it."""
    if limits.free_only and course.cost != 0:
        return False
    return limits.budget is None or (course.cost is not None and course.cost <= limits.budget + EPS)


def _select(eligible: list[_Course], weights: dict[str, float], limits: Limits) -> list[_Course]:
    def worth(plan: list[_Course]) -> float:
        best: dict[str, float] = {}
        for course in plan:
            for skill, score in course.covers.items():
                best[skill] = max(best.get(skill, 0.0), score)
        return sum(weights[s] * score for s, score in best.items())

    fits_alone = [c for c in eligible if c.hours <= limits.hours_available + EPS]
    plans = [_greedy([], eligible, weights, limits)]
    if fits_alone:
        single = max(fits_alone, key=lambda c: (worth([c]), -c.hours, -c.pos))
        plans.append(_greedy([single], eligible, weights, limits))
    # More worth wins; on a tie, fewer hours.
    return max(plans, key=lambda p: (round(worth(p), 9), -sum(c.hours for c in p)))


def _greedy(seed: list[_Course], eligible: list[_Course], weights: dict[str, float], limits: Limits) -> list[_Course]:
    chosen = list(seed)
    best: dict[str, float] = {}
    for course in chosen:
        best.update({s: max(best.get(s, 0.0), v) for s, v in course.covers.items()})
    while True:
        hours = sum(c.hours for c in chosen)
        cost = sum(c.cost or 0.0 for c in chosen)
        pick, key = None, None
        for course in eligible:
            if course in chosen or hours + course.hours > limits.hours_available + EPS:
                continue
            if limits.budget is not None and cost + (course.cost or 0.0) > limits.budget + EPS:
                continue
            # A course must teach a skill not yet covered: better scores alone do not earn hours.
            if all(skill in best for skill in course.covers):
                continue
            gain = sum(weights[s] * max(0.0, v - best.get(s, 0.0)) for s, v in course.covers.items())
            candidate_key = (gain / course.hours, gain, -(course.cost or 0.0), -course.pos)
            if key is None or candidate_key > key:
                pick, key = course, candidate_key
        if pick is None:
            return chosen
        chosen.append(pick)
        best.update({s: max(best.get(s, 0.0), v) for s, v in pick.covers.items()})


def _order(chosen: list[_Course], wanted: list[dict]) -> tuple[list[_Course], list[str]]:
    """Beginner to advanced, except that a course whose prerequisites mention another chosen
    course's title or skill comes after that course."""
    labels = {w["skill_id"]: w["label"] for w in wanted}
    after: dict[int, set[int]] = {i: set() for i in range(len(chosen))}  # i -> courses that must precede i
    for i, course in enumerate(chosen):
        text = _text(course.row.get("prerequisites"))
        for j, other in enumerate(chosen):
            phrases = [other.title, *_skill_list(other.row.get("skills")), *(labels[s] for s in other.covers)]
            if i != j and text and any(_mentions(text, p) for p in phrases):
                after[i].add(j)
    heap = [(c.level_rank, i) for i, c in enumerate(chosen) if not after[i]]
    heapq.heapify(heap)
    placed: list[int] = []
    while heap:
        _, i = heapq.heappop(heap)
        placed.append(i)
        for k in after:
            if k not in placed and i in after[k] and after[k] <= set(placed) and (chosen[k].level_rank, k) not in heap:
                heapq.heappush(heap, (chosen[k].level_rank, k))
    warnings = []
    stuck = sorted((i for i in after if i not in placed), key=lambda i: (chosen[i].level_rank, i))
    if stuck:
        warnings.append("the prerequisites of " + ", ".join(chosen[i].title for i in stuck)
                        + " mention each other: they are ordered by level")
    return [chosen[i] for i in placed + stuck], warnings


def _layout(ordered: list[_Course], wanted: list[dict], limits: Limits) -> dict:
    labels = {w["skill_id"]: w["label"] for w in wanted}
    rows, start = [], 0.0
    for course in ordered:
        end = start + course.hours
        week_start = math.floor(round(start / limits.hours_per_week, 9)) + 1
        week_end = max(week_start, math.ceil(round(end / limits.hours_per_week, 9)))
        rows.append({
            "course_id": _text(course.row.get("course_id")), "title": course.title,
            "provider": _text(course.row.get("provider")), "url": _text(course.row.get("url")),
            "hours": course.hours, "cost": course.cost, "currency": _text(course.row.get("currency")),
            "level": course.level,
            "skills": [{"skill_id": s, "label": labels[s], "score": course.covers[s]}
                       for s in (w["skill_id"] for w in wanted) if s in course.covers],
            "week_start": week_start, "week_end": week_end, "notes": _notes(course)})
        start = end
    return {"courses": rows, "uncovered": [], "total_hours": round(start, 6),
            "total_cost": round(sum(c.cost or 0.0 for c in ordered), 2),
            "weeks_used": rows[-1]["week_end"] if rows else 0,
            "limits": {**asdict(limits), "hours_available": limits.hours_available}, "warnings": []}


def _notes(course: _Course) -> list[str]:
    notes = []
    if not course.hours_known:
        notes.append(f"hours not stated: assumed {DEFAULT_HOURS:g} h")
    if course.cost is None:
        notes.append("cost not stated: check it before enrolling")
    if not course.level:
        notes.append("level not stated")
    if _text(course.row.get("prerequisites")):
        notes.append(f"prerequisites: {_text(course.row.get('prerequisites'))}")
    return notes


def _uncovered(wanted: list[dict], candidates: list[_Course], plan: dict, limits: Limits) -> list[dict]:
    covered = {s["skill_id"] for course in plan["courses"] for s in course["skills"]}
    hours_left = limits.hours_available - plan["total_hours"]
    out = []
    for skill in wanted:
        if skill["skill_id"] in covered:
            continue
        reason, suggestion = _why_not(skill, [c for c in candidates if skill["skill_id"] in c.covers],
                                      limits, plan, hours_left)
        out.append({"skill_id": skill["skill_id"], "label": skill["label"], "reason": reason, "suggestion": suggestion})
    return out


def _why_not(skill: dict, teaching: list[_Course], limits: Limits, plan: dict, hours_left: float) -> tuple[str, str]:
    free_search = f'search free material: "{skill["label"]}" (open courseware, library, video tutorials)'
    if not teaching:
        return NO_COURSE, free_search
    allowed = [c for c in teaching if _passes_filters(c, limits)]
    if not allowed:
        best = max(teaching, key=lambda c: c.covers[skill["skill_id"]])
        return FILTERED, f"allow {best.level or 'any'} level / language {best.language} to take {best.title}"
    priced = [c for c in allowed if _affordable(c, limits)]
    if not priced:
        cheapest = min(allowed, key=lambda c: (math.inf if c.cost is None else c.cost, c.pos))
        if cheapest.cost is None:
            return OVER_BUDGET, f"check the price of {cheapest.title} (not stated), or {free_search}"
        return OVER_BUDGET, f"{cheapest.title} costs {cheapest.price()}: allow it, or {free_search}"
    in_time = [c for c in priced if c.hours <= hours_left + EPS]
    if in_time and limits.budget is not None:  # it fits the hours; only the money already spent blocks it
        cheapest = min(in_time, key=lambda c: (c.cost or 0.0, c.pos))
        return OVER_BUDGET, (f"raise the budget to {plan['total_cost'] + (cheapest.cost or 0.0):g} "
                             f"to add {cheapest.title}, or {free_search}")
    shortest = min(priced, key=lambda c: (c.hours, c.pos))
    return NO_TIME, (f"{_raise_hours(plan['total_hours'] + shortest.hours, limits)} "
                     f"to fit {shortest.title} ({shortest.hours:g} h)")


def _raise_hours(needed: float, limits: Limits) -> str:
    per_week = math.ceil(needed / limits.weeks - EPS)
    weeks = math.ceil(needed / limits.hours_per_week - EPS)
    return f"raise hours per week to {per_week} or weeks to {weeks}"


def _what_would_fit(candidates: list[_Course], limits: Limits) -> list[str]:
    """Why an empty plan is empty, with the nearest thing that would fit."""
    if not candidates:
        return ["no course in the catalogue teaches any wanted skill: search free material or import a catalogue"]
    allowed = [c for c in candidates if _passes_filters(c, limits)]
    if not allowed:
        return [f"every matching course is filtered out by level/language, e.g. {candidates[0].title} "
                f"({candidates[0].level or 'level not stated'}, {candidates[0].language})"]
    priced = [c for c in allowed if _affordable(c, limits)]
    if not priced:
        known = [c for c in allowed if c.cost is not None]
        if not known:
            return ["no matching course states its price: check the prices or drop the budget"]
        cheapest = min(known, key=lambda c: (c.cost, c.pos))
        what = "no matching course is free" if limits.free_only else f"the budget is {limits.budget:g}"
        return [f"{what}: the cheapest course costs {cheapest.price()} ({cheapest.title})"]
    shortest = min(priced, key=lambda c: (c.hours, c.pos))
    return [f"the shortest matching course needs {shortest.hours:g} h ({shortest.title}): "
            + _raise_hours(shortest.hours, limits)]


def _flags(ordered: list[_Course]) -> list[str]:
    warnings = []
    guessed = [c.title for c in ordered if not c.hours_known]
    if guessed:
        warnings.append(f"hours not stated for {', '.join(guessed)}: assumed {DEFAULT_HOURS:g} h each")
    unpriced = [c.title for c in ordered if c.cost is None]
    if unpriced:
        warnings.append(f"cost not stated for {', '.join(unpriced)}: not counted in total_cost")
    currencies = sorted({_text(c.row.get("currency")).upper() for c in ordered if c.cost} - {""})
    if len(currencies) > 1:
        warnings.append(f"costs are in {', '.join(currencies)}: total_cost adds them as if equal")
    return warnings


def _mentions(text: str, phrase: str) -> bool:
    phrase = phrase.strip().lower()
    if len(phrase) < 4:  # "AI", "C": too short to tell a mention from a coincidence
        return False
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text.lower()) is not None


def _skill_list(value) -> list[str]:
    if isinstance(value, str):
        return [s.strip() for s in re.split(r"[|;,]", value) if s.strip()]
    if value is None or isinstance(value, float):
        return []
    return [str(s).strip() for s in value if str(s).strip()]


def _lang(code: str) -> str:
    return re.split(r"[-_]", str(code).strip().lower())[0]


def _finite(value) -> bool:
    try:
        return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    except OverflowError:  # an integer too big for a float
        return False


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()
