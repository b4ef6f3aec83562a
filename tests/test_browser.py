"""The real app in a real browser: each flow at desktop and phone width, no console errors allowed.

Starts `streamlit run app.py` on a free port with the product's own data folder (NEXTSKILL_HOME
when set, else .nextskill/, built on the first page load if absent: about 3 minutes), drives it
with Debian's headless Chromium through Playwright and saves docs/screenshots/<flow>-<width>.png.
Add a page or a flow by appending to FLOWS.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="the browser test needs Playwright: pip install -r requirements-dev.txt")
if not Path("/usr/bin/chromium").exists():
    pytest.skip("the browser test needs Debian's Chromium: apt-get install -y chromium chromium-driver",
                allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from browser import (  # noqa: E402
    CHROMIUM, CHROMIUM_ARGS, FIRST_RUN_TIMEOUT_MS, WIDTHS, Flow, choose, click, expect_heading, expect_text,
    expect_no_exception, expect_table_text, open_page, paste, screenshot, settle, streamlit_app, table_column,
    type_in, upload,
)

PERSONAS = Path(__file__).parent / "data" / "personas"


def search_skills(page: Page) -> None:
    expect_heading(page, "Explore")
    type_in(page, "What are you looking for?", "negotiate contracts")
    expect_table_text(page, "negotiat")
    labels = table_column(page, "label")
    assert len(labels) == 10 and "negotiat" in labels[0], labels


def read_pasted_cv(page: Page) -> None:
    paste(page, "Your CV or profile", PERSONAS / "data_entry.txt")
    click(page, "Read my skills")
    expect_heading(page, "Your skills")
    expect_table_text(page, "data entry")


def read_uploaded_cv(page: Page) -> None:
    choose(page, "Upload a file")
    upload(page, PERSONAS / "data_entry.txt")
    click(page, "Read my skills")
    expect_heading(page, "Your skills")
    expect_table_text(page, "data entry")


def plan_for_a_target(page: Page) -> None:
    read_pasted_cv(page)
    type_in(page, "Target job (optional)", "data analyst")
    expect_text(page, "You cover of what 'data analyst' asks for")
    choose(page, "Learn next")
    expect_text(page, "fills a gap")
    choose(page, "Your path")
    expect_text(page, "Calendar (ICS)")


def save_and_compare_a_client(page: Page) -> None:
    expect_heading(page, "Clients")
    type_in(page, "Name", "Ana Test", enter=False)
    paste(page, "Profile or CV", PERSONAS / "delivery_driver.txt")
    type_in(page, "Targets to compare (up to 3, separated by ;)", "logistics manager; bus driver", enter=False)
    click(page, "Save client")
    expect_heading(page, "Targets side by side")
    expect_text(page, "Learn next (all targets together):")


def cohort_gaps(page: Page) -> None:
    cohort = Path(tempfile.mkdtemp()) / "cohort.jsonl"
    cohort.write_text("\n".join(json.dumps({"id": p.stem, "text": p.read_text()})
                                 for p in sorted(PERSONAS.glob("*.txt"))[:4]))
    upload(page, cohort, label="Cohort profiles")
    type_in(page, "Target job for the cohort", "data analyst")
    expect_text(page, "Target: ")
    expect_text(page, "Curriculum audit", exact=False)


def exposure_map(page: Page) -> None:
    expect_heading(page, "The exposure map")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()


FLOWS = [
    Flow("explore-search", "/explore", search_skills),
    Flow("explore-map", "/explore", exposure_map),
    Flow("my-plan-paste", "/", read_pasted_cv),
    Flow("my-plan-upload", "/", read_uploaded_cv),
    Flow("my-plan-target", "/", plan_for_a_target),
    Flow("clients", "/clients", save_and_compare_a_client),
    Flow("cohort", "/cohort", cohort_gaps),
]


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def app_url(chromium, tmp_path_factory):
    """The running app, past its first (possibly cache-building) script run."""
    folder = tmp_path_factory.mktemp("streamlit")
    log = folder / "streamlit.log"
    saved = os.environ.get("NEXTSKILL_CLIENTS_DB")
    os.environ["NEXTSKILL_CLIENTS_DB"] = str(folder / "clients.sqlite")  # not the user's own clients
    try:
        yield from _serve(chromium, log)
    finally:
        os.environ.pop("NEXTSKILL_CLIENTS_DB")
        if saved is not None:
            os.environ["NEXTSKILL_CLIENTS_DB"] = saved


def _serve(chromium, log):
    with streamlit_app("app.py", log) as url:
        page, errors = open_page(chromium, url, WIDTHS["desktop"])
        try:
            settle(page, timeout_ms=FIRST_RUN_TIMEOUT_MS)
        finally:
            page.context.close()
        assert not errors, errors
        yield url


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize("flow", FLOWS, ids=lambda flow: flow.name)
def test_flow(flow: Flow, device: str, chromium, app_url, tmp_path):
    page, errors = open_page(chromium, app_url + flow.path, WIDTHS[device])
    try:
        settle(page)
        expect_no_exception(page)
        flow.run(page)
        expect_no_exception(page)
        assert not errors, "browser console errors:\n" + "\n".join(errors)
        screenshot(page, f"{flow.name}-{device}")
    except Exception as exc:
        page.screenshot(path=tmp_path / "failure.png", full_page=True)
        exc.add_note(f"screenshot: {tmp_path / 'failure.png'}")
        raise
    finally:
        page.context.close()
