"""AI exposure and human edge for every skill, propagated from a rated sample.

We rated a stratified sample of ESCO skills by hand with a written rubric
(catalog/exposure_rubric.md, catalog/exposure_ratings.csv). Every other skill gets its scores
from three readable signals, blended:

- neighbours: the most similar rated skills (similarity-weighted mean), similarity being a mix
  of label-embedding cosine and TF-IDF cosine of the skill's words (labels and description);
- hierarchy: the mean rating of rated skills in the same ESCO groups, from the most specific
  group with enough ratings (shrunk toward its parent);
- ridge: a linear model over the embedding, the group codes and the TF-IDF words, fitted on the ratings.

The description's words (operate, patients, data, draft...) carry much of the rubric's signal
that a label embedding misses; they lift cross-validated agreement (docs/exposure.md).

The reasons name the neighbours and the group, so a person can see why.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

SCORES = ("exposure", "human_edge")
CATEGORIES = ("at_risk", "ai_augmented", "human_centric", "ai_builder")
# Building, operating or governing AI systems (rubric rule 1).
AI_BUILDER = re.compile(
    r"\b(machine learning|deep learning|artificial intelligence|neural network|data science|data mining|"
    r"natural language processing|computer vision|large language model|llm|mlops|ai (?:model|system|governance|"
    r"ethics|safety|risk)|reinforcement learning|predictive model|statistical learning|"
    r"pattern recognition)\b", re.I)


@dataclass(frozen=True)
class Blend:
    neighbours: float = 0.4
    hierarchy: float = 0.2
    ridge: float = 0.4
    k: int = 20
    shrink: float = 5.0  # pseudo-count pulling a group's mean toward its parent group's
    ridge_lambda: float = 3.0
    text_share: float = 0.7  # share of the TF-IDF cosine in the neighbours' similarity
    text_scale: float = 2.0  # weight of the TF-IDF block among the ridge's features


def category(exposure: float, human_edge: float, builder: bool) -> str:
    """The rubric's rules, first match wins."""
    if builder:
        return "ai_builder"
    if exposure < 0.5:
        return "human_centric"
    if human_edge < 0.4:
        return "at_risk"
    return "ai_augmented"


def _group_means(groups: list[list[str]], values: np.ndarray, shrink: float) -> dict[str, tuple[float, int]]:
    """Shrunk mean rating per group code; each group is pulled toward its parent's mean."""
    sums: dict[str, list[float]] = {}
    for codes, v in zip(groups, values):
        for c in set(codes):
            sums.setdefault(c, []).append(v)
    overall = float(values.mean())
    out: dict[str, tuple[float, int]] = {}
    for code in sorted(sums, key=len):  # parents (shorter codes) first
        parent = _parent(code, out)
        prior = out[parent][0] if parent else overall
        vals = sums[code]
        out[code] = ((sum(vals) + shrink * prior) / (len(vals) + shrink), len(vals))
    return out


def _parent(code: str, known: dict) -> str | None:
    for cut in range(len(code) - 1, 0, -1):
        if code[:cut].rstrip(".") in known and code[:cut].rstrip(".") != code:
            return code[:cut].rstrip(".")
    return None


def _hierarchy_score(codes: list[str], means: dict, fallback: float) -> tuple[float, str | None]:
    """Mean of the most specific rated group this skill belongs to."""
    best = max((c for c in codes if c in means), key=len, default=None)
    return (means[best][0], best) if best else (fallback, None)


def _words(skills: pd.DataFrame, min_df: int = 2) -> csr_matrix:
    """Unit-norm TF-IDF rows (sublinear tf) of each skill's label, alternative labels and description."""
    alts = skills["alt_labels"] if "alt_labels" in skills else [()] * len(skills)
    docs = []
    for label, alt, desc in zip(skills["label"], alts, skills["description"].fillna("")):
        alt = " ".join(alt) if isinstance(alt, (list, tuple, np.ndarray)) else ""
        docs.append(re.findall(r"[a-z][a-z0-9+#]+", f"{label} {alt} {desc}".lower()))
    df: dict[str, int] = {}
    for words in docs:
        for w in set(words):
            df[w] = df.get(w, 0) + 1
    vocab = {w: j for j, w in enumerate(sorted(w for w, n in df.items() if n >= min_df))}
    idf = np.log((1 + len(docs)) / (1 + np.array([df[w] for w in vocab], dtype=np.float64))) + 1
    rows, cols, counts = [], [], []
    for i, words in enumerate(docs):
        tally = Counter(vocab[w] for w in words if w in vocab)
        rows += [i] * len(tally)
        cols += tally.keys()
        counts += tally.values()
    cols = np.asarray(cols, dtype=np.int64)
    m = csr_matrix(((1 + np.log(counts)) * idf[cols], (rows, cols)), shape=(len(docs), len(vocab)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    return csr_matrix(m.multiply(1 / np.maximum(norms, 1e-12)[:, None]))


def _features(vectors: np.ndarray, groups: list[list[str]], vocab: dict[str, int]) -> np.ndarray:
    onehot = np.zeros((len(groups), len(vocab)), dtype=np.float32)
    for i, codes in enumerate(groups):
        for c in codes:
            j = vocab.get(c)
            if j is not None:
                onehot[i, j] = 1.0
    return np.hstack([vectors * np.sqrt(vectors.shape[1]), onehot, np.ones((len(groups), 1), np.float32)])


def _ridge(x: np.ndarray, text_sims: np.ndarray, rows: np.ndarray, y: np.ndarray, scale: float,
           lam: float) -> np.ndarray:
    """Ridge over [x, scale * words], predicted for every skill.

    Solved in dual form (far fewer rated skills than words): the words' Gram matrix is the
    TF-IDF cosine already computed for the neighbours, ``text_sims`` (all skills x rated ones).
    """
    xr = x[rows].astype(np.float64)
    gram = xr @ xr.T + scale ** 2 * text_sims[rows] + lam * np.eye(len(rows))
    alpha = np.linalg.solve(gram, y)
    return x @ (xr.T @ alpha) + scale ** 2 * (text_sims @ alpha)


def score_skills(skills: pd.DataFrame, vectors: np.ndarray, rated: pd.DataFrame,
                 group_names: dict[str, str], blend: Blend = Blend()) -> pd.DataFrame:
    """Exposure, human edge, category and reasons for every row of ``skills``.

    skills: the taxonomy's skills table (skill_id, label, description, groups; alt_labels used
        where present).
    vectors: one unit vector per skill row (e.g. the centroid of its label vectors).
    rated: skill_id, exposure, human_edge, and optionally category and label; rows whose
        skill_id is in ``skills`` are the training set and keep their own scores.
    """
    if len(vectors) != len(skills):
        raise ValueError("one vector per skill is needed")
    index = {sid: i for i, sid in enumerate(skills["skill_id"])}
    rated = rated[rated["skill_id"].isin(index)].drop_duplicates("skill_id")
    if len(rated) < 5:
        raise ValueError(f"only {len(rated)} rated skills match this taxonomy; at least 5 are needed")
    rows = np.array([index[s] for s in rated["skill_id"]])
    targets = rated[list(SCORES)].to_numpy(dtype=np.float64)
    groups = [list(g) for g in skills["groups"]]

    # neighbours
    words = _words(skills)
    text_sims = (words @ words[rows].T).toarray()
    sims = (1 - blend.text_share) * (vectors @ vectors[rows].T) + blend.text_share * text_sims
    sims[rows, np.arange(len(rows))] = -np.inf  # a rated skill is not its own neighbour
    k = min(blend.k, len(rows) - 1)
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    top_sims = np.take_along_axis(sims, top, axis=1)
    weights = np.maximum(top_sims, 0) ** 2 + 1e-6
    neighbour = np.einsum("nk,nks->ns", weights, targets[top]) / weights.sum(1, keepdims=True)

    # hierarchy
    hierarchy = np.zeros((len(skills), 2))
    hier_group: list[str | None] = [None] * len(skills)
    for s, name in enumerate(SCORES):
        means = _group_means([groups[r] for r in rows], targets[:, s], blend.shrink)
        for i, codes in enumerate(groups):
            hierarchy[i, s], hier_group[i] = _hierarchy_score(codes, means, float(targets[:, s].mean()))

    # ridge
    vocab = {c: j for j, c in enumerate(sorted({c for r in rows for c in groups[r]}))}
    x = _features(vectors, groups, vocab)
    ridge = _ridge(x, text_sims, rows, targets, blend.text_scale, blend.ridge_lambda)

    total = blend.neighbours + blend.hierarchy + blend.ridge
    mixed = np.clip((blend.neighbours * neighbour + blend.hierarchy * hierarchy + blend.ridge * ridge) / total, 0, 1)
    mixed[rows] = targets  # our own ratings stand

    rated_labels = (rated["label"] if "label" in rated else skills["label"].iloc[rows]).tolist()
    rated_cats = rated["category"].tolist() if "category" in rated else [None] * len(rows)
    text = (skills["label"].astype(str) + " " + skills["description"].astype(str)).tolist()
    rated_at = {int(r): j for j, r in enumerate(rows)}
    nearest = np.take_along_axis(top, np.argsort(-top_sims, axis=1)[:, :3], axis=1)
    builders = [bool(AI_BUILDER.search(t)) for t in text]
    records = []
    for i, sid in enumerate(skills["skill_id"]):
        exposure, edge = (round(float(v), 3) for v in mixed[i])
        builder = builders[i]
        j = rated_at.get(i)
        if j is not None:
            if rated_cats[j] in CATEGORIES:  # our own rating decides, the keyword rule does not
                builder = rated_cats[j] == "ai_builder"
            reasons = [f"rated by the NextSkill team with the rubric: exposure {targets[j, 0]:.1f}, "
                       f"human edge {targets[j, 1]:.1f}"]
        else:
            near = ", ".join(f"'{rated_labels[n]}' ({targets[n, 0]:.1f} / {targets[n, 1]:.1f})" for n in nearest[i])
            reasons = [f"closest rated skills (exposure / human edge): {near}"]
            g = hier_group[i]
            if g:
                reasons.append(f"ESCO group '{group_names.get(g, g)}' ({g}): rated skills there average "
                               f"exposure {hierarchy[i, 0]:.2f}, human edge {hierarchy[i, 1]:.2f}")
        if builder:
            reasons.append("about building, operating or governing AI or data systems")
        records.append({"skill_id": sid, "label": skills["label"].iat[i], "exposure": exposure,
                        "human_edge": edge, "category": category(exposure, edge, builder), "reasons": reasons})
    return pd.DataFrame.from_records(records)
