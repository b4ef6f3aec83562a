"""The active course catalogue: the shipped one plus any imported, each kept as its own source.

Imports are saved as ``<home>/catalogs/<name>.parquet`` (atomically); importing the same name
again replaces that source, and the course index then re-embeds only what changed.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from ..storage import atomic_write, atomic_write_json, read_json
from .importer import CatalogError, ImportResult, import_table, read_table
from .schema import COURSE_COLUMNS

SHIPPED = "courses.csv"
SHIPPED_SOURCE = "nextskill"


def catalogs_dir(home: Path) -> Path:
    return Path(home) / "catalogs"


def load_shipped(catalog_dir: Path) -> ImportResult:
    path = Path(catalog_dir) / SHIPPED
    frame, offset = read_table(path)
    return import_table(frame, SHIPPED_SOURCE, row_offset=offset)


def source_name(path: Path, name: str | None) -> str:
    name = name or Path(path).stem
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.")[:60]
    if not name or name == SHIPPED_SOURCE:
        raise CatalogError(f"choose another catalogue name than {name!r} (`--name NAME`)")
    return name


def import_catalog(home: Path, path: Path, name: str | None = None, mapping: dict | None = None) -> ImportResult:
    """Import a file as catalogue source ``name``; nothing is written if it cannot be imported."""
    name = source_name(path, name)
    frame, offset = read_table(Path(path))
    result = import_table(frame, name, mapping, row_offset=offset)
    if result.courses.empty:
        raise CatalogError(f"{Path(path).name}: no row could be imported "
                           f"({len(result.report)} problems, first: {result.report[:1]})")
    folder = catalogs_dir(home)
    atomic_write(folder / f"{name}.parquet", lambda tmp: result.courses.to_parquet(tmp, index=False))
    atomic_write_json(folder / f"{name}.json", {
        "name": name, "path": str(Path(path).resolve()), "courses": int(len(result.courses)),
        "imported": datetime.now(timezone.utc).isoformat(timespec="seconds"), "mapping": result.mapping,
        "problems": len(result.report)})
    return result


def remove_catalog(home: Path, name: str) -> None:
    folder = catalogs_dir(home)
    if not (folder / f"{name}.parquet").exists():
        raise CatalogError(f"no imported catalogue named {name!r}")
    (folder / f"{name}.parquet").unlink()
    (folder / f"{name}.json").unlink(missing_ok=True)


def load_catalog(home: Path, catalog_dir: Path) -> tuple[pd.DataFrame, list[dict]]:
    """All courses (later imports win on equal course_id) and a description of each source."""
    shipped = load_shipped(catalog_dir).courses
    frames = [shipped]
    sources = [{"name": SHIPPED_SOURCE, "courses": int(len(shipped)), "path": str(Path(catalog_dir) / SHIPPED)}]
    folder = catalogs_dir(home)
    for parquet in sorted(folder.glob("*.parquet")) if folder.exists() else []:
        try:
            frame = pd.read_parquet(parquet)
            frame["skills"] = frame["skills"].map(list)
            meta = read_json(parquet.with_suffix(".json")) if parquet.with_suffix(".json").exists() else {}
        except (OSError, ValueError) as exc:
            raise CatalogError(f"imported catalogue {parquet} is damaged ({exc}): import it again or "
                               f"remove it with `catalog remove {parquet.stem}`") from exc
        frames.append(frame[COURSE_COLUMNS])
        sources.append({"name": parquet.stem, "courses": int(len(frame)),
                        **{k: meta[k] for k in ("path", "imported") if k in meta}})
    courses = pd.concat(frames, ignore_index=True).drop_duplicates("course_id", keep="last")
    return courses.reset_index(drop=True), sources
