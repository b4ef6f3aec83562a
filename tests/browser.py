"""Drive the Streamlit app in a real headless Chromium: start it, open pages, act, check, screenshot.

Used by tests/test_browser.py, which skips before importing this module when Playwright or
Debian's Chromium is missing. Flow steps are one-liners over the helpers below, for example::

    paste(page, "Your CV or profile", PERSONAS / "data_entry.txt")
    click(page, "Read my skills")
    expect_text(page, "data entry")

Every helper that changes a widget waits for the script rerun it causes to finish, so the next
assertion sees the new page, not the old one.
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from playwright.sync_api import Browser, Page, expect

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright's own browser download is blocked here
# Without the background-networking flags Chromium's own calls home (updates, sync, QUIC probes)
# are refused by the closed CI network. Playwright adds a fresh, empty --user-data-dir itself.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WIDTHS = {"desktop": 1280, "phone": 390}
SCREENSHOTS = ROOT / "docs" / "screenshots"
STEP_TIMEOUT_MS = 30_000  # one script rerun with the real model: well under a second when warm
FIRST_RUN_TIMEOUT_MS = 900_000  # the first page load builds .nextskill/: about 3 minutes on 2 cores
# Console errors that do not fail a flow, as (pattern over "<message> (<url>)", why it is harmless).
HARMLESS_CONSOLE_ERRORS: list[tuple[str, str]] = [
    (r"status of 404 \(Not Found\) \(https?://[^/]+/[^)]+/_stcore/(health|host-config)\)$",
     "opened at a page URL such as /explore, Streamlit's frontend first looks for the server under "
     "that path, gets 404, then finds it at the root; a 404 at the root itself still fails"),
]


@dataclass(frozen=True)
class Flow:
    """One thing a person does: open `path` (``"/"``, ``"/explore"``), then `run(page)` acts and asserts."""

    name: str  # screenshots are docs/screenshots/<name>-desktop.png and <name>-phone.png
    path: str
    run: Callable[[Page], None]


# -- the app process -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_app(script: str, log_path: Path, timeout_s: float = 120) -> Iterator[str]:
    """Run ``streamlit run <script>`` from the repository root and yield its base URL; always stop it.

    The app inherits the environment (NEXTSKILL_HOME included) plus HF_HUB_OFFLINE=1. Its output
    goes to `log_path`, whose tail is in the error when it does not come up.
    """
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false",
               # No file watcher: it floods inotify over .venv/ and would offer a "Rerun" when
               # someone edits app.py during the test.
               "--server.fileWatcherType", "none",
               # What a visitor sees: no "Deploy" button in the screenshots.
               "--client.toolbarMode", "viewer"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, process, log_path, timeout_s)
        yield url
    finally:
        stop(process)


def wait_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{tail(log_path)}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.25)
    raise RuntimeError(f"streamlit did not answer {url}/_stcore/health in {timeout_s:.0f} s:\n{tail(log_path)}")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the app's process group (it started its own session), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# -- pages -----------------------------------------------------------------------------------

def open_page(browser: Browser, url: str, width: int) -> tuple[Page, list[str]]:
    """A new page in a fresh context (its own Streamlit session) and the list its console errors go to."""
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    errors: list[str] = []

    def on_console(message) -> None:
        text = f"{message.text} ({message.location.get('url', '')})"
        if message.type == "error" and not any(re.search(p, text) for p, _ in HARMLESS_CONSOLE_ERRORS):
            errors.append(f"console: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.goto(url)
    return page, errors


def settle(page: Page, timeout_ms: float = STEP_TIMEOUT_MS, after_action: bool = False) -> None:
    """Wait until the script is not running and the "Running..." indicator is gone.

    After an action the rerun request may not have reached the server yet, so the page would still
    look idle: give it a moment to start first.
    """
    app = page.get_by_test_id("stApp")
    if after_action:
        with contextlib.suppress(Exception):
            expect(app).not_to_have_attribute("data-test-script-state", "notRunning", timeout=1_000)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout_ms)
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout_ms)
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=timeout_ms)


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page to docs/screenshots/<name>.png.

    Streamlit scrolls inside its own container, so Playwright's full_page sees only the window:
    grow the window to the content's height first.
    """
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...['stAppViewContainer', 'stMain', 'stMainBlockContainer']"
        ".map(id => document.querySelector(`[data-testid=${id}]`)?.scrollHeight ?? 0))")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    settle(page)
    page.wait_for_timeout(300)  # let canvas elements (data frames, charts) repaint at the new size
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True, animations="disabled")
    page.set_viewport_size(size)
    return path


# -- steps for flows -------------------------------------------------------------------------

def type_in(page: Page, label: str, text: str, enter: bool = True) -> None:
    """Type into the text input labelled `label` and press Enter (inside a form: just fill it)."""
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    if enter:
        field.press("Enter")
        settle(page, after_action=True)


def paste(page: Page, label: str, text: str | Path) -> None:
    """Put `text` (or a file's contents) into the text area labelled `label`, as a paste would.

    Leaving the field commits the value (Ctrl+Enter would also submit an enclosing form).
    """
    area = page.get_by_label(label, exact=True)
    area.fill(text.read_text() if isinstance(text, Path) else text)
    area.blur()
    settle(page, after_action=True)


def click(page: Page, name: str) -> None:
    """Click the button named `name`."""
    page.get_by_role("button", name=name, exact=True).click()
    settle(page, after_action=True)


def choose(page: Page, option: str) -> None:
    """Pick the radio option or tab labelled `option`."""
    page.get_by_text(option, exact=True).filter(visible=True).first.click()
    settle(page, after_action=True)


def upload(page: Page, path: Path, label: str | None = None) -> None:
    """Give `path` to the file uploader labelled `label` (the only one on the page when None)."""
    uploader = page.get_by_test_id("stFileUploader")
    if label is not None:
        uploader = uploader.filter(has_text=label)
    uploader.locator("input[type=file]").set_input_files(path)
    expect(uploader.get_by_text(path.name)).to_be_visible()
    settle(page, after_action=True)


def expect_text(page: Page, text: str, exact: bool = False) -> None:
    """Wait until `text` is visible somewhere on the page (data frame cells excepted: see table_column)."""
    expect(page.get_by_text(text, exact=exact).filter(visible=True).first).to_be_visible()


def expect_heading(page: Page, name: str) -> None:
    """Wait until a heading (st.title, st.header, st.subheader) named `name` is visible."""
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()


def expect_table_text(page: Page, text: str, index: int = 0) -> None:
    """Wait until data frame number `index` is on screen and one of its cells contains `text`.

    st.dataframe paints its cells on a canvas; the text lives in an accessible table beside it.
    """
    frame = page.get_by_test_id("stDataFrame").nth(index)
    expect(frame).to_be_visible()
    expect(frame.locator("table tbody")).to_contain_text(text)


def table_column(page: Page, column: str, index: int = 0) -> list[str]:
    """The cells of `column` in data frame number `index`, top to bottom (the rendered rows only)."""
    table = page.get_by_test_id("stDataFrame").nth(index).locator("table")
    headers = table.locator("thead th").all_text_contents()
    if column not in headers:
        raise AssertionError(f"no column {column!r} in the data frame; it has {headers}")
    return table.locator(f"tbody td[aria-colindex='{headers.index(column) + 1}']").all_text_contents()


def expect_no_exception(page: Page) -> None:
    """An uncaught Python exception renders as a red box, not as a console error: fail on it too."""
    boxes = page.get_by_test_id("stException")
    if boxes.count():
        raise AssertionError("the app shows an exception:\n" + "\n".join(boxes.all_inner_texts()))
