import numpy as np
import pytest

from recommender.errors import IndexMismatchError
from recommender.index import IndexHeader, VectorIndex, build_index


def unit(rows: int, dim: int, seed: int = 0, clusters: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, dim)).astype(np.float32)
    if clusters:  # real embeddings are clustered, not uniform
        centres = rng.normal(size=(clusters, dim)).astype(np.float32) * 3
        x += centres[rng.integers(0, clusters, rows)]
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_exact_index_matches_numpy_brute_force():
    data, queries = unit(500, 32), unit(20, 32, seed=1)
    index = build_index(data, "m", "h")
    scores, ids = index.search(queries, 10)
    brute = queries @ data.T
    expected = np.argsort(-brute, axis=1)[:, :10]
    assert index.header.kind == "exact"
    np.testing.assert_array_equal(ids, expected)
    np.testing.assert_allclose(scores, np.take_along_axis(brute, expected, axis=1), rtol=1e-5)


def test_large_sets_get_hnsw_with_recall_at_10_above_098():
    data, queries = unit(6000, 48, clusters=40), unit(200, 48, seed=2, clusters=40)
    approx = build_index(data, "m", "h", exact_limit=5000)
    assert approx.header.kind == "hnsw"
    _, got = approx.search(queries, 10)
    truth = np.argsort(-(queries @ data.T), axis=1)[:, :10]
    recall = np.mean([len(set(g) & set(t)) / 10 for g, t in zip(got, truth)])
    assert recall >= 0.98


def test_saved_index_describes_itself_and_refuses_other_data(tmp_path):
    data = unit(50, 16)
    path = tmp_path / "i.faiss"
    build_index(data, "model-a", "hash-1").save(path)
    same = IndexHeader("model-a", 16, 50, "hash-1")
    loaded = VectorIndex.load(path, same)
    np.testing.assert_allclose(loaded.vectors(), data, rtol=1e-6)
    for other, field in ((IndexHeader("model-b", 16, 50, "hash-1"), "model_id"),
                         (IndexHeader("model-a", 16, 50, "hash-2"), "source_hash"),
                         (IndexHeader("model-a", 16, 51, "hash-1"), "rows")):
        with pytest.raises(IndexMismatchError, match=field):
            VectorIndex.load(path, other)


def test_damaged_index_file_is_reported(tmp_path):
    path = tmp_path / "i.faiss"
    path.write_bytes(b"not an index")
    with pytest.raises(IndexMismatchError, match="unreadable"):
        VectorIndex.load(path)


def test_query_shape_is_checked():
    index = build_index(unit(10, 8), "m", "h")
    with pytest.raises(ValueError, match="shape"):
        index.search(unit(1, 9), 3)
