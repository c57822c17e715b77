"""The PNG export: the map page photographed by headless Chromium, offline.

The page is :func:`routes.show.page.map_page` for a still image, photographed by Debian's
``/usr/bin/chromium`` driven by Playwright at the requested viewport and pixel density.
Every request that is not ``data:``, ``file:``, ``about:`` or ``blob:`` is blocked, so
nothing is fetched from outside. The browser is started once and kept warm in a thread of
its own (Playwright's sync API belongs to the thread that starts it; the app calls from
many). Without Chromium the PNG is drawn by :mod:`routes.show.vector`, and the export says
so in its note.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import io
import math
import queue
import shutil
import struct
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from routes.analysis import for_view
from routes.model import Analysis, ViewOptions
from routes.show.captions import default_title, metadata, text_scale

#: Debian's Chromium; tests may point this elsewhere.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: The browser renders a page it is handed and reaches nothing outside: every host name resolves
#: to "not found" inside Chromium, so neither the page's links (DNS prefetch) nor Chromium's own
#: services (updates, accounts) send a DNS query that would tell the network what is being drawn.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--dns-prefetch-disable", "--host-resolver-rules=MAP * ~NOTFOUND",
                 "--font-render-hinting=none"]
#: Seconds a PNG may take in the browser before the export fails.
BROWSER_TIMEOUT_S = 60
_LOCAL_URL = ("data:", "file:", "about:", "blob:")



class _Tab:
    """A page kept open at one pixel density, with its guard against outside requests and its error log."""

    def __init__(self, browser: Any, scale: float) -> None:
        self.context = browser.new_context(device_scale_factor=scale)
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.page.route("**/*", self._guard)

    def _guard(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(_LOCAL_URL):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self) -> None:
        try:
            self.context.close()
        except Exception:  # noqa: S110 - the browser may be gone already
            pass


class _Chromium:
    """One headless Chromium for the process, driven from one thread (Playwright's sync API is
    bound to the thread that started it). Jobs queue; the browser starts on the first one, and
    a page per pixel density stays open between jobs (a new page costs about 0.2 s)."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[Callable[[Any], Any], concurrent.futures.Future[Any]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def run(self, job: Callable[[Callable[[float], _Tab]], Any], timeout: float) -> Any:
        """Run ``job(tab)`` on the browser's thread; ``tab(scale)`` gives the page for a pixel density."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="routes-chromium", daemon=True)
                self._thread.start()
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._jobs.put((job, future))
        return future.result(timeout)

    def _loop(self) -> None:
        playwright: Any = None
        browser: Any = None
        tabs: dict[float, _Tab] = {}

        def tab(scale: float) -> _Tab:
            nonlocal playwright, browser
            if browser is None or not browser.is_connected():
                tabs.clear()
                if playwright is None:
                    from playwright.sync_api import sync_playwright

                    playwright = sync_playwright().start()
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            if scale not in tabs:
                tabs[scale] = _Tab(browser, scale)
            return tabs[scale]

        try:
            while (item := self._jobs.get()) is not None:
                job, future = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(job(tab))
                except BaseException as err:  # handed to the caller; the pages start afresh
                    for t in tabs.values():
                        t.close()
                    tabs.clear()
                    future.set_exception(err)
        finally:
            for t in tabs.values():
                t.close()
            for close in (getattr(browser, "close", None), getattr(playwright, "stop", None)):
                try:
                    if close is not None:
                        close()
                except Exception:  # noqa: S110 - closing a browser that is already gone
                    pass

    def close(self) -> None:
        """Stop the browser (at exit, or for tests); the next job starts a new one."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None and thread.is_alive():
            self._jobs.put(None)
            thread.join(timeout=30)


_CHROMIUM = _Chromium()
atexit.register(_CHROMIUM.close)


def close_browser() -> None:
    """Stop the warm browser, if one runs."""
    _CHROMIUM.close()


def browser_available() -> bool:
    """Whether a PNG can be taken by Chromium here."""
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


_DRAWN = ("() => document.querySelector('.leaflet-overlay-pane path') && document.querySelector('.routes-legend')"
          " && !document.querySelector('.leaflet-zoom-anim')")


def screenshot(html: str, width: int, height: int, scale: int, zoom: float = 1.0) -> tuple[bytes, list[str]]:
    """A PNG of a page, once its map has drawn; and the URLs blocked.

    The image is ``width × height`` pixels times ``scale``. The page is laid out in a viewport
    ``zoom`` times smaller, drawn at ``zoom`` times the pixel density: its text, marks and lines
    are ``zoom`` times larger in the image (:func:`routes.show.captions.text_scale`).
    """
    view_w, view_h = round(width / zoom), math.ceil(height / zoom)
    density = scale * width / view_w  # the width exact; the height is cropped to size below

    def job(tab_for: Callable[[float], _Tab]) -> tuple[bytes, list[str]]:
        tab = tab_for(density)
        tab.blocked.clear()
        tab.errors.clear()
        page = tab.page
        page.goto("about:blank")  # a fresh document: the last map's scripts are gone
        page.set_viewport_size({"width": view_w, "height": view_h})
        page.set_content(html, wait_until="load", timeout=BROWSER_TIMEOUT_S * 1000)
        try:
            page.wait_for_function(_DRAWN, timeout=(3 if tab.errors else BROWSER_TIMEOUT_S) * 1000)
        except Exception as err:
            raise RuntimeError(f"the map did not draw: {'; '.join(tab.errors) or err}") from None
        page.evaluate("() => document.fonts.ready.then(() => new Promise("
                      "r => requestAnimationFrame(() => requestAnimationFrame(r))))")
        return page.screenshot(type="png", full_page=False), list(tab.blocked)

    data, blocked = _CHROMIUM.run(job, BROWSER_TIMEOUT_S * 2)
    return _exact(data, width * scale, height * scale), blocked


def _exact(data: bytes, width: int, height: int) -> bytes:
    """The PNG at exactly ``width × height``: a fractional pixel density may leave a row more or less."""
    from PIL import Image

    image: Image.Image = Image.open(io.BytesIO(data))
    if image.size == (width, height):
        return data
    if image.width >= width and image.height >= height:
        image = image.crop((0, 0, width, height))
    else:
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def png(analysis: Analysis, view: ViewOptions | None = None) -> tuple[bytes, str]:
    """The PNG at the view's size and scale, and a note for the user (empty when Chromium drew it as asked)."""
    from routes.show.page import map_page
    from routes.show.vector import render

    view = view or ViewOptions()
    analysis = for_view(analysis, view)
    (width, height), scale = view.size, view.scale
    if browser_available():
        page = map_page(analysis, view, for_image=True)
        try:
            data, blocked = screenshot(page, width, height, scale, text_scale((width, height)))
            note = f"blocked {len(blocked)} outside request(s): {', '.join(blocked[:3])}" if blocked else ""
            title = default_title(analysis) if view.title is None else view.title
            return _png_text(data, metadata(analysis, title)), note
        except Exception as err:  # any browser failure: draw it another way and say so
            why = f"Chromium failed ({type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''})"
    else:
        why = f"Chromium was not found at {CHROMIUM}"
    data = render(analysis, view, "png")
    return data, f"{why}: the PNG was drawn with matplotlib from the shipped layers, not from the interactive map"


def _png_text(data: bytes, text: dict[str, str]) -> bytes:
    """The PNG with ``iTXt`` chunks (UTF-8 text: title, alt text, credits) after its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return data
    chunks = b""
    for key, value in text.items():
        body = key.encode("latin-1") + b"\x00\x00\x00" + b"\x00" + b"\x00" + value.encode("utf-8")
        chunks += struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    header_end = 8 + 8 + 13 + 4  # signature, IHDR length and type, IHDR data, CRC
    return data[:header_end] + chunks + data[header_end:]
