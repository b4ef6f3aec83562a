"""Recommendations: the pure engine on a hand-built skill space, then the facade and the CLI on the
tiny taxonomy. Every expected answer follows from the construction."""
import json

import numpy as np
import pandas as pd
import pytest

from recommender import NextSkill, Settings
from recommender.cli import main
from recommender.embeddings import FakeEmbedder
from recommender.recommend import Credit, Held, SkillSpace, Target, TargetError, infer, official
from recommender.recommend.engine import at_risk, gaps, next_skills, reachable
from recommender.recommend.requirements import Requirements, from_job_ads
from recommender.taxonomy import save_taxonomy

from conftest import tiny_taxonomy


def unit(*v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


# label, vector, category, exposure, human edge, groups
SPACE = [
    ("type data", unit(1, 0, 0, 0, 0, 0), "at_risk", 0.9, 0.1, {"S5.5"}),                        # 0 held
    ("type data fast", unit(1, 0.05, 0, 0, 0, 0), "at_risk", 0.9, 0.1, {"S5.5"}),                # 1 as good as held
    ("check data", unit(1, 0.8, 0, 0, 0, 0), "at_risk", 0.8, 0.3, {"S5.5"}),                     # 2 partly held
    ("analyse data", unit(0.6, 0, 0, 0, 0, 1), "ai_augmented", 0.6, 0.6, {"S5.5", "S2.7"}),      # 3
    ("analyse data deeply", unit(0.6, 0, 0.02, 0, 0, 1), "ai_augmented", 0.6, 0.6, {"S2.7"}),    # 4 variant of 3
    ("explain findings to clients", unit(0.4, 0, 1, 0, 0, 0.6), "human_centric", 0.3, 0.9, {"S1.1"}),  # 5
    ("weld", unit(0, 0, 0, 0, 1, 0), "human_centric", 0.1, 0.8, {"S7.4"}),                        # 6 far away
    ("build ML models", unit(0.5, 0, 0, 0.5, 0, 0.9), "ai_builder", 0.5, 0.5, {"S5.5"}),          # 7
]


def space(breadth=None) -> SkillSpace:
    n = len(SPACE)
    return SkillSpace([f"s{i}" for i in range(n)], [s[0] for s in SPACE], np.stack([s[1] for s in SPACE]),
                      np.array([s[2] for s in SPACE]), np.array([s[3] for s in SPACE], np.float32),
                      np.array([s[4] for s in SPACE], np.float32),
                      np.zeros(n, np.float32) if breadth is None else np.asarray(breadth, np.float32),
                      [frozenset(s[5]) for s in SPACE])


HELD = [Held(0, 0.9, "I type 70 wpm")]


def target(rows, weights, source="official") -> Target:
    return Target("occupation", "o:analyst", "data analyst", np.array(rows), np.array(weights, np.float32), source)


def test_credit_have_partial_missing():
    credit = Credit.of(space(), HELD)
    assert credit.value.tolist()[:4] == [1.0, 1.0, 0.5, 0.0] and credit.value[6] == 0
    assert credit.best_held.tolist()[:3] == [0, 0, 0]
    empty = Credit.of(space(), [])
    assert not empty.value.any() and (empty.best_held == -1).all()


def test_gaps_statuses_and_weighted_coverage():
    s = space()
    found, coverage = gaps(target([1, 2, 3], [1.0, 1.0, 0.5]), s, Credit.of(s, HELD))
    assert [g["status"] for g in found] == ["have", "partial", "missing"]
    assert found[1]["matched_by"]["label"] == "type data" and found[2]["matched_by"] is None
    assert [g["relation"] for g in found] == ["essential", "essential", "optional"]
    assert coverage == round(100 * (1 + 0.5) / 2.5, 1)


def test_recommendations_never_held_and_at_risk_only_when_required():
    s = space()
    credit = Credit.of(s, HELD)
    line = [(target([1, 2, 3, 5], [1, 1, 1, 1]), 0.5)]
    recs = next_skills(s, HELD, credit, [], line, top_k=10)
    labels = [r["label"] for r in recs]
    assert "type data" not in labels and "type data fast" not in labels  # held, and as good as held
    assert all(s.category[s.ids.index(r["skill_id"])] != "at_risk" for r in recs)  # no target asks for them
    assert all(r["reasons"] for r in recs)
    # A target requiring "check data" (at risk, partly held) gets it, and the reasons say why.
    recs = next_skills(s, HELD, credit, [target([2, 3], [1, 1])], [], top_k=10)
    check = next(r for r in recs if r["label"] == "check data")
    assert any("requires it" in reason for reason in check["reasons"])
    assert any("part-way there" in reason for reason in check["reasons"])


def test_recommendations_are_diverse_and_explained():
    s = space(breadth=[0, 0, 0, 30, 30, 5, 0, 2])
    recs = next_skills(s, HELD, Credit.of(s, HELD), [target([3, 4, 5, 7], [1, 1, 1, 0.5])], [], top_k=10)
    labels = [r["label"] for r in recs]
    assert ("analyse data" in labels) != ("analyse data deeply" in labels)  # variants: one of them
    first = recs[0]
    assert first["label"] == "analyse data" and first["builds_on"][0]["label"] == "type data"
    assert any("fills a gap: essential for 'data analyst'" == r for r in first["reasons"])
    assert any("needed in about 30 occupations" == r for r in first["reasons"])
    assert set(first["parts"]) == {"relevance", "complementarity", "adjacency", "breadth"}
    assert [r["score"] for r in recs] == sorted((r["score"] for r in recs), reverse=True)
    assert "weld" not in labels  # far from the person and from the target


def test_at_risk_skills_get_pivots_in_their_branch():
    s = space()
    held = [Held(0, 0.9, "I type 70 wpm"), Held(6, 0.8, "I weld")]
    flagged = at_risk(s, held, Credit.of(s, held))
    assert [a["label"] for a in flagged] == ["type data"]  # welding is not at risk
    pivots = [p["label"] for p in flagged[0]["pivots"]]
    assert pivots and all(s.category[s.labels.index(p)] != "at_risk" for p in pivots)
    assert "explain findings to clients" not in pivots  # another branch of the hierarchy
    guessed = [Held(0, 0.6, "I handle forms", sure=False)]
    assert at_risk(s, guessed, Credit.of(s, guessed)) == []  # the reader's guess is not flagged


def test_reachable_ranks_by_coverage_and_exposure():
    s = space()
    weights = Requirements(official_matrix([[1, 2], [3, 5], [6]]), "official")
    found = reachable(weights, ["o:a", "o:b", "o:c"], ["typist", "analyst", "welder"], np.arange(3), s,
                      Credit.of(s, HELD))
    assert [o["label"] for o in found][0] == "typist" and found[0]["coverage"] == 75.0
    assert found[0]["missing"] == [{"skill_id": "s2", "label": "check data"}]
    assert {o["label"]: o["coverage"] for o in found}["welder"] == 0.0


def official_matrix(rows):
    relations = pd.DataFrame([{"occupation_id": f"o{i}", "skill_id": f"s{r}", "relation": "essential"}
                              for i, rs in enumerate(rows) for r in rs])
    return official([f"o{i}" for i in range(len(rows))], [f"s{i}" for i in range(len(SPACE))], relations).weights


def test_official_inferred_and_job_ad_requirements():
    relations = pd.DataFrame({"occupation_id": ["a", "a", "b", "x"], "skill_id": ["s1", "s2", "s1", "s1"],
                              "relation": ["essential", "optional", "essential", "essential"]})
    req = official(["a", "b"], ["s1", "s2"], relations)
    assert req.weights.toarray().tolist() == [[1.0, 0.5], [1.0, 0.0]] and req.source == "official"
    assert req.breadth().tolist() == [2.0, 0.5]
    vectors = np.stack([s[1] for s in SPACE])
    labels = [s[0] for s in SPACE]
    inferred = infer(vectors[[3]], vectors[[3]], np.array([0]), ["analyse data"], vectors, labels,
                     np.zeros(len(SPACE), np.float32))
    rows, weights = inferred.row(0)
    assert rows[0] == 3 and weights[0].round(2) == 1.0 and inferred.source == "inferred"
    assert rows[1] == 4 and len(rows) == len(SPACE)  # the closest next: similarity order kept
    rows, weights = from_job_ads([[3, 5], [3], [3, 7, 7]])
    assert rows.tolist() == [3, 5, 7] and [round(float(w), 3) for w in weights] == [1.0, 0.333, 0.333]


def test_requirements_cache_roundtrip_and_stale_key(tmp_path):
    path = tmp_path / "req.npz"
    calls = []

    def compute():
        calls.append(1)
        return Requirements(official_matrix([[1, 2], [3]]), "inferred")

    first = Requirements.cached(path, "k1", compute)
    again = Requirements.cached(path, "k1", compute)
    assert len(calls) == 1 and (again.weights != first.weights).nnz == 0 and again.source == "inferred"
    Requirements.cached(path, "k2", compute)
    assert len(calls) == 2
    path.write_bytes(b"damaged")
    Requirements.cached(path, "k2", compute)
    assert len(calls) == 3


# --- the facade and the CLI on the tiny taxonomy (fake embedder) ------------------------------
def with_relations(home):
    tax = tiny_taxonomy("tiny-official")
    relations = pd.DataFrame([("o:analyst", "s:visualise", "essential"), ("o:analyst", "s:data-entry", "essential"),
                              ("o:analyst", "s:python", "optional"), ("o:driver", "s:drive", "essential"),
                              ("o:nurse", "s:patient", "essential")], columns=["occupation_id", "skill_id", "relation"])
    save_taxonomy(type(tax)(tax.skills, tax.occupations, relations, groups=tax.groups, meta=tax.meta), home)


def test_recommend_with_official_relations(engine, home):
    with_relations(home)
    engine._forget_taxonomy()
    doc = engine.recommend("I do data entry for clients. Skills: data entry", targets=["data analyst"])
    assert doc["requirements_source"] == "official" and doc["target"]["label"] == "data analyst"
    status = {g["skill_id"]: g["status"] for g in doc["gaps"]}
    assert status["s:data-entry"] == "have" and status["s:visualise"] == "missing"
    assert doc["coverage"] == round(100 * 1 / 2.5, 1)
    rec_ids = [r["skill_id"] for r in doc["recommendations"]]
    assert "s:visualise" in rec_ids and "s:data-entry" not in rec_ids
    assert [a["skill_id"] for a in doc["at_risk"]] == ["s:data-entry"]  # rated 0.9 / 0.1
    assert doc["reachable"][0]["label"] == "data analyst"


def test_recommend_inferred_targets_job_ads_and_skill_ids(engine):
    doc = engine.recommend(skill_ids=["s:drive"], targets=["nurse", "welder"],
                           job_ads=["Skills: drive vans, perform data entry"])
    assert [t["target"]["kind"] for t in doc["targets"]] == ["occupation", "occupation", "job_ads"]
    assert doc["targets"][0]["target"]["requirements_source"] == "inferred"
    assert doc["profile_skills"][0]["evidence"] == "confirmed by you"
    assert all(r["skill_id"] != "s:drive" for r in doc["recommendations"])


@pytest.mark.parametrize("kwargs, message", [
    ({"text": "I drive vans", "targets": ["a", "b", "c", "d"]}, "at most 3 targets"),
    ({"text": "I drive vans", "targets": ["http://data.europa.eu/esco/occupation/nope"]}, "unknown occupation id"),
    ({"text": "I drive vans", "targets": ["   "]}, "empty target"),
    ({"text": "I drive vans", "job_ads": ["   "]}, "job ad 1"),
    ({"text": "I drive vans", "job_ads": ["x"] * 6}, "1 to 5 job ads"),
    ({"text": "zzz qqq"}, "no recognisable skills"),
    ({}, "give a profile text or a list of skills"),
    ({"skill_ids": ["s:nope"]}, "unknown skill id"),
])
def test_recommend_bad_input_says_what_to_do(engine, kwargs, message):
    with pytest.raises(Exception) as info:
        engine.recommend(**kwargs)
    assert message in str(info.value)


def test_target_title_without_a_good_match_offers_the_closest(engine, monkeypatch):
    monkeypatch.setattr("recommender.recommend.advisor.TITLE_ACCEPT", 1.01)  # nothing is good enough
    with pytest.raises(TargetError, match="closest: 'data analyst'"):
        engine.recommend("I drive vans", targets=["data analyst"])


def test_profile_without_skills_but_with_a_target_shows_every_requirement(engine):
    doc = engine.recommend("zzz qqq", targets=["welder"])
    assert doc["profile_skills"] == [] and all(g["status"] == "missing" for g in doc["gaps"])
    assert any("no recognisable skills" in n for n in doc["notes"])


def test_cli_recommend_json_contract(home, catalog, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("NEXTSKILL_MODEL", "fake")
    ad = tmp_path / "ad.txt"
    ad.write_text("Skills: drive vans, perform data entry")
    code = main(["--home", str(home), "recommend", "--text", "I drive vans and type data. Skills: data entry",
                 "--target", "data analyst", "--job-ad", str(ad), "--top-k", "3", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {"profile_skills", "target", "gaps", "at_risk", "recommendations", "reachable"} <= set(doc)
    assert set(doc["profile_skills"][0]) >= {"skill_id", "label", "evidence", "exposure", "category"}
    assert set(doc["gaps"][0]) >= {"skill_id", "label", "status", "matched_by"}
    assert set(doc["recommendations"][0]) >= {"skill_id", "label", "category", "score", "reasons", "builds_on"}
    assert set(doc["reachable"][0]) == {"occupation_id", "label", "coverage", "exposure", "missing"}
    assert len(doc["recommendations"]) <= 3 and len(doc["targets"]) == 2
    assert main(["--home", str(home), "recommend", "--json"]) == 1
    assert "give the profile" in capsys.readouterr().err
    assert main(["--home", str(home), "recommend", "--text", "I drive vans", "--job-ad", str(tmp_path / "no.txt")]) == 1
    assert "job ad 1" in capsys.readouterr().err


def test_one_engine_serves_concurrent_sessions(engine):
    """The app shares one engine between sessions (threads): answers match the serial ones."""
    from concurrent.futures import ThreadPoolExecutor

    asks = [("Skills: drive vans", "nurse"), ("Skills: perform data entry", "data analyst"),
            ("Skills: weld metal parts", "welder"), ("Skills: Python", "data analyst")] * 4
    serial = [engine.recommend(text, targets=[t])["recommendations"] for text, t in asks[:4]]
    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(lambda a: engine.recommend(a[0], targets=[a[1]])["recommendations"], asks))
    assert parallel == serial * 4


def test_a_beginners_skill_counts_as_partly_held():
    s = space()
    beginner = [Held(0, 0.9, "I type a bit", level="beginner")]
    credit = Credit.of(s, beginner)
    assert credit.value.tolist()[:3] == [0.5, 0.5, 0.5]
    found, coverage = gaps(target([0, 3], [1.0, 1.0]), s, credit)
    assert [g["status"] for g in found] == ["partial", "missing"] and coverage == 25.0


def test_levels_reach_the_gap_analysis(engine, home):
    with_relations(home)
    engine._forget_taxonomy()
    doc = engine.recommend(skill_ids=["s:data-entry"], levels={"s:data-entry": "beginner"}, targets=["data analyst"])
    assert {g["skill_id"]: g["status"] for g in doc["gaps"]}["s:data-entry"] == "partial"
