"""Gig platforms named in a profile: masked out of the reading, their work added as inferred skills."""
from pathlib import Path

import pandas as pd
import pytest

from recommender import NextSkill, Settings
from recommender.embeddings import FakeEmbedder
from recommender.errors import DataMissingError
from recommender.profile.platforms import PLATFORMS_FILE, Platform, Platforms, load_platforms

ROOT = Path(__file__).resolve().parent.parent

TABLE = Platforms.of([
    Platform("Uber", "ride-hailing", False, ("drive vans",)),
    Platform("Uber Eats", "food delivery", False, ("drive vans", "care for patients")),
    Platform("Bolt", "ride-hailing", True, ("drive vans",)),
])


def names(sentence: str) -> list[str]:
    return [p.name for _, _, p in TABLE.find(sentence)]


def test_platform_names_are_found_longest_first_and_plain_words_only_in_gig_sentences():
    assert names("I drive for Uber and Bolt at night.") == ["Uber", "Bolt"]
    assert names("Deliveries on Uber Eats since 2022.") == ["Uber Eats"]
    assert names("Bolt the frame to the wall.") == []  # a plain word outside gig talk
    assert names("I tighten every bolt on the rig.") == []  # lower case
    assert names("Uberto is my name.") == []
    sentence = "I drive for Uber."
    (a, b), = TABLE.spans(sentence)
    assert sentence[a:b] == "Uber"


def test_resolve_keeps_only_the_labels_the_taxonomy_has():
    rows = TABLE.resolve(["care for patients", "drive vans"]).rows
    assert rows == {"Uber": (1,), "Uber Eats": (1, 0), "Bolt": (1,)}


def test_table_file_absent_is_empty_and_a_broken_one_is_an_error(tmp_path):
    assert load_platforms(tmp_path).entries == ()
    pd.DataFrame({"platform": ["Uber"], "skills": ["drive vans"]}).to_csv(tmp_path / PLATFORMS_FILE, index=False)
    with pytest.raises(DataMissingError, match="lacks columns"):
        load_platforms(tmp_path)


def test_every_shipped_platform_skill_is_in_the_default_taxonomy():
    shipped = load_platforms(ROOT / "catalog")
    assert len(shipped.entries) >= 50
    ns = NextSkill.default(Settings.from_env())
    labels = set(ns.taxonomy.skills["label"])
    unknown = {s for e in shipped.entries for s in e.skills if s not in labels}
    assert not unknown, f"catalog/{PLATFORMS_FILE} names skills the taxonomy lacks: {sorted(unknown)}"


@pytest.fixture
def reader(home, catalog):
    pd.DataFrame([{"platform": "Uber", "kind": "ride-hailing", "ambiguous": "no", "skills": "drive vans"},
                  {"platform": "Bolt", "kind": "ride-hailing", "ambiguous": "yes", "skills": "drive vans"}]
                 ).to_csv(catalog / PLATFORMS_FILE, index=False)
    return NextSkill(Settings(home=home, model="fake", catalog_dir=catalog), FakeEmbedder())


def test_platform_work_is_an_inferred_skill_with_its_sentence(reader):
    found = {f.label: f for f in reader.extract(["Three years of evening shifts for Uber."])[0].skills}
    driving = found["drive vans"]
    assert driving.stated is False and driving.sure
    assert driving.matched_label == "Uber (ride-hailing)"
    assert driving.evidence == "Three years of evening shifts for Uber."


def test_negated_or_wished_platform_work_is_not_held(reader):
    for text in ("I have never driven for Uber.", "I want to start driving for Bolt next year."):
        assert "drive vans" not in {f.label for f in reader.extract([text])[0].skills}, text


def test_rank_mode_is_the_encoder_alone(reader):
    ranked = reader.extract(["Evening shifts for Uber."], rank=3)[0].skills
    assert all(f.matched_label != "Uber (ride-hailing)" for f in ranked)
