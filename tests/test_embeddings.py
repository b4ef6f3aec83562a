import numpy as np
import pytest

from recommender.embeddings import FakeEmbedder, VectorCache, embed_cached, load_embedder
from recommender.errors import ModelLoadError


class Counting(FakeEmbedder):
    def __init__(self):
        super().__init__()
        self.seen = []

    def encode(self, texts, progress=None):
        self.seen.extend(texts)
        return super().encode(texts, progress)


def contract(embedder):
    texts = ["negotiate contracts", "weld metal parts", "negotiation"]
    a, b = embedder.encode(texts), embedder.encode(texts)
    assert a.shape == (3, embedder.dim) and a.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    return a


def test_fake_embedder_contract_and_shared_words_are_close():
    v = contract(FakeEmbedder())
    assert v[0] @ v[2] > v[0] @ v[1]  # "negotiate" and "negotiation" share the stem "negot"


def test_cache_reembeds_only_what_changed(tmp_path):
    emb = Counting()
    cache = VectorCache(tmp_path, emb.model_id, emb.dim)
    first = embed_cached(emb, ["a b", "c d", "e f"], cache)
    assert sorted(emb.seen) == ["a b", "c d", "e f"]
    emb.seen.clear()
    again = embed_cached(emb, ["a b", "c d", "g h"], VectorCache(tmp_path, emb.model_id, emb.dim))
    assert emb.seen == ["g h"]
    np.testing.assert_allclose(again[:2], first[:2], atol=2e-3)  # float16 storage


def test_cache_is_keyed_by_model(tmp_path):
    emb = Counting()
    embed_cached(emb, ["a b"], VectorCache(tmp_path, emb.model_id, emb.dim))
    emb.seen.clear()
    embed_cached(emb, ["a b"], VectorCache(tmp_path, "another-model", emb.dim))
    assert emb.seen == ["a b"]


def test_damaged_cache_shard_is_only_a_miss(tmp_path):
    emb = Counting()
    cache = VectorCache(tmp_path, emb.model_id, emb.dim)
    embed_cached(emb, ["a b"], cache)
    for shard in cache.folder.glob("shard-*.npz"):
        shard.write_bytes(b"garbage")
    emb.seen.clear()
    out = embed_cached(emb, ["a b"], VectorCache(tmp_path, emb.model_id, emb.dim))
    assert emb.seen == ["a b"] and out.shape == (1, emb.dim)


def test_missing_model_path_names_the_fix():
    with pytest.raises(ModelLoadError, match="does not exist"):
        load_embedder("/no/such/model/folder")


def test_folder_that_is_not_a_model_gets_a_clear_error(tmp_path):
    from recommender.embeddings import SentenceTransformerEmbedder

    (tmp_path / "notes.txt").write_text("not a model")
    with pytest.raises(ModelLoadError, match="could not load model"):
        SentenceTransformerEmbedder(str(tmp_path)).encode(["x"])
