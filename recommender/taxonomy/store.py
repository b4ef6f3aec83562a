"""Save and load taxonomies on disk; one of them is active.

Each taxonomy lives in its own folder ``<home>/taxonomy/<name>/`` (parquet tables plus
meta.json). ``active.json`` names the active one and is replaced atomically, so a killed
import leaves the previous taxonomy active and intact.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from ..errors import DataMissingError
from ..storage import atomic_write_json, file_sha256, read_json, texts_hash
from .model import Taxonomy

TABLES = ("skills", "occupations", "occupation_skills", "skill_relations")


def taxonomy_root(home: Path) -> Path:
    return Path(home) / "taxonomy"


def save_taxonomy(taxonomy: Taxonomy, home: Path, activate: bool = True) -> Path:
    """Write all tables to a fresh folder, swap it in, then (optionally) make it active."""
    root = taxonomy_root(home)
    root.mkdir(parents=True, exist_ok=True)
    name = taxonomy.meta["name"]
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=root))
    try:
        for table in TABLES:
            getattr(taxonomy, table).to_parquet(tmp / f"{table}.parquet", index=False)
        atomic_write_json(tmp / "groups.json", taxonomy.groups)
        atomic_write_json(tmp / "meta.json", taxonomy.meta)
        final = root / name
        # Rename the old folder aside first: the active pointer still names it, and loading
        # falls back to the aside copy if we die between the two renames.
        aside = root / f".{name}.previous"
        shutil.rmtree(aside, ignore_errors=True)
        if final.exists():
            final.rename(aside)
        tmp.rename(final)
        shutil.rmtree(aside, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if activate:
        atomic_write_json(root / "active.json", {"name": name})
    return final


def active_name(home: Path) -> str | None:
    pointer = taxonomy_root(home) / "active.json"
    if not pointer.exists():
        return None
    try:
        return read_json(pointer)["name"]
    except (ValueError, KeyError, OSError):
        return None


def available(home: Path) -> list[str]:
    root = taxonomy_root(home)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")) \
        if root.exists() else []


def set_active(home: Path, name: str) -> None:
    if name not in available(home):
        raise DataMissingError(f"no taxonomy named {name!r}; available: {', '.join(available(home)) or 'none'}")
    atomic_write_json(taxonomy_root(home) / "active.json", {"name": name})


def taxonomy_fingerprint(home: Path, name: str) -> str:
    """Identity of a saved taxonomy: a hash of its files (about 10 ms)."""
    folder = taxonomy_root(home) / name
    return texts_hash([file_sha256(folder / f) if (folder / f).exists() else "missing"
                       for f in ("meta.json", "skills.parquet", "occupations.parquet")])


def load_taxonomy(home: Path, name: str | None = None) -> Taxonomy:
    """Load the named (default: active) taxonomy; a damaged one gets a message naming the fix."""
    name = name or active_name(home)
    if not name:
        raise DataMissingError("no taxonomy is built yet: run `python -m recommender build`")
    folder = taxonomy_root(home) / name
    if not folder.exists() and (taxonomy_root(home) / f".{name}.previous").exists():
        folder = taxonomy_root(home) / f".{name}.previous"
    try:
        tables = {t: pd.read_parquet(folder / f"{t}.parquet") for t in TABLES}
        for t in ("skills", "occupations"):
            for col in ("alt_labels", "groups", "group_names", "collections"):
                if col in tables[t].columns:
                    tables[t][col] = [list(v) if v is not None else [] for v in tables[t][col]]
        return Taxonomy(**tables, groups=read_json(folder / "groups.json"), meta=read_json(folder / "meta.json"))
    except (OSError, ValueError) as exc:
        fix = ("`python -m recommender build --rebuild`" if name == "packaged"
               else "`python -m recommender taxonomy import PATH` again")
        raise DataMissingError(f"taxonomy {name!r} in {folder} is missing or damaged ({exc}): run {fix}") from exc
