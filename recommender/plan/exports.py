"""A plan (the dict ``make_plan`` returns) written out as Markdown, CSV, PDF or an iCalendar file."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import unicodedata
from pathlib import Path

from .planner import PlanError

TITLE = "NextSkill learning plan"
CSV_COLUMNS = ["week_start", "week_end", "course_id", "title", "provider", "url", "hours", "cost", "currency",
               "level", "skills", "notes"]
# Spreadsheets run a cell starting with these as a formula (CSV injection); a leading ' disarms it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PRODID = "-//NextSkill//learning plan//EN"
UNICODE_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian, Ubuntu
                 "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",  # Fedora
                 "/Library/Fonts/Arial Unicode.ttf", "C:/Windows/Fonts/arial.ttf")
# Core PDF fonts only encode Latin-1; these stand-ins keep common punctuation readable.
LATIN1_STAND_INS = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                    "\u2026": "...", "\u2022": "*", "\u20ac": "EUR", "\u00a0": " "}


def to_markdown(plan: dict, title: str = TITLE) -> str:
    """A readable plan: a table of weeks and courses with links, uncovered skills with suggestions, totals."""
    lines = [f"# {_one_line(title)}", "", _summary(plan), ""]
    if plan["courses"]:
        lines += ["| Weeks | Course | Provider | Level | Hours | Cost | Skills | Notes |",
                  "|---|---|---|---|---:|---:|---|---|"]
        for course in plan["courses"]:
            name = _md_cell(course["title"]).replace("[", "\\[").replace("]", "\\]")
            link = _safe_url(course["url"])
            cells = [_weeks(course), f"[{name}]({link})" if link else name, _md_cell(course["provider"]),
                     course["level"] or "-", f"{course['hours']:g}", _price(course),
                     _md_cell(", ".join(s["label"] for s in course["skills"])), _md_cell("; ".join(course["notes"]))]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    if plan["uncovered"]:
        lines += ["## Skills not covered", ""]
        lines += [f"- **{_one_line(s['label'])}**: {s['reason']}. Suggestion: {_one_line(s['suggestion'])}."
                  for s in plan["uncovered"]]
        lines.append("")
    if plan["warnings"]:
        lines += ["## Warnings", ""] + [f"- {_one_line(w)}" for w in plan["warnings"]] + [""]
    return "\n".join(lines)


def to_csv(plan: dict) -> str:
    """One row per course, in plan order; text that a spreadsheet would run as a formula is disarmed."""
    out = io.StringIO()
    # RFC 4180 line ends: with "\r\n" as terminator the writer also quotes a cell holding a bare "\r".
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for course in plan["courses"]:
        row = {**course, "cost": "" if course["cost"] is None else course["cost"],
               "skills": "; ".join(s["label"] for s in course["skills"]), "notes": "; ".join(course["notes"])}
        writer.writerow([_disarm(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def to_pdf(plan: dict, title: str = TITLE, font_path: str | Path | None = None) -> bytes:
    """The Markdown's content as a PDF (fpdf2).

    fpdf2 ships no Unicode font: ``font_path`` (a TTF such as DejaVuSans.ttf; default: the first of
    UNICODE_FONTS found on this machine) prints any script it covers; without one, the built-in
    Helvetica is used and characters outside Latin-1 are replaced.
    """
    font_path = font_path or next((f for f in UNICODE_FONTS if Path(f).is_file()), None)
    try:
        from fpdf import FPDF
        from fpdf.fonts import FontFace
    except ImportError as exc:
        raise PlanError("PDF export needs fpdf2: pip install fpdf2==2.8.9") from exc
    pdf = FPDF(orientation="landscape", format="A4")
    if font_path:
        for style in ("", "B"):  # one file for both: headings stay legible even without a bold face
            pdf.add_font("plan", style, str(font_path))
        family, text = "plan", _one_line
    else:
        family, text = "Helvetica", lambda value: _latin1(_one_line(value))
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 9, text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.multi_cell(0, 6, text(_summary(plan)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if plan["courses"]:
        with pdf.table(col_widths=(12, 60, 12, 14, 50), headings_style=FontFace(emphasis="BOLD"),
                       line_height=5, text_align="LEFT") as table:
            table.row([text(h) for h in ("Weeks", "Course", "Hours", "Cost", "Skills")])
            for course in plan["courses"]:
                row = table.row()
                row.cell(text(_weeks(course)))
                name = text(course["title"]) + (f"\n{text(course['provider'])}" if course["provider"] else "")
                row.cell(name, link=_safe_url(course["url"]) or None)
                row.cell(f"{course['hours']:g}")
                row.cell(text(_price(course)))
                row.cell(text(", ".join(s["label"] for s in course["skills"])))
        pdf.ln(3)
    for heading, items in (("Skills not covered", [f"{s['label']}: {s['reason']}. {s['suggestion']}."
                                                    for s in plan["uncovered"]]),
                           ("Warnings", plan["warnings"])):
        if items:
            pdf.set_font(family, "B", 12)
            pdf.multi_cell(0, 7, text(heading), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(family, "", 10)
            for item in items:
                pdf.multi_cell(0, 5, "- " + text(item), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


MIN_SESSION_HOURS = 0.25  # a quarter of an hour: shorter sessions would flood the calendar
MAX_EVENTS = 5000  # about two years of daily study sessions

def to_ics(plan: dict, start: dt.date, hours_per_session: float = 2.0, weekdays: tuple[int, ...] = (0, 2, 4),
           session_time: dt.time = dt.time(18, 0), stamp: dt.datetime | None = None) -> bytes:
    """One calendar event per study block, week 1 being the 7 days from ``start``.

    Each week's ``hours_per_week`` is cut into sessions of ``hours_per_session`` placed on ``weekdays``
    (0 = Monday) in turn, more than one a day when there are more sessions than days, from
    ``session_time`` (floating local time). A session shared by two courses becomes two back-to-back
    events. UIDs depend only on the course and the block number, so a re-import updates events.
    """
    try:
        from icalendar import Calendar, Event
    except ImportError as exc:
        raise PlanError("calendar export needs icalendar: pip install icalendar==7.3.0") from exc
    if (isinstance(hours_per_session, bool) or not isinstance(hours_per_session, (int, float))
            or not MIN_SESSION_HOURS <= hours_per_session <= 24):
        raise PlanError(f"hours per session must be a number from {MIN_SESSION_HOURS} to 24, got "
                        f"{repr(hours_per_session)[:40]}")
    if (not isinstance(weekdays, (list, tuple, set, frozenset)) or not weekdays
            or any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in weekdays)):
        raise PlanError(f"weekdays must be a list of numbers 0 (Monday) to 6 (Sunday), got {repr(weekdays)[:80]}")
    planned = sum(float(c.get("hours") or 0) for c in plan.get("courses", []))
    if planned / hours_per_session > MAX_EVENTS:
        raise PlanError(f"{planned:,.0f} hours in sessions of {hours_per_session:g} h make over {MAX_EVENTS:,} "
                        "calendar events: choose longer sessions, or export the first courses only")
    days = sorted(set(weekdays))
    if not isinstance(start, dt.date) or start > dt.date.max - dt.timedelta(days=7 * 530):
        raise PlanError(f"the plan's start must be a date before year 9980, got {repr(start)[:40]}")
    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "NextSkill learning plan")
    for course, number, begin, hours in _blocks(plan, start, hours_per_session, days, session_time):
        event = Event()
        key = f"{course['course_id'] or course['title']}|{number}".encode()
        event.add("uid", f"{hashlib.sha1(key).hexdigest()[:20]}@nextskill")
        event.add("dtstamp", stamp)
        event.add("dtstart", begin)
        event.add("dtend", begin + dt.timedelta(hours=hours))
        event.add("summary", course["title"])
        skills = ", ".join(s["label"] for s in course["skills"])
        event.add("description", "\n".join(p for p in (course["url"], f"Skills: {skills}" if skills else "") if p))
        if _safe_url(course["url"]):
            event.add("url", course["url"])
        calendar.add_component(event)
    return calendar.to_ical()


def _blocks(plan: dict, start: dt.date, per_session: float, days: list[int], at: dt.time):
    """(course, block number, start datetime, hours) for every study block, in time order.

    Plan hours run continuously: course i occupies [t0, t1); week k holds hours
    [(k-1)·h, k·h) for h hours a week, cut into sessions; a block is a course ∩ a session.
    """
    per_week = float(plan["limits"]["hours_per_week"])
    sessions = math.ceil(per_week / per_session - 1e-9)
    t0 = 0.0
    for course in plan["courses"]:
        t1, number = t0 + course["hours"], 0
        for week in range(int(t0 // per_week), math.ceil(t1 / per_week - 1e-9)):
            week_start = start + dt.timedelta(weeks=week)
            dates = [week_start + dt.timedelta(days=i) for i in range(7)
                     if (week_start + dt.timedelta(days=i)).weekday() in days]
            used_on: dict[dt.date, float] = {}
            for s in range(sessions):
                a = week * per_week + s * per_session
                b = min(a + per_session, (week + 1) * per_week)
                day = dates[s % len(dates)]
                lo, hi = max(a, t0), min(b, t1)
                if hi - lo > 1e-9:
                    # Earlier sessions that day (and an earlier course's part of this one) come first.
                    offset = used_on.get(day, 0.0) + (lo - a)
                    number += 1
                    yield course, number, dt.datetime.combine(day, at) + dt.timedelta(hours=offset), hi - lo
                used_on[day] = used_on.get(day, 0.0) + (b - a)
        t0 = t1


def _summary(plan: dict) -> str:
    limits = plan["limits"]
    currencies = sorted({c["currency"] for c in plan["courses"] if c["cost"]} - {""})
    cost = f"{plan['total_cost']:g} {'/'.join(currencies)}".strip() if plan["total_cost"] else "free"
    return (f"{len(plan['courses'])} course(s), {plan['total_hours']:g} h over {plan['weeks_used']} of "
            f"{limits['weeks']} weeks at {limits['hours_per_week']:g} h a week; total cost {cost}; "
            f"{len(plan['uncovered'])} skill(s) not covered.")


def _weeks(course: dict) -> str:
    if course["week_start"] == course["week_end"]:
        return str(course["week_start"])
    return f"{course['week_start']}-{course['week_end']}"


def _price(course: dict) -> str:
    if course["cost"] is None:
        return "unknown"
    return "free" if course["cost"] == 0 else f"{course['cost']:g} {course['currency']}".strip()


def _disarm(value) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _safe_url(url: str) -> str:
    """Only web links, with the characters that would end a Markdown link escaped."""
    if not str(url).lower().startswith(("http://", "https://")):
        return ""
    return str(url).strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _one_line(value) -> str:
    return " ".join(str(value).split())


def _md_cell(value) -> str:
    return _one_line(value).replace("|", "\\|")


def _latin1(text: str) -> str:
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
        elif char in LATIN1_STAND_INS:
            out.append(LATIN1_STAND_INS[char])
        else:  # an accented letter keeps its base letter ("ő" -> "o"); anything else shows as "?"
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) < 256)
            out.append(base or "?")
    return "".join(out)
