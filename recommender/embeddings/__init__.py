"""Text -> unit-norm vectors: the embedders and the on-disk vector cache."""
from .cache import VectorCache, embed_cached
from .models import Embedder, FakeEmbedder, SentenceTransformerEmbedder, load_embedder

__all__ = ["Embedder", "FakeEmbedder", "SentenceTransformerEmbedder", "VectorCache",
           "embed_cached", "load_embedder"]
