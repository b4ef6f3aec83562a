"""A FAISS index plus the header that says what it was built from.

Small sets get an exact inner-product index (cosine on unit vectors); sets above
``exact_limit`` rows get HNSW, whose recall@10 against exact is measured in
benchmarks/index_recall.py. The index and its header are saved in one file, written
atomically, so they can never disagree.
"""
from __future__ import annotations

import json
import struct
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..errors import IndexMismatchError
from ..storage import atomic_write

MAGIC = b"NEXTSKILL-INDEX-1\n"
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80  # 40 builds 3 s faster but drops synthetic recall@10 to 0.94
HNSW_EF_SEARCH = 256


def _faiss():
    try:
        import faiss
    except ImportError as exc:  # pragma: no cover - it is in requirements.txt
        raise ImportError("install faiss-cpu to enable vector search (pip install faiss-cpu)") from exc
    return faiss


@dataclass(frozen=True)
class IndexHeader:
    """What an index serves: a mismatch with what is asked for means "rebuild"."""

    model_id: str
    dim: int
    rows: int
    source_hash: str
    kind: str = "exact"

    def mismatch(self, other: "IndexHeader") -> list[str]:
        """Fields that differ from ``other`` (kind is a choice, not a mismatch)."""
        return [f for f in ("model_id", "dim", "rows", "source_hash") if getattr(self, f) != getattr(other, f)]


class VectorIndex:
    def __init__(self, index, header: IndexHeader) -> None:
        self._index, self.header = index, header

    def search(self, queries: np.ndarray, top_k: int, ef: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Scores (cosine, higher is better) and row ids, each (n_queries, top_k); -1 pads.

        ``ef``: an HNSW index's search breadth for this call (default HNSW_EF_SEARCH); less is
        faster and misses more. Exact indexes ignore it.
        """
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        if queries.ndim != 2 or queries.shape[1] != self.header.dim:
            raise ValueError(f"queries must have shape (n, {self.header.dim}), got {queries.shape}")
        k = max(1, min(top_k, self.header.rows))
        if ef is not None and hasattr(self._index, "hnsw"):
            params = _faiss().SearchParametersHNSW()
            params.efSearch = max(ef, k)  # per call: the index is shared between threads
            return self._index.search(queries, k, params=params)
        scores, ids = self._index.search(queries, k)
        return scores, ids

    def vectors(self) -> np.ndarray:
        """All stored vectors as a (rows, dim) array (a copy)."""
        if self.header.rows == 0:
            return np.zeros((0, self.header.dim), dtype=np.float32)
        return self._index.reconstruct_n(0, self.header.rows)

    def save(self, path: Path) -> None:
        """One file: magic, header length, JSON header, FAISS bytes; written atomically."""
        faiss = _faiss()
        blob = faiss.serialize_index(self._index)
        header = json.dumps(asdict(self.header)).encode()

        def write(tmp: Path) -> None:
            with open(tmp, "wb") as fh:
                fh.write(MAGIC + struct.pack("<Q", len(header)) + header)
                fh.write(blob.tobytes())

        atomic_write(Path(path), write)

    @classmethod
    def load(cls, path: Path, expected: IndexHeader | None = None) -> "VectorIndex":
        """Load an index; raise IndexMismatchError if it is damaged or serves other data."""
        faiss = _faiss()
        try:
            data = np.fromfile(Path(path), dtype=np.uint8)
            if bytes(data[:len(MAGIC)]) != MAGIC:
                raise ValueError("not a NextSkill index file")
            start = len(MAGIC) + 8
            (size,) = struct.unpack("<Q", bytes(data[len(MAGIC):start]))
            header = IndexHeader(**json.loads(bytes(data[start:start + size]).decode()))
            index = faiss.deserialize_index(data[start + size:])
        except (OSError, ValueError, KeyError, TypeError, RuntimeError, struct.error) as exc:
            raise IndexMismatchError(f"index {path} is unreadable ({exc})") from exc
        if expected is not None:
            diff = header.mismatch(expected)
            if diff:
                raise IndexMismatchError(f"index {path} was built for other data ({', '.join(diff)} differ)")
        if index.ntotal != header.rows:
            raise IndexMismatchError(f"index {path} holds {index.ntotal} rows, its header says {header.rows}")
        if hasattr(index, "hnsw"):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        return cls(index, header)


def build_index(vectors: np.ndarray, model_id: str, source_hash: str, exact_limit: int = 200_000,
                kind: str | None = None) -> VectorIndex:
    """Index unit vectors; ``kind`` forces "exact" or "hnsw", otherwise chosen by size."""
    faiss = _faiss()
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    kind = kind or ("exact" if n <= exact_limit else "hnsw")
    if kind == "exact":
        # Inner product equals cosine similarity on normalised vectors.
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        raise ValueError(f"kind must be 'exact' or 'hnsw', not {kind!r}")
    if n:
        index.add(vectors)
    return VectorIndex(index, IndexHeader(model_id=model_id, dim=dim, rows=n,
                                          source_hash=source_hash, kind=kind))
