"""The journey player in the map, driven in headless Chromium on the map's own HTML file: the
scrubber, play and pause, the speed and the readout agree with :mod:`routes.show.playback`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import routes
from routes.show.assets import standalone_html
from routes.show.mapview import build_map
from routes.show.playback import pacing, point_at, position

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def map_page(first_analysis: routes.Analysis, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("ROUTES_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    path = tmp_path_factory.mktemp("player") / "map.html"
    path.write_text(standalone_html(build_map(first_analysis)), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True)
        page = browser.new_page(viewport={"width": 1000, "height": 700})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                   else route.abort())
        page.goto(path.as_uri())
        page.wait_for_selector(".routes-scrub")
        yield page
        browser.close()


def _marker(page: object) -> list[float]:
    return page.evaluate("""() => { let at = null; for (const k in window) { const v = window[k];
        if (v && v instanceof window.L.Map) v.eachLayer(l => { if (l instanceof L.CircleMarker
            && l.options.fillOpacity === 1 && l.options.radius === 8) { const p = l.getLatLng();
            at = [p.lng, p.lat]; } }); } return at; }""")  # type: ignore[attr-defined]


def test_the_scrubber_moves_the_marker_as_the_pacing_says(map_page: object, first_analysis: routes.Analysis) -> None:
    page = map_page
    paced = pacing(first_analysis)
    # just before the sea leg's share ends: still the first leg, at about 193 km of 10,110
    scrub = page.locator(".routes-scrub")  # type: ignore[attr-defined]
    scrub.fill(str(int(paced.legs[0].end * 1000)))
    assert "Leg 1 of 2, sea" in page.locator(".routes-now").inner_text()  # type: ignore[attr-defined]
    scrub.fill("500")  # half the playback: half the km, on the rail leg
    assert page.locator(".routes-date").inner_text() == "5,055 km of 10,110 km"  # type: ignore[attr-defined]
    assert "Leg 2 of 2, rail" in page.locator(".routes-now").inner_text()  # type: ignore[attr-defined]
    assert "5,055 km of 10,110 km" in scrub.get_attribute("aria-valuetext")
    leg, done = position(paced, 0.5)
    expected = point_at(first_analysis.legs[leg].coords, paced.legs[leg].along, done)
    assert _marker(page) == pytest.approx(expected, abs=1e-3)
    assert "Paced by distance" in page.locator(".routes-basis").inner_text()  # type: ignore[attr-defined]


def test_play_pause_and_speed(map_page: object) -> None:
    page = map_page
    play = page.get_by_role("button", name="Play the journey")  # type: ignore[attr-defined]
    page.locator(".routes-scrub").fill("0")  # type: ignore[attr-defined]
    page.get_by_label("Speed").select_option("4")  # type: ignore[attr-defined]
    play.click()
    pause = page.get_by_role("button", name="Pause the journey")  # type: ignore[attr-defined]
    pause.wait_for()
    page.wait_for_function("document.querySelector('.routes-scrub').value > 0")  # type: ignore[attr-defined]
    pause.click()
    held = page.locator(".routes-scrub").input_value()  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]  # paused: nothing moves
    assert page.locator(".routes-scrub").input_value() == held  # type: ignore[attr-defined]
    page.get_by_role("button", name="Play the journey").click()  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('.routes-now').innerText.includes('arrived')",  # type: ignore[attr-defined]
                           timeout=30_000)
    assert page.locator(".routes-scrub").input_value() == "1000"  # type: ignore[attr-defined]
    assert page.get_by_role("button", name="Play the journey").count() == 1  # type: ignore[attr-defined]
