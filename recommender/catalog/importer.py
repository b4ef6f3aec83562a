"""Import a course catalogue (CSV, TSV, Excel, JSON, JSONL, Parquet) with a row-level report.

Columns are mapped automatically from common names (title/name/course, url/link, skills,
duration/hours incl. "3 - 6 Months", level, price/cost, provider/partner...) or explicitly.
Good rows import; every problem is reported with its row, column and reason; rows that cannot
be courses (no title) are listed, never silently dropped; duplicates are merged.
"""
from __future__ import annotations

import csv
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import NextSkillError
from ..storage import SNIFF_CHARS, checked_file, clean_text, sniff_delimiter
from .schema import (ALIASES, COURSE_COLUMNS, EMPTY, normalise_name, parse_cost, parse_format, parse_hours,
                     parse_level, slug, split_skills)

MAX_BYTES = 100 * 1024 * 1024
EXCEL_ROWS, EXCEL_COLUMNS = 100_000, 64  # read from a workbook's first sheet
MAX_COLUMNS = 200  # of a CSV catalogue
READERS = {".csv": "csv", ".tsv": "tsv", ".txt": "csv", ".xlsx": "excel", ".xls": "excel",
           ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


class CatalogError(NextSkillError):
    """A catalogue cannot be imported; what is already loaded stays as it was."""


@dataclass
class ImportResult:
    courses: pd.DataFrame
    report: list[dict] = field(default_factory=list)  # {"row", "column", "reason", "action"}
    mapping: dict = field(default_factory=dict)

    def summary(self) -> dict:
        skipped = sum(1 for r in self.report if r["action"] == "skipped")
        merged = sum(1 for r in self.report if r["action"] == "merged")
        return {"imported": int(len(self.courses)), "skipped": skipped, "merged_duplicates": merged,
                "warnings": sum(1 for r in self.report if r["action"] == "kept"),
                "mapping": self.mapping, "report": self.report}


def read_table(path: Path) -> tuple[pd.DataFrame, int]:
    """The file as a table of strings, and the offset from table index to the row users see."""
    path = checked_file(path, MAX_BYTES, CatalogError, "split the catalogue and import the parts")
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        raise CatalogError(f"{path.name}: unsupported file type {path.suffix!r}; use "
                           f"{', '.join(sorted(set(READERS)))}")
    try:
        if kind in ("csv", "tsv"):
            with open(path, encoding="utf-8-sig", errors="replace") as fh:
                head = fh.read(SNIFF_CHARS)
            sep = "\t" if kind == "tsv" else sniff_delimiter(head)
            width = len(next(csv.reader([head.split("\n")[0]], delimiter=sep), []))
            if width > MAX_COLUMNS:
                raise CatalogError(f"{path.name} has {width:,}+ columns in its first line; a course table has a "
                                   f"few dozen at most ({MAX_COLUMNS}): check the delimiter and the header")
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pd.errors.ParserWarning)
                frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                                    index_col=False)  # extra fields: no shift
            if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
                frame.attrs["long_rows"] = _long_rows(path, sep, len(frame.columns))
            return frame, 2  # header is line 1
        if kind == "excel":
            return _read_excel(path), 2
        if kind == "parquet":
            return pd.read_parquet(path).astype(object).where(lambda f: f.notna(), ""), 1
        if kind == "jsonl":
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
            records = data.get("courses", data) if isinstance(data, dict) else data
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise CatalogError(f"{path.name}: expected a list of course objects (or {{\"courses\": [...]}})")
        return pd.DataFrame.from_records(records).astype(object).where(lambda f: f.notna(), ""), 1
    except CatalogError:
        raise
    except Exception as exc:  # parsers raise many types; the user needs one message
        raise CatalogError(f"{path.name} could not be read as {kind} ({type(exc).__name__}: {exc})") from exc


def _long_rows(path: Path, sep: str, width: int) -> dict[int, int]:
    """Row (as users count them, header = 1) -> field count, for the rows with more fields than the
    header: pandas keeps their first fields and drops the rest, so the import report names them."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        records = (r for r in csv.reader(fh, delimiter=sep) if r)  # pandas skips blank lines too
        next(records, None)
        return {i + 2: len(r) for i, r in enumerate(records) if len(r) > width}


def _read_excel(path: Path) -> pd.DataFrame:
    """The first sheet as strings, read within EXCEL_ROWS x EXCEL_COLUMNS: a 5 KB workbook can name a
    cell at XFD1048576, and a reader that fills the gap builds a 1M x 16k table."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [["" if v is None else str(v) for v in row]
                for row in book.worksheets[0].iter_rows(max_row=EXCEL_ROWS + 2, max_col=EXCEL_COLUMNS, values_only=True)]
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if len(rows) > EXCEL_ROWS + 1:
        raise CatalogError(f"{path.name} has more than {EXCEL_ROWS:,} rows: split it, or save it as CSV")
    if not rows:
        raise CatalogError(f"{path.name} is empty: the first sheet needs a header row and one course per row")
    width = max(len(r) for r in rows)
    header, body = rows[0] + [""] * (width - len(rows[0])), [r + [""] * (width - len(r)) for r in rows[1:]]
    while width and not header[width - 1] and not any(r[width - 1] for r in body):  # empty columns at the end
        width -= 1
    header = [h or f"Unnamed: {i}" for i, h in enumerate(header[:width])]
    return pd.DataFrame([r[:width] for r in body], columns=header, dtype=object)


def auto_mapping(columns: list[str], explicit: dict[str, str] | None = None) -> dict[str, str]:
    """Our field -> source column, from the explicit mapping first, then common names."""
    explicit = dict(explicit or {})
    unknown = [f for f in explicit if f not in COURSE_COLUMNS]
    if unknown:
        raise CatalogError(f"unknown field(s) in mapping: {unknown}; fields are {', '.join(COURSE_COLUMNS[:-1])}")
    missing = [c for c in explicit.values() if c not in columns]
    if missing:
        raise CatalogError(f"mapped column(s) {missing} not in the file; it has {columns}")
    mapping, used = dict(explicit), set(explicit.values())
    by_name = {normalise_name(c): c for c in columns}
    for name, aliases in ALIASES.items():
        if name in mapping:
            continue
        for alias in aliases:
            col = by_name.get(alias)
            if col is not None and col not in used:
                mapping[name], _ = col, used.add(col)
                break
    return mapping


def import_table(frame: pd.DataFrame, source: str, mapping: dict[str, str] | None = None,
                 row_offset: int = 2) -> ImportResult:
    """Clean a raw table into courses; pure (no I/O), so it can be tested and batched."""
    columns = [clean_text(str(c)) for c in frame.columns]
    frame = frame.copy()
    frame.columns = columns
    mapping = auto_mapping(columns, mapping)
    if "title" not in mapping:
        raise CatalogError(f"no usable title column among {columns[:15]}: name one, e.g. "
                           "`--map title=COLUMN` (recognised: title, name, course, ...)")
    report: list[dict] = []
    courses: dict[str, dict] = {}
    first_row: dict[str, int] = {}

    def cell(row, name):
        col = mapping.get(name)
        value = row.get(col, "") if col else ""
        return "" if value is None else value

    long_rows = frame.attrs.get("long_rows", {})
    for i, row in enumerate(frame.to_dict("records")):
        line = i + row_offset
        if line in long_rows:
            report.append({"row": line, "column": "", "action": "kept",
                           "reason": f"{long_rows[line]} fields but {len(columns)} columns: the extra fields were "
                                     "ignored (an unquoted comma in a title or skill list?)"})
        title = " ".join(str(cell(row, "title")).split())
        if not title:
            report.append({"row": line, "column": mapping["title"], "reason": "no title", "action": "skipped"})
            continue
        provider = " ".join(str(cell(row, "provider")).split())
        url = str(cell(row, "url")).strip()
        if url and not url.lower().startswith(("http://", "https://")):
            report.append({"row": line, "column": mapping["url"], "reason": f"not a web address: {url[:60]!r}",
                           "action": "kept"})
            url = ""
        hours_raw = cell(row, "hours")
        hours = parse_hours(hours_raw)
        if hours is None and str(hours_raw).strip().lower() not in EMPTY:
            report.append({"row": line, "column": mapping["hours"], "reason": f"unreadable duration {str(hours_raw)[:40]!r}",
                           "action": "kept"})
        cost_raw = cell(row, "cost")
        cost, currency = parse_cost(cost_raw)
        if cost is None and str(cost_raw).strip().lower() not in EMPTY:
            report.append({"row": line, "column": mapping["cost"], "reason": f"unreadable price {str(cost_raw)[:40]!r}",
                           "action": "kept"})
        skills = split_skills(cell(row, "skills"))
        if not skills:
            report.append({"row": line, "column": mapping.get("skills", "skills"),
                           "reason": "no skills listed: matched by its title and description only", "action": "kept"})
        course_id = str(cell(row, "course_id")).strip() or slug(provider, title)
        record = {
            "course_id": course_id, "title": title, "provider": provider, "url": url,
            "description": " ".join(str(cell(row, "description")).split()),
            "skills": skills, "level": parse_level(cell(row, "level")),
            "hours": max(round(hours, 2), 0.01) if hours is not None else None,  # a 2-minute video stays a course of minutes
            "cost": cost, "currency": (str(cell(row, "currency")).strip().upper() or currency) if cost else "",
            "format": parse_format(cell(row, "format")) or ("self-paced" if "format" not in mapping else ""),
            "language": str(cell(row, "language")).strip().lower() or "en",
            "credential": " ".join(str(cell(row, "credential")).split()),
            "prerequisites": " ".join(str(cell(row, "prerequisites")).split()),
            "source": source,
        }
        if course_id in courses:
            kept = courses[course_id]
            kept["skills"] = kept["skills"] + [s for s in skills if s.lower() not in {k.lower() for k in kept["skills"]}]
            for key, value in record.items():
                if kept.get(key) in ("", None) and value not in ("", None):
                    kept[key] = value
            report.append({"row": line, "column": mapping.get("course_id", mapping["title"]),
                           "reason": f"duplicate of row {first_row[course_id]}: merged", "action": "merged"})
            continue
        courses[course_id] = record
        first_row[course_id] = line
    result = pd.DataFrame.from_records(list(courses.values()), columns=COURSE_COLUMNS)
    return ImportResult(result, report, mapping)


def parse_mapping(pairs: list[str] | None) -> dict[str, str]:
    """['title=Course Name', 'hours=Duration'] -> {'title': 'Course Name', 'hours': 'Duration'}."""
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise CatalogError(f"mapping {pair!r} must look like FIELD=COLUMN, e.g. title=Course Name")
        key, value = pair.split("=", 1)
        out[key.strip()] = value.strip()
    return out
