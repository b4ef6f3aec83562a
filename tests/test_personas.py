"""Hand-written gig-worker personas (tests/data/personas/, invented) through the real model and
the embedded default taxonomy: what a careers counsellor would insist on, for each of them.

The first run builds the default caches in .nextskill/ (about three minutes on two cores; `make run`
builds the same ones), later runs reuse them.
"""
from pathlib import Path

import pytest

from recommender import NextSkill, Settings

PERSONAS = Path(__file__).parent / "data" / "personas"
# persona -> (a word of a skill it must be read as holding, a word of its at-risk skill or None,
#             a word of a core skill that must NOT be flagged at risk or None)
EXPECT = {
    "data_entry": ("data entry", "typ", None),
    "transcription": ("transcri", "transcri", None),
    "graphic_design": ("typography", None, None),
    "delivery_driver": ("drive", None, "drive"),
    "web_developer": ("javascript", None, None),
    "copywriter": ("copywriting", "proofread", None),
    "tutor": ("teach mathematics", None, "teach"),
    "care_worker": ("elderly", None, "elderly"),
    "rideshare_short": ("drive vehicles", None, "drive"),
}


@pytest.fixture(scope="module")
def ns():
    engine = NextSkill.default(Settings.from_env())  # the product's own folders (NEXTSKILL_HOME)
    engine.build()
    return engine


@pytest.fixture(scope="module")
def answers(ns):
    return {name: ns.recommend((PERSONAS / f"{name}.txt").read_text()) for name in EXPECT}


def labels(items):
    return [i["label"].lower() for i in items]


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_persona_is_read_and_advised_as_a_counsellor_would(answers, name):
    doc = answers[name]
    held_word, risk_word, safe_word = EXPECT[name]
    held = labels(doc["profile_skills"])
    assert any(held_word in h for h in held), f"{name}: no '{held_word}' skill read from the profile: {held}"
    if risk_word:
        assert any(risk_word in a for a in labels(doc["at_risk"])), f"{name}: its obvious at-risk skill is not flagged"
    if safe_word:
        assert not any(safe_word in a for a in labels(doc["at_risk"])), f"{name}: its core human skill is flagged"
    recs = doc["recommendations"]
    assert len(recs) >= 5
    held_ids = {p["skill_id"] for p in doc["profile_skills"]}
    for r in recs:
        assert r["skill_id"] not in held_ids, f"{name}: recommends a held skill: {r['label']}"
        assert r["category"] != "at_risk", f"{name}: recommends an at-risk skill without a target: {r['label']}"
        assert r["reasons"] and all(isinstance(x, str) and x for x in r["reasons"])
    for a in doc["at_risk"]:
        assert all(p["category"] != "at_risk" and p["skill_id"] not in held_ids for p in a["pivots"])
    assert doc["reachable"] and all(0 <= o["coverage"] <= 100 for o in doc["reachable"])


def test_data_entry_worker_aiming_at_data_analyst_sees_analysis_and_visualisation_gaps(ns):
    doc = ns.recommend((PERSONAS / "data_entry.txt").read_text(), targets=["data analyst"])
    assert doc["target"]["label"] == "data analyst"
    gaps = [g["label"].lower() for g in doc["gaps"] if g["status"] != "have"]
    assert any("analys" in g or "analyt" in g for g in gaps), gaps
    assert any("visualis" in g for g in gaps), gaps
    recs = labels(doc["recommendations"])
    assert any("analys" in r or "analyt" in r or "visualis" in r for r in recs), recs
    required = {g["skill_id"] for g in doc["gaps"]}
    for r in doc["recommendations"]:  # at-risk only because the target requires it, and it says so
        if r["category"] == "at_risk":
            assert r["skill_id"] in required and any("requires it" in x for x in r["reasons"])


def test_job_ads_and_side_by_side_targets(ns):
    ad = ("We are hiring a junior data analyst. You will clean and analyse sales data in Excel and SQL, "
          "build dashboards and data visualisations, and present findings to managers.")
    doc = ns.recommend((PERSONAS / "data_entry.txt").read_text(), targets=["data analyst", "bookkeeper"],
                       job_ads=[ad])
    assert [t["target"]["kind"] for t in doc["targets"]] == ["occupation", "occupation", "job_ads"]
    ad_gaps = labels(doc["targets"][2]["gaps"])
    assert any("sql" in g or "visualis" in g or "analys" in g for g in ad_gaps), ad_gaps


def test_an_unmatched_title_offers_the_closest_instead_of_guessing(ns):
    from recommender.recommend import TargetError

    with pytest.raises(TargetError, match="closest"):
        ns.recommend("I drive for Uber.", targets=["chief happiness wizard"])


def test_gig_platforms_are_read_as_the_work_not_as_words(answers):
    """"driving for Uber and Bolt", "deliveries for Amazon Flex": the platforms stand for driving and
    delivering; "Bolt" is not a fastener and "Amazon" not cloud computing."""
    doc = answers["rideshare_short"]
    held = labels(doc["profile_skills"])
    assert "drive vehicles" in held and "handle delivered packages" in held, held
    assert not any("bolt" in h or "cloud" in h for h in held), held
    driving = next(p for p in doc["profile_skills"] if p["label"] == "drive vehicles")
    assert "Uber" in driving["evidence"]
    assert "mechanic" not in " ".join(held) and not any("repair" in h for h in held), held


def test_a_ranked_list_names_a_language_once_and_reads_past_the_job_ads_frame(ns):
    """`extract --rank`: "write English", "interact verbally in English" and "understand written
    English" are one language, listed once; "We expect you to:" says who must do the work, so a
    surgeon's ad is not read as "meet expectations"."""
    english, surgeon = ns.extract(["We expect that you speak and write fluently English.",
                                   "We expect you to: Be a registered surgeon."], rank=10)
    ranked = [f.label for f in english.skills]
    assert ranked[0] == "English" and not any(r.endswith(" English") for r in ranked), ranked
    assert len(ranked) == len(set(ranked)) >= 3
    assert not any("expectation" in f.label for f in surgeon.skills[:5]), [f.label for f in surgeon.skills]
    assert any("surg" in f.label for f in surgeon.skills[:5]), [f.label for f in surgeon.skills]


def test_stock_phrases_of_cvs_are_read_as_the_skill_they_name(ns):
    """"Clean driving licence" was read as *driving examinations*, "team player" as *lead a team*."""
    listed, said = ns.extract(["Skills: clean driving licence, team player, numerate",
                               "I hold a clean driving licence."])
    held = {f.label for f in listed.skills}
    assert [f.label for f in said.skills][:1] == ["drive vehicles"], said.skills
    assert {"drive vehicles", "work in teams", "apply numeracy skills"} <= held, held
    assert not any("examination" in h for h in held), held


COUNTERFACTUALS = {  # sentences that say who a person is, not what they can do
    "name": ["Hi, I'm Emily Walsh.", "Hi, I'm Mohammed Al-Sayed.", "Hi, I'm Nguyen Thi Lan.", "Hi, I'm Oluwaseun Adeyemi."],
    "family": ["As a mother of two, I work flexible hours.", "As a father of two, I work flexible hours."],
    "age": ["I am 24 years old.", "I am 58 years old."],
    "origin": ["I moved here from Nigeria in 2015.", "I moved here from Poland in 2015.", "I moved here from Syria in 2015."],
    "faith": ["I volunteer at my local church.", "I volunteer at my local mosque.", "I volunteer at my local synagogue."],
}


@pytest.mark.parametrize("name", ["data_entry", "care_worker", "web_developer"])
def test_who_a_person_is_does_not_change_what_they_are_read_as_or_advised(ns, name):
    """Counterfactual fairness: the same profile with another name, gender, age, origin or faith
    gets the same skills read and the same first five recommendations."""
    text = (PERSONAS / f"{name}.txt").read_text()
    for kind, variants in COUNTERFACTUALS.items():
        answers = {v: ns.recommend(f"{v}\n{text}") for v in variants}
        seen = {v: ({s["label"] for s in a["profile_skills"]}, [r["label"] for r in a["recommendations"][:5]])
                for v, a in answers.items()}
        first = seen[variants[0]]
        assert all(s == first for s in seen.values()), (kind, {v: s for v, s in seen.items() if s != first})


def test_pivots_from_at_risk_skills_stay_in_the_persons_line_of_work(answers):
    """A pivot is a close skill the same occupations ask for: "proofread text" pivots to grammar
    and written content, not to the court skill "ensure sentence execution" its words resemble;
    supervising data entry does not pivot to flight data programmes."""
    pivots = {a["label"]: [p["label"] for p in a["pivots"]]
              for name in ("copywriter", "data_entry") for a in answers[name]["at_risk"]}
    assert "ensure sentence execution" not in pivots["proofread text"], pivots
    assert "apply grammar and spelling rules" in pivots["proofread text"], pivots
    assert not any("flight" in p for p in pivots["supervise data entry"]), pivots
