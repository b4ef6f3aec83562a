"""The facade over the hand-built taxonomy, with the fake embedder."""
import pytest

from recommender import NextSkill, Settings
from recommender.embeddings import FakeEmbedder
from recommender.errors import DataMissingError, QueryError
from recommender.taxonomy import load_taxonomy, save_taxonomy

from conftest import tiny_taxonomy


def test_skill_search_finds_the_obvious_skill(engine):
    results = engine.search_skills(["contract negotiation", "welding metal", "patient care"], top_k=3)
    assert [r[0]["skill_id"] for r in results] == ["s:negotiate", "s:weld", "s:patient"]
    assert all(r[0]["score"] >= r[1]["score"] for r in results)
    assert set(results[0][0]) == {"skill_id", "label", "score", "matched_label"}


def test_occupation_search_uses_alt_labels(engine):
    top = engine.search_occupations(["courier"], top_k=2)[0]
    assert top[0]["occupation_id"] == "o:driver"
    assert top[0]["matched_label"] == "courier"


def test_top_k_is_respected_and_checked(engine):
    assert len(engine.search_skills(["data"], top_k=3)[0]) == 3
    assert len(engine.search_skills(["data"], top_k=100)[0]) == 10  # 8 skills + 2 emerging, no more
    with pytest.raises(QueryError, match="top_k"):
        engine.search_skills(["data"], top_k=0)


@pytest.mark.parametrize("query", ["", "   ", "x" * 1001])
def test_bad_queries_get_a_clear_error(engine, query):
    with pytest.raises(QueryError):
        engine.search_skills([query])


def test_build_saves_indexes_and_reuses_them(engine, home):
    summary = engine.build()
    assert summary["indexes"]["skills"]["rows"] >= 8 and summary["indexes"]["skills"]["kind"] == "exact"
    saved = sorted(p.name for p in (home / "indexes" / "tiny").iterdir())
    assert saved == ["occupations-descriptions.faiss", "occupations-labels.faiss", "occupations-lexicon.npz",
                     "requirements.npz", "skills-labels.faiss", "skills-lexicon.npz"]
    assert [m for m in engine.messages if "Inferring" not in m] == []
    engine.messages.clear()
    fresh = NextSkill(engine.settings, FakeEmbedder(), notify=engine.messages.append)
    fresh.search_skills(["welding"])
    fresh.recommend(skill_ids=["s:weld"])
    assert engine.messages == []  # nothing stale, nothing rebuilt or recomputed


def test_changed_taxonomy_triggers_a_rebuild_with_a_message(engine, home):
    engine.build()
    changed = tiny_taxonomy()
    changed.skills.loc[0, "label"] = "haggle over contracts"
    save_taxonomy(changed, home)
    messages = []
    ns = NextSkill(Settings(home=home, model="fake", catalog_dir=engine.settings.catalog_dir), FakeEmbedder(), notify=messages.append)
    assert ns.search_skills(["haggle"], top_k=1)[0][0]["skill_id"] == "s:negotiate"
    assert any("source_hash" in m and "rebuilding" in m for m in messages)


def test_same_size_edit_is_not_served_from_a_stale_lexicon(engine, home):
    engine.build()
    changed = tiny_taxonomy()
    changed.skills.loc[3, "label"] = "mend metal parts"  # as long as "weld metal parts"
    save_taxonomy(changed, home)
    ns = NextSkill(engine.settings, FakeEmbedder(), notify=lambda m: None)
    assert ns.search_skills(["mend metal"], top_k=1)[0][0]["label"] == "mend metal parts"


def test_other_model_triggers_a_rebuild(engine, home):
    engine.build()
    messages = []
    ns = NextSkill(engine.settings, FakeEmbedder(dim=32), notify=messages.append)
    ns.search_skills(["welding"])
    assert any("model_id" in m for m in messages)


def test_damaged_index_is_rebuilt_not_trusted(engine, home):
    engine.build()
    (home / "indexes" / "tiny" / "skills-labels.faiss").write_bytes(b"junk")
    messages = []
    ns = NextSkill(Settings(home=home, model="fake", catalog_dir=engine.settings.catalog_dir), FakeEmbedder(), notify=messages.append)
    assert ns.search_skills(["welding"], top_k=1)[0][0]["skill_id"] == "s:weld"
    assert any("unreadable" in m for m in messages)


def test_damaged_taxonomy_names_the_fix(home):
    (home / "taxonomy" / "tiny" / "skills.parquet").write_bytes(b"junk")
    with pytest.raises(DataMissingError, match="import PATH"):
        load_taxonomy(home)


def test_no_taxonomy_and_no_wheels_names_the_fix(tmp_path):
    ns = NextSkill(Settings(home=tmp_path / "h", vendor_dir=tmp_path / "v", model="fake"), FakeEmbedder(),
                   notify=lambda m: None)
    with pytest.raises(DataMissingError, match="make setup"):
        ns.search_skills(["welding"])
