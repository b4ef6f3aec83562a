"""The course schema (catalog/README.md) and the normalisers that turn messy cells into it."""
from __future__ import annotations

import math
import re

COURSE_COLUMNS = ["course_id", "title", "provider", "url", "description", "skills", "level", "hours",
                  "cost", "currency", "format", "language", "credential", "prerequisites", "source"]
LEVELS = ("beginner", "intermediate", "advanced")
FORMATS = ("self-paced", "cohort", "in person")

# Column names seen in the wild, mapped to our fields (lower-cased, spaces and _ removed).
ALIASES = {
    "course_id": ["courseid", "id", "code", "coursecode", "slug"],
    "title": ["title", "name", "course", "coursename", "coursetitle", "program", "programme"],
    "provider": ["provider", "partner", "institution", "university", "organization", "organisation",
                 "offeredby", "school", "vendor", "platform"],
    "url": ["url", "link", "href", "courseurl", "website", "page"],
    "description": ["description", "summary", "about", "overview", "abstract", "details"],
    "skills": ["skills", "skill", "skillstaught", "tags", "topics", "keywords", "competencies"],
    "level": ["level", "difficulty", "difficultylevel"],
    "hours": ["hours", "duration", "length", "time", "effort", "studyhours", "estimatedhours", "workload"],
    "cost": ["cost", "price", "fee", "fees", "tuition", "amount"],
    "currency": ["currency"],
    "format": ["format", "mode", "delivery", "deliverymode", "type"],
    "language": ["language", "lang"],
    "credential": ["credential", "certificate", "certificatetype", "certification", "award"],
    "prerequisites": ["prerequisites", "prerequisite", "requirements", "prereqs"],
}
HOURS_PER_WEEK = 5  # a duration given in weeks or months assumes 5 study hours a week (documented)
WEEKS_PER_MONTH = 4.35


def normalise_name(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(name).strip().lower())


EMPTY = {"", "none", "null", "nan", "n/a", "na", "-", "tbd", "unknown"}
# unit pattern -> hours per unit (English, Spanish, French, Portuguese, German spellings)
UNITS = [
    (r"y(ea)?rs?|años?|ans?|anos?|jahre?", 52 * HOURS_PER_WEEK),
    (r"months?|mo|mos|mes(es)?|mois|m[eê]s(es)?|monate?", WEEKS_PER_MONTH * HOURS_PER_WEEK),
    (r"weeks?|wks?|semanas?|semaines?|wochen?", HOURS_PER_WEEK),
    (r"days?|d[ií]as?|jours?|tage?", 6),
    (r"hours?|hrs?|h|horas?|heures?|stunden?", 1),
    (r"minutes?|mins?|m|minutos?", 1 / 60),
]


MAX_CELL = 200  # characters of an hours or cost cell worth parsing


def _finite_float(value: int | float) -> float | None:
    """The number as a float, or None for NaN, infinities and integers too big for a float."""
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        return None
    return number if math.isfinite(number) else None


def parse_hours(value) -> float | None:
    """Study hours from numbers or strings like '3 - 6 Months', '10 hours', '1-4 Weeks', '2h 30m'.

    A range counts as its midpoint; weeks and months assume HOURS_PER_WEEK of study.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (int, float)):
        hours = _finite_float(value)
        return hours if hours is not None and hours > 0 else None
    text = str(value).strip().lower()[:MAX_CELL]  # '3 - 6 months' is short; a long one is not hours
    if text in EMPTY:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text) if 0 < float(text) < math.inf else None
    total, found = 0.0, False
    # "3 - 6 months", "2h 30m", "less than 2 hours": each number(-range) with the unit after it
    for low, high, unit in re.findall(r"(\d+(?:\.\d+)?)(?:\s*(?:-|–|to|a)\s*(\d+(?:\.\d+)?))?\s*([a-zñéêíá]+)", text):
        amount = (float(low) + float(high)) / 2 if high else float(low)
        for pattern, per in UNITS:
            if re.fullmatch(pattern, unit):
                total, found = total + amount * per, True
                break
    return total if found and 0 < total < math.inf else None


def parse_cost(value) -> tuple[float | None, str]:
    """(amount, currency) from '0', 'Free', '$49', '49 USD', '£20.00'; (None, '') if unreadable."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, ""
    if isinstance(value, (int, float)):
        amount = _finite_float(value)
        return (amount, "") if amount is not None and amount >= 0 else (None, "")
    text = str(value).strip()
    if not text:
        return None, ""
    if re.search(r"\bfree\b", text, re.I):
        return 0.0, ""
    currency = ("USD" if "$" in text or re.search(r"\busd\b", text, re.I) else
                "GBP" if "£" in text or re.search(r"\bgbp\b", text, re.I) else
                "EUR" if "€" in text or re.search(r"\beur\b", text, re.I) else "")
    num = re.search(r"\d+(?:[.,]\d+)?", text.replace(",", "") if text.count(",") == 1 and "." in text else text)
    if not num:
        return None, ""
    amount = float(num.group(0).replace(",", "."))
    return (amount, currency) if amount < math.inf else (None, "")


def parse_level(value) -> str:
    text = str(value or "").strip().lower()
    for level in LEVELS:
        if text.startswith(level[:5]):
            return level
    if text in ("introductory", "intro", "basic", "entry", "novice", "foundation", "foundational"):
        return "beginner"
    if text in ("expert", "professional", "master"):
        return "advanced"
    return ""  # unknown or "mixed": no claim


def parse_format(value) -> str:
    text = str(value or "").strip().lower()
    if "person" in text or "classroom" in text or "on-site" in text or "onsite" in text:
        return "in person"
    if "cohort" in text or "live" in text or "instructor" in text or "bootcamp" in text:
        return "cohort"
    if "self" in text or "online" in text or "on demand" in text or "on-demand" in text:
        return "self-paced"
    return ""


def split_skills(value) -> list[str]:
    """Skills from ' | '- , ';'- or comma-separated text (commas inside parentheses kept)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        text = str(value)
        sep = "|" if "|" in text else (";" if ";" in text else ",")
        items, depth, start = [], 0, 0  # split at sep outside parentheses, in one pass
        for at, ch in enumerate(text):
            depth = depth + 1 if ch == "(" else max(0, depth - 1) if ch == ")" else depth
            if ch == sep and depth == 0:
                items.append(text[start:at])
                start = at + 1
        items.append(text[start:])
        if depth:  # a bracket never closed: it brackets nothing
            items = text.split(sep)
    out, seen = [], set()
    for item in items:
        item = " ".join(item.split()).strip(" .,;")
        if item and item.lower() not in seen:
            out.append(item)
            seen.add(item.lower())
    return out


def slug(*parts: str) -> str:
    text = "-".join(p for p in parts if p)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:120]
