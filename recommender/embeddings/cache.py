"""On-disk vector cache keyed by model id and text hash.

An edit to the taxonomy or catalogue re-embeds only the texts that changed. Vectors are stored
as float16 (cosine error below 1e-3, half the disk) in append-only shard files, one folder per
model; each shard is written atomically, so a killed build loses at most the shard in flight.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

import numpy as np

from ..storage import atomic_write_npz, text_hash
from .models import Embedder, Progress

CHUNK = 8192


class VectorCache:
    def __init__(self, root: Path, model_id: str, dim: int) -> None:
        slug = hashlib.blake2b(model_id.encode(), digest_size=8).hexdigest()
        self.folder = Path(root) / slug
        self.model_id, self.dim = model_id, dim
        self._rows: dict[bytes, np.ndarray] = {}
        self._loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        for shard in sorted(self.folder.glob("shard-*.npz")):
            try:
                with np.load(shard, allow_pickle=False) as data:
                    if str(data["model_id"]) != self.model_id or data["vectors"].shape[1] != self.dim:
                        continue
                    keys, vecs = data["keys"], data["vectors"]
            except (OSError, ValueError, KeyError):
                continue  # a damaged shard is only a cache miss: those texts get re-embedded
            for k, v in zip(keys, vecs):
                self._rows[bytes(k)] = v

    def get(self, keys: Sequence[bytes]) -> list[np.ndarray | None]:
        self._load()
        return [self._rows.get(k) for k in keys]

    def put(self, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        if not len(keys):
            return
        self._load()
        self.folder.mkdir(parents=True, exist_ok=True)
        n = len(list(self.folder.glob("shard-*.npz")))
        key_arr = np.frombuffer(b"".join(keys), dtype="S16") if keys else np.zeros(0, "S16")
        vecs = np.asarray(vectors, dtype=np.float16)
        atomic_write_npz(self.folder / f"shard-{n:05d}-{key_arr[0].hex()[:8]}.npz",
                         keys=key_arr, vectors=vecs, model_id=np.array(self.model_id))
        for k, v in zip(keys, vecs):
            self._rows[k] = v


def embed_cached(embedder: Embedder, texts: Sequence[str], cache: VectorCache | None,
                 progress: Progress | None = None) -> np.ndarray:
    """Embed ``texts``, reusing cached vectors and caching the new ones."""
    if cache is None:
        return embedder.encode(texts, progress=progress)
    keys = [text_hash(t) for t in texts]
    found = cache.get(keys)
    todo = sorted({i for i, v in enumerate(found) if v is None}, key=lambda i: texts[i])
    unique: dict[bytes, int] = {}
    for i in todo:
        unique.setdefault(keys[i], i)
    order = list(unique.values())
    if order:
        # Embed and save chunk by chunk: a killed build keeps what it finished.
        for start in range(0, len(order), CHUNK):
            part = order[start:start + CHUNK]
            inner = (lambda d, t, s=start: progress(s + d, len(order))) if progress else None
            cache.put([keys[i] for i in part], embedder.encode([texts[i] for i in part], progress=inner))
        found = cache.get(keys)
    elif progress:
        progress(len(texts), len(texts))
    out = np.stack([np.asarray(v, dtype=np.float32) for v in found]) if found else \
        np.zeros((0, embedder.dim), dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)
