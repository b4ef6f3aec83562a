"""What an occupation (or a set of job ads) asks for: a weighted skill list per target.

Occupations x skills as one sparse matrix of weights (1.0 essential, 0.5 optional):
- official: the ESCO relations, when an official bundle is imported;
- inferred: otherwise, from the occupation's texts and the skills' vectors (see ``infer``).
Job ads: the skills the profile reader finds in them, weighted by the share of ads asking.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from scipy.sparse import csr_matrix

from ..storage import atomic_write_npz

ESSENTIAL, OPTIONAL = 1.0, 0.5
INFERRED_ESSENTIAL = 15  # inferred: the best 15 skills count as essential...
INFERRED_TOTAL = 40  # ...the next 25 as optional
RANK_HAIR = 1e-4
REQUIREMENTS_VERSION = "requirements-1"  # bump when ``infer`` changes, to invalidate saved matrices


@dataclass(frozen=True)
class Requirements:
    """Weights (occupations x skills, CSR) and where they came from ("official" or "inferred")."""

    weights: csr_matrix
    source: str

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


def infer(occupation_vectors: np.ndarray, skill_vectors: np.ndarray, chunk: int = 512) -> Requirements:
    """The skills closest to each occupation's text, as if they were its requirements.

    occupation_vectors: one unit vector per occupation ("label. description").
    skill_vectors: one unit vector per skill.
    """
    n_occ, n_sk = len(occupation_vectors), len(skill_vectors)
    k = min(INFERRED_TOTAL, n_sk)
    rows, cols, vals = [], [], []
    for start in range(0, n_occ, chunk):
        scores = occupation_vectors[start:start + chunk] @ skill_vectors.T
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
        top = np.take_along_axis(top, order, axis=1)
        # Essential or optional, plus a hair for the rank so that ties keep the similarity order.
        weights = (np.where(np.arange(k) < INFERRED_ESSENTIAL, ESSENTIAL, OPTIONAL)
                   + (k - np.arange(k)) * RANK_HAIR).astype(np.float32)
        rows.append(np.repeat(np.arange(start, start + len(top)), k))
        cols.append(top.ravel())
        vals.append(np.tile(weights, len(top)))
    matrix = csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n_occ, n_sk))
    return Requirements(matrix, "inferred")


def from_job_ads(found_per_ad: list[list[int]], n_skills: int) -> tuple[np.ndarray, np.ndarray]:
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
