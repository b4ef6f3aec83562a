"""NextSkill: skill-gap and upskilling recommender (library)."""
from .nextskill import NextSkill
from .plan import Limits
from .settings import Settings

__all__ = ["Limits", "NextSkill", "Settings"]
