"""The land a sea route must not cross, and the checks against it.

OpenStreetMap's land polygons (``data/sea/land.bin``, see ``data/SOURCES.md``): the coastline
simplified to about 110 m, cut into pieces of at most 256 vertices and indexed in an STR-tree;
islets as their bounding boxes. A line *crosses land* when it meets a piece or a box at all
(touching counts), so the check is strict. Lines are geodesics, drawn with a point at least
every :data:`STEP_KM`; every straight piece between two drawn points is what is checked.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from routes import settings
from routes.errors import DataError
from routes.geodesy import GEOD
from routes.model import Coord
from routes.route.sea.container import read_container

#: What ``land.bin`` holds (also stored in the file and checked by the loader).
LAND_DATASET: str = (
    "OpenStreetMap land polygons (© OpenStreetMap contributors, ODbL) as embedded in "
    "roaring-landmask 0.11.0, simplified to 0.001° (≈110 m), quantised to 1e-4°"
)
LAND_FILE = "sea/land.bin"
LAND_QUANTUM = 1e-4  # degrees: the land's coordinates are multiples of this
STEP_KM = 20.0  # longest straight piece of a drawn (and checked) line, km
#: Degrees: the cells that index the small islands' boxes (every box is smaller than a cell).
BOX_CELL = 0.03
#: Degrees: straight segments are cut into pieces no longer than this (in lon and in lat)
#: before their cells are listed, so that a long segment lists the cells along it, not
#: every cell of its bounding box.
BOX_PIECE_DEG = 0.5


@dataclass(frozen=True)
class Land:
    """The land: polygon pieces in an STR-tree, and small islands as boxes in a cell index.

    The boxes (hundreds of thousands of islets) are kept as arrays, not as geometries:
    that halves the memory and the loading time. Each box is filed under the cell of
    its lower-left corner; only the cells that hold boxes are listed (``box_cells``,
    sorted), with where their boxes start in the box arrays.
    """

    pieces: np.ndarray  # shapely Polygons (no holes), lon/lat
    tree: shapely.STRtree
    box_lo: np.ndarray  # (boxes, 2) lower-left corners, sorted by cell
    box_hi: np.ndarray  # (boxes, 2) upper-right corners
    box_cells: np.ndarray  # (cells with boxes,) their numbers (row * columns + column), sorted
    box_start: np.ndarray  # (cells with boxes + 1,) where each one's boxes start
    meta: dict

    @property
    def dataset(self) -> str:
        return str(self.meta["dataset"])

    def boxes_in(self, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
        """Indices of the boxes that meet the rectangle."""
        hit = _box_pairs(np.array([[x0, y0]]), np.array([[x1, y1]]), self, rect=True)[1]
        return np.unique(hit)


_BOX_COLS, _BOX_ROWS = round(360 / BOX_CELL), round(180 / BOX_CELL)


def _box_cell(col: np.ndarray, row: np.ndarray) -> np.ndarray:
    return np.clip(row, 0, _BOX_ROWS - 1) * _BOX_COLS + np.clip(col, 0, _BOX_COLS - 1)


def _cut(a: np.ndarray, b: np.ndarray, max_deg: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Straight segments a[i]→b[i] cut in equal pieces of at most ``max_deg`` in lon and lat.

    Returns (starts, ends, owner): the pieces, and the segment each comes from.
    """
    span = np.maximum(np.abs(b[:, 0] - a[:, 0]), np.abs(b[:, 1] - a[:, 1]))
    n = np.maximum(np.ceil(span / max_deg).astype(np.int64), 1)
    if (n == 1).all():
        return a, b, np.arange(len(a))
    owner = np.repeat(np.arange(len(a)), n)
    k = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    d = (b - a)[owner]
    t0 = (k / n[owner])[:, None]
    t1 = ((k + 1) / n[owner])[:, None]
    starts = a[owner] + t0 * d
    ends = np.where((k + 1 == n[owner])[:, None], b[owner], a[owner] + t1 * d)
    return starts, ends, owner


def _box_pairs(a: np.ndarray, b: np.ndarray, land: Land, *, rect: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(segment, box) pairs where segment a[i]→b[i] meets a box (touching counts).

    With ``rect``, a[i] and b[i] are the corners of a rectangle, and the pairs are the
    boxes that meet it.
    """
    owner = None
    if not rect:
        a, b, owner = _cut(a, b, BOX_PIECE_DEG)
    x0, x1 = np.minimum(a[:, 0], b[:, 0]), np.maximum(a[:, 0], b[:, 0])
    y0, y1 = np.minimum(a[:, 1], b[:, 1]), np.maximum(a[:, 1], b[:, 1])
    # a box is filed under the cell of its lower-left corner, and is smaller than a cell
    c0 = np.clip(np.floor((x0 + 180) / BOX_CELL).astype(np.int64) - 1, 0, _BOX_COLS - 1)
    c1 = np.clip(np.floor((x1 + 180) / BOX_CELL).astype(np.int64), 0, _BOX_COLS - 1)
    r0 = np.clip(np.floor((y0 + 90) / BOX_CELL).astype(np.int64) - 1, 0, _BOX_ROWS - 1)
    r1 = np.clip(np.floor((y1 + 90) / BOX_CELL).astype(np.int64), 0, _BOX_ROWS - 1)
    nc, nr = c1 - c0 + 1, r1 - r0 + 1
    k = nc * nr
    seg = np.repeat(np.arange(len(a)), k)
    j = np.arange(int(k.sum())) - np.repeat(np.cumsum(k) - k, k)
    cell = _box_cell(c0[seg] + j % nc[seg], r0[seg] + j // nc[seg])
    pos = np.minimum(np.searchsorted(land.box_cells, cell), len(land.box_cells) - 1)
    listed = land.box_cells[pos] == cell
    seg, pos = seg[listed], pos[listed]
    first = land.box_start[pos]
    count = land.box_start[pos + 1] - first
    seg = np.repeat(seg, count)
    box = np.repeat(first, count) + np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    lo, hi = land.box_lo[box], land.box_hi[box]
    m = (lo[:, 0] <= x1[seg]) & (hi[:, 0] >= x0[seg]) & (lo[:, 1] <= y1[seg]) & (hi[:, 1] >= y0[seg])
    seg, box, lo, hi = seg[m], box[m], lo[m], hi[m]
    if rect or len(seg) == 0:
        return (seg if owner is None else owner[seg]), box
    # Liang–Barsky: the part of the segment inside the box, if any
    p0 = a[seg]
    d = b[seg] - p0
    t0, t1 = np.zeros(len(seg)), np.ones(len(seg))
    ok = np.ones(len(seg), dtype=bool)
    for axis in (0, 1):
        for pk, qk in ((-d[:, axis], p0[:, axis] - lo[:, axis]), (d[:, axis], hi[:, axis] - p0[:, axis])):
            parallel = pk == 0
            ok &= ~(parallel & (qk < 0))
            with np.errstate(divide="ignore", invalid="ignore"):
                r = np.where(parallel, 0.0, qk / np.where(parallel, 1.0, pk))
            t0 = np.where(~parallel & (pk < 0), np.maximum(t0, r), t0)
            t1 = np.where(~parallel & (pk > 0), np.minimum(t1, r), t1)
    hit = ok & (t0 <= t1)
    assert owner is not None
    return owner[seg[hit]], box[hit]


@functools.cache
def load_land() -> Land:
    """The land pieces and their index, loaded once per process (read-only, shared).

    :raises DataError: ``data/sea/land.bin`` is missing, unreadable or another dataset.
    """
    path = settings.data_dir / LAND_FILE
    meta, a = read_container(path)
    if meta.get("dataset") != LAND_DATASET:
        raise DataError(f"Sea land file {path} holds {meta.get('dataset')!r}, expected {LAND_DATASET!r}; "
                        "rebuild it with data/sea/build.py")
    coords = a.pop("coords") * LAND_QUANTUM
    ring_offsets = np.concatenate(([0], np.cumsum(a["ring_sizes"], dtype=np.int64)))
    geom_offsets = np.concatenate(([0], np.cumsum(a["piece_rings"], dtype=np.int64)))
    pieces = shapely.from_ragged_array(shapely.GeometryType.POLYGON, coords, (ring_offsets, geom_offsets))
    del coords
    lo = a["box_min"] * LAND_QUANTUM
    hi = (a["box_min"] + a["box_size"]) * LAND_QUANTUM
    if (hi - lo).max(initial=0.0) >= BOX_CELL:
        raise DataError(f"Sea land file {path} has an island box larger than {BOX_CELL}°; rebuild it")
    cell = _box_cell(np.floor((lo[:, 0] + 180) / BOX_CELL).astype(np.int64),
                     np.floor((lo[:, 1] + 90) / BOX_CELL).astype(np.int64))
    order = np.argsort(cell, kind="stable")
    cells, first = np.unique(cell[order], return_index=True)
    start = np.append(first, len(order)).astype(np.int64)
    return Land(pieces, shapely.STRtree(pieces), lo[order], hi[order], cells, start, meta)


def land_geojson(bounds: tuple[float, float, float, float], tolerance_deg: float = 0.0015) -> dict:
    """The router's own land inside ``bounds`` (west, south, east, north), for a map's detail.

    The pieces are joined (no seams), simplified by ``tolerance_deg`` and rounded to the
    data's 1e-4°: drawn under a sea leg, the coast is the one the leg was checked against.
    """
    return _land_geojson(tuple(round(v, 2) for v in bounds), round(tolerance_deg, 5))


@functools.lru_cache(maxsize=16)
def _land_geojson(bounds: tuple[float, ...], tolerance_deg: float) -> dict:
    land = load_land()
    west, south, east, north = bounds
    parts = shapely.clip_by_rect(land.pieces[land.tree.query(shapely.box(west, south, east, north))],
                                 west, south, east, north)
    shape = shapely.union_all(parts[~shapely.is_empty(parts)], grid_size=LAND_QUANTUM)
    shape = shapely.set_precision(shapely.simplify(shape, tolerance_deg, preserve_topology=True), LAND_QUANTUM)
    features = [] if shape.is_empty else [{"type": "Feature", "properties": {},
                                           "geometry": shapely.geometry.mapping(shape)}]
    return {"type": "FeatureCollection", "features": features}


def wrap_lon(lon: np.ndarray | float) -> np.ndarray | float:
    """Longitude into [-180, 180)."""
    return (np.asarray(lon) + 180.0) % 360.0 - 180.0


def geodesic_points(a: np.ndarray, b: np.ndarray, step_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points along each geodesic a[i]→b[i], a point at least every ``step_km``, b excluded.

    Returns (points, owner, n): the points of every geodesic one after the other, the
    geodesic each belongs to, and how many straight pieces each geodesic is drawn with.
    The first point of each geodesic is a[i] itself.
    """
    az, _, dist = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    n = np.maximum(np.ceil(dist / 1000.0 / step_km).astype(np.int64), 1)
    owner = np.repeat(np.arange(len(a)), n)
    k = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    lon, lat, _ = GEOD.fwd(a[owner, 0], a[owner, 1], az[owner], dist[owner] * (k / n[owner]))
    pts = np.column_stack((lon, lat))
    first = k == 0
    pts[first] = a[owner[first]]
    return pts, owner, n


def densify(coords: Sequence[Coord] | np.ndarray, step_km: float = STEP_KM) -> np.ndarray:
    """The line through ``coords`` with each leg a geodesic, a point at least every ``step_km``.

    Returns an ``(n, 2)`` array of (lon, lat); the given points are kept.

    Examples
    --------
    >>> densify([(0.0, 0.0), (1.0, 0.0)], step_km=60).round(3).tolist()
    [[0.0, 0.0], [0.5, 0.0], [1.0, 0.0]]
    """
    p = np.asarray(coords, dtype=float).reshape(-1, 2)
    if len(p) < 2:
        return p.copy()
    pts, _, _ = geodesic_points(p[:-1], p[1:], step_km)
    return np.vstack((pts, p[-1:]))


def _split_antimeridian(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Straight pieces a→b, those that cross ±180° cut in two; returns (starts, ends, owner)."""
    owner = np.arange(len(a))
    dlon = b[:, 0] - a[:, 0]
    cross = np.abs(dlon) > 180
    if not cross.any():
        return a, b, owner
    ca, cb = a[cross], b[cross]
    east = cb[:, 0] < ca[:, 0]  # going east across +180
    b_unwrapped = cb[:, 0] + np.where(east, 360.0, -360.0)
    edge = np.where(east, 180.0, -180.0)
    t = (edge - ca[:, 0]) / (b_unwrapped - ca[:, 0])
    lat = ca[:, 1] + t * (cb[:, 1] - ca[:, 1])
    m1 = np.column_stack((edge, lat))
    m2 = np.column_stack((-edge, lat))
    starts = np.vstack((a[~cross], ca, m2))
    ends = np.vstack((b[~cross], m1, cb))
    owners = np.concatenate((owner[~cross], owner[cross], owner[cross]))
    return starts, ends, owners


def segments_clear(a: np.ndarray, b: np.ndarray, land: Land | None = None) -> np.ndarray:
    """For straight lon/lat segments ``a[i]→b[i]``, whether each stays off the land.

    A segment that touches land (a vertex, an edge) is not clear. Segments longer than
    180° of longitude are taken to cross the antimeridian.
    """
    land = land or load_land()
    a = np.asarray(a, dtype=float).reshape(-1, 2)
    b = np.asarray(b, dtype=float).reshape(-1, 2)
    if len(a) == 0:
        return np.ones(0, dtype=bool)
    starts, ends, owner = _split_antimeridian(a, b)
    same = np.all(starts == ends, axis=1)
    geoms = np.empty(len(starts), dtype=object)
    if (~same).any():
        pts = np.stack((starts[~same], ends[~same]), axis=1).reshape(-1, 2)
        geoms[~same] = shapely.linestrings(pts, indices=np.repeat(np.arange((~same).sum()), 2))
    if same.any():
        geoms[same] = shapely.points(starts[same])
    hits = land.tree.query(geoms, predicate="intersects")[0]
    clear = np.ones(len(a), dtype=bool)
    clear[owner[hits]] = False
    clear[owner[_box_pairs(starts, ends, land)[0]]] = False
    return clear


def line_clear(coords: Sequence[Coord] | np.ndarray, land: Land | None = None) -> bool:
    """Whether the polyline through ``coords`` (straight lon/lat pieces) stays off the land."""
    p = np.asarray(coords, dtype=float).reshape(-1, 2)
    if len(p) == 1:
        return bool(~on_land(p, land)[0])
    return bool(segments_clear(p[:-1], p[1:], land).all())


def geodesics_clear(a: np.ndarray, b: np.ndarray, land: Land | None = None) -> np.ndarray:
    """Whether each geodesic ``a[i]→b[i]``, drawn as :func:`densify` draws it, stays off the land."""
    a = np.asarray(a, dtype=float).reshape(-1, 2)
    b = np.asarray(b, dtype=float).reshape(-1, 2)
    if len(a) == 0:
        return np.ones(0, dtype=bool)
    pts, owner, n = geodesic_points(a, b, STEP_KM)
    last = np.cumsum(n) - 1  # the last piece of each geodesic ends at b
    ends = np.empty_like(pts)
    ends[:-1] = pts[1:]
    ends[last] = b
    clear_piece = segments_clear(pts, ends, land)
    clear = np.ones(len(a), dtype=bool)
    clear[owner[~clear_piece]] = False
    return clear


def on_land(points: np.ndarray | Sequence[Coord], land: Land | None = None) -> np.ndarray:
    """Whether each (lon, lat) point is on land (or on the coastline)."""
    land = land or load_land()
    p = np.asarray(points, dtype=float).reshape(-1, 2)
    hits = land.tree.query(shapely.points(p), predicate="intersects")[0]
    out = np.zeros(len(p), dtype=bool)
    out[hits] = True
    out[_box_pairs(p, p, land)[0]] = True
    return out
