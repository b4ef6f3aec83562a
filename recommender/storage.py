"""Atomic file writes and content hashes.

Every file the product writes goes through here, so a process killed mid-write leaves the
previous version in place: we write to a temporary name in the same folder, flush, fsync and
then ``os.replace`` (atomic on POSIX and Windows).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np


def atomic_write(path: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer(tmp_path)`` then move the finished file onto ``path`` in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        writer(Path(tmp))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_npz(path: Path, **arrays) -> None:
    """Save arrays as one .npz at exactly ``path`` (np.savez would append .npz to a bare name)."""
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)

    atomic_write(path, write)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def read_json(path: Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def text_hash(text: str) -> bytes:
    """16-byte digest of one text: the key of the vector cache."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def texts_hash(texts: Iterable[str]) -> str:
    """Hex digest of an ordered list of texts: identifies the source data of an index."""
    h = hashlib.blake2b(digest_size=16)
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def checked_file(path: Path, max_bytes: int, error: type[Exception], too_big: str) -> Path:
    """``path`` if it is a non-empty file within ``max_bytes``; otherwise ``error`` with a fix.

    too_big: what to do instead, appended to the size message.
    """
    path = Path(path)
    if not path.is_file():
        raise error(f"{path} is not a file")
    size = path.stat().st_size
    if size == 0:
        raise error(f"{path.name} is empty")
    if size > max_bytes:
        raise error(f"{path.name} is {size / 2**20:.1f} MB; up to {max_bytes // 2**20} MB is read ({too_big})")
    return path


# What reading a damaged zip raises: bad data (zlib.error), an unknown compression method
# (NotImplementedError), an encrypted member (RuntimeError), a cut-off file (EOFError).
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError)

SNIFF_CHARS = 4096  # csv.Sniffer is quadratic in its sample: a long first line took minutes


def sniff_delimiter(text: str, candidates: str = ",;\t|") -> str:
    """The delimiter of a CSV's text, guessed from its first lines only (comma when unsure)."""
    import csv

    sample = "\n".join(text[:SNIFF_CHARS].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=candidates).delimiter
    except csv.Error:
        return ","


def clean_text(text: str) -> str:
    """Text that UTF-8 (SQLite, Arrow) can store: unpaired surrogates from broken copy-paste become U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def read_shipped_table(path: Path, columns: list[str], **read_csv) -> "pd.DataFrame":
    """A CSV the project ships (catalog/): unreadable, or without ``columns``, is a DataMissingError."""
    import pandas as pd

    from .errors import DataMissingError

    try:
        frame = pd.read_csv(path, **read_csv)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataMissingError(f"cannot read {path} ({exc}): restore it from the repository") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataMissingError(f"{path} lacks columns {missing}")
    return frame
