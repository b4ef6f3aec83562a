import pytest

from recommender.storage import atomic_write, atomic_write_json, read_json, text_hash, texts_hash


def test_atomic_write_keeps_old_file_when_writer_fails(tmp_path):
    target = tmp_path / "data.json"
    atomic_write_json(target, {"v": 1})

    def broken(tmp):
        tmp.write_text("half written")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert read_json(target) == {"v": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["data.json"]  # no temp file left behind


def test_hashes_are_stable_and_order_sensitive():
    assert text_hash("a") == text_hash("a") and len(text_hash("a")) == 16
    assert texts_hash(["a", "b"]) != texts_hash(["b", "a"])
    assert texts_hash(["ab"]) != texts_hash(["a", "b"])
