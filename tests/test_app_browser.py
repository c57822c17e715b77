"""The app as its users meet it: Streamlit served on localhost, driven by headless Chromium.

Uses Debian's ``/usr/bin/chromium`` through Playwright's Python package (Playwright's own
browser download does not work here). Every request that leaves localhost is recorded and
blocked, so the test also proves the page draws with no internet.

Screenshots go to an artifact folder: ``ROUTES_SCREENSHOTS`` when set, else a temporary one
(its path is printed). The README's pictures (``docs/app.png``, ``docs/teaching.png``) are
refreshed only when ``ROUTES_UPDATE_DOCS=1``, so that a test run leaves the tracked files alone.
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
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest

if TYPE_CHECKING:
    from conftest import Listener  # tests/conftest.py: a server that notes what reaches it

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DOCS = ROOT / "docs"
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
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
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
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the screenshots go to (see the module's docstring)."""
    folder = Path(os.environ["ROUTES_SCREENSHOTS"]) if os.environ.get("ROUTES_SCREENSHOTS") else \
        tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")
    return folder


def _screenshot(page: object, folder: Path, name: str, *, docs: bool = False) -> Path:
    """Save a screenshot in ``folder``; a README picture (``docs``) also in docs/ when ROUTES_UPDATE_DOCS=1."""
    path = folder / name
    page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    if docs and os.environ.get("ROUTES_UPDATE_DOCS") == "1":
        shutil.copyfile(path, DOCS / name)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def test_app_opens_on_the_first_article_and_draws_the_map_offline(app_url: str, browser: object, shots: Path) -> None:
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

    # the map, inside streamlit-folium's iframe, named for a screen reader (not "streamlit_folium.st_folium")
    frame_el = page.wait_for_selector("iframe[title='Map of the journey']", timeout=60_000)
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
    assert frame.locator(".leaflet-control-minimap path").count() > 50  # the locator map, drawn offline
    assert "to the border of Ukraine" in frame.locator(".routes-border-label").inner_text()
    assert {"Najin", "Dunay", "Tikhoretsk"} <= set(frame.locator(".routes-stop-label").all_inner_texts())

    page.wait_for_timeout(500)
    page.set_viewport_size({"width": 1400, "height": 1200})  # the README's screenshot: the whole map
    page.wait_for_timeout(1000)
    _screenshot(page, shots, "app.png", docs=True)

    # the article's claim, checked, in the page
    assert "environ 290 kilomètres" in page.locator("[data-testid='stAlert']").first.inner_text()

    # the journey plays inside the map (plain Leaflet: works in st_folium)
    frame.get_by_label("Speed").select_option("4")
    frame.locator("button.routes-play").click()
    frame.wait_for_function("document.querySelector('.routes-now').innerText.includes('arrived')",
                            timeout=30_000)
    assert "Leg 2 of 2, rail: Dunay" in frame.locator(".routes-now").inner_text()

    # popups carry the evidence: the sentence behind the stop
    frame.locator(".routes-stop-icon").nth(1).dispatch_event("click")  # stops 1 and 2 overlap at this zoom
    frame.wait_for_selector(".leaflet-popup-content", timeout=10_000)
    assert "transportés de Najin" in frame.locator(".leaflet-popup-content").inner_text()
    assert outside == [], f"the page tried to load from outside: {outside}"
    page.close()


def _open(browser: object, url: str) -> object:
    page = browser.new_page(viewport={"width": 1400, "height": 1400})  # type: ignore[attr-defined]
    page.route("**/*", lambda route: route.continue_() if (urlparse(route.request.url).hostname or "")
               in {"127.0.0.1", "localhost"} else route.abort())
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("mark.place", timeout=90_000)
    return page


def _rerun_done(page: object) -> None:
    """Wait until the page has started and finished the run a widget's change asked for (Streamlit
    marks its root with the script's state)."""
    page.wait_for_timeout(300)  # type: ignore[attr-defined]  # the change reaches the server
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",  # type: ignore[attr-defined]
                           timeout=90_000)


def _map_frame(page: object) -> object:
    from playwright.sync_api import Error

    for _ in range(60):  # the page may replace the map's frame while it reruns: wait for one that stays
        try:
            frame = page.wait_for_selector("iframe[title='Map of the journey']", timeout=60_000).content_frame()  # type: ignore[attr-defined]
            if frame is not None:
                frame.wait_for_selector(".routes-legend", timeout=60_000)
                frame.wait_for_selector(".routes-length", state="attached", timeout=60_000)
                return frame
        except Error as err:
            if "detached" not in str(err).lower():
                raise
        page.wait_for_timeout(500)  # type: ignore[attr-defined]
    raise AssertionError("the map's frame never settled")


def test_editing_a_place_in_the_table_changes_the_map(app_url: str, browser: object) -> None:
    page = _open(browser, app_url)
    frame = _map_frame(page)
    assert "193 km" in " ".join(frame.locator(".routes-length").all_text_contents())

    editor = page.locator("[data-testid='stDataFrame']").filter(has=page.locator("canvas")).last
    editor.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the grid takes keyboard input once it has drawn
    box = editor.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # the first stop's cell
    page.keyboard.press("ArrowDown")  # Dunay's row
    page.keyboard.press("ArrowRight")  # its place
    page.keyboard.press("Enter")  # opens the cell's editor
    page.wait_for_timeout(300)
    page.keyboard.press("Control+A")
    page.keyboard.type("Vladivostok", delay=20)
    page.keyboard.press("Enter")
    _rerun_done(page)  # the grid's edit has reached the server and the page has run with it
    page.get_by_role("button", name="Apply changes to the map").click()
    _rerun_done(page)

    page.wait_for_function(
        """() => { const f = document.querySelector("iframe[title='Map of the journey']");
                   const labels = f && f.contentDocument ? f.contentDocument.querySelectorAll('.routes-length') : [];
                   return labels.length > 0 && ![...labels].some(l => l.textContent.startsWith('193 km')); }""",
        timeout=120_000)
    frame = _map_frame(page)
    labels = " ".join(frame.locator(".routes-length").all_text_contents())
    assert "193 km" not in labels and "9,917 km" not in labels  # both legs now start or end at Vladivostok
    page.close()


def test_teaching_mode_steps_through_the_story_and_keeps_it_in_the_url(app_url: str, browser: object,
                                                                       shots: Path) -> None:
    page = _open(browser, app_url + "/?step=2")
    page.wait_for_selector("text=Leg 1: Najin → Dunay by sea", timeout=60_000)
    assert "step=2" in page.url and "geocoder=offline" in page.url
    frame = _map_frame(page)
    page.wait_for_timeout(1000)
    zoom_in = frame.evaluate("() => { for (const k in window) { const v = window[k];"
                             " if (v && v instanceof window.L.Map) return v.getZoom(); } return null; }")
    assert zoom_in is not None and zoom_in >= 6  # on the sea leg, not the whole journey
    # each stop's name sits beside its marker (a label placed before the styles loaded once went astray)
    gaps = frame.evaluate("""() => [...document.querySelectorAll('.routes-stop-label')].map(label => {
        const marker = [...document.querySelectorAll('.routes-stop')].find(m => m.textContent.trim() ===
            {Najin: '1', Dunay: '2', Tikhoretsk: '3'}[label.textContent.trim()]).getBoundingClientRect();
        const r = label.getBoundingClientRect();
        return [label.textContent.trim(), Math.max(r.left - marker.right, marker.left - r.right)]; })""")
    assert {name for name, _ in gaps} == {"Najin", "Dunay", "Tikhoretsk"}
    assert all(gap < 20 for _, gap in gaps), gaps
    detail = frame.evaluate("() => { const pane = document.querySelector('.leaflet-routes-detail-pane');"
                            " return [pane.style.display, pane.querySelectorAll('path').length]; }")
    assert detail[0] == "" and detail[1] >= 2  # the detailed coasts are shown at this zoom
    _screenshot(page, shots, "teaching.png", docs=True)
    page.close()


def _zoom(frame: object) -> float | None:
    return frame.evaluate("() => { for (const k in window) { const v = window[k];"  # type: ignore[attr-defined]
                          " if (v && v instanceof window.L.Map) return v.getZoom(); } return null; }")


def test_clicking_a_place_name_in_the_article_shows_it_on_the_map(app_url: str, browser: object) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect

    page = _open(browser, app_url)
    frame = _map_frame(page)
    page.wait_for_timeout(500)
    whole = _zoom(frame)
    page.locator("mark.place", has_text="Tikhoretsk").first.click()
    expect(page.get_by_role("combobox", name="Show on the map")).to_have_value("Tikhoretsk", timeout=30_000)
    zoom = None
    centre = None
    for _ in range(60):  # the page reruns and draws the map again, zoomed on the place
        page.wait_for_timeout(500)
        try:
            frame = _map_frame(page)
            zoom = _zoom(frame)
            centre = frame.evaluate("() => { for (const k in window) { const v = window[k];"
                                    " if (v && v instanceof window.L.Map) { const c = v.getCenter();"
                                    " return [c.lng, c.lat]; } } return null; }")
        except PlaywrightError:  # the frame was replaced by the rerun's while we read it: read the new one
            continue
        if zoom is not None and zoom >= 8:
            break
    assert whole is not None and zoom is not None and zoom >= 8 > whole and centre is not None
    assert abs(centre[0] - 40.12) < 0.5 and abs(centre[1] - 45.85) < 0.5  # Tikhoretsk
    page.close()


def test_every_export_downloads_from_the_page(app_url: str, browser: object, tmp_path: Path) -> None:
    import pyogrio
    from PIL import Image, ImageStat

    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)  # type: ignore[attr-defined]
    page.goto(app_url, timeout=60_000)
    _map_frame(page)
    page.get_by_role("heading", name="Export").scroll_into_view_if_needed()
    page.get_by_role("combobox", name="Image size (pixels)").click()
    page.get_by_role("option", name="1600 × 900 (16:9)").click()
    _rerun_done(page)  # the buttons hold the new size only once the page has run again
    files = {}
    for label, suffix in [("PNG", ".png"), ("SVG", ".svg"), ("PDF", ".pdf"), ("HTML map", ".html"),
                          ("GeoJSON", ".geojson"), ("KML", ".kml"), ("KMZ", ".kmz"), ("GPX", ".gpx"),
                          ("CSV", ".csv"), ("GeoPackage", ".gpkg")]:
        with page.expect_download(timeout=90_000) as download:
            page.get_by_role("button", name=label, exact=True).click()
        name = download.value.suggested_filename
        assert name == "najin-dunay-tikhoretsk.fr" + suffix
        files[suffix] = tmp_path / name
        download.value.save_as(files[suffix])
        assert files[suffix].stat().st_size > 1000, name
    page.close()

    with Image.open(files[".png"]) as image:  # the size chosen in the page, and not one colour
        assert image.size == (1600, 900)
        stat = ImageStat.Stat(image.convert("RGB"))
        assert min(stat.stddev) > 10 and len(image.convert("RGB").getcolors(1_000_000)) > 500
    assert files[".svg"].read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    assert files[".pdf"].read_bytes().startswith(b"%PDF")
    assert "leaflet" in files[".html"].read_text(encoding="utf-8").lower()
    for suffix in (".kml", ".gpx", ".gpkg"):  # GDAL reads them back
        layers = [name for name, _ in pyogrio.list_layers(files[suffix])]
        assert layers, suffix
    legs = pyogrio.read_dataframe(files[".gpx"], layer="tracks")
    assert len(legs) >= 2
    kml_layers = [name for name, _ in pyogrio.list_layers(files[".kml"])]
    assert any("Legs" in name for name in kml_layers)


def test_pasted_article_with_script_is_shown_as_text_and_bad_input_as_a_message(app_url: str, browser: object) -> None:
    page = _open(browser, app_url)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.get_by_text("Paste text").click()
    area = page.locator("textarea")
    area.fill('<script>alert("pwned")</script> Les conteneurs ont été transportés de Najin à Dunay par cargo.')
    area.press("Control+Enter")
    page.wait_for_selector("text=Sea leg", timeout=60_000)
    page.wait_for_selector("mark.place", timeout=60_000)
    assert '<script>alert("pwned")</script>' in page.locator("div.article").inner_text()
    assert dialogs == []

    area.fill("Il pleut depuis trois jours sur la ville.")
    area.press("Control+Enter")
    page.wait_for_selector("text=No place names were found", timeout=60_000)
    assert page.locator("text=Traceback").count() == 0
    page.close()


#: The middle point of the last leg's pointer line, relative to that line's box (and the line's index).
_LEG_MIDDLE = """() => {
    let map = null;
    for (const k in window) { const v = window[k]; if (v && v instanceof window.L.Map) map = v; }
    const hits = [];
    map.eachLayer(l => { if (l.options && l.options.className === 'routes-leg-hit') hits.push(l); });
    const line = hits[hits.length - 1], points = line.getLatLngs();
    const p = map.latLngToContainerPoint(points[Math.floor(points.length / 2)]);
    const box = map.getContainer().getBoundingClientRect(), path = line.getElement().getBoundingClientRect();
    return {x: p.x + box.left - path.left, y: p.y + box.top - path.top, index: hits.length - 1};
}"""
#: True once the open popup lies inside the map and overlaps none of its controls.
_POPUP_CLEAR = """() => {
    const popup = document.querySelector('.leaflet-popup');
    if (!popup) return false;
    const p = popup.getBoundingClientRect(), map = document.querySelector('.leaflet-container').getBoundingClientRect();
    const inside = p.left >= map.left && p.right <= map.right && p.top >= map.top && p.bottom <= map.bottom;
    return inside && [...document.querySelectorAll('.leaflet-control')].every(c => {
        const r = c.getBoundingClientRect();
        return !r.width || r.right <= p.left || p.right <= r.left || r.bottom <= p.top || p.bottom <= r.top; });
}"""
#: The widths the legs are drawn at (their visible lines, not the transparent pointer lines).
_DRAWN_WIDTHS = """() => [...document.querySelectorAll('.leaflet-overlay-pane path:not(.routes-leg-hit)')]
    .filter(p => p.getAttribute('stroke-opacity') === '1' || p.getAttribute('stroke-opacity') === '0.9')
    .map(p => p.getAttribute('stroke-width'))"""


def _map_in_view(page: object) -> None:
    """Scroll the page so that the map fills the view (for a screenshot of it)."""
    page.locator("iframe[title='Map of the journey']").evaluate(  # type: ignore[attr-defined]
        "e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(500)  # type: ignore[attr-defined]  # the scroll's repaint, before the picture


def _click_a_leg_in_its_middle(frame: object) -> None:
    """Hover, then click, the rail leg at the middle of its line (under its length label); the popup opens."""
    middle = frame.evaluate(_LEG_MIDDLE)  # type: ignore[attr-defined]
    hit = frame.locator("path.routes-leg-hit").nth(middle["index"])  # type: ignore[attr-defined]
    assert "7" not in frame.evaluate(_DRAWN_WIDTHS)  # type: ignore[attr-defined]
    # Playwright's pointer actions fail when another element takes the pointer at that point
    hit.hover(position={"x": middle["x"], "y": middle["y"]}, timeout=10_000)
    frame.wait_for_function(f"() => ({_DRAWN_WIDTHS})().includes('7')", timeout=10_000)  # type: ignore[attr-defined]
    hit.click(position={"x": middle["x"], "y": middle["y"]}, timeout=10_000)
    frame.wait_for_selector(".leaflet-popup-content", timeout=10_000)  # type: ignore[attr-defined]
    assert "Rail leg: Dunay" in frame.locator(".leaflet-popup-content").inner_text()  # type: ignore[attr-defined]
    # a mouse click leaves no focus box: the focused path, if any, draws no outline
    outline = frame.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")  # type: ignore[attr-defined]
    assert outline == "none"
    frame.wait_for_function(_POPUP_CLEAR, timeout=10_000)  # type: ignore[attr-defined]


def test_a_leg_clicked_in_its_middle_opens_its_popup_clear_of_the_controls(app_url: str, browser: object,
                                                                        shots: Path) -> None:
    """Issue 15, points 2, 6, 7 and 3, at 1440 × 900: a leg takes the pointer along its whole length and
    lights on hover; its popup opens clear of the controls; an online layer says when its tiles fail;
    a bad radius is said beside its field while the map stays."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})  # type: ignore[attr-defined]
    page.route("**/*", lambda route: route.continue_() if (urlparse(route.request.url).hostname or "")
               in {"127.0.0.1", "localhost"} else route.abort())  # the online tiles fail, as offline
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector("mark.place", timeout=90_000)
    frame = _map_frame(page)
    page.wait_for_timeout(500)
    assert frame.evaluate("() => document.querySelector('.routes-legend details').open")  # a wide map: unfolded
    _click_a_leg_in_its_middle(frame)
    _map_in_view(page)
    _screenshot(page, shots, "leg-popup-1440.png")

    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_label("OpenStreetMap (online)").check()
    notice = frame.locator(".routes-notice")
    notice.wait_for(timeout=30_000)
    assert "OpenStreetMap (online): its tiles cannot be loaded" in notice.inner_text()
    _screenshot(page, shots, "tile-error-1440.png")

    around = page.get_by_role("combobox", name="Around")
    around.click()
    around.press_sequentially("Tikh")  # the select box filters its options as one types
    around.press("Enter")
    radii = page.get_by_label("Radii in km")
    radii.fill("100, abc")
    radii.press("Enter")
    page.wait_for_selector("text='abc' is not a distance in km.", timeout=60_000)
    frame = _map_frame(page)  # the map is still drawn, and the figures above it
    assert frame.locator(".routes-stop-icon").count() == 3
    assert page.locator("[data-testid='stMetric']").count() >= 3
    _screenshot(page, shots, "bad-radius-1440.png")  # the sidebar's message, the figures and the map's top
    radii.fill("100, 250")
    radii.press("Enter")
    page.wait_for_selector("text='abc' is not a distance in km.", state="detached", timeout=60_000)
    page.wait_for_function(  # the page reruns and replaces the map's frame: read whichever frame is there
        """() => { const f = document.querySelector("iframe[title='Map of the journey']");
                   return f && f.contentDocument
                       && f.contentDocument.querySelectorAll(".routes-ring-label").length; }""",
        timeout=60_000)
    frame = _map_frame(page)
    labels = frame.locator(".routes-ring-label").all_text_contents()
    assert labels == ["100 km", "250 km"]
    _map_in_view(page)
    _screenshot(page, shots, "rings-1440.png")
    page.close()


def test_on_a_phone_the_legend_and_the_mini_map_start_folded(app_url: str, browser: object, shots: Path) -> None:
    """Issue 15, point 6, at 390 × 844 (a phone): the map's room first, legend and locator a tap away."""
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.route("**/*", lambda route: route.continue_() if (urlparse(route.request.url).hostname or "")
               in {"127.0.0.1", "localhost"} else route.abort())
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector("mark.place", timeout=90_000)
    frame = _map_frame(page)
    _map_in_view(page)
    assert not frame.evaluate("() => document.querySelector('.routes-legend details').open")
    assert frame.evaluate("() => document.querySelector('.leaflet-control-minimap').offsetWidth < 40")  # minimised
    _screenshot(page, shots, "map-390.png")
    frame.locator(".routes-legend summary").click()  # the legend opens
    assert frame.evaluate("() => document.querySelector('.routes-legend details').open")
    page.close()


def test_the_page_declares_its_policy_and_markup_slipped_in_reaches_no_server(app_url: str, browser: object,
                                                                              listener: Listener) -> None:
    """The page sets a Content Security Policy in its head: the page, its article and its map draw with
    no violation; an image or a fetch an escaping bug would let in reaches no server."""
    outside = listener.url
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector("mark.place", timeout=90_000)
    _map_frame(page)
    policy = page.evaluate("document.head.querySelector('meta[http-equiv=Content-Security-Policy]')?.content")
    assert policy is not None and "default-src 'self'" in policy and "tile.openstreetmap.org" in policy
    assert violations == []  # Streamlit, the article's component and the map all load under it
    page.evaluate("""(url) => {
        document.body.insertAdjacentHTML('beforeend', `<img src='${url}/img'><iframe src='${url}/frame'></iframe>`);
        fetch(url + '/fetch').catch(() => null);
    }""", outside)
    page.wait_for_timeout(1000)
    assert len(violations) >= 3
    page.close()
    assert listener.hits == []


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_the_map_comes_first_with_the_whole_journey_in_view(app_url: str, browser: object, width: int,
                                                           height: int) -> None:
    """Issue 15: at 1440×900 the map started 505 px down, on a phone after 1,600 px of article, and the
    fit measured the controls before their styles applied (the journey fell off the map's bottom)."""
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector("mark.place", timeout=90_000)
    frame = _map_frame(page)
    frame.wait_for_selector(".routes-stop-icon", timeout=30_000)
    page.wait_for_timeout(1000)
    box = page.locator("iframe[title='Map of the journey']").bounding_box()
    article = page.locator("div.article").first.bounding_box()
    assert box["y"] < 300  # on the first screen
    if width > 1000:
        assert box["y"] + box["height"] <= height  # the whole map on the first screen, the text beside it
    else:
        assert box["y"] + box["height"] < article["y"]  # the columns stack: the map, then the text
    size = frame.evaluate("() => [document.documentElement.clientWidth, document.documentElement.clientHeight]")
    for stop in frame.locator(".routes-stop-icon").all():
        r = stop.bounding_box()  # in the page; the frame's own box gives its offset
        x, y = r["x"] - box["x"] + r["width"] / 2, r["y"] - box["y"] + r["height"] / 2
        assert 0 < x < size[0] and 0 < y < size[1], (stop.inner_text(), x, y, size)
    page.close()


AXE = ROOT / "tests" / "vendor" / "axe-core@4.10.3" / "axe.min.js"  # vendored (data/SOURCES.md), never fetched
#: The WCAG 2.2 A and AA rules axe-core checks.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _axe(frame: object) -> list[dict]:
    """axe-core's violations in a frame (its own document only: each frame is checked apart)."""
    frame.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    return frame.evaluate(  # type: ignore[attr-defined]
        """async tags => (await axe.run(document, {runOnly: tags, iframes: false})).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.html.slice(0, 200) + ' — ' + n.failureSummary)}))""", AXE_TAGS)


def test_the_page_and_its_map_pass_axe_core_with_no_serious_violation(app_url: str, browser: object,
                                                                      shots: Path) -> None:
    """Issue 15, point 10: axe-core (vendored) finds no serious or critical WCAG 2.2 A/AA violation
    in the page, in the article's component or in the map's frame."""
    page = _open(browser, app_url)
    frame = _map_frame(page)
    page.wait_for_timeout(1500)
    found = {}
    for f in page.frames:  # the page, the article's component and the map, each in its own document
        if f.url.startswith(("http://127.0.0.1", "about:srcdoc")) and not f.is_detached():
            found[f.url] = [v for v in _axe(f) if v["impact"] in ("serious", "critical")]
    assert frame in page.frames and found
    assert all(not v for v in found.values()), "\n".join(f"{url}: {v}" for url, vs in found.items() for v in vs)
    _screenshot(page, shots, "axe-page.png")
    # the article's place names: reached with Tab, shown on the map with Enter (as with a click)
    from playwright.sync_api import expect

    name = page.get_by_role("button", name="Tikhoretsk, where it ends: show on the map")
    name.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("combobox", name="Show on the map")).to_have_value("Tikhoretsk", timeout=30_000)
    page.close()
