"""What an occupation (or a set of job ads) asks for: a weighted skill list per target.

Occupations x skills as one sparse matrix of weights (1.0 essential, 0.5 optional):
- official: the ESCO relations, when an official bundle is imported;
- inferred: otherwise, from the occupation's texts and the skills' vectors (see ``infer``).
Job ads: the skills the profile reader finds in them, weighted by the share of ads asking.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable

import numpy as np
from scipy.sparse import csc_matrix, csr_matrix

from ..storage import atomic_write_npz

ESSENTIAL, OPTIONAL = 1.0, 0.5
INFERRED_ESSENTIAL = 15  # inferred: the best 15 skills count as essential...
INFERRED_TOTAL = 40  # ...the next 25 as optional
RANK_HAIR = 1e-4
REQUIREMENTS_VERSION = "requirements-2"  # bump when ``infer`` changes, to invalidate saved matrices


@dataclass(frozen=True)
class Requirements:
    """Weights (occupations x skills, CSR) and where they came from ("official" or "inferred")."""

    weights: csr_matrix
    source: str

    @cached_property
    def by_skill(self) -> csc_matrix:
        return self.weights.tocsc()

    def co_required(self, skill_row: int) -> np.ndarray:
        """For every skill, how much the occupations that need ``skill_row`` need it too, scaled
        so the most co-required skill is 1 (all 0 when no occupation needs ``skill_row``)."""
        co = self.weights.T @ self.by_skill[:, skill_row].toarray().ravel()
        top = float(co.max()) if co.size else 0.0
        return co / top if top > 0 else co

    def row(self, occupation_row: int) -> tuple[np.ndarray, np.ndarray]:
        """(skill rows, weights) of one occupation, heaviest first."""
        start, end = self.weights.indptr[occupation_row], self.weights.indptr[occupation_row + 1]
        cols, vals = self.weights.indices[start:end], self.weights.data[start:end]
        order = np.lexsort((cols, -vals))
        return cols[order], vals[order]

    @classmethod
    def cached(cls, path: Path, key: str, compute: Callable[[], "Requirements"]) -> "Requirements":
        """Load the matrix saved under ``key`` at ``path``, or compute and save it."""
        try:
            with np.load(path, allow_pickle=False) as saved:
                if str(saved["key"]) == key:
                    matrix = csr_matrix((saved["data"], saved["indices"], saved["indptr"]),
                                        shape=tuple(saved["shape"]))
                    return cls(matrix, str(saved["source"]))
        except (OSError, KeyError, ValueError):
            pass  # missing, stale or damaged: recompute
        result = compute()
        m = result.weights
        atomic_write_npz(path, key=key, source=result.source, data=m.data, indices=m.indices, indptr=m.indptr,
                         shape=np.array(m.shape))
        return result

    def breadth(self) -> np.ndarray:
        """Per skill: in how many occupations it is essential (counting optional as a half)."""
        return np.asarray(self.weights.sum(axis=0)).ravel()


def official(occupation_ids, skill_ids, relations) -> Requirements:
    """The imported ESCO relations as a weight matrix."""
    occ = {o: i for i, o in enumerate(occupation_ids)}
    sk = {s: i for i, s in enumerate(skill_ids)}
    keep = relations["occupation_id"].isin(occ) & relations["skill_id"].isin(sk)
    rel = relations[keep]
    rows = rel["occupation_id"].map(occ).to_numpy()
    cols = rel["skill_id"].map(sk).to_numpy()
    vals = np.where(rel["relation"].to_numpy() == "essential", ESSENTIAL, OPTIONAL).astype(np.float32)
    matrix = csr_matrix((vals, (rows, cols)), shape=(len(occ), len(sk)))
    matrix.sum_duplicates()
    matrix.data = np.minimum(matrix.data, ESSENTIAL)  # a pair listed twice stays essential at most
    return Requirements(matrix, "official")


@dataclass(frozen=True)
class Inference:
    """Weights of the signals that stand in for the official relations (benchmarks/requirements.py).

    Tuned on half of the ESCO occupations, measured on the other half: MAP 0.181 against the
    essential skills, where the occupation-description similarity alone gives 0.145.
    Tried and left out: per-clause description vectors against skill-description vectors (+0.009,
    but ~3 min more first build on 2 cores), pseudo-relevance feedback, neighbouring occupations,
    the nearest ISCO group's tasks, skill-group smoothing (each +0.002 at best, most of them worse).
    """

    description: float = 1.0  # occupation "label. description" vector . skill vector
    labels: float = 0.5  # best occupation label (preferred or alternative) . skill vector
    lexical: float = 2.0  # BM25 of the occupation's words in the skill's label, alt labels and description
    knowledge: float = 1.25  # knowledge items (e.g. "accounting") are often essential
    specificity: float = 0.5  # minus the skill's soft-max over all occupations: generic skills sink


def infer(*signals, **kw) -> Requirements:
    """The skills each occupation most likely asks for: the best INFERRED_TOTAL of ``scores``."""
    rows_done, cols = [], []
    n_sk = 0
    for rows, f in scores(*signals, **kw):
        n_sk = f.shape[1]
        k = min(INFERRED_TOTAL, n_sk)
        top = np.argpartition(-f, k - 1, axis=1)[:, :k]
        cols.append(np.take_along_axis(top, np.argsort(-np.take_along_axis(f, top, axis=1), axis=1), axis=1))
        rows_done.append(rows)
    k = cols[0].shape[1]
    rank_weights = (np.where(np.arange(k) < INFERRED_ESSENTIAL, ESSENTIAL, OPTIONAL)
                    + (k - np.arange(k)) * RANK_HAIR).astype(np.float32)  # a hair per rank keeps ties ordered
    rows = np.concatenate(rows_done)
    matrix = csr_matrix((np.tile(rank_weights, len(rows)), (np.repeat(rows, k), np.concatenate(cols).ravel())),
                        shape=(len(rows), n_sk))
    return Requirements(matrix, "inferred")


def scores(occupation_vectors: np.ndarray, label_vectors: np.ndarray, label_owners: np.ndarray,
           occupation_texts: list[str], skill_vectors: np.ndarray, skill_texts: list[str],
           knowledge: np.ndarray, weights: Inference = Inference(), chunk: int = 256):
    """Yield ``(occupation rows, scores (rows x skills))``: how likely each skill is essential.

    Each signal is z-scored per occupation (and the dense ones per skill too, over all
    occupations) and mixed with ``weights``. Three passes over chunks keep memory small.
    """
    from scipy.special import logsumexp

    from ..lexical import BM25

    n_occ, n_sk = len(occupation_vectors), len(skill_vectors)
    order = np.argsort(label_owners, kind="stable")
    starts = np.searchsorted(label_owners[order], np.arange(n_occ + 1))
    bm25 = BM25.build(skill_texts)

    def dense(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        desc = occupation_vectors[rows] @ skill_vectors.T
        best_label = desc.copy()  # an occupation without label rows falls back on its description
        for i, r in enumerate(rows):
            mine = order[starts[r]:starts[r + 1]]
            if len(mine):
                best_label[i] = (label_vectors[mine] @ skill_vectors.T).max(0)
        return desc, best_label

    chunks = [np.arange(a, min(a + chunk, n_occ)) for a in range(0, n_occ, chunk)]
    # Pass 1: per-skill mean and spread of the dense signals over all occupations.
    sums = np.zeros((2, 2, n_sk))
    for rows in chunks:
        for j, x in enumerate(dense(rows)):
            sums[j, 0] += x.sum(0)
            sums[j, 1] += (x.astype(np.float64) ** 2).sum(0)
    mean = sums[:, 0] / n_occ
    spread = np.sqrt(np.maximum(sums[:, 1] / n_occ - mean ** 2, 0)) + 1e-9
    # Pass 2: the mixed score of every pair (float16 keeps it at 2 bytes a pair), and each
    # skill's soft-max over the occupations.
    mixed = np.zeros((n_occ, n_sk), np.float16)
    softmax = np.full(n_sk, -np.inf)
    for rows in chunks:
        desc, best_label = dense(rows)
        lexical = np.log1p(np.stack([bm25.scores(occupation_texts[r]) for r in rows]))
        f = (weights.description * (_z(desc) + (desc - mean[0]) / spread[0])
             + weights.labels * (_z(best_label) + (best_label - mean[1]) / spread[1])
             + weights.lexical * _z(lexical) + weights.knowledge * knowledge[None, :])
        mixed[rows] = f
        softmax = np.logaddexp(softmax, logsumexp(f, axis=0))
    # Pass 3: specificity.
    for rows in chunks:
        f = mixed[rows].astype(np.float32)
        yield rows, f + weights.specificity * (f - softmax[None, :].astype(np.float32))


def _z(x: np.ndarray) -> np.ndarray:
    return (x - x.mean(1, keepdims=True)) / (x.std(1, keepdims=True) + 1e-9)


def from_job_ads(found_per_ad: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """(skill rows, weights) from the skills found in each ad; weight = share of ads asking."""
    counts: dict[int, int] = {}
    for rows in found_per_ad:
        for r in set(rows):
            counts[r] = counts.get(r, 0) + 1
    if not counts:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = np.array([r for r, _ in ordered], dtype=np.int64)
    weights = np.array([c / len(found_per_ad) for _, c in ordered], dtype=np.float32)
    return rows, weights
