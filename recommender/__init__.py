"""NextSkill: skill-gap and upskilling recommender (library)."""
from .nextskill import NextSkill
from .settings import Settings

__all__ = ["NextSkill", "Settings"]
