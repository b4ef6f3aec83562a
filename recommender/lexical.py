"""BM25 over concept label bags: exact words matter ("welder" should find the welder).

Words are cut to 6-letter prefixes, a cheap stemmer that makes "developer" and "developers",
"analyst" and "analysis" meet. The index is plain arrays, so it saves and loads without pickle.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Sequence

import numpy as np

_WORD = re.compile(r"[a-z0-9+#]+")


def tokens(text: str) -> list[str]:
    return [w[:6] for w in _WORD.findall(text.lower()) if len(w) > 1 or w in "cr"]


class BM25:
    def __init__(self, vocab: list[str], idf: np.ndarray, offsets: np.ndarray, docs: np.ndarray,
                 weights: np.ndarray, n_docs: int) -> None:
        self.vocab = vocab
        self._index = {w: i for i, w in enumerate(vocab)}
        self.idf, self.offsets, self.docs, self.weights, self.n = idf, offsets, docs, weights, n_docs

    @classmethod
    def build(cls, documents: Sequence[str], k1: float = 1.2, b: float = 0.75) -> "BM25":
        docs = [tokens(d) for d in documents]
        n = len(docs)
        avg = (sum(len(d) for d in docs) / n) if n else 1.0
        postings = defaultdict(list)
        for j, d in enumerate(docs):
            norm = k1 * (1 - b + b * len(d) / avg)
            for w, c in Counter(d).items():
                postings[w].append((j, c * (k1 + 1) / (c + norm)))
        vocab = sorted(postings)
        idf = np.array([math.log(1 + (n - len(postings[w]) + 0.5) / (len(postings[w]) + 0.5)) for w in vocab],
                       dtype=np.float32)
        offsets = np.cumsum([0, *(len(postings[w]) for w in vocab)]).astype(np.int64)
        flat = [p for w in vocab for p in postings[w]]
        return cls(vocab, idf, offsets, np.array([j for j, _ in flat], dtype=np.int64),
                   np.array([s for _, s in flat], dtype=np.float32), n)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (0 where no word is shared)."""
        out = np.zeros(self.n, dtype=np.float32)
        for w in set(tokens(query)):
            i = self._index.get(w)
            if i is not None:
                lo, hi = self.offsets[i], self.offsets[i + 1]
                out[self.docs[lo:hi]] += self.idf[i] * self.weights[lo:hi]
        return out


def _pack(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [s.encode("utf-8") for s in strings]
    offsets = np.cumsum([0, *(len(e) for e in encoded)]).astype(np.int64)
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _unpack(blob: np.ndarray, offsets: np.ndarray) -> list[str]:
    raw = blob.tobytes()
    return [raw[a:b].decode("utf-8") for a, b in zip(offsets[:-1], offsets[1:])]


class Lexicon:
    """A concept table's label rows (text, owner) and its BM25 index, saved together.

    Rebuilding them takes a second of Python at every start; loading them takes 0.1 s.
    """

    def __init__(self, texts: list[str], owners: np.ndarray, bm25: BM25) -> None:
        self.texts, self.owners, self.bm25 = texts, owners, bm25

    def save(self, path, key: str) -> None:
        from .storage import atomic_write_npz

        texts, text_off = _pack(self.texts)
        vocab, vocab_off = _pack(self.bm25.vocab)
        arrays = {"key": np.array(key), "texts": texts, "text_offsets": text_off, "owners": self.owners,
                  "vocab": vocab, "vocab_offsets": vocab_off, "idf": self.bm25.idf, "offsets": self.bm25.offsets,
                  "docs": self.bm25.docs, "weights": self.bm25.weights, "n_docs": np.array(self.bm25.n)}
        atomic_write_npz(path, **arrays)

    @classmethod
    def load(cls, path, key: str) -> "Lexicon | None":
        """The saved lexicon if it was built for ``key``; None if absent, stale or damaged."""
        try:
            with np.load(path, allow_pickle=False) as d:
                if str(d["key"]) != key:
                    return None
                bm25 = BM25(_unpack(d["vocab"], d["vocab_offsets"]), d["idf"], d["offsets"], d["docs"],
                            d["weights"], int(d["n_docs"]))
                return cls(_unpack(d["texts"], d["text_offsets"]), d["owners"], bm25)
        except (OSError, ValueError, KeyError, UnicodeDecodeError):
            return None
