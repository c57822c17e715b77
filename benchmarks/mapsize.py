"""How heavy is the first article's map, and how long the browser takes to draw it first.

Measured: the app's page (assets served, as streamlit-folium gets it), the standalone HTML
(every asset inlined) and the page Chromium photographs for the PNG; the time to build
the app's page (warm: the basemap is cached per area); and, in Debian's Chromium through
Playwright (the PNG export's browser), the time from handing it the standalone page to
the map's first full draw (the same test the PNG export waits for, then two frames), the
median of five loads at 1200×800.

    .venv/bin/python benchmarks/mapsize.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import routes  # noqa: E402
from routes import settings  # noqa: E402
from routes.show import mapview, png  # noqa: E402
from routes.show.assets import standalone_html  # noqa: E402
from routes.show.page import map_page  # noqa: E402


def _build(analysis: routes.Analysis) -> tuple[str, float]:
    start = time.perf_counter()
    html = mapview.build_map(analysis, asset_base_url="/app/static/").get_root().render()
    return html, time.perf_counter() - start


def first_draw_s(html: str, width: int = 1200, height: int = 800, runs: int = 5) -> float:
    """Median seconds from handing Chromium the page to the map's first full draw."""

    def job(tab_for: Callable[[int], Any]) -> list[float]:
        page = tab_for(1).page
        times = []
        for _ in range(runs):
            page.goto("about:blank")
            page.set_viewport_size({"width": width, "height": height})
            start = time.perf_counter()
            page.set_content(html, wait_until="load")
            page.wait_for_function(png._DRAWN)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            times.append(time.perf_counter() - start)
        return times

    return statistics.median(png._CHROMIUM.run(job, 300))


def main() -> None:
    analysis = routes.analyze(settings.first_article.read_bytes(), name=settings.first_article.name)
    _build(analysis)  # warm the caches: the basemap is cached per area
    served, t_build = _build(analysis)
    standalone = standalone_html(mapview.build_map(analysis))
    image_page = map_page(analysis, for_image=True)
    draw = first_draw_s(standalone) if png.browser_available() else float("nan")
    png.close_browser()

    print("| first article's map | size | time |")
    print("|---|---|---|")
    print(f"| app page (assets served), build warm | {len(served) / 1024:,.0f} KiB | {t_build:.2f} s |")
    print(f"| standalone HTML (every asset inlined), first draw in Chromium at 1200×800 "
          f"| {len(standalone) / 1024:,.0f} KiB | {draw:.2f} s |")
    print(f"| the PNG export's page | {len(image_page) / 1024:,.0f} KiB | |")


if __name__ == "__main__":
    main()
