"""How heavy is the first article's map in the browser, and what simplification saves.

Baseline, in the same run: the same map with the basemap's country polygons at full
Natural Earth 1:10m resolution (clipped to the same area, not simplified).

    .venv/bin/python benchmarks/mapsize.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import routes  # noqa: E402
from routes import settings  # noqa: E402
from routes.route import border  # noqa: E402
from routes.show import mapview  # noqa: E402
from routes.show.assets import standalone_html  # noqa: E402


def _build(analysis: routes.Analysis) -> tuple[str, float]:
    start = time.perf_counter()
    html = mapview.build_map(analysis, asset_base_url="/app/static/").get_root().render()
    return html, time.perf_counter() - start


def main() -> None:
    analysis = routes.analyze(settings.first_article.read_bytes(), name=settings.first_article.name)
    _build(analysis)  # warm the caches: the basemap is cached per area
    simplified, t_simplified = _build(analysis)
    standalone = standalone_html(mapview.build_map(analysis))

    def unsimplified(geoms: object, tolerance: float, preserve_topology: bool = True) -> object:
        return geoms

    border._basemap_geojson.cache_clear()
    with mock.patch.object(border.shapely, "simplify", unsimplified):
        full, t_full = _build(analysis)
    border._basemap_geojson.cache_clear()

    print("| first article's map | HTML (assets served) | build time (warm) |")
    print("|---|---|---|")
    print(f"| basemap simplified to the view (ours) | {len(simplified) / 1024:,.0f} KiB | {t_simplified:.2f} s |")
    print(f"| baseline: basemap at full 1:10m | {len(full) / 1024:,.0f} KiB | {t_full:.2f} s |")
    print(f"\nStandalone HTML (every asset inlined, opens from disk): {len(standalone) / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
