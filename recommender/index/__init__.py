"""FAISS indexes that describe themselves."""
from .vector_index import IndexHeader, VectorIndex, build_index

__all__ = ["IndexHeader", "VectorIndex", "build_index"]
