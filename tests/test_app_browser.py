"""The app as its users meet it: Streamlit served on localhost, driven by headless Chromium.

Uses Debian's ``/usr/bin/chromium`` through Playwright's Python package (Playwright's own
browser download does not work here). Every request that leaves localhost is recorded and
blocked, so the test also proves the page draws with no internet.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "docs"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
    if os.environ.get("ROUTES_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_browser()
    port = _free_port()
    log = (tmp_path_factory.mktemp("streamlit") / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the Streamlit server did not start within 90 s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def test_app_opens_on_the_first_article_and_draws_the_map_offline(app_url: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    outside: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in {"127.0.0.1", "localhost"}:
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    page.route("**/*", guard)
    page.goto(app_url, wait_until="domcontentloaded")

    # the article, with its place names highlighted
    page.wait_for_selector("mark.place", timeout=90_000)
    marked = page.locator("mark.place").all_inner_texts()
    assert {"Najin", "Dunay", "Tikhoretsk", "Ukraine"} <= set(marked)

    # the map, inside streamlit-folium's iframe
    frame_el = page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=60_000)
    frame = frame_el.content_frame()
    assert frame is not None
    frame.wait_for_selector(".leaflet-container path.leaflet-interactive", timeout=60_000)
    frame.wait_for_selector(".routes-stop-icon", timeout=30_000)
    stops = frame.locator(".routes-stop-icon").all_inner_texts()
    assert [s.strip() for s in stops] == ["1", "2", "3"]
    lines = frame.locator("path.leaflet-interactive").count()
    assert lines >= 3 + 8  # two legs, the border line, and the place circles
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert "Legend" in frame.locator(".routes-legend").inner_text()
    assert "km to the border of Ukraine" in frame.locator(".leaflet-tooltip").all_inner_texts()[0]

    page.wait_for_timeout(500)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "app.png"), full_page=False)

    # the article's claim, checked, in the page
    assert "environ 290 kilomètres" in page.locator("[data-testid='stAlert']").first.inner_text()

    # the journey plays inside the map (plain Leaflet: works in st_folium)
    frame.locator("button.routes-play").click()
    frame.wait_for_function("document.querySelector('.routes-now').innerText.includes('arrived')",
                            timeout=30_000)
    assert "Rail: Dunay" in frame.locator(".routes-now").inner_text()

    # popups carry the evidence: the sentence behind the stop
    frame.locator(".routes-stop-icon").nth(1).dispatch_event("click")  # stops 1 and 2 overlap at this zoom
    frame.wait_for_selector(".leaflet-popup-content", timeout=10_000)
    assert "transportés de Najin" in frame.locator(".leaflet-popup-content").inner_text()
    assert outside == [], f"the page tried to load from outside: {outside}"
    page.close()
