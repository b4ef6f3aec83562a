"""AI exposure and human edge of every skill: hand ratings propagated, with reasons."""
from .model import CATEGORIES, Blend, category, score_skills
from .ratings import load_ratings

__all__ = ["Blend", "CATEGORIES", "category", "load_ratings", "score_skills"]
