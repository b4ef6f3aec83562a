"""Tool names (catalog/skill_aliases.csv) join their skills' alt labels and are found like labels."""
import pandas as pd
import pytest

from recommender import NextSkill, Settings
from recommender.embeddings import FakeEmbedder
from recommender.errors import DataMissingError
from recommender.taxonomy.aliases import load_aliases, with_aliases

from conftest import ROOT, tiny_taxonomy


def test_aliases_join_alt_labels_once_and_skip_unknown_skills():
    aliases = pd.DataFrame({"alias": ["Tableau", "Power BI", "chart making", "Make Charts", "Zendesk"],
                            "skill_id": ["s:visualise"] * 4 + ["s:missing"], "label": [""] * 5})
    tax = with_aliases(tiny_taxonomy(), aliases)
    alts = tax.skills.set_index("skill_id").loc["s:visualise", "alt_labels"]
    assert alts == ["data visualisation", "make charts", "Tableau", "Power BI", "chart making"]  # no dup
    assert tax.meta["skill_aliases"] == 3 and len(tax.skills) == len(tiny_taxonomy().skills)


def test_a_missing_file_means_no_aliases_and_a_broken_one_says_so(tmp_path):
    assert load_aliases(tmp_path).empty
    (tmp_path / "skill_aliases.csv").write_text("name,skill\nExcel,x\n")
    with pytest.raises(DataMissingError, match="lacks columns"):
        load_aliases(tmp_path)


def test_an_alias_is_found_by_search_and_extraction(home, catalog):
    pd.DataFrame({"alias": ["Tableau"], "skill_id": ["s:visualise"], "label": ["create data visualisations"]}
                 ).to_csv(catalog / "skill_aliases.csv", index=False)
    ns = NextSkill(Settings(home=home, model="fake", catalog_dir=catalog), FakeEmbedder())
    assert ns.search_skills(["Tableau"], top_k=1)[0][0]["skill_id"] == "s:visualise"
    assert "s:visualise" in {f.skill_id for f in ns.extract(["Skills: Tableau, arc welding"])[0].skills}


def test_shipped_aliases_name_real_skills():
    frame = load_aliases(ROOT / "catalog")
    if frame.empty:
        pytest.skip("no alias table shipped")
    assert frame["skill_id"].str.startswith(("http://data.europa.eu/esco/skill/", "nextskill:emerging/")).all()
    assert not frame.duplicated(["alias", "skill_id"]).any()
