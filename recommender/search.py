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
A ``Gate`` lowers concepts whose label names something the query does not (AI, for skills).
"""
from __future__ import annotations

import re
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
class Gate:
    """Concepts a query must name to find at full score: e.g. "automate spreadsheets with AI"
    should not outrank "use spreadsheets software" for a CV that says "Excel" and nothing of AI."""

    pattern: re.Pattern
    concepts: np.ndarray  # bool per concept: gated
    penalty: float = 0.15

    @classmethod
    def of(cls, pattern: re.Pattern, labels: Sequence[str], penalty: float = 0.15) -> "Gate":
        return cls(pattern, np.array([bool(pattern.search(str(l))) for l in labels]), penalty)


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


def top_k_columns(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of each row's k largest values, best first (torch.topk: ~10-15x faster than
    np.argpartition on these (rows x 14k) arrays)."""
    import torch

    k = min(k, scores.shape[1])
    return torch.from_numpy(np.ascontiguousarray(scores)).topk(k, dim=1).indices.numpy()


class ConceptSearch:
    """Top concepts per query over label rows plus concept-level signals."""

    def __init__(self, labels: VectorIndex, texts: Sequence[str], owners: Sequence[int],
                 concept_vectors: np.ndarray, description_vectors: np.ndarray | None,
                 lexical: BM25, weights: Weights = Weights(), gate: Gate | None = None) -> None:
        if labels.header.rows != len(texts) or len(texts) != len(owners):
            raise ValueError("index rows, texts and owners must have the same length")
        self.labels, self.texts = labels, list(texts)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.concepts = concept_vectors
        self.descriptions = description_vectors
        self.lexical = lexical
        self.weights = weights
        self.gate = gate
        self._first_text: dict[int, str] = {}
        for text, owner in zip(self.texts, self.owners):
            self._first_text.setdefault(int(owner), text)

    @property
    def n_concepts(self) -> int:
        return len(self.concepts)

    def scores(self, queries: Sequence[str], query_vectors: np.ndarray, fetch: int = 250,
               ef: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Combined score of every concept for every query (n_queries, n_concepts), and for each
        (query, concept) the label row that matched best (-1 where no label row was fetched).
        ``ef``: search breadth of an approximate label index (see VectorIndex.search)."""
        w = self.weights
        use_desc = self.descriptions is not None and w.description > 0
        total_w = 1 + w.centroid + w.lexical + (w.description if use_desc else 0)
        n_q = len(queries)
        # Several labels can belong to one concept: over-fetch label rows, keep each concept's best.
        fetch = min(self.labels.header.rows, fetch)
        label_scores, label_ids = self.labels.search(query_vectors, fetch, ef)
        valid = label_ids >= 0
        # Concepts whose labels were not fetched score at most the query's last fetched label.
        floor = np.where(valid.any(1), np.where(valid, label_scores, np.inf).min(1), 0.0).astype(np.float32)
        best = np.repeat(floor[:, None], self.n_concepts, axis=1)
        best_row = np.full((n_q, self.n_concepts), -1, dtype=np.int64)
        q_idx = np.repeat(np.arange(n_q), fetch).reshape(n_q, fetch)[valid]
        rows, sc = label_ids[valid], label_scores[valid]
        # Keep each (query, concept)'s best label row: sort by cell, then by score, take the first.
        cell = q_idx * self.n_concepts + self.owners[rows]
        order = np.lexsort((-sc, cell))
        first = order[np.r_[True, cell[order][1:] != cell[order][:-1]]] if len(order) else order
        best.flat[cell[first]] = sc[first]
        best_row.flat[cell[first]] = rows[first]
        combined = best + w.centroid * (query_vectors @ self.concepts.T)
        if use_desc:
            combined += w.description * (query_vectors @ self.descriptions.T)
        if w.lexical:
            for qi, query in enumerate(queries):
                lexical = self.lexical.scores(query)
                top_lex = float(lexical.max()) if len(lexical) else 0.0
                if top_lex > 0:
                    combined[qi] += w.lexical * lexical / top_lex
        combined /= total_w
        if self.gate is not None and self.gate.concepts.any():
            unnamed = np.array([not self.gate.pattern.search(q) for q in queries])
            gated = np.flatnonzero(self.gate.concepts)
            combined[np.ix_(np.flatnonzero(unnamed), gated)] -= self.gate.penalty
        return combined, best_row

    def search(self, queries: Sequence[str], query_vectors: np.ndarray, top_k: int = 10) -> list[list[Match]]:
        if top_k < 1:
            raise QueryError(f"top_k must be at least 1, got {top_k}")
        combined, best_row = self.scores(queries, query_vectors, fetch=top_k * 5 + 50)
        k = min(top_k, self.n_concepts)
        results = []
        for qi in range(len(queries)):
            top = np.argpartition(-combined[qi], k - 1)[:k]
            top = top[np.lexsort((top, -combined[qi, top]))]
            results.append([Match(int(r), float(combined[qi, r]),
                                  self.texts[best_row[qi, r]] if best_row[qi, r] >= 0 else self._first_text.get(int(r), ""))
                            for r in top])
        return results
