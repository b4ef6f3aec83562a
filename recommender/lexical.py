"""BM25 over concept label bags: exact words matter ("welder" should find the welder).

Words are cut to 6-letter prefixes, a cheap stemmer that makes "developer" and "developers",
"analyst" and "analysis" meet.
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
    def __init__(self, documents: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        docs = [tokens(d) for d in documents]
        self.n = len(docs)
        self.k1, self.b = k1, b
        avg = (sum(len(d) for d in docs) / self.n) if self.n else 1.0
        df = Counter(w for d in docs for w in set(d))
        self.idf = {w: math.log(1 + (self.n - c + 0.5) / (c + 0.5)) for w, c in df.items()}
        postings = defaultdict(list)
        for j, d in enumerate(docs):
            norm = k1 * (1 - b + b * len(d) / avg)
            for w, c in Counter(d).items():
                postings[w].append((j, c * (k1 + 1) / (c + norm)))
        self.postings = {w: (np.array([j for j, _ in p], dtype=np.int64), np.array([s for _, s in p], dtype=np.float32))
                         for w, p in postings.items()}

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (0 where no word is shared)."""
        out = np.zeros(self.n, dtype=np.float32)
        for w in set(tokens(query)):
            hit = self.postings.get(w)
            if hit is not None:
                out[hit[0]] += self.idf[w] * hit[1]
        return out
