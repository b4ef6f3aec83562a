"""Read a person's profile from a file: TXT, Markdown, PDF, DOCX or JSON Resume.

Each reader returns plain text; every failure is a ProfileError whose message says what to do
(paste the text instead, remove the password, ...). Nothing here guesses silently.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

from ..errors import NextSkillError
from ..storage import ZIP_ERRORS, checked_file

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # a DOCX is a zip: refuse zip bombs before parsing
MAX_CHARS = 200_000  # about 80 pages; a CV is 2-5k
MAX_PAGES = 50  # of a PDF, read
MAX_OPERATORS = 100_000  # drawing operators read over those pages (a dense page of text: a few thousand)
MAX_PAGE_CONTENT = 1024 * 1024  # bytes of page content streams over those pages (a page of text: 5-50 KB)
MAX_DOCX_PIECES = 100_000  # paragraphs + runs of a DOCX (a long CV: a few thousand)


class ProfileError(NextSkillError, ValueError):
    """The profile could not be read; the message says what to do instead."""


def check_text(text: str) -> str:
    """Refuse empty or huge text with a clear message; normalise line endings and curly apostrophes
    (word processors write "don’t": the reader's patterns look for "don't")."""
    if not isinstance(text, str):
        raise ProfileError("the profile must be text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", " ").replace("\u2019", "'")
    if not text.strip():
        raise ProfileError("the profile is empty: paste a CV, a bio, a gig history or a list of skills")
    if len(text) > MAX_CHARS:
        raise ProfileError(f"the profile is {len(text):,} characters; NextSkill reads up to {MAX_CHARS:,} "
                           "(about 80 pages): paste the CV itself, not a whole document collection")
    return text


def read_profile_file(path: Path) -> str:
    path = checked_file(path, MAX_FILE_BYTES, ProfileError, "export the CV alone, or paste its text")
    suffix = path.suffix.lower()
    readers = {".txt": _read_text, ".md": _read_text, ".markdown": _read_text, ".text": _read_text,
               ".pdf": _read_pdf, ".docx": _read_docx, ".json": _read_json_resume}
    reader = readers.get(suffix)
    if reader is None:
        raise ProfileError(f"{path.name}: unsupported file type {suffix!r}; use PDF, DOCX, TXT, Markdown "
                           "or a JSON Resume (.json), or paste the text")
    return check_text(reader(path))


def read_profile_upload(name: str, data: bytes) -> str:
    """A profile uploaded in a browser: the same checks and readers as a file on disk."""
    import tempfile

    if len(data) > MAX_FILE_BYTES:
        raise ProfileError(f"{name} is {len(data) / 2**20:.1f} MB; profiles can be up to "
                           f"{MAX_FILE_BYTES // 2**20} MB: export the CV alone, or paste its text")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("profile" + _safe_suffix(name))
        path.write_bytes(data)
        try:
            return read_profile_file(path)
        except ProfileError as exc:  # say the name the person knows, not the temporary one
            raise ProfileError(str(exc).replace(path.name, _shown(name))) from exc


def _safe_suffix(name: str) -> str:
    """The extension of an uploaded file's name, and only that: the name itself can be '..', too
    long for the disk, or hold NUL bytes and unpaired surrogates. A strange extension is none."""
    suffix = Path(str(name).replace("\x00", "")).suffix.lower()
    return suffix if suffix.isascii() and suffix[1:].isalnum() and len(suffix) <= 10 else ""


def _shown(name: str) -> str:
    return str(name).encode("utf-8", "replace").decode("utf-8")[:120] or "the upload"


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ProfileError(f"{path.name} looks like a binary file, not text: paste the text instead")
    for encoding in ("utf-8-sig", "utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ProfileError(f"{path.name} is not readable text (unknown encoding): save it as UTF-8")


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ProfileError(f"{path.name} is password-protected: save a copy without the password, "
                                       "or paste the text")
            except ProfileError:
                raise
            except Exception as exc:
                raise ProfileError(f"{path.name} is password-protected: save a copy without the password, "
                                   "or paste the text") from exc
        budget = [MAX_OPERATORS]  # a few KB can inflate to millions of drawing operators (minutes to read)

        def count(*_) -> None:
            budget[0] -= 1
            if budget[0] < 0:
                raise ProfileError(f"{path.name} draws over {MAX_OPERATORS:,} operators, which no CV does: "
                                   "paste the text instead")

        pages = reader.pages[:MAX_PAGES]
        drawn = 0  # pypdf parses a page's whole content stream before reading it: ~4 s a MB
        for page in pages:
            contents = page.get_contents()
            drawn += len(contents.get_data()) if contents is not None else 0
            if drawn > MAX_PAGE_CONTENT:
                raise ProfileError(f"{path.name} has over {MAX_PAGE_CONTENT // 2**20} MB of drawing instructions, "
                                   "which no CV does: paste the text instead")
        text = "\n".join((page.extract_text(visitor_operand_before=count) or "") for page in pages)
    except ProfileError:
        raise
    except Exception as exc:  # pypdf raises many types for broken files (PdfReadError, NotImplementedError...)
        raise ProfileError(f"{path.name} is not a readable PDF ({type(exc).__name__}): export it again, "
                           "or paste the text") from exc
    if not text.strip():
        raise ProfileError(f"no text found in {path.name} (a scanned image?): paste the text instead")
    return text


def _read_docx(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(info.file_size for info in zf.infolist())
            if total > MAX_UNZIPPED_BYTES:
                raise ProfileError(f"{path.name} unpacks to {total / 2**20:.0f} MB, which no CV does: "
                                   "refusing it (paste the text instead)")
    except ZIP_ERRORS as exc:
        raise ProfileError(f"{path.name} is not a readable DOCX: save it again from Word, or paste the text") from exc
    try:
        import docx

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for broken files
        raise ProfileError(f"{path.name} is not a readable DOCX ({type(exc).__name__}): save it again, "
                           "or paste the text") from exc
    from docx.table import _Cell

    # Parsing is lxml's (fast); python-docx walks paragraphs and runs in Python: count them first.
    pieces = int(document.element.xpath("count(.//w:p) + count(.//w:r)"))  # python-docx knows the w: prefix
    if pieces > MAX_DOCX_PIECES:
        raise ProfileError(f"{path.name} holds {pieces:,} paragraphs and runs, which no CV does: "
                           "paste the CV's text instead")
    try:
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:  # each cell once (row.cells repeats a merged cell per grid column)
                parts.append(" | ".join(_Cell(tc, table).text for tc in row._tr.tc_lst))
    except Exception as exc:  # a document.xml without a body, and other broken structures
        raise ProfileError(f"{path.name} is not a readable DOCX ({type(exc).__name__}): save it again, "
                           "or paste the text") from exc
    text = "\n".join(parts)
    if not text.strip():
        raise ProfileError(f"no text found in {path.name}: paste the text instead")
    return text


def _read_json_resume(path: Path) -> str:
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise ProfileError(f"{path.name} is not valid JSON (line {exc.lineno}): fix it or paste the text") from exc
    except (RecursionError, ValueError) as exc:  # nested thousands deep, or a number of 4,300+ digits
        raise ProfileError(f"{path.name} is not a usable JSON Resume ({type(exc).__name__}): "
                           "fix it or paste the text") from exc
    if not isinstance(data, dict) or not any(k in data for k in ("basics", "work", "skills", "volunteer", "projects")):
        raise ProfileError(f"{path.name} is not a JSON Resume (jsonresume.org): expected keys like "
                           "basics, work, skills")
    return json_resume_text(data)


def json_resume_text(data: dict) -> str:
    """The readable parts of a JSON Resume, one line per fact, skills as a list. Parts of the wrong
    shape (a section that is a number, "basics" that is a string) are skipped, not fatal."""
    def listed(value) -> list:
        return value if isinstance(value, list) else []

    def plain(value) -> str:
        return value if isinstance(value, str) else str(value) if isinstance(value, (int, float)) else ""

    lines = []
    basics = data.get("basics") if isinstance(data.get("basics"), dict) else {}
    for key in ("label", "summary"):
        if isinstance(basics.get(key), str):
            lines.append(basics[key])
    for section in ("work", "volunteer", "projects"):
        for item in listed(data.get(section)):
            if not isinstance(item, dict):
                continue
            head = " at ".join(plain(item[k]) for k in ("position", "name", "organization") if plain(item.get(k)))[:200]
            if head:
                lines.append(head + ".")
            for key in ("summary", "description"):
                if isinstance(item.get(key), str):
                    lines.append(item[key])
            lines.extend(h for h in listed(item.get("highlights")) if isinstance(h, str))
    for item in listed(data.get("education")):
        if isinstance(item, dict):
            lines.append(" ".join(plain(item[k]) for k in ("studyType", "area", "institution") if plain(item.get(k))))
    skills = []
    for item in listed(data.get("skills")):
        if isinstance(item, dict):
            name, level = plain(item.get("name")), plain(item.get("level"))
            if name:
                skills.append(f"{name} ({level})" if level else name)
            skills.extend(k for k in map(plain, listed(item.get("keywords"))) if k)
    if skills:
        lines.append("Skills: " + ", ".join(skills))
    for item in listed(data.get("languages")):
        if isinstance(item, dict) and plain(item.get("language")):
            lines.append(f"Language: {plain(item['language'])} ({plain(item.get('fluency'))})".replace(" ()", ""))
    return "\n".join(line for line in lines if line and line.strip())
