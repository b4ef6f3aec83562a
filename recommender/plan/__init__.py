"""Learning plans: courses chosen and scheduled to fit a gig worker's hours, money and level."""
from .exports import to_csv, to_ics, to_markdown, to_pdf
from .planner import Limits, PlanError, make_plan

__all__ = ["Limits", "PlanError", "make_plan", "to_csv", "to_ics", "to_markdown", "to_pdf"]
