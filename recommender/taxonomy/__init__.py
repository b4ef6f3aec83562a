"""The skills taxonomy: the embedded default, the official ESCO bundle import, and storage."""
from .model import Taxonomy, label_bags, label_rows
from .store import available, load_taxonomy, save_taxonomy, set_active

__all__ = ["Taxonomy", "available", "label_bags", "label_rows", "load_taxonomy", "save_taxonomy", "set_active"]
