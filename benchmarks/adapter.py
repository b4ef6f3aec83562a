"""Fit the query adapter of skill extraction (recommender/embeddings/adapter.py).

    python benchmarks/adapter.py [--variants base,shipped,full-0.001,...] [--sets own,tech,house,skillskape_dev]
                                 [--save recommender/embeddings/query_adapter.npz] [--refit]

The encoder stays frozen. A map W (384 x 384, identity at the start) is learned so that
normalize(q W) for a text lands near the label centroid of the skill(s) it names (softmax over
all skills); at run time every profile piece's vector goes through W before the hybrid search
(skill vectors do not change). Training data come from the project's own inputs only (issue 3
forbids ../shared):

- description sentences of the embedded taxonomy's skills (one skill each);
- skill names in job-ad sentence templates of ours (benchmarks/acceptance.py TEMPLATES);
- our own labelled CV / profile / gig / job-ad sentences (benchmarks/data/own_sentences_*.csv),
  of which a fixed fifth (crc32 of the sentence) is held out to pick the variant ("own").

Each variant is measured through the product's own extraction path on the held-out fifth and,
where ../shared is present, TECH, HOUSE and SkillSkape dev. Training vectors are cached in /tmp.
"""
from __future__ import annotations

import argparse
import json
import re
import time
import zlib
from pathlib import Path

import numpy as np

from common import shared  # noqa: F401  (puts the project on sys.path)
from acceptance import TEMPLATES, f1, fit, own_sentences, rows, taxonomy_sentences
from extraction import accepted, decorte, ranking, skillskape

from recommender import NextSkill, Settings
from recommender.embeddings.adapter import load_adapter, save_adapter
from recommender.profile.extract import Acceptance

CACHE = Path("/tmp/adapter_vectors.npz")
OWN_WEIGHT = 3.0  # our sentences are closest to what users write
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def held_out(sentence: str) -> bool:
    return zlib.crc32(sentence.encode("utf-8")) % 5 == 0


def training_texts(ns: NextSkill, seed: int = 0) -> tuple[list[str], list[list[int]], list[str]]:
    """(text, skill rows, source) for the adapter, from the taxonomy and our own sentences."""
    skills = ns.taxonomy.skills
    row_of = {s: i for i, s in enumerate(skills["skill_id"])}
    rng = np.random.default_rng(seed)
    texts, targets, sources = [], [], []
    for row, desc in enumerate(skills["description"].fillna("")):
        for sentence in SENTENCE.split(desc.strip())[:2]:
            if 5 <= len(sentence.split()) <= 60:
                texts.append(sentence), targets.append([row]), sources.append("description")
    for row, (label, alts) in enumerate(zip(skills["label"], skills["alt_labels"])):
        names = [label, *list(alts)]
        name = str(names[int(rng.integers(len(names)))])
        texts.append(str(rng.choice(TEMPLATES)).format(name)), targets.append([row]), sources.append("template")
    for sentence, ids in own_sentences().items():
        rows = [row_of[s] for s in ids if s in row_of]
        if rows and not held_out(sentence):
            texts.append(sentence), targets.append(rows), sources.append("own")
    return texts, targets, sources


def encode_cached(ns: NextSkill, texts: list[str]) -> np.ndarray:
    key = ns.embedder.model_id + ":" + str(zlib.crc32("\n".join(texts).encode("utf-8")))
    if CACHE.exists():
        saved = np.load(CACHE)
        if str(saved["key"]) == key:
            return saved["vectors"]
    vectors = ns.embedder.encode(texts)
    np.savez(CACHE, key=key, vectors=vectors)
    return vectors


# --- fitting -------------------------------------------------------------------------------
def ridge(q: np.ndarray, t: np.ndarray, lam: float) -> np.ndarray:
    """argmin ||Q W - T||^2 + lam ||W - I||^2 (row vectors: q' = q @ W)."""
    d = q.shape[1]
    return np.linalg.solve(q.T @ q + lam * np.eye(d), q.T @ t + lam * np.eye(d)).astype(np.float32)


def contrastive(q: np.ndarray, targets: list[list[int]], weights: np.ndarray, concepts: np.ndarray,
                rank: int | None, decay: float, epochs: int = 6, scale: float = 20.0, seed: int = 0) -> np.ndarray:
    """Softmax over all skills' centroids, multi-label targets; W = I + U V^T (rank) or I + D (full),
    with an L2 pull towards the identity. Returns W for row vectors (q' = q @ W)."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    d = q.shape[1]
    c = torch.from_numpy(concepts)
    if rank:
        u = torch.nn.Parameter(torch.randn(d, rank) * 0.01)
        v = torch.nn.Parameter(torch.zeros(rank, d))
        params = [u, v]
        delta = lambda: u @ v  # noqa: E731
    else:
        dd = torch.nn.Parameter(torch.zeros(d, d))
        params = [dd]
        delta = lambda: dd  # noqa: E731
    opt = torch.optim.Adam(params, lr=2e-3)
    n = len(q)
    # Multi-label target as a sparse distribution over skills.
    rows = np.concatenate([np.full(len(t), i) for i, t in enumerate(targets)])
    cols = np.concatenate([np.asarray(t) for t in targets])
    vals = np.concatenate([np.full(len(t), 1 / len(t)) for t in targets]).astype(np.float32)
    qt, wt = torch.from_numpy(q), torch.from_numpy(weights.astype(np.float32))
    rng = np.random.default_rng(seed)
    by_row = np.split(np.arange(len(rows)), np.cumsum([len(t) for t in targets])[:-1])
    for epoch in range(epochs):
        order = rng.permutation(n)
        total = 0.0
        for start in range(0, n, 512):
            b = order[start:start + 512]
            idx = np.concatenate([by_row[i] for i in b])
            local = {g: k for k, g in enumerate(b)}
            target = torch.zeros(len(b), len(concepts))
            target[torch.from_numpy(np.array([local[r] for r in rows[idx]])), torch.from_numpy(cols[idx])] = \
                torch.from_numpy(vals[idx])
            x = qt[b]
            x = torch.nn.functional.normalize(x + x @ delta(), dim=1)
            logp = torch.log_softmax(scale * x @ c.T, dim=1)
            loss = -((target * logp).sum(1) * wt[b]).sum() / wt[b].sum() + decay * (delta() ** 2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(b)
        print(f"  epoch {epoch}: loss {total / n:.4f}", flush=True)
    return (torch.eye(d) + delta()).detach().numpy().astype(np.float32)


# --- measuring -----------------------------------------------------------------------------
def refit_acceptance(ns: NextSkill, train: dict, pick: dict) -> Acceptance:
    """benchmarks/acceptance.py's logistic fit, on vectors that went through the adapter, with
    the threshold picked by F1 on ``pick``."""
    x, y, _, _ = rows(ns, train)
    model = fit(x, y)
    xt, yt, _, nt = rows(ns, pick)
    p = model.probability(xt)
    accept = max(np.arange(0.05, 0.8, 0.01), key=lambda t: f1(p >= t, yt, nt)[2])
    return Acceptance(model.mean, model.scale, model.weights, model.bias, float(accept))


def measure(ns: NextSkill, sets: dict, quick: bool, **kw) -> dict:
    out = {}
    for name, gold in sets.items():
        r = ranking(ns, gold) if name != "skillskape_dev" else {}
        if not (quick and name == "skillskape_dev"):
            r.update(accepted(ns, gold, **kw))
        out[name] = {k: v for k, v in r.items() if k in ("rp@5", "mrr", "precision", "recall", "f1")}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", default="base,full-0.0001")  # full-0.0001: the shipped one
    ap.add_argument("--sets", default="own,tech,house,skillskape_dev")
    ap.add_argument("--quick", action="store_true", help="skip the SkillSkape accepted set")
    ap.add_argument("--refit", action="store_true", help="also refit the learned acceptance per variant")
    ap.add_argument("--save", help="write the first trained W here (.npz: float16 W and the model id)")
    args = ap.parse_args()
    ns = NextSkill.default(Settings.from_env(), notify=lambda m: None)
    search = ns._search("skills")
    concepts = search.concepts
    skills = ns.taxonomy.skills
    index = {l.lower(): s for l, s in zip(skills["label"], skills["skill_id"])}
    own = own_sentences()
    all_sets = {"own": {s: g for s, g in own.items() if held_out(s) and g},
                "tech": decorte("tech", index), "house": decorte("house", index),
                "skillskape_dev": skillskape(index)}
    sets = {k: all_sets[k] for k in args.sets.split(",")}
    t = time.perf_counter()
    texts, targets, sources = training_texts(ns)
    q = encode_cached(ns, texts)
    print(f"{len(texts)} training texts ({', '.join(f'{s}: {sources.count(s)}' for s in dict.fromkeys(sources))}),"
          f" embedded in {time.perf_counter() - t:.0f} s", flush=True)
    src = np.array(sources)
    t_vec = np.stack([concepts[r].mean(0) for r in targets])
    t_vec /= np.linalg.norm(t_vec, axis=1, keepdims=True)

    results = {}
    for variant in args.variants.split(","):
        t = time.perf_counter()
        spec, _, own_weight = variant.partition("@")  # "full-0.0001@2": our sentences weigh 2 (default 3)
        kind, _, arg = spec.partition("-")
        weight = np.where(src == "own", float(own_weight or OWN_WEIGHT), 1.0)
        if kind == "base":
            w = None
        elif kind == "shipped":  # the W in the package now, for comparison with a refit
            w = load_adapter(ns.embedder.model_id)
        elif kind == "ridge":
            sw = np.sqrt(weight)[:, None]
            w = ridge(q * sw, t_vec * sw, float(arg) * len(q) / 1000)
        elif kind == "lowrank":
            w = contrastive(q, targets, weight, concepts, int(arg), decay=1e-3)
        elif kind == "full":
            w = contrastive(q, targets, weight, concepts, None, decay=float(arg or 1e-3))
        else:
            raise SystemExit(f"unknown variant {variant}")
        fit_s = round(time.perf_counter() - t, 1)
        if args.save and kind in ("ridge", "lowrank", "full"):
            save_adapter(w, ns.embedder.model_id, Path(args.save))
            args.save = None
        ns._adapter = (w,)  # what extraction uses from now on in this process
        t = time.perf_counter()
        results[variant] = {"fit_s": fit_s, **measure(ns, sets, args.quick)}
        results[variant]["eval_s"] = round(time.perf_counter() - t, 1)
        print(variant, json.dumps(results[variant]), flush=True)
        if args.refit:
            own_train = {s: g for s, g in own.items() if not held_out(s)}
            learned = refit_acceptance(ns, {**taxonomy_sentences(ns), **own_train}, own_train)
            results[variant + "+refit"] = {**measure(ns, sets, args.quick, learned=learned),
                                           "accept": round(learned.accept, 2)}
            print(variant + "+refit", json.dumps(results[variant + "+refit"]), flush=True)
    Path("/tmp/adapter_results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
