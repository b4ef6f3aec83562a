"""The Streamlit page, run headless with AppTest and the fake embedder."""
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT


@pytest.fixture
def app(home, monkeypatch):
    monkeypatch.setenv("NEXTSKILL_HOME", str(home))
    monkeypatch.setenv("NEXTSKILL_MODEL", "fake")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    return at


def test_app_says_which_taxonomy_is_active_and_credits_esco(app):
    assert not app.exception
    assert "Active taxonomy: **tiny**" in app.info[0].value
    assert any("ESCO" in c.value and "Lightcast" in c.value for c in app.caption)


def test_app_searches_skills(app):
    app.text_input[0].input("contract negotiation").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert table.iloc[0]["label"] == "negotiate contracts"
