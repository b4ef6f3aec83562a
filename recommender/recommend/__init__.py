"""What to learn next: targets and their requirements, gap analysis, ranked and explained skills."""
from .advisor import Advisor, TargetError
from .engine import Credit, Held, SkillSpace, Target
from .requirements import Requirements, infer, official

__all__ = ["Advisor", "Credit", "Held", "Requirements", "SkillSpace", "Target", "TargetError", "infer", "official"]
