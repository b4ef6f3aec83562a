"""The exposure model on hand-built data whose answers are known by construction."""
import json

import numpy as np
import pandas as pd
import pytest

from recommender.cli import main
from recommender.errors import DataMissingError
from recommender.exposure import category, load_ratings, score_skills
from recommender.taxonomy.emerging import group_path

from conftest import RATINGS


def test_category_rules_first_match_wins():
    assert category(0.9, 0.1, builder=True) == "ai_builder"
    assert category(0.4, 0.1, builder=False) == "human_centric"
    assert category(0.8, 0.2, builder=False) == "at_risk"
    assert category(0.8, 0.7, builder=False) == "ai_augmented"


def test_group_path():
    assert group_path("S5.6.1") == ["S", "S5", "S5.6", "S5.6.1"]
    assert group_path("K0613") == ["K", "K06", "K061", "K0613"]
    assert group_path("T2") == ["T", "T2"]


def synthetic(n_per_side: int = 15, seed: int = 0):
    """Two clusters: screen work (rated exposed) and hands-on work (rated not), one unrated each."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=16), rng.normal(size=16)
    rows, vecs, rated = [], [], []
    for side, centre, groups, (e, h) in (("screen", a, ["S", "S5"], (0.9, 0.2)), ("hands", b, ["S", "S7"], (0.1, 0.8))):
        for i in range(n_per_side + 1):
            sid = f"{side}-{i}"
            rows.append({"skill_id": sid, "label": f"{side} task {i}", "description": "", "groups": groups})
            v = centre + 0.3 * rng.normal(size=16)
            vecs.append(v / np.linalg.norm(v))
            if i:  # skill 0 of each side is left unrated
                rated.append({"skill_id": sid, "label": f"{side} task {i}", "exposure": e, "human_edge": h})
    return pd.DataFrame(rows), np.array(vecs, dtype=np.float32), pd.DataFrame(rated)


def test_unrated_skills_take_the_scores_of_their_neighbours_and_group():
    skills, vectors, rated = synthetic()
    out = score_skills(skills, vectors, rated, {"S5": "working with computers", "S7": "constructing"}).set_index("skill_id")
    assert out.loc["screen-0", "exposure"] > 0.75 and out.loc["screen-0", "human_edge"] < 0.35
    assert out.loc["hands-0", "exposure"] < 0.25 and out.loc["hands-0", "human_edge"] > 0.65
    assert out.loc["screen-0", "category"] == "at_risk" and out.loc["hands-0", "category"] == "human_centric"
    reasons = " ".join(out.loc["screen-0", "reasons"])
    assert "closest rated skills" in reasons and "screen task" in reasons and "working with computers" in reasons
    # our own ratings stand, and say so
    assert out.loc["screen-3", "exposure"] == 0.9
    assert "rated by the NextSkill team" in out.loc["screen-3", "reasons"][0]
    assert out["exposure"].between(0, 1).all() and out["human_edge"].between(0, 1).all()


def test_ai_building_skills_are_ai_builders():
    skills, vectors, rated = synthetic()
    skills.loc[0, "label"] = "train machine learning models"
    out = score_skills(skills, vectors, rated, {}).set_index("skill_id")
    assert out.loc["screen-0", "category"] == "ai_builder"
    assert any("building, operating or governing AI" in r for r in out.loc["screen-0", "reasons"])


def test_too_few_ratings_is_an_error():
    skills, vectors, rated = synthetic()
    with pytest.raises(ValueError, match="at least 5"):
        score_skills(skills, vectors, rated.head(3), {})


def test_shipped_ratings_and_emerging_skills_are_well_formed():
    ratings = load_ratings(pytest.importorskip("recommender.settings").Settings().catalog_dir)
    assert len(ratings) >= 2000 and ratings["skill_id"].is_unique
    emerging = ratings[ratings["skill_id"].str.startswith("nextskill:emerging/")]
    assert len(emerging) >= 60
    assert set(ratings["category"]) == {"at_risk", "ai_augmented", "human_centric", "ai_builder"}
    assert ratings["exposure"].between(0, 1).all() and ratings["human_edge"].between(0, 1).all()


def test_broken_ratings_file_is_reported(tmp_path, catalog):
    (catalog / "exposure_ratings.csv").write_text("skill_id,label\nx,y\n")
    with pytest.raises(DataMissingError, match="lacks columns"):
        load_ratings(catalog)


def test_engine_scores_every_skill_including_emerging(engine):
    frame = engine.exposure()
    assert len(frame) == 10 and frame["skill_id"].is_unique
    by_id = frame.set_index("skill_id")
    for sid, (e, h) in RATINGS.items():
        assert by_id.loc[sid, "exposure"] == e and by_id.loc[sid, "human_edge"] == h
    assert by_id.loc["nextskill:emerging/mlops", "category"] == "ai_builder"
    assert by_id.loc["s:data-entry", "category"] == "at_risk"
    # the emerging skills take part in search like any skill
    assert engine.search_skills(["prompt engineering"], top_k=1)[0][0]["skill_id"] == "nextskill:emerging/prompt-design"


def test_exposure_is_saved_and_reused(engine):
    first = engine.exposure()
    saved = list((engine.settings.home / "exposure").glob("*.parquet"))
    assert len(saved) == 1
    engine._exposure = None
    again = engine.exposure()
    pd.testing.assert_frame_equal(first, again)


def test_cli_exposure_contract_and_errors(capsys, home):
    assert main(["--home", str(home), "--model", "fake", "exposure", "s:weld", "s:data-entry", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["skill_id"] for r in doc["results"]] == ["s:weld", "s:data-entry"]
    assert set(doc["results"][0]) >= {"skill_id", "label", "exposure", "human_edge", "category", "reasons"}
    assert main(["--home", str(home), "--model", "fake", "exposure", "explain", "data", "entry", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["results"][0]["skill_id"] == "s:data-entry" and doc["results"][0]["category"] == "at_risk"
    assert main(["--home", str(home), "--model", "fake", "exposure", "s:nope", "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "unknown skill id: s:nope" in err
    assert main(["--home", str(home), "--model", "fake", "exposure", "--json"]) == 1
    assert "--all" in capsys.readouterr().err
