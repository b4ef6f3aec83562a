"""Property-based fuzz tests for every parser of user input.

The contract: bad input gets a domain error (a NextSkillError) or a sensible result, never another
exception, a hang or a wrong-typed result.

FUZZ_EXAMPLES (default 60) sets the examples per property; FUZZ_HANG (default 5) the seconds a
single call may take; FUZZ_MEMORY_MB (default 2048) the address space it may add (Linux).

Every crash found gets a plain regression test at the end (test_regression_*: fixed ones) or, while
unfixed, an xfail one (test_known_*, marked with ``known``) plus an entry in KNOWN, which lets the
properties keep looking for new crashes; FUZZ_STRICT=1 turns that tolerance off.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import json
import math
import os
import re
import signal
import sqlite3
import tempfile
import time
import traceback
import zipfile
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import recommender.plan.exports as plan_exports
from conftest import pdf_document
from recommender.catalog.importer import ImportResult, auto_mapping, import_table, parse_mapping, read_table
from recommender.catalog.schema import (ALIASES, COURSE_COLUMNS, parse_cost, parse_format, parse_hours,
                                        parse_level, split_skills)
from recommender.catalog.store import import_catalog
from recommender.cli import read_jsonl_queries
from recommender.clients import CLIENT_FIELDS, ClientStore, _checked_client
from recommender.errors import NextSkillError
from recommender.exposure.evidence import LABEL_COLUMNS, LABEL_VALUES, read_task_file
from recommender.plan.exports import to_csv, to_ics, to_markdown, to_pdf
from recommender.plan.planner import Limits, make_plan
from recommender.profile.extract import LANGUAGE_SKILL, check_language, language_fold
from recommender.profile.files import (MAX_CHARS, check_text, json_resume_text, read_profile_file,
                                       read_profile_upload)
from recommender.profile.segment import (Piece, client_spans, frame_spans, has_content, is_skill_list, lines, pieces,
                                         sentences, skill_list_items)
from recommender.recommend.cohort import MAX_LEARNERS, read_cohort
from recommender.search import check_query
from recommender.taxonomy.esco_bundle import import_esco_bundle
from recommender.taxonomy.model import Taxonomy

pytestmark = pytest.mark.filterwarnings("ignore")

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
HANG_SECONDS = float(os.environ.get("FUZZ_HANG", "5"))
STRICT = os.environ.get("FUZZ_STRICT") == "1"
MEMORY_HEADROOM = int(os.environ.get("FUZZ_MEMORY_MB", "2048")) * 2**20


def fuzz(share: float = 1.0):
    """Hypothesis settings: ``share`` of FUZZ_EXAMPLES (slow parsers get fewer), no database."""
    return settings(max_examples=max(5, int(EXAMPLES * share)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


# --- the contract -----------------------------------------------------------------------------

# Crashes reported but not fixed yet, each with an xfail test_known_* regression: (innermost named
# project function in the traceback, exception type name, or "Hang"). Remove an entry once fixed.
KNOWN: set[tuple[str, str]] = set()  # e.g. {("_read_pdf", "NotImplementedError")}
NO_RESULT = object()  # a domain error, or a crash already in KNOWN (unless FUZZ_STRICT=1)


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so that a parser's ``except Exception`` cannot hide it."""


@contextlib.contextmanager
def time_limit(seconds: float = HANG_SECONDS):
    """Raise Hang once ``seconds`` have passed, and again every 50 ms until it gets out (a Hang
    raised inside a finaliser is swallowed); a block that swallowed every one fails at its end."""
    if not hasattr(signal, "setitimer"):
        yield
        return
    fired = []

    def alarm(signum, frame):
        fired.append(True)
        raise Hang(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        raise Hang(f"took over {seconds:g} s")


@contextlib.contextmanager
def memory_limit(headroom: int = MEMORY_HEADROOM):
    """Cap the address space at its current size plus ``headroom``: a blow-up becomes a MemoryError."""
    try:
        import resource

        used = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        yield
        return
    limit = used + headroom if hard == resource.RLIM_INFINITY else min(used + headroom, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _causes(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _project_frame(exc: BaseException) -> str:
    """The innermost named project function in the traceback (not a <genexpr> or <listcomp>)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f"{os.sep}recommender{os.sep}" in f.filename and not f.name.startswith("<")]
    return frames[-1].name if frames else ""


def call(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` under the contract: its result, or NO_RESULT for a domain error.

    Any other exception propagates (a bug), unless it is already in KNOWN and FUZZ_STRICT is unset.
    A call running longer than HANG_SECONDS fails as a hang, one needing more than MEMORY_HEADROOM
    of new address space as a memory blow-up (even when the parser reports it as a domain error).
    """
    try:
        with memory_limit(), time_limit():
            return fn(*args, **kwargs)
    except NextSkillError as exc:
        blowup = next((e for e in _causes(exc) if isinstance(e, MemoryError)), None)
        if blowup is not None:  # a parser's catch-all turned it into a domain error
            raise AssertionError(f"memory blow-up (over {MEMORY_HEADROOM >> 20} MB) behind: {exc}") from exc
        return NO_RESULT
    except Hang as exc:
        if not STRICT and (_project_frame(exc), "Hang") in KNOWN:
            return NO_RESULT
        raise AssertionError(f"hang: {getattr(fn, '__name__', fn)} {exc}") from exc
    except Exception as exc:
        if not STRICT and (_project_frame(exc), type(exc).__name__) in KNOWN:
            return NO_RESULT
        raise


# --- strategies -------------------------------------------------------------------------------

ANY_CHAR = st.characters() | st.characters(categories=["Cs"]) | st.sampled_from("\x00\r\n\t\u2028\x85\ufeff\u2019")
PUNCTUATION = "()[]{},;:|/.-*•·▪‣◦–!?&'\"#+ \n\t\r"
CV_WORDS = ["Python", "SQL", "Excel", "C++", "C#", "Node.js 18", "TypingTest", "and", "or", "&", "as well as",
            "not", "no experience with", "never used", "I don't", "can't drive", "I'm not a nurse", "not by me",
            "I want to learn", "currently learning", "interested in learning", "5 years", "10+ yrs", "expert",
            "fluent", "Skills:", "Key skills -", "Tools:", "Languages:", "for clients such as", "for two small",
            "businesses", "lectures on", "clients include", "wrote for", "articles about", "using", "with",
            "(", ")", "[", "]", "{", "}", ",", ";", "|", "/", ".", "!", "?", "-", "*", "•", "1.", "2)",
            "\n", "\r\n", "\n\n", "\t", "   ", "Summary", "Work history", "Education & training",
            "don't", "don’t", "É", "日本語", "مرحبا", "😀", "\x00", "\u2028", "x" * 60]
cv_text = st.lists(st.sampled_from(CV_WORDS) | st.text(ANY_CHAR, max_size=6), max_size=60).map(" ".join)
cv_text_tight = st.lists(st.sampled_from(CV_WORDS), max_size=60).map("".join)
any_text = (st.text(ANY_CHAR, max_size=300) | cv_text | cv_text_tight
            | st.text(st.sampled_from(PUNCTUATION), max_size=200))

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(ANY_CHAR, max_size=20)
           | st.sampled_from(["", " ", "E1", "Python", "3 - 6 Months", "$49", "nan", "None"]))
RESUME_KEYS = ["basics", "work", "volunteer", "projects", "education", "skills", "languages", "label", "summary",
               "position", "name", "organization", "description", "highlights", "studyType", "area",
               "institution", "level", "keywords", "language", "fluency"]
JSON_KEYS = st.sampled_from(RESUME_KEYS) | st.text(ANY_CHAR, max_size=8)
json_like = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_KEYS, inner,
                                                                                               max_size=5),
                         max_leaves=25)
resume_like = st.dictionaries(JSON_KEYS, json_like, max_size=7)
# JSON's numbers and strings only: what json.loads can give (surrogates via \ud800 escapes).
json_scalars = (st.none() | st.booleans() | st.integers(-10**30, 10**30)
                | st.floats(allow_nan=False, allow_infinity=False) | st.text(ANY_CHAR, max_size=20))


def dumps(value) -> bytes:
    """JSON bytes; lone surrogates travel as \\uXXXX escapes, as a real file would have them."""
    return json.dumps(value, ensure_ascii=True, allow_nan=True).encode()


@st.composite
def mutated(draw, base: bytes) -> bytes:
    """``base`` with a few byte-level mutations: flips, overwrites, inserts, deletes, truncation,
    duplicated ranges and numbers replaced by other numbers (offsets, lengths, counts)."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate", "duplicate", "number"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16) | st.sampled_from(
                [b"\x00", b"\xff\xfe", b"<<", b">>", b"obj", b"endobj", b"stream", b"R", b"[", b"(", b"\\",
                 b"PK\x03\x04", b"\r\n", b"\"", b",", b"\t", b"{", b"}", b"]"]))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[pos:]
        elif op == "duplicate":
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 64))]
        elif op == "number":
            numbers = list(re.finditer(rb"\d+", bytes(data)))
            if numbers:
                m = numbers[draw(st.integers(0, len(numbers) - 1))]
                new = draw(st.sampled_from([0, 1, 2, 7, 255, 65535, 2**31, 2**63, 10**30]) | st.integers(0, 10**6))
                data[m.start():m.end()] = str(new).encode()
    return bytes(data)


# --- valid files to mutate ----------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def valid_pdf(compress: bool) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(compress)
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Jane Doe. Welded steel frames for 5 years.\nSkills: Python, SQL, Excel.")
    return bytes(pdf.output())


@functools.lru_cache(maxsize=None)
def valid_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Negotiated supplier contracts for 5 years.")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"cell {r}{c}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_members() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(valid_docx())) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


DOCX_FRAGMENTS = [
    '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
    '<w:tcPr><w:gridSpan w:val="3"/></w:tcPr>', '<w:tcPr><w:gridSpan w:val="0"/></w:tcPr>',
    '<w:tcPr><w:gridSpan w:val="-2"/></w:tcPr>', '<w:tcPr><w:gridSpan w:val="999"/></w:tcPr>',
    '<w:tcPr><w:vMerge/></w:tcPr>', '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>',
    '<w:trPr><w:gridBefore w:val="5"/><w:gridAfter w:val="-3"/></w:trPr>', '<w:tblGrid/>',
    '<w:tblGrid><w:gridCol w:w="x"/></w:tblGrid>', '<w:tr/>', '<w:tc/>', '<w:tc><w:tc/></w:tc>',
    '<w:p><w:r><w:t>more text</w:t></w:r></w:p>', '<w:r><w:br/><w:tab/><w:t xml:space="preserve"> a </w:t></w:r>',
    '<w:hyperlink r:id="rId999"><w:r><w:t>x</w:t></w:r></w:hyperlink>',
    '<w:hyperlink><w:r><w:t>y</w:t></w:r></w:hyperlink>',
    '<w:sdt><w:sdtContent><w:p/></w:sdtContent></w:sdt>', '<w:ins><w:r><w:t>i</w:t></w:r></w:ins>',
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>', '<w:r><w:sym w:char="ZZZZ"/></w:r>',
    '<w:r><w:ptab/><w:noBreakHyphen/><w:softHyphen/><w:cr/></w:r>',
    '<w:p><w:pPr><w:pStyle w:val="nope"/></w:pPr></w:p>',
    '&amp;', '<w:t>\x01</w:t>', '', '</w:tr>', '<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>',
]


@st.composite
def docx_with_xml(draw) -> bytes:
    """A DOCX whose document.xml has table/paragraph fragments inserted or ranges removed."""
    members = docx_members()
    xml = members["word/document.xml"].decode()
    for _ in range(draw(st.integers(1, 6))):
        tags = [m.start() for m in re.finditer("<", xml)] or [0]
        pos = draw(st.sampled_from(tags))
        if draw(st.booleans()):
            xml = xml[:pos] + draw(st.sampled_from(DOCX_FRAGMENTS)) + xml[pos:]
        else:
            end = draw(st.sampled_from(tags))
            xml = xml[:min(pos, end)] + xml[max(pos, end):]
    members["word/document.xml"] = xml.encode()
    return zipped(members)


PROFILE_EXTS = [".txt", ".md", ".markdown", ".text", ".pdf", ".docx", ".json", ".rtf", ".doc", "", ".PDF", ".Docx"]


def profile_result_ok(text) -> None:
    assert isinstance(text, str)
    assert text.strip() and len(text) <= MAX_CHARS
    assert "\r" not in text and "\x00" not in text


# --- 1. profile files ---------------------------------------------------------------------------

@fuzz()
@given(value=any_text | st.binary(max_size=50) | st.none() | st.integers())
def test_check_text_any_value(value):
    """check_text: any value gives cleaned, non-empty text or a ProfileError."""
    result = call(check_text, value)
    if result is not NO_RESULT:
        profile_result_ok(result)


@fuzz()
@given(ext=st.sampled_from(PROFILE_EXTS), data=st.binary(max_size=2000))
def test_profile_upload_random_bytes(ext, data):
    """read_profile_upload: random bytes of every file type."""
    result = call(read_profile_upload, "cv" + ext, data)
    if result is not NO_RESULT:
        profile_result_ok(result)


@fuzz()
@given(name=st.text(ANY_CHAR, max_size=300), ext=st.sampled_from(PROFILE_EXTS))
def test_profile_upload_any_name(name, ext):
    """read_profile_upload: the browser's file name is untrusted (slashes, dots, length, NUL)."""
    result = call(read_profile_upload, name + ext, b"Drove delivery vans for 3 years.")
    if result is not NO_RESULT:
        profile_result_ok(result)


@fuzz()
@given(text=any_text, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                                "utf-32", "cp1252", "latin-1"]),
       ext=st.sampled_from([".txt", ".md", ".json"]))
def test_profile_upload_text_encodings(text, encoding, ext):
    """Text and JSON uploads in any encoding, with emoji, NULs and lone surrogates."""
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    result = call(read_profile_upload, "cv" + ext, text.encode(encoding, errors))
    if result is not NO_RESULT:
        profile_result_ok(result)


@fuzz(0.5)
@given(data=st.data(), compress=st.booleans())
def test_profile_upload_mutated_pdf(data, compress):
    """A valid PDF with flipped, inserted, deleted or renumbered bytes."""
    result = call(read_profile_upload, "cv.pdf", data.draw(mutated(valid_pdf(compress))))
    if result is not NO_RESULT:
        profile_result_ok(result)


@fuzz(0.5)
@given(data=st.data())
def test_profile_upload_mutated_docx(data):
    """A valid DOCX with byte-level damage."""
    result = call(read_profile_upload, "cv.docx", data.draw(mutated(valid_docx())))
    if result is not NO_RESULT:
        profile_result_ok(result)


@fuzz(0.5)
@given(docx_bytes=docx_with_xml())
def test_profile_upload_docx_odd_xml(docx_bytes):
    """A DOCX whose XML is well-formed enough to open but has odd tables and runs."""
    result = call(read_profile_upload, "cv.docx", docx_bytes)
    if result is not NO_RESULT:
        profile_result_ok(result)


@fuzz(0.5)
@given(members=st.dictionaries(st.sampled_from(["word/document.xml", "[Content_Types].xml", "_rels/.rels",
                                                "word/_rels/document.xml.rels", "docProps/core.xml", "a.txt",
                                                "../evil", "word/"]) | st.text(max_size=10),
                               st.binary(max_size=200) | st.sampled_from(list(docx_members().values())),
                               max_size=6))
def test_profile_upload_zip_with_wrong_members(members):
    """A zip that is not a DOCX (or is one with parts missing or replaced), named .docx."""
    assume(all(name and "\x00" not in name for name in members))  # names zipfile itself cannot write
    result = call(read_profile_upload, "cv.docx", zipped(members))
    if result is not NO_RESULT:
        profile_result_ok(result)


@fuzz()
@given(value=json_like | resume_like | st.lists(json_like, max_size=3),
       depth=st.sampled_from([0, 0, 0, 5, 200, 3000]))
def test_profile_upload_json_resume(value, depth):
    """Any JSON (objects, lists, numbers, strings, deep nesting) uploaded as a JSON Resume."""
    body = dumps(value)
    if depth:
        body = b'{"basics": ' + b"[" * depth + body + b"]" * depth + b"}"
    result = call(read_profile_upload, "resume.json", body)
    if result is not NO_RESULT:
        profile_result_ok(result)


@fuzz()
@given(data=resume_like)
def test_json_resume_text_any_dict(data):
    """json_resume_text: any JSON-like dict gives text (possibly empty)."""
    result = call(json_resume_text, data)
    if result is not NO_RESULT:
        assert isinstance(result, str)


@fuzz(0.5)
@given(ext=st.sampled_from(PROFILE_EXTS), data=st.binary(max_size=300), kind=st.sampled_from(["file", "dir", "none"]))
def test_read_profile_file_paths(ext, data, kind):
    """read_profile_file: files, folders and missing paths."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("cv" + ext)
        if kind == "file":
            path.write_bytes(data)
        elif kind == "dir":
            path.mkdir()
        result = call(read_profile_file, path)
    if result is not NO_RESULT:
        profile_result_ok(result)


# --- 2. segment ---------------------------------------------------------------------------------

@fuzz(2)
@given(text=any_text)
def test_pieces_any_text(text):
    """pieces: Piece objects whose text lies inside their sentence, made of the input's words."""
    result = call(pieces, text)
    assert isinstance(result, list)
    for piece in result:
        assert isinstance(piece, Piece)
        assert isinstance(piece.text, str) and isinstance(piece.sentence, str) and piece.text.strip()
        assert piece.text in piece.sentence
        assert all(word in text for word in piece.sentence.split())
        assert isinstance(piece.negated, bool) and isinstance(piece.wished, bool)
        assert piece.proficiency is None or isinstance(piece.proficiency, str)
        assert not piece.listed or has_content(piece.text)  # whole sentences are kept as they are


@fuzz()
@given(text=any_text)
def test_lines_and_sentences_any_text(text):
    """lines and sentences: non-empty, stripped strings; lines hold no newline."""
    found = call(lines, text)
    assert all(isinstance(line, str) and line and "\n" not in line for line in found)
    found = call(sentences, text)
    assert all(isinstance(s, str) and s and s == s.strip() for s in found)
    for s in found:
        assert isinstance(call(is_skill_list, s), bool)
        spans = call(client_spans, s)
        assert spans == sorted(spans)
        assert all(0 <= a <= b <= len(s) for a, b in spans)


@fuzz()
@given(text=any_text)
def test_segment_helpers_any_text(text):
    """has_content, is_skill_list, client_spans and frame_spans on raw text."""
    assert isinstance(call(has_content, text), bool)
    assert isinstance(call(is_skill_list, text), bool)
    assert all(0 <= a <= b <= len(text) for a, b in call(client_spans, text))
    assert all(0 <= a <= b <= len(text) for a, b in call(frame_spans, text))


@fuzz()
@given(text=any_text | st.lists(st.sampled_from(CV_WORDS), max_size=300).map(", ".join))
def test_skill_list_items_any_text(text):
    """skill_list_items: at most 200 distinct (case-insensitively), stripped items of up to 120 chars."""
    items = call(skill_list_items, text)
    assert isinstance(items, list) and len(items) <= 200
    assert all(isinstance(i, str) and i and i == i.strip() and len(i) <= 120 for i in items)
    assert len({i.lower() for i in items}) == len(items)


@fuzz(0.3)
@given(unit=st.sampled_from(["(a) b ", " ", "\t", ", ", "and ", "not ", "for a ", "5 years ", "- x\n", "Skills: a, ",
                             "(", ")", "clients include x, ", "word "]), n=st.integers(1, 2000))
def test_pieces_repetitive_text_is_fast(unit, n):
    """Repetitive text of up to ~20k characters is cut quickly (no quadratic regex work)."""
    start = time.perf_counter()
    call(pieces, "I did " + unit * n + " done.")
    assert time.perf_counter() - start < 2.0


# --- 3. extract ---------------------------------------------------------------------------------

@fuzz()
@given(text=any_text | st.binary(max_size=40) | st.none())
def test_check_language_any_text(text):
    """check_language: cleaned text or a ProfileError."""
    result = call(check_language, text)
    if result is not NO_RESULT:
        profile_result_ok(result)


LANGUAGE_LABELS = ["Spanish", "write Spanish", "interact verbally in Spanish", "understand spoken Spanish",
                   "understand written French", "French", "write", "write ", "write Spanish\n", ""]


@fuzz()
@given(labels=st.lists(st.sampled_from(LANGUAGE_LABELS) | st.text(ANY_CHAR, max_size=30), max_size=20))
def test_language_fold_any_labels(labels):
    """language_fold: maps rows of language sub-skills to the row of that language."""
    fold = call(language_fold, labels)
    assert isinstance(fold, dict)
    for i, j in fold.items():
        assert 0 <= i < len(labels) and 0 <= j < len(labels)
        assert LANGUAGE_SKILL.match(labels[i]).group(1) == labels[j]


@fuzz()
@given(query=any_text | st.none() | st.integers())
def test_check_query_any_value(query):
    """check_query: a normalised one-line query or a QueryError."""
    result = call(check_query, query)
    if result is not NO_RESULT:
        assert isinstance(result, str) and result == " ".join(result.split()) and result


# --- 4. catalogue import ------------------------------------------------------------------------

TABLE_EXTS = [".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".parquet", ".xlsx", ".xls", ".CSV", ".xml", ""]
ALIAS_NAMES = sorted({a for aliases in ALIASES.values() for a in aliases} | {"Course Name", "Skills Taught", "price "})
column_names = st.sampled_from(ALIAS_NAMES) | st.text(ANY_CHAR, max_size=10)
CELLS = (st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats() | st.text(ANY_CHAR, max_size=30)
         | st.sampled_from(["", "Intro to SQL", "3 - 6 Months", "2h 30m", "10 hours", "Free", "$49", "49,99 EUR",
                            "£1,234.50", "beginner", "Advanced", "online", "In person", "https://x.org/c",
                            "ftp://x", "Python | SQL", "a; b", "Excel (sorting, VLOOKUP), Word", "nan", "N/A"]))


@st.composite
def raw_tables(draw) -> pd.DataFrame:
    """A small table with common, odd or repeated column names and cells of any type."""
    columns = draw(st.lists(column_names, min_size=0, max_size=6))
    n = draw(st.integers(0, 6))
    return object_frame({i: draw(st.lists(CELLS, min_size=n, max_size=n)) for i in range(len(columns))}, columns, n)


def object_frame(cells: dict, labels: list, rows: int) -> pd.DataFrame:
    """A DataFrame of object columns and labels (pandas 3 would store text as Arrow strings, which
    cannot hold lone surrogates)."""
    frame = pd.DataFrame(cells, dtype=object) if cells else pd.DataFrame(index=range(rows))
    frame.columns = pd.Index(labels, dtype=object)
    return frame


def write_table(frame: pd.DataFrame, ext: str) -> bytes | None:
    """The table in the file format of ``ext``, or None when that format cannot hold it."""
    try:
        if ext in (".csv", ".txt"):
            return frame.to_csv(index=False).encode("utf-8", "surrogatepass")
        if ext == ".tsv":
            return frame.to_csv(index=False, sep="\t").encode("utf-8", "surrogatepass")
        if ext == ".json":
            return dumps(json.loads(frame.to_json(orient="records")))
        if ext in (".jsonl", ".ndjson"):
            return frame.to_json(orient="records", lines=True).encode("utf-8", "surrogatepass")
        if ext == ".parquet":
            out = io.BytesIO()
            frame.astype(str).to_parquet(out, index=False)
            return out.getvalue()
        if ext == ".xlsx":
            out = io.BytesIO()
            frame.to_excel(out, index=False)
            return out.getvalue()
    except Exception:
        return None
    return None


def check_import(result: ImportResult, rows: int) -> None:
    assert isinstance(result, ImportResult)
    assert list(result.courses.columns) == COURSE_COLUMNS
    handled = sum(r["action"] in ("skipped", "merged") for r in result.report)
    assert len(result.courses) + handled == rows
    for course in result.courses.to_dict("records"):
        assert isinstance(course["title"], str) and course["title"]
        assert isinstance(course["skills"], list) and all(isinstance(s, str) for s in course["skills"])
        hours = course["hours"]
        # NaN: not stated; 0.0: under 3 minutes, rounded to one decimal
        assert hours is None or (isinstance(hours, float) and (math.isnan(hours) or hours >= 0))
        assert course["level"] in ("", "beginner", "intermediate", "advanced")
    assert isinstance(result.summary(), dict)


def read_and_import(path: Path) -> None:
    frame = call(read_table, path)
    if frame is NO_RESULT:
        return
    frame, offset = frame
    assert isinstance(frame, pd.DataFrame) and offset in (1, 2)
    result = call(import_table, frame, "fuzz", None, offset)
    if result is not NO_RESULT:
        check_import(result, len(frame))


@fuzz()
@given(ext=st.sampled_from(TABLE_EXTS), data=st.binary(max_size=1500))
def test_read_table_random_bytes(ext, data):
    """read_table + import_table: random bytes under every supported (and unsupported) suffix."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"catalogue{ext}"
        path.write_bytes(data)
        read_and_import(path)


@fuzz(0.7)
@given(frame=raw_tables(), ext=st.sampled_from([".csv", ".tsv", ".json", ".jsonl", ".parquet"]),
       wrap=st.booleans())
def test_read_table_valid_files(frame, ext, wrap):
    """Well-formed files with missing, renamed or duplicate columns, NaN cells, numbers as text."""
    data = write_table(frame, ext)
    assume(data is not None)
    if wrap and ext == ".json":
        data = b'{"courses": ' + data + b"}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"catalogue{ext}"
        path.write_bytes(data)
        read_and_import(path)


@fuzz(0.2)
@given(frame=raw_tables())
def test_read_table_valid_xlsx(frame):
    """Excel workbooks with odd columns and cells."""
    data = write_table(frame, ".xlsx")
    assume(data is not None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalogue.xlsx"
        path.write_bytes(data)
        read_and_import(path)


@functools.lru_cache(maxsize=None)
def catalogue_file(ext: str) -> bytes:
    """A small valid catalogue in the format of ``ext`` (cached: xlsx files carry a timestamp)."""
    frame = pd.DataFrame({"title": ["Intro to SQL", "Excel", "Intro to SQL"], "skills": ["SQL, data", "Excel", ""],
                          "hours": ["10", "3 - 6 Months", "x"], "price": ["$49", "Free", "12,50 EUR"]})
    return write_table(frame, ext)


@fuzz(0.7)
@given(data=st.data(), ext=st.sampled_from([".csv", ".tsv", ".json", ".jsonl", ".parquet", ".xlsx"]))
def test_read_table_mutated_files(data, ext):
    """Valid catalogue files with byte-level damage."""
    base = catalogue_file(ext)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"catalogue{ext}"
        path.write_bytes(data.draw(mutated(base)))
        read_and_import(path)


@st.composite
def object_frames(draw) -> pd.DataFrame:
    """A DataFrame as an API caller might pass it: any column labels, cells of any Python type."""
    labels = draw(st.lists(column_names | st.integers(-3, 3) | st.none(), max_size=6))
    n = draw(st.integers(0, 5))
    cell = CELLS | st.lists(st.text(max_size=8), max_size=3) | st.just(np.nan) | st.just(pd.NA) \
        | st.integers(-2**63, 2**63 - 1).map(np.int64) | st.floats().map(np.float64) | st.dictionaries(
            st.text(max_size=3), st.integers(), max_size=2)
    return object_frame({i: draw(st.lists(cell, min_size=n, max_size=n)) for i in range(len(labels))}, labels, n)


MAPPING_PAIRS = st.none() | st.lists(st.tuples(st.sampled_from(COURSE_COLUMNS) | st.text(max_size=8),
                                               st.sampled_from(["title", "name", "skills", "hours", "", "0", "None"])
                                               | st.text(max_size=8)).map("=".join) | st.text(max_size=8), max_size=3)


@fuzz(1.5)
@given(frame=object_frames(), pairs=MAPPING_PAIRS)
def test_import_table_any_frame(frame, pairs):
    """import_table: every row becomes a course, a skipped row or a merged duplicate."""
    mapping = call(parse_mapping, pairs)
    if mapping is NO_RESULT:
        return
    result = call(import_table, frame, "fuzz", mapping)
    if result is not NO_RESULT:
        check_import(result, len(frame))


@fuzz()
@given(pairs=st.none() | st.lists(st.text(ANY_CHAR, max_size=20), max_size=5),
       columns=st.lists(column_names, max_size=8))
def test_parse_mapping_and_auto_mapping(pairs, columns):
    """parse_mapping and auto_mapping: field -> existing column, or a CatalogError."""
    mapping = call(parse_mapping, pairs)
    if mapping is NO_RESULT:
        return
    assert isinstance(mapping, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items())
    result = call(auto_mapping, columns, mapping)
    if result is not NO_RESULT:
        assert all(field in COURSE_COLUMNS and column in columns for field, column in result.items())


@fuzz()
@given(value=CELLS | st.integers() | st.text(st.sampled_from("0123456789.,-– tohmyearsweekdayminutes$£€"),
                                              max_size=40))
def test_cell_normalisers_any_value(value):
    """The cell parsers behind import_table: hours, price, level, format, skills."""
    hours = call(parse_hours, value)
    assert hours is NO_RESULT or hours is None or (isinstance(hours, float) and hours > 0)
    cost = call(parse_cost, value)
    assert cost is NO_RESULT or (isinstance(cost, tuple) and (cost[0] is None or cost[0] >= 0))
    assert call(parse_level, value) in ("", "beginner", "intermediate", "advanced")
    assert call(parse_format, value) in ("", "self-paced", "cohort", "in person")
    assert all(isinstance(s, str) and s for s in call(split_skills, value))


@fuzz(0.3)
@given(title=st.text(ANY_CHAR, min_size=1, max_size=20), name=st.none() | st.text(ANY_CHAR, max_size=20))
def test_import_catalog_any_text(title, name):
    """import_catalog: a JSON catalogue with any title (surrogates too) and any source name."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalogue.json"
        path.write_bytes(dumps([{"title": title, "skills": "SQL"}]))
        result = call(import_catalog, Path(folder) / "home", path, name)
        if result is not NO_RESULT:
            check_import(result, 1)


# --- 5. exposure evidence -----------------------------------------------------------------------

TASK_HEADERS = ["Task", "Title", *LABEL_COLUMNS, "Task ", "task", "O*NET-SOC Code", ""]
TASK_CELLS = st.sampled_from(["E0", "E1", "E2", " E1 ", "e1", "E3", "", "Enter data.", "Weld, then grind",
                              '"quoted, cell"', '"unterminated', "a\tb", "x" * 500]) | st.text(ANY_CHAR, max_size=20)


@st.composite
def task_files(draw) -> bytes:
    header = draw(st.lists(st.sampled_from(TASK_HEADERS) | st.text(max_size=6), max_size=6))
    rows = draw(st.lists(st.lists(TASK_CELLS, max_size=7), max_size=6))
    sep = draw(st.sampled_from([",", "\t", ";", "|"]))
    text = "\n".join(sep.join(row) for row in [header, *rows])
    if draw(st.booleans()):  # mixed delimiters
        text = text.replace(sep, draw(st.sampled_from([",", "\t"])), draw(st.integers(0, 3)))
    return text.encode("utf-8", "surrogatepass")


@fuzz()
@given(data=task_files() | st.binary(max_size=500), label_column=st.none() | st.sampled_from(TASK_HEADERS))
def test_read_task_file_any_content(data, label_column):
    """read_task_file: labelled tasks (E0/E1/E2 with their values) plus a report, or a TaskFileError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tasks.tsv"
        path.write_bytes(data)
        result = call(read_task_file, path, label_column)
    if result is NO_RESULT:
        return
    tasks, skipped = result
    assert isinstance(tasks, pd.DataFrame) and len(tasks) > 0
    assert list(tasks.columns) == ["task", "title", "label", "value"]
    assert set(tasks["label"]) <= set(LABEL_VALUES)
    assert all(LABEL_VALUES[label] == value for label, value in zip(tasks["label"], tasks["value"]))
    assert all(isinstance(t, str) and t for t in tasks["task"]) and all(isinstance(t, str) for t in tasks["title"])
    assert all(isinstance(s, dict) and {"row", "column", "reason"} <= set(s) for s in skipped)


# --- 6. cohort ----------------------------------------------------------------------------------

COHORT_KEYS = ["text", "Text ", "profile", "cv", "id", "learner", "name", "email", "other"]


@st.composite
def cohort_files(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["csv", "jsonl", "other"]))
    if kind == "jsonl":
        lines_ = draw(st.lists(st.dictionaries(st.sampled_from(COHORT_KEYS) | st.text(max_size=5), json_like,
                                               max_size=4) | json_like, max_size=6))
        body = b"\n".join(dumps(line) for line in lines_)
        return draw(st.sampled_from(["c.jsonl", "c.ndjson"])), body
    header = draw(st.lists(st.sampled_from(COHORT_KEYS) | st.text(max_size=5), max_size=4))
    rows = draw(st.lists(st.lists(TASK_CELLS, max_size=5), max_size=6))
    sep = draw(st.sampled_from([",", "\t", ";", "|", " "]))
    body = "\n".join(sep.join(row) for row in [header, *rows]).encode("utf-8", "surrogatepass")
    name = draw(st.sampled_from(["c.csv", "c.tsv", "c.txt", "c.CSV"] if kind == "csv" else ["c.xlsx", "c", "c.json"]))
    return name, body


@fuzz(1.5)
@given(file=cohort_files() | st.tuples(st.sampled_from(["c.csv", "c.jsonl", "c.tsv"]), st.binary(max_size=400)),
       depth=st.sampled_from([0, 0, 0, 0, 3000]))
def test_read_cohort_any_content(file, depth):
    """read_cohort: (id, text) pairs for 1 to MAX_LEARNERS learners plus skipped rows, or a CohortError."""
    name, data = file
    if depth:
        data = b"[" * depth + b"]" * depth + b"\n" + data
    result = call(read_cohort, name, data)
    if result is NO_RESULT:
        return
    learners, skipped = result
    assert 1 <= len(learners) <= MAX_LEARNERS
    assert all(isinstance(i, str) and isinstance(t, str) and t.strip() for i, t in learners)
    assert all(isinstance(s, dict) for s in skipped)


@fuzz()
@given(data=st.data())
def test_read_cohort_mutated(data):
    """A valid cohort CSV or JSONL with byte-level damage."""
    name, base = data.draw(st.sampled_from([
        ("c.csv", b'id,text\n1,"Drove vans, 5 years"\n2,Welded steel\n'),
        ("c.jsonl", b'{"id": 1, "text": "Drove vans"}\n{"id": "b", "text": "Welded"}\n')]))
    result = call(read_cohort, name, data.draw(mutated(base)))
    if result is not NO_RESULT:
        assert all(isinstance(i, str) and isinstance(t, str) and t.strip() for i, t in result[0])


@fuzz(0.5)
@given(lines_=st.lists(json_like.map(dumps) | st.binary(max_size=30), max_size=5),
       field=st.sampled_from(["query", "text"]))
def test_read_jsonl_queries_any_content(lines_, field):
    """The CLI's JSONL batch reader: (id, query) pairs or a QueryError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q.jsonl"
        path.write_bytes(b"\n".join(lines_))
        result = call(read_jsonl_queries, path, field)
    if result is not NO_RESULT:
        assert result and all(isinstance(i, str) for i, _ in result)


# --- 7. clients ---------------------------------------------------------------------------------

CLIENT_KEYS = st.sampled_from(sorted(CLIENT_FIELDS)) | st.text(max_size=6)
SKILL_ITEMS = st.fixed_dictionaries({"skill_id": st.text(ANY_CHAR, max_size=10),
                                     "label": st.text(ANY_CHAR, max_size=10)}, optional={"level": json_scalars})
CLIENT_VALUES = (json_like | st.lists(SKILL_ITEMS, max_size=3) | st.lists(st.text(ANY_CHAR, max_size=10), max_size=4)
                 | st.integers(-10**20, 10**20) | st.text(ANY_CHAR, max_size=250))


def encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return ClientStore(tmp_path_factory.mktemp("clients") / "clients.db")


@fuzz()
@given(client=st.dictionaries(CLIENT_KEYS, CLIENT_VALUES, max_size=6) | json_like)
def test_checked_client_any_value(client):
    """_checked_client: a complete client dict or a StoreError."""
    result = call(_checked_client, client)
    if result is not NO_RESULT:
        assert set(result) == CLIENT_FIELDS and isinstance(result["name"], str) and result["name"].strip()


@fuzz()
@given(client=st.fixed_dictionaries({"name": st.text(ANY_CHAR, min_size=1, max_size=220)},
                                    optional={k: CLIENT_VALUES for k in sorted(CLIENT_FIELDS - {"name"})}),
       label=st.text(ANY_CHAR, max_size=20), plan=json_like)
def test_client_store_round_trip(store, client, label, plan):
    """save_client / client / save_plan / plans on any client: round trip, or a StoreError."""
    client_id = call(store.save_client, client)
    if client_id is NO_RESULT:
        return
    saved = call(store.client, client_id)
    if saved is not NO_RESULT:
        saved["name"].encode("utf-8")  # stored text is valid UTF-8 (lone surrogates replaced)
        if encodable(client["name"]):
            assert saved["name"] == client["name"].strip()
        if all(encodable(t) for t in client.get("targets", [])):
            assert saved["targets"] == client.get("targets", [])
    plan_id = call(store.save_plan, client_id, {"plan": plan}, label)
    if plan_id is not NO_RESULT:
        assert isinstance(call(store.plans, client_id), list)


@fuzz(0.5)
@given(data=st.binary(max_size=600), header=st.booleans(), read_only=st.booleans())
def test_client_store_on_any_file(data, header, read_only):
    """ClientStore on a file that is not (or is a damaged) SQLite database."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clients.db"
        path.write_bytes((b"SQLite format 3\x00" if header else b"") + data)
        opened = call(ClientStore, path, 0.2, read_only)
        if opened is not NO_RESULT:
            listed = call(opened.clients)
            assert listed is NO_RESULT or isinstance(listed, list)


# --- 8. plans -----------------------------------------------------------------------------------

NUMBERS = (st.none() | st.booleans() | st.integers(-5, 10**6) | st.integers() | st.floats()
           | st.text(max_size=5) | st.sampled_from([0, 1, 2.5, 10**400, -1, float("inf"), float("nan"), "10"]))


@fuzz()
@given(hours=NUMBERS, weeks=NUMBERS, budget=NUMBERS, free_only=st.booleans(),
       level=st.none() | st.sampled_from(["beginner", "intermediate", "advanced", "Beginner", ""])
       | st.text(max_size=5),
       language=st.none() | st.sampled_from(["en", "EN-gb", "", " "]) | st.text(max_size=5))
def test_limits_any_values(hours, weeks, budget, free_only, level, language):
    """Limits: a usable limit (finite hours available) or a PlanError."""
    limits = call(Limits, hours, weeks, budget, free_only, level, language)
    if limits is not NO_RESULT:
        available = call(lambda: limits.hours_available)
        assert available is NO_RESULT or (isinstance(available, float) and math.isfinite(available) and available > 0)


COURSE_CELLS = st.none() | st.just(np.nan) | st.floats() | st.integers(-10, 10**4) | st.text(ANY_CHAR, max_size=12) \
    | st.sampled_from(["beginner", "advanced", "Intermediate", "en", "en-GB", "fr", "EUR", "USD", "http://x.org/a b(c)",
                       "=cmd()", "+1", "-x", "@a", "Intro to SQL", "SQL; Excel", "needs Intro to SQL", "[link](x)",
                       "a|b"])


@st.composite
def plan_inputs(draw):
    n = draw(st.integers(1, 5))
    fields = ["course_id", "title", "provider", "url", "hours", "cost", "currency", "level", "language",
              "prerequisites", "skills"]
    courses = pd.DataFrame({f: draw(st.lists(COURSE_CELLS | st.lists(st.text(max_size=6), max_size=2),
                                             min_size=n, max_size=n)) for f in fields}, dtype=object)
    ids = ["s1", "s2", "s3"]
    wanted = draw(st.lists(st.fixed_dictionaries({"skill_id": st.sampled_from(ids + ["", None, 7])},
                                                 optional={"weight": NUMBERS, "label": COURSE_CELLS}),
                           min_size=1, max_size=4))
    positions = st.integers(-1, n) | st.sampled_from([1.0, True, "0"])
    scores = st.floats() | st.integers(-1, 2)
    coverage = draw(st.dictionaries(st.sampled_from(ids), st.lists(st.tuples(positions, scores), max_size=4),
                                    max_size=3))
    limits = Limits(draw(st.floats(0.5, 20)), draw(st.integers(1, 30)), draw(st.none() | st.floats(0, 500)),
                    draw(st.booleans()), draw(st.none() | st.sampled_from(["beginner", "intermediate", "advanced"])),
                    draw(st.none() | st.sampled_from(["en", "fr", "en-GB"])))
    return wanted, courses, coverage, limits


@fuzz(0.7)
@given(inputs=plan_inputs(), start=st.dates() | st.datetimes() | st.sampled_from([None, "2026-01-05"]),
       per_session=st.floats(0.5, 1e4) | st.floats() | st.integers(-2, 10**9)
       | st.sampled_from([0.0, 1e-9, -1.0, math.nan, math.inf, -math.inf, 10**400, True, "2"]),
       weekdays=st.lists(st.integers(-1, 8) | st.sampled_from([True, "1", 2.0]), max_size=8).map(tuple)
       | st.sampled_from([None, 3, "135", (), [0, 2], {1}]),
       at=st.times(), title=st.text(ANY_CHAR, max_size=40))
def test_make_plan_and_exports(inputs, start, per_session, weekdays, at, title):
    """make_plan on odd catalogues, wanted skills and coverage, then every export of the plan."""
    plan = call(make_plan, *inputs)
    if plan is NO_RESULT:
        return
    assert {"courses", "uncovered", "warnings", "total_hours", "total_cost", "weeks_used", "limits"} <= set(plan)
    assert plan["total_hours"] <= inputs[3].hours_available + 1e-6
    for course in plan["courses"]:
        assert 1 <= course["week_start"] <= course["week_end"] <= inputs[3].weeks
    markdown = call(to_markdown, plan, title)
    assert markdown is NO_RESULT or isinstance(markdown, str)
    table = call(to_csv, plan)
    if table is not NO_RESULT:
        rows = list(csv.reader(io.StringIO(table)))
        assert len(rows) == len(plan["courses"]) + 1
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row if cell)
    ics = call(to_ics, plan, start, per_session, weekdays, at)
    assert ics is NO_RESULT or isinstance(ics, bytes)


@fuzz(0.3)
@given(inputs=plan_inputs(), title=st.text(ANY_CHAR, max_size=40), unicode_font=st.booleans())
def test_plan_pdf_export(inputs, title, unicode_font):
    """to_pdf with any course text, with the Unicode font or the built-in Latin-1 one."""
    plan = call(make_plan, *inputs)
    if plan is NO_RESULT:
        return
    fonts = contextlib.nullcontext() if unicode_font else mock.patch.object(plan_exports, "UNICODE_FONTS", ())
    with fonts:
        pdf = call(to_pdf, plan, title)
    assert pdf is NO_RESULT or (isinstance(pdf, bytes) and pdf.startswith(b"%PDF"))


# --- 9. ESCO bundle -----------------------------------------------------------------------------

ESCO_VALID = {
    "skills_en.csv": "conceptUri,skillType,reuseLevel,preferredLabel,altLabels,description\n"
                     "u:s1,skill/competence,sector-specific,weld metal,\"welding\narc welding\",Join metal.\n"
                     "u:s2,knowledge,,Python,,A language.\n",
    "occupations_en.csv": "conceptUri,iscoGroup,preferredLabel,altLabels,description\n"
                          "u:o1,7212,welder,arc welder,Welds.\n",
    "skillsHierarchy_en.csv": "Level 0 URI,Level 0 preferred term,Level 0 code,Level 1 URI,Level 1 code\n"
                              "u:g0,skills,S,u:g1,S1\n",
    "broaderRelationsSkillPillar_en.csv": "conceptUri,broaderUri\nu:s1,u:g1\nu:s2,u:s1\n",
    "occupationSkillRelations_en.csv": "occupationUri,relationType,skillUri\nu:o1,essential,u:s1\n",
    "skillSkillRelations_en.csv": "originalSkillUri,relationType,relatedSkillUri\nu:s1,optional,u:s2\n",
    "digitalSkillsCollection_en.csv": "conceptUri\nu:s2\n",
}


@st.composite
def esco_files(draw) -> dict[str, bytes]:
    files = {}
    for name, valid in ESCO_VALID.items():
        choice = draw(st.sampled_from(["valid", "valid", "absent", "empty", "header", "random", "mutated", "short"]))
        if choice == "valid":
            files[name] = valid.encode()
        elif choice == "empty":
            files[name] = b""
        elif choice == "header":
            files[name] = valid.split("\n")[0].encode()
        elif choice == "random":
            files[name] = draw(st.binary(max_size=200))
        elif choice == "mutated":
            files[name] = draw(mutated(valid.encode()))
        elif choice == "short":
            files[name] = (valid.split("\n")[0] + "\n" + draw(st.text(ANY_CHAR, max_size=30))).encode("utf-8",
                                                                                                       "surrogatepass")
    return files


@fuzz(0.7)
@given(files=esco_files(), as_zip=st.sampled_from(["folder", "zip", "mutated zip"]), data=st.data())
def test_import_esco_bundle_malformed(files, as_zip, data):
    """import_esco_bundle: a Taxonomy, or a TaxonomyImportError, for damaged or partial bundles."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if as_zip == "folder":
            for name, content in files.items():
                (root / name).write_bytes(content)
        else:
            packed = zipped(files)
            if as_zip == "mutated zip":
                packed = data.draw(mutated(packed))
            (root / "classification_en.zip").write_bytes(packed)
        result = call(import_esco_bundle, root)
    if result is not NO_RESULT:
        assert isinstance(result, Taxonomy)
        assert all(isinstance(v, str) for v in result.skills["label"])
        assert all(isinstance(v, list) for v in result.skills["alt_labels"])


# --- regressions: the crashes, hangs and blow-ups the properties found --------------------------

def known(reason: str):
    """Mark the regression test of a crash not fixed yet (add its KNOWN entry too)."""
    return pytest.mark.xfail(strict=True, reason=f"fuzz: {reason}")


def raises_only_domain_errors(fn, *args, limit: float = HANG_SECONDS, **kwargs):
    """The contract, without the KNOWN tolerance; a call longer than ``limit`` seconds is a hang, one
    that runs out of MEMORY_HEADROOM a blow-up (even if reported as a domain error)."""
    try:
        with memory_limit(), time_limit(limit):
            fn(*args, **kwargs)
    except NextSkillError as exc:
        assert not any(isinstance(e, MemoryError) for e in _causes(exc)), f"memory blow-up behind: {exc}"
    except Hang as exc:
        raise AssertionError(f"hang: {exc}") from exc


def test_regression_upload_name_dot_dot():
    """Fuzz find, fixed: a '..' upload name becomes the temp folder's parent: IsADirectoryError."""
    raises_only_domain_errors(read_profile_upload, "..", b"Drove vans.")


def test_regression_upload_long_name():
    """Fuzz find, fixed: an upload name over 255 bytes: OSError File name too long."""
    raises_only_domain_errors(read_profile_upload, "é" * 130 + ".txt", b"Drove vans.")


def test_regression_upload_name_nul():
    """Fuzz find, fixed: an upload name with a NUL byte: ValueError embedded null byte."""
    raises_only_domain_errors(read_profile_upload, "cv\x00.txt", b"Drove vans.")


def test_regression_upload_name_surrogate():
    """Fuzz find, fixed: an upload name with a lone surrogate: UnicodeEncodeError."""
    raises_only_domain_errors(read_profile_upload, "cv\ud800.txt", b"Drove vans.")


def test_regression_json_resume_deep_nesting():
    """Fuzz find, fixed: deeply nested JSON Resume: RecursionError from json.loads."""
    raises_only_domain_errors(read_profile_upload, "cv.json", b"[" * 100_000)


def test_regression_json_resume_huge_integer():
    """Fuzz find, fixed: JSON Resume with an integer over 4300 digits: ValueError from json.loads."""
    raises_only_domain_errors(read_profile_upload, "cv.json", b'{"basics": ' + b"1" * 5000 + b"}")


def test_regression_json_resume_basics_not_object():
    """Fuzz find, fixed: JSON Resume whose 'basics' is not an object: AttributeError."""
    raises_only_domain_errors(read_profile_upload, "cv.json", b'{"basics": "Jane"}')


def test_regression_json_resume_section_number():
    """Fuzz find, fixed: JSON Resume section that is a number: TypeError not iterable."""
    raises_only_domain_errors(json_resume_text, {"work": 5})


def test_regression_json_resume_highlights_number():
    """Fuzz find, fixed: JSON Resume 'highlights' / 'keywords' that are numbers: TypeError not iterable."""
    raises_only_domain_errors(json_resume_text, {"work": [{"highlights": 3}], "skills": [{"keywords": 3}]})


def test_regression_cohort_deep_nesting():
    """Fuzz find, fixed: deeply nested JSONL cohort line: RecursionError (not a ValueError)."""
    raises_only_domain_errors(read_cohort, "c.jsonl", b"[" * 100_000)


def test_regression_cohort_csv_sniffer_error():
    """Fuzz find, fixed: a one-byte CSV cohort: csv.Error Could not determine delimiter (not caught)."""
    raises_only_domain_errors(read_cohort, "c.csv", b"\x7f")


def test_regression_jsonl_queries_deep_nesting(tmp_path):
    """Fuzz find, fixed: deeply nested JSONL query line: RecursionError in the CLI reader."""
    (tmp_path / "q.jsonl").write_bytes(b"[" * 100_000)
    raises_only_domain_errors(read_jsonl_queries, tmp_path / "q.jsonl")


def test_regression_catalog_huge_integer(tmp_path):
    """Fuzz find, fixed: a JSON catalogue with a 400-digit number: OverflowError in parse_hours."""
    path = tmp_path / "c.json"
    path.write_text('[{"title": "SQL", "hours": 1' + "0" * 400 + ', "price": 1' + "0" * 400 + "}]")
    frame, offset = read_table(path)
    raises_only_domain_errors(import_table, frame, "fuzz", None, offset)


def test_regression_limits_huge_integer():
    """Fuzz find, fixed: Limits with a huge integer: OverflowError in _finite / hours_available."""
    raises_only_domain_errors(Limits, 10**400, 1)
    raises_only_domain_errors(lambda: Limits(1.0, 10**400).hours_available)


SMALL_PLAN = {"limits": {"hours_per_week": 5.0, "weeks": 2},
              "courses": [{"course_id": "c", "title": "t", "url": "", "skills": [], "hours": 4.0}]}


def test_regression_ics_weekdays_mixed_types():
    """Fuzz find, fixed: to_ics weekdays of mixed types: TypeError from sorted() before validation."""
    raises_only_domain_errors(to_ics, SMALL_PLAN, dt.date(2026, 1, 5), 2.0, (1, "3"))


def test_regression_ics_start_near_max_date():
    """Fuzz find, fixed: to_ics near date.max: OverflowError date value out of range."""
    raises_only_domain_errors(to_ics, SMALL_PLAN, dt.date(9999, 12, 28))


def test_regression_ics_huge_session_hours():
    """Fuzz find, fixed: to_ics with a huge integer session length: OverflowError in math.isfinite."""
    raises_only_domain_errors(to_ics, SMALL_PLAN, dt.date(2026, 1, 5), 10**400)


def test_regression_ics_tiny_session_hangs():
    """Fuzz find, fixed: to_ics with a tiny session length loops ~1e8 times: hang."""
    raises_only_domain_errors(to_ics, SMALL_PLAN, dt.date(2026, 1, 5), 1e-7, limit=3.0)


def test_regression_esco_zip_corrupt_data(tmp_path):
    """Fuzz find, fixed: a corrupt deflate stream in an ESCO zip: zlib.error."""
    raw = bytearray(zipped({n: v.encode() * 20 for n, v in ESCO_VALID.items()}))
    raw[60:70] = b"\xff" * 10
    (tmp_path / "classification_en.zip").write_bytes(bytes(raw))
    raises_only_domain_errors(import_esco_bundle, tmp_path)


def test_regression_esco_zip_unknown_method(tmp_path):
    """Fuzz find, fixed: an ESCO zip member with an unknown compression method: NotImplementedError."""
    raw = bytearray(zipped({n: v.encode() for n, v in ESCO_VALID.items()}))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        for m in re.finditer(re.escape(signature), bytes(raw)):
            raw[m.start() + offset] = 99
    (tmp_path / "classification_en.zip").write_bytes(bytes(raw))
    raises_only_domain_errors(import_esco_bundle, tmp_path)


def test_regression_esco_zip_encrypted(tmp_path):
    """Fuzz find, fixed: an encrypted ESCO zip member: RuntimeError password required."""
    raw = bytearray(zipped({n: v.encode() for n, v in ESCO_VALID.items()}))
    for m in re.finditer(re.escape(b"PK\x01\x02"), bytes(raw)):
        raw[m.start() + 8] |= 1
    (tmp_path / "classification_en.zip").write_bytes(bytes(raw))
    raises_only_domain_errors(import_esco_bundle, tmp_path)


def test_regression_client_surrogate(tmp_path):
    """Fuzz find, fixed: a client or plan label with a lone surrogate: UnicodeEncodeError from sqlite3."""
    store = ClientStore(tmp_path / "c.db")
    raises_only_domain_errors(store.save_client, {"name": "Jane\ud800"})
    client_id = store.save_client({"name": "Jane"})
    raises_only_domain_errors(store.save_plan, client_id, {"note": "\ud800"}, "")


def test_regression_client_huge_id(tmp_path):
    """Fuzz find, fixed: a client id over 64 bits: OverflowError from sqlite3."""
    store = ClientStore(tmp_path / "c.db")
    raises_only_domain_errors(store.save_client, {"name": "Jane", "id": 2**70})
    raises_only_domain_errors(store.client, 2**70)


def test_regression_client_numpy_level(tmp_path):
    """Fuzz find, fixed: a skill level that json cannot encode (numpy float32): TypeError in save_client."""
    store = ClientStore(tmp_path / "c.db")
    raises_only_domain_errors(store.save_client, {"name": "Jane", "skills": [
        {"skill_id": "s", "label": "Python", "level": np.float32(0.5)}]})


def test_regression_client_store_foreign_schema_version(tmp_path):
    """Fuzz find, fixed: another app's SQLite file with an empty schema_version table: TypeError."""
    path = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER)")
        conn.commit()
    raises_only_domain_errors(ClientStore, path)


def test_regression_pieces_quadratic_whitespace():
    """Fuzz find, fixed: a long run of spaces after a bracket made _outside_brackets quadratic
    (200k characters: minutes)."""
    raises_only_domain_errors(pieces, "Skills: (a) b" + " " * 40_000 + "c, d", limit=3.0)  # now ~12 s


def test_regression_skill_list_items_quadratic():
    """Fuzz find, fixed: skill_list_items dedups with a linear scan: quadratic in the number of items."""
    raises_only_domain_errors(skill_list_items, ", ".join(f"skill{i}" for i in range(20_000)), limit=3.0)  # ~10 s


PDF_PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> %s>> >>")
PDF_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_stream(data: bytes, filter_name: bytes = b"/FlateDecode", extra: bytes = b"") -> bytes:
    """A PDF stream object: ``data`` (already encoded with ``filter_name``) and its dictionary."""
    return b"<< %s/Length %d /Filter %s >>\nstream\n" % (extra, len(data), filter_name) + data + b"\nendstream"


def pdf_with_filter(filter_name: bytes, stream: bytes = b"BT /F1 12 Tf 72 720 Td (Drove vans) Tj ET",
                    xobject: bytes | None = None) -> bytes:
    """A one-page PDF whose content stream is ``stream`` stored with ``filter_name`` as its /Filter;
    ``xobject``, a Flate-compressed form drawing, is the page's /X1."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               PDF_PAGE % (b"/XObject << /X1 6 0 R >> " if xobject else b""), pdf_stream(stream, filter_name), PDF_FONT]
    if xobject:
        objects.append(pdf_stream(xobject, extra=b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                                                  b"/Resources << /Font << /F1 5 0 R >> >> "))
    return pdf_document(objects)


def test_regression_pdf_unknown_filter():
    """Fuzz find, fixed: a PDF stream with an unknown /Filter: pypdf NotImplementedError is not caught."""
    raises_only_domain_errors(read_profile_upload, "cv.pdf", pdf_with_filter(b"/Nope"))


def test_regression_docx_huge_grid_span():
    """Fuzz find, fixed: a DOCX cell with a huge gridSpan is repeated that many times: 13 KB file, minutes of work."""
    members = docx_members()
    xml = members["word/document.xml"].decode()
    xml = xml.replace("<w:tc><w:tcPr>", '<w:tc><w:tcPr><w:gridSpan w:val="2000000"/>', 1)
    raises_only_domain_errors(read_profile_upload, "cv.docx", zipped({**members, "word/document.xml": xml.encode()}),
                              limit=3.0)


def test_regression_ics_weekdays_number():
    """Fuzz find, fixed: to_ics with weekdays given as one number (3): TypeError 'int' object is not iterable."""
    raises_only_domain_errors(to_ics, SMALL_PLAN, dt.date(2026, 1, 5), 2.0, 3)


def test_regression_ics_event_count_unbounded():
    """Fuzz find, fixed: to_ics writes one event per session with no cap: an 87,000 h plan in 0.25 h sessions takes
    ~60 s."""
    limits = Limits(168, 520)  # the largest limits Limits accepts
    courses = pd.DataFrame([{"course_id": "c", "title": "Long", "hours": 87_000, "cost": 0, "skills": []}])
    plan = make_plan([{"skill_id": "s"}], courses, {"s": [(0, 0.9)]}, limits)
    raises_only_domain_errors(to_ics, plan, dt.date(2026, 1, 5), 0.25, limit=4.0)


def test_regression_docx_without_body():
    """Fuzz find, fixed: a DOCX whose document.xml has no <w:body>: AttributeError 'NoneType' object has no
    attribute 'p_lst'."""
    members = docx_members()
    members["word/document.xml"] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
                                    b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    raises_only_domain_errors(read_profile_upload, "cv.docx", zipped(members))


def test_regression_pdf_decompression_amplification():
    """Fuzz find, fixed: an 8 KB PDF whose Flate stream inflates to 625,000 text operators: ~30 s before the size
    check."""
    import zlib

    stream = zlib.compress(b"BT /F1 12 Tf " + b"(ab) Tj " * 625_000 + b"ET", 9)
    raises_only_domain_errors(read_profile_upload, "cv.pdf", pdf_with_filter(b"/FlateDecode", stream), limit=4.0)


def test_regression_docx_many_paragraphs():
    """Fuzz find, fixed: a 66 KB DOCX of 290,000 short paragraphs (10 MB of XML): ~13 s before the size check."""
    members = docx_members()
    body = "<w:p><w:r><w:t>ab</w:t></w:r></w:p>" * 290_000
    xml = members["word/document.xml"].decode().replace("<w:body>", "<w:body>" + body, 1)
    raises_only_domain_errors(read_profile_upload, "cv.docx", zipped({**members, "word/document.xml": xml.encode()}),
                              limit=4.0)


def test_regression_import_table_surrogate_column():
    """Fuzz find, fixed: import_table on a frame whose column label holds a lone surrogate: UnicodeEncodeError
    (Arrow strings)."""
    frame = pd.DataFrame({0: ["Intro to SQL"], 1: ["SQL"]}, dtype=object)
    frame.columns = pd.Index(["title", "skills\ud800"], dtype=object)
    raises_only_domain_errors(import_table, frame, "fuzz")


SNIFFER_BAIT = ',"a' * 8_000 + "\nx\n"  # a 24 KB first line: ~3 s (60 KB: ~16 s, 200 KB: minutes)


def test_regression_catalogue_csv_sniffer_quadratic(tmp_path):
    """Fuzz find, fixed: CSV catalogue: pandas' sep=None runs csv.Sniffer, quadratic on a long first line."""
    (tmp_path / "c.csv").write_text(SNIFFER_BAIT)
    raises_only_domain_errors(read_table, tmp_path / "c.csv", limit=3.0)


def test_regression_cohort_csv_sniffer_quadratic():
    """Fuzz find, fixed: CSV cohort upload: the same csv.Sniffer blow-up on a long first line."""
    raises_only_domain_errors(read_cohort, "c.csv", SNIFFER_BAIT.encode(), limit=3.0)



def test_regression_parse_hours_digit_run():
    """Fuzz find, fixed: parse_hours' number-unit regex backtracks on a long digit run: 5,000 digits ~2 s, 20,000
    ~35 s."""
    raises_only_domain_errors(parse_hours, "1" * 5_000 + "-", limit=3.0)


def test_regression_split_skills_quadratic():
    """Fuzz find, fixed: split_skills: the (?![^()]*\\)) lookahead rescans the cell at every separator: quadratic."""
    raises_only_domain_errors(split_skills, "(" + ", a" * 10_000, limit=3.0)


def xlsx_with_far_cell(ref: str) -> bytes:
    """A two-cell catalogue workbook, plus one cell at ``ref`` (e.g. XFD1048576, the last one)."""
    out = io.BytesIO()
    pd.DataFrame({"title": ["Intro to SQL"]}).to_excel(out, index=False)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    row = re.sub(r"\D", "", ref)
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    sheet = members["xl/worksheets/sheet1.xml"].decode().replace("</sheetData>", cell)
    return zipped({**members, "xl/worksheets/sheet1.xml": sheet.encode()})


def test_regression_xlsx_far_cell(tmp_path):
    """Fuzz find, fixed: a 5 KB .xlsx with one cell at XFD1048576: read_table builds a 1M x 16k table (MemoryError,
    OOM)."""
    (tmp_path / "c.xlsx").write_bytes(xlsx_with_far_cell("XFD1048576"))
    raises_only_domain_errors(read_table, tmp_path / "c.xlsx", limit=3.0)


def test_regression_pdf_quote_operator_amplification():
    import zlib

    stream = zlib.compress(b"BT /F1 12 Tf 14 TL " + b"(ab) ' " * 625_000 + b"ET", 9)
    raises_only_domain_errors(read_profile_upload, "cv.pdf", pdf_with_filter(b"/FlateDecode", stream), limit=4.0)


def test_regression_pdf_form_xobject_amplification():
    import zlib

    form = zlib.compress(b"BT /F1 12 Tf " + b"(ab) Tj " * 1_000 + b"ET", 9)
    page = zlib.compress(b"/X1 Do " * 2_000, 9)
    raises_only_domain_errors(read_profile_upload, "cv.pdf", pdf_with_filter(b"/FlateDecode", page, form), limit=5.0)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize("body", [
    "<w:p/>" * 1_000_000,
    f'<x:p xmlns:x="{W_NS}"><x:r><x:t>ab</x:t></x:r></x:p>' * 290_000,
    "<w:p>" + "<w:r><w:t>a</w:t></w:r>" * 1_000_000 + "</w:p>",
], ids=["empty-paragraphs", "other-prefix", "one-paragraph-many-runs"])
def test_regression_docx_paragraph_guard_bypass(body):
    members = docx_members()
    xml = members["word/document.xml"].decode().replace("<w:body>", "<w:body>" + body, 1)
    raises_only_domain_errors(read_profile_upload, "cv.docx", zipped({**members, "word/document.xml": xml.encode()}),
                              limit=4.0)
