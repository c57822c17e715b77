"""Settings in one place: data paths, limits, defaults.

Functions read these module-level values at call time, so tests may override them
(``monkeypatch.setattr(routes.settings, "max_article_chars", 10)``). Nothing else in the
package reads environment variables.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The package folder.
package_dir: Path = Path(__file__).resolve().parent

#: Shipped data (each file listed in ``data/SOURCES.md``).
data_dir: Path = Path(os.environ.get("ROUTES_DATA_DIR", package_dir.parent / "data"))

#: Files built once from registry packages (the gazetteer index); safe to delete.
cache_dir: Path = Path(
    os.environ.get("ROUTES_CACHE_DIR", package_dir.parent / ".cache" / "routes")
)

#: Vendored web assets (Leaflet and friends) so that maps draw with no internet.
assets_dir: Path = package_dir / "assets"

#: The article the app opens on.
first_article: Path = data_dir / "articles" / "najin-dunay-tikhoretsk.fr.txt"

#: Largest article accepted, in characters (a long feature is about 50 000).
max_article_chars: int = 1_000_000

#: Largest uploaded file accepted, in bytes.
max_upload_bytes: int = 5_000_000

#: The page's budget for one analysis, run in a worker process (:mod:`routes.workers`): seconds
#: of wall time, and megabytes of address space (about 2.5 times what the worker keeps resident:
#: the first article's analysis maps 2.7 GB and keeps 1.1 GB).
analysis_seconds: float = float(os.environ.get("ROUTES_ANALYSIS_SECONDS", 120))
analysis_megabytes: int = int(os.environ.get("ROUTES_ANALYSIS_MEGABYTES", 6144))
#: Worker processes that run the page's analyses (each keeps its models loaded): one per core.
analysis_workers: int = int(os.environ.get("ROUTES_ANALYSIS_WORKERS", os.cpu_count() or 1))

#: Smallest population of a town in the gazetteer (GeoNames cities500).
min_population: int = 500

#: Default speeds used to turn a routed length into days.
speed_knots: float = 12.0
speed_rail_kmh: float = 40.0
speed_road_kmh: float = 60.0
speed_air_kmh: float = 750.0

#: API key for CARTO's light and dark tile styles (optional; they need one since 2025).
carto_api_key: str | None = os.environ.get("ROUTES_CARTO_API_KEY") or None
