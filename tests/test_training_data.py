"""The sentences we wrote to train the acceptance model: well-formed, labelled with real skills."""
import csv
from pathlib import Path

import pytest

from recommender import Settings
from recommender.profile.extract import FEATURES, LEARNED
from recommender.taxonomy.emerging import load_emerging
from recommender.taxonomy.packaged import build_packaged_taxonomy

DATA = Path(__file__).resolve().parent.parent / "benchmarks" / "data"
FILES = sorted(DATA.glob("own_sentences_*.csv"))


@pytest.fixture(scope="module")
def known_ids():
    settings = Settings()
    ids = set(build_packaged_taxonomy(settings.vendor_dir).skills["skill_id"])
    return ids | set(load_emerging(settings.catalog_dir)["skill_id"])


def test_there_are_training_sentences():
    assert len(FILES) >= 2
    assert sum(1 for f in FILES for _ in csv.DictReader(f.open(encoding="utf-8"))) >= 800


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_sentences_are_labelled_with_real_skills(path, known_ids):
    seen = set()
    with path.open(newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            assert set(row) == {"sentence", "skill_ids", "skill_labels", "source"}, n
            assert row["sentence"].strip() and row["sentence"] not in seen, f"{path.name}:{n}"
            seen.add(row["sentence"])
            ids = [s for s in row["skill_ids"].split("|") if s]
            labels = [s for s in row["skill_labels"].split("|") if s]
            assert len(ids) == len(labels) <= 3, f"{path.name}:{n}"
            assert set(ids) <= known_ids, f"{path.name}:{n}: unknown skill id"
            assert row["source"] in {"cv", "profile", "gig_history", "job_ad"}, f"{path.name}:{n}"


def test_the_shipped_model_matches_its_features():
    assert len(LEARNED.mean) == len(LEARNED.scale) == len(LEARNED.weights) == len(FEATURES)
    assert 0 < LEARNED.accept < 1 and all(s > 0 for s in LEARNED.scale)


def test_shipped_aliases_point_at_real_skills(known_ids):
    from recommender.taxonomy.aliases import load_aliases

    aliases = load_aliases(Settings().catalog_dir)
    assert len(aliases) >= 150 and set(aliases["skill_id"]) <= known_ids
    assert aliases["alias"].is_unique  # one skill per tool name: two would add a competing guess per mention


@pytest.mark.parametrize("folder", ["cvs", "cvs_heldout"])
def test_cv_gold_names_real_skills(folder, known_ids):
    path = DATA / folder
    texts = {p.stem for p in path.glob("*.txt")}
    rows = [row for gold in sorted(path.glob("gold_*.csv")) for row in csv.DictReader(gold.open(encoding="utf-8"))]
    assert len(texts) >= 10 and {r["cv"] for r in rows} == texts
    assert {r["skill_id"] for r in rows} <= known_ids
    assert {r["kind"] for r in rows} == {"held", "not_held"}
