"""Search concepts (skills, occupations) by name, title or description.

A concept has several labels (preferred + alt), each one row of a FAISS index. Its score mixes
four signals, each in about [0, 1], as a weighted mean (so ``score`` stays in [-1, 1], higher is
better, about 0.9+ for an exact label match):

- label: the best cosine similarity between the query and any of the concept's labels;
- centroid: cosine with the mean of the concept's label vectors (rewards concepts that many
  labels agree on);
- description: cosine with the embedded "label. description" text, where built;
- lexical: BM25 over the concept's label words, divided by the query's best BM25 score.

The weights were tuned on job-title search (benchmarks/titles.py, docs/benchmarks.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .errors import QueryError
from .index import VectorIndex
from .lexical import BM25

MAX_QUERY_CHARS = 1000


@dataclass(frozen=True)
class Weights:
    description: float = 0.5
    centroid: float = 0.3
    lexical: float = 0.3


@dataclass(frozen=True)
class Match:
    """One concept found for a query."""

    row: int  # row of the concept table
    score: float
    matched_label: str  # the label that matched best


def check_query(query: str) -> str:
    """Normalise a query or raise QueryError saying how to fix it."""
    if not isinstance(query, str) or not query.strip():
        raise QueryError("empty query: type a few words, for example `data entry`")
    query = " ".join(query.split())
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(query)} characters; searches take at most {MAX_QUERY_CHARS} "
                         "(to read skills out of a long text, use `extract`)")
    return query


def centroids(label_vectors: np.ndarray, owners: Sequence[int], n_concepts: int) -> np.ndarray:
    """Unit-norm mean of each concept's label vectors (zero rows for concepts without labels)."""
    from scipy.sparse import csr_matrix  # a sparse sum is 30x faster than np.add.at / reduceat here

    owners = np.asarray(owners, dtype=np.int64)
    pick = csr_matrix((np.ones(len(owners), np.float32), (owners, np.arange(len(owners)))),
                      shape=(n_concepts, len(owners)))
    out = np.asarray(pick @ label_vectors, dtype=np.float32)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


class ConceptSearch:
    """Top concepts per query over label rows plus concept-level signals."""

    def __init__(self, labels: VectorIndex, texts: Sequence[str], owners: Sequence[int],
                 concept_vectors: np.ndarray, description_vectors: np.ndarray | None,
                 lexical: BM25, weights: Weights = Weights()) -> None:
        if labels.header.rows != len(texts) or len(texts) != len(owners):
            raise ValueError("index rows, texts and owners must have the same length")
        self.labels, self.texts = labels, list(texts)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.concepts = concept_vectors
        self.descriptions = description_vectors
        self.lexical = lexical
        self.weights = weights
        self._first_text: dict[int, str] = {}
        for text, owner in zip(self.texts, self.owners):
            self._first_text.setdefault(int(owner), text)

    @property
    def n_concepts(self) -> int:
        return len(self.concepts)

    def search(self, queries: Sequence[str], query_vectors: np.ndarray, top_k: int = 10) -> list[list[Match]]:
        if top_k < 1:
            raise QueryError(f"top_k must be at least 1, got {top_k}")
        w = self.weights
        use_desc = self.descriptions is not None and w.description > 0
        total_w = 1 + w.centroid + w.lexical + (w.description if use_desc else 0)
        # Several labels can belong to one concept: over-fetch label rows, keep each concept's best.
        fetch = min(self.labels.header.rows, top_k * 20 + 50)
        label_scores, label_ids = self.labels.search(query_vectors, fetch)
        concept_scores = query_vectors @ self.concepts.T
        if use_desc:
            concept_scores = concept_scores * w.centroid + (query_vectors @ self.descriptions.T) * w.description
        else:
            concept_scores = concept_scores * w.centroid
        results = []
        for qi, query in enumerate(queries):
            best_label = np.full(self.n_concepts, np.nan, dtype=np.float32)
            best_text = {}
            for score, rid in zip(label_scores[qi][::-1], label_ids[qi][::-1]):  # ascending: max wins
                if rid >= 0:
                    best_label[self.owners[rid]] = score
                    best_text[int(self.owners[rid])] = self.texts[rid]
            valid = label_ids[qi][label_ids[qi] >= 0]
            floor = float(label_scores[qi][len(valid) - 1]) if len(valid) else 0.0
            lexical = self.lexical.scores(query)
            top_lex = float(lexical.max()) if len(lexical) else 0.0
            if top_lex > 0:
                lexical /= top_lex
            # Concepts whose labels were not fetched score at most the last fetched label.
            label_part = np.where(np.isnan(best_label), floor, best_label)
            combined = (label_part + concept_scores[qi] + w.lexical * lexical) / total_w
            k = min(top_k, self.n_concepts)
            top = np.argpartition(-combined, k - 1)[:k]
            top = top[np.lexsort((top, -combined[top]))]
            results.append([Match(int(r), float(combined[r]), best_text.get(int(r), self._first_text.get(int(r), ""))) for r in top])
        return results
