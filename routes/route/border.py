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
from dataclasses import dataclass

import numpy as np
import pyproj
import shapely
import shapely.geometry

from routes.boundaries import (
    BOUNDARY_VIEWS,
    DEFAULT_VIEW,
    boundary_view,
    country_rows,
    country_shape,
    load_boundaries,
    normalise_code,
)
from routes.errors import BorderError
from routes.geodesy import GEOD
from routes.model import BorderMeasurement, Coord

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


@functools.cache
def land_border(country_code: str, *, view: str = DEFAULT_VIEW) -> shapely.MultiLineString:
    """The stretches of a country's border that it shares with another country (no coast)."""
    code = normalise_code(country_code, view)
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
    row = load_boundaries(view).iloc[country_rows(view)[code]]
    pieces: list[np.ndarray] = []
    for xy in _border_lines(code, view, part):
        if len(xy) < 2:
            continue
        keep = ~_artificial(xy[:-1], xy[1:])
        # runs of consecutive kept segments [start, stop)
        edges = np.diff(np.concatenate(([0], keep.astype(np.int8), [0])))
        for run_start, run_stop in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=False):
            for s in range(int(run_start), int(run_stop), _PIECE_SEGMENTS):
                pieces.append(xy[s : min(s + _PIECE_SEGMENTS, int(run_stop)) + 1])
    if not pieces:
        raise BorderError(f"{row['name']} has no {PARTS.get(part, part)} in {boundary_view(view).dataset}")
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
    boundary = _boundary(normalise_code(country_code, view), view, part)
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
        boundary=boundary_view(view).dataset,
        view=boundary_view(view).label,
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
