"""The real bundled model: the same contract as the fake, plus facts a user would check by eye."""
import numpy as np
import pytest

from recommender import NextSkill, Settings
from recommender.embeddings import SentenceTransformerEmbedder
from recommender.taxonomy import save_taxonomy
from recommender.taxonomy.packaged import build_packaged_taxonomy

from test_embeddings import contract


@pytest.fixture(scope="module")
def model():
    return SentenceTransformerEmbedder()


def test_real_model_contract(model):
    assert model.dim == 384 and "all-MiniLM-L6-v2" in model.model_id
    contract(model)


def test_real_model_semantic_facts(model):
    neg, negotiation, welding, nursing = model.encode(["negotiate contracts", "negotiation", "welding", "patient care"])
    assert neg @ negotiation > neg @ welding + 0.2
    assert nursing @ model.encode(["look after sick people"])[0] > nursing @ welding


def test_real_search_over_a_slice_of_the_default_taxonomy(model, tmp_path):
    full = build_packaged_taxonomy(Settings().vendor_dir)
    words = ("negotiat", "weld", "drive", "data", "patient", "transcri", "python")
    keep = full.skills[full.skills["label"].str.lower().str.contains("|".join(words))].reset_index(drop=True)
    sliced = type(full)(skills=keep, occupations=full.occupations.head(300).reset_index(drop=True),
                        groups=full.groups, meta={**full.meta, "name": "slice"})
    save_taxonomy(sliced, tmp_path)
    ns = NextSkill(Settings(home=tmp_path), model, notify=lambda m: None)
    results = ns.search_skills(["bargaining over a deal", "joining steel with an arc", "typing records into a database"], 3)
    assert "negotiat" in results[0][0]["label"]
    assert "weld" in results[1][0]["label"]
    assert "data" in results[2][0]["label"]


def test_clauses_read_inside_their_sentence(model):
    sentence = "I welded steel frames for a shipyard, cared for elderly patients at night and kept the books"
    parts = ["welded steel frames for a shipyard", "cared for elderly patients at night", "kept the books",
             "not in the sentence"]
    vectors, (clauses,) = model.encode_with_parts([sentence], [parts])
    np.testing.assert_allclose(vectors[0], model.encode([sentence])[0], atol=0.02)  # the sentence itself
    np.testing.assert_allclose(np.linalg.norm(clauses, axis=1), 1, atol=1e-5)
    alone = model.encode(parts)
    sims = clauses @ alone.T
    assert (sims.argmax(1) == np.arange(4)).all()  # each clause is nearest its own words
    np.testing.assert_allclose(clauses[3], alone[3], atol=1e-5)  # a part not found is encoded alone


def test_masked_client_words_leave_the_vectors(model):
    from recommender.profile.segment import client_spans

    sentence = "Improved page load speed for an online bakery from 6.8s to 1.9s"
    spans = client_spans(sentence)
    assert [sentence[a:b] for a, b in spans] == ["for an online bakery"]
    (plain,), _ = model.encode_with_parts([sentence], [[]])
    (masked,), _ = model.encode_with_parts([sentence], [[]], [spans])
    bakery, speed = model.encode(["bakery, bread and pastry", "improve website page load speed"])
    assert masked @ bakery < plain @ bakery - 0.05  # the client's trade fades
    assert masked @ speed > 0.4  # the work stays
