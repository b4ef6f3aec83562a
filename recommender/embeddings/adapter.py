"""A linear map on the vectors of profile pieces, learned for skill extraction.

The encoder stays frozen: a piece's vector v becomes normalize(v @ W) before the skill search;
skill vectors stay as indexed, and nothing else (skill, title and course search) uses W.
W (384 x 384, float16, ~270 KB) is fitted by ``benchmarks/adapter.py`` on the project's own
inputs only: sentences of the taxonomy's skill descriptions, skill names in job-ad sentences of
ours, and four fifths of our labelled CV / profile / gig sentences (the fifth left out picks the
variant). It belongs to one model: the file names the model id, and another model goes without.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import numpy as np

from .models import _normalise

ADAPTER_FILE = Path(__file__).with_name("query_adapter.npz")


def base_model_id(model_id: str) -> str:
    """The model id without its precision suffix: bf16 and float32 vectors agree to cosine 0.998."""
    return re.sub(r"\+bf16\w*$", "", model_id)


def load_adapter(model_id: str, path: Path = ADAPTER_FILE,
                 notify: Callable[[str], None] | None = None) -> np.ndarray | None:
    """W fitted for this model, or None (no file, fitted for another model, or damaged: said
    through ``notify``, and extraction goes on without it)."""
    try:
        with np.load(path, allow_pickle=False) as saved:
            if str(saved["model_id"]) != base_model_id(model_id):
                return None
            w = saved["w"].astype(np.float32)
        if w.ndim != 2 or w.shape[0] != w.shape[1] or not np.isfinite(w).all():
            raise ValueError(f"expected a square matrix of finite numbers, found shape {w.shape}")
        return w
    except FileNotFoundError:
        return None
    except (OSError, KeyError, ValueError, EOFError) as exc:
        if notify:
            notify(f"the query adapter {path} is damaged ({type(exc).__name__}: {exc}): reading profiles "
                   "without it (reinstall the package, or refit it with benchmarks/adapter.py)")
        return None


def adapt(vectors: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    return vectors if w is None or not len(vectors) else _normalise(vectors @ w)


def save_adapter(w: np.ndarray, model_id: str, path: Path = ADAPTER_FILE) -> None:
    np.savez_compressed(path, w=np.asarray(w, dtype=np.float16), model_id=base_model_id(model_id))
