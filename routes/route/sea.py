"""Sea legs on water: an open-sea network for distance, a fine coastline near the ports.

A sea leg is routed in four steps, every one of them against the same land:

1. **Land.** OpenStreetMap's land polygons (``data/sea/land.bin``, see
   ``data/SOURCES.md``): the coastline simplified to about 110 m, cut into pieces of at
   most 256 vertices and indexed in an STR-tree; islets as their bounding boxes. A line
   *crosses land* when it meets a piece or a box at all (touching counts), so the check
   is strict.
2. **Ends.** Each end is placed in windows around it (:data:`WINDOWS`: a fine grid of
   50 m cells 20 km across, then coarser and larger ones), drawn from that land. A point
   on land (a town's point) moves to the nearest water cell that leads somewhere (it
   holds a node of the network or runs to the window's edge), and the leg says how far
   (at most :data:`MAX_ACCESS_KM`). A Dijkstra on the cells (8 neighbours and knight's
   moves) gives the cost from the end to every open-sea node in the window; when the
   window reaches no node of a sea, the next, larger one carries on from every cell the
   last one reached (a port up an estuary, behind a narrow sound).
3. **Open sea.** A graph (``data/sea/network.bin``) of water points every
   :data:`GRID_DEG` degrees, each linked to its 16 neighbours (8 around, 8 knight's
   moves) where the link clears the land, plus Eurostat's marnet lines (as shipped by
   ``searoute`` 1.6.0), each checked against the land and re-routed on a fine grid
   where it crossed it, so that narrow waters (the Bosphorus, the Dardanelles, Suez)
   follow the coast. The Panama Canal, whose locks and lakes the coastline draws as
   land, is kept as a canal between its two ends in open water: it is the only stretch
   not checked against the land, and the leg marks it and says so. A Dijkstra (scipy)
   joins the two ends' windows.
4. **Any-angle.** The grid-and-network line is pulled taut: each vertex is joined to the
   farthest later vertex it sees (a geodesic that clears the land), then the line is
   tightened like an elastic band (vertices slide towards the chord of their
   neighbours while the line stays clear, new vertices let it wrap round capes).

The straits and canals a route passes are named from marnet's passage tags, by where
each passage is narrowest (:class:`Gate`). Lines are geodesics on WGS84, drawn with a
point at least every :data:`STEP_KM`; every straight piece between two drawn points is
what is checked against the land, so the drawn line is the checked line. Lengths are
``pyproj.Geod(ellps="WGS84")``. Coordinates are ``(lon, lat)`` everywhere, longitudes
in [-180, 180]: a line across the antimeridian jumps from one side to the other.
:func:`visibility_shortest` is the exact shortest water path at the land's resolution
that routes are measured against.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import struct
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from PIL import Image, ImageDraw

from routes import settings
from routes.errors import DataError, RoutingError
from routes.geodesy import GEOD, KM_PER_NMI, distance_km, length_km
from routes.model import Coord, Leg, LegPiece, LegPlan, RouteOptions, Stop

# --------------------------------------------------------------------------- constants

#: What ``land.bin`` holds (also stored in the file and checked by the loader).
LAND_DATASET: str = (
    "OpenStreetMap land polygons (© OpenStreetMap contributors, ODbL) as embedded in "
    "roaring-landmask 0.11.0, simplified to 0.001° (≈110 m), quantised to 1e-4°"
)
#: What ``network.bin`` holds.
NETWORK_DATASET: str = (
    "0.25° water grid (8 neighbours and 8 knight's moves) checked against the land above + "
    "Eurostat marnet as shipped by searoute 1.6.0, re-routed where it crossed that land"
)
LAND_FILE = "sea/land.bin"
NETWORK_FILE = "sea/network.bin"
PORTS_FILE = "sea/ports.csv"

LAND_QUANTUM = 1e-4  # degrees: the land's coordinates are multiples of this
GRID_DEG = 0.25  # spacing of the open-sea grid, degrees
STEP_KM = 20.0  # longest straight piece of a drawn (and checked) line, km
MAX_ACCESS_KM = 25.0  # farthest a port's point may be from navigable water, km
#: Local windows tried in turn around each end: (half-size km, cell km).
WINDOWS: tuple[tuple[float, float], ...] = ((10.0, 0.05), (30.0, 0.15), (80.0, 0.4), (200.0, 1.0))
#: An end is joined to the network from a window at least this large (half-size, km), so
#: that it has nodes on every side to choose from, not only the nearest one.
MIN_ACCESS_WINDOW_KM = 30.0
MAJOR_COMPONENT = 500  # nodes: a network component this large is a sea, not a pocket between islands

_KM_PER_DEG = 111.2  # planar scale of the local windows (only for the grid, not for lengths)
_MAGIC = b"ROUTES-SEA\x01"
_CODEC = "zstd"

#: Grid links stored in ``network.bin`` (bit, d_col, d_row): the 8 neighbours and the 8
#: knight's moves, half of them (the other half are their reverses). With knight's moves
#: a path on the grid is at most about 3% longer than the straight line (8% without).
_GRID_DIRS: tuple[tuple[int, int, int], ...] = (
    (1, 1, 0), (2, 1, 1), (3, 0, 1), (4, -1, 1), (5, 2, 1), (6, 1, 2), (7, -1, 2), (8, -2, 1))

#: marnet's passage tags, as a reader would name them.
PASSAGES: dict[str, str] = {
    "babalmandab": "Bab-el-Mandeb",
    "bosporus": "the Bosphorus",
    "dardanelles": "the Dardanelles",
    "gibraltar": "the Strait of Gibraltar",
    "malacca": "the Strait of Malacca",
    "ormuz": "the Strait of Hormuz",
    "panama": "the Panama Canal",
    "suez": "the Suez Canal",
    "sunda": "the Sunda Strait",
    "kiel": "the Kiel Canal",
    "northwest": "the Northwest Passage",
    "northeast": "the Northern Sea Route",
    "bering": "the Bering Strait",
    "chili": "the Strait of Magellan",
    "south_africa": "the Cape of Good Hope",
}


# --------------------------------------------------------------------------- the data files


def write_container(path: Path, meta: dict, arrays: dict[str, np.ndarray], delta: Iterable[str] = ()) -> int:
    """Write arrays to one zstd-compressed file (the format :func:`read_container` reads).

    Arrays named in ``delta`` are stored as differences along their first axis. Every
    array is stored byte plane by byte plane, which zstd compresses much better.
    Returns the size of the file in bytes.
    """
    import pyarrow

    delta = set(delta)
    specs, chunks = [], []
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        stored = np.diff(arr, axis=0, prepend=np.zeros_like(arr[:1])) if name in delta and len(arr) else arr
        raw = stored.view(np.uint8).reshape(-1, arr.dtype.itemsize).T.tobytes()
        specs.append({"name": name, "dtype": arr.dtype.str, "shape": list(arr.shape),
                      "delta": name in delta, "nbytes": len(raw)})
        chunks.append(raw)
    payload = b"".join(chunks)
    compressed = pyarrow.Codec(_CODEC, compression_level=19).compress(payload, asbytes=True)
    header = json.dumps({"meta": meta, "arrays": specs, "raw": len(payload)}).encode()
    data = _MAGIC + struct.pack("<I", len(header)) + header + compressed
    path.write_bytes(data)
    return len(data)


def read_container(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """Read a file written by :func:`write_container`: ``(meta, arrays)``.

    :raises DataError: the file is missing or not in this format.
    """
    import pyarrow

    if not path.is_file():
        raise DataError(f"Sea routing file {path} is missing; build it with data/sea/build.py "
                        "(see data/SOURCES.md)")
    data = path.read_bytes()
    if not data.startswith(_MAGIC):
        raise DataError(f"Sea routing file {path} is not in the format routes.route.sea reads")
    try:
        (size,) = struct.unpack_from("<I", data, len(_MAGIC))
        start = len(_MAGIC) + 4
        header = json.loads(data[start : start + size])
        payload = pyarrow.Codec(_CODEC).decompress(data[start + size :], decompressed_size=header["raw"],
                                                   asbytes=True)
    except Exception as exc:  # struct, json and pyarrow raise many kinds
        raise DataError(f"Cannot read sea routing file {path}: {exc}") from exc
    arrays, offset = {}, 0
    for spec in header["arrays"]:
        dtype = np.dtype(spec["dtype"])
        raw = np.frombuffer(payload, np.uint8, spec["nbytes"], offset)
        offset += spec["nbytes"]
        arr = raw.reshape(dtype.itemsize, -1).T.copy().view(dtype).reshape(spec["shape"])
        if spec["delta"]:
            arr = np.cumsum(arr, axis=0, dtype=dtype)
        arrays[spec["name"]] = arr
    return header["meta"], arrays


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


# --------------------------------------------------------------------------- lines and land


def _wrap(lon: np.ndarray | float) -> np.ndarray | float:
    """Longitude into [-180, 180)."""
    return (np.asarray(lon) + 180.0) % 360.0 - 180.0


def _geodesic_points(a: np.ndarray, b: np.ndarray, step_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
    pts, _, _ = _geodesic_points(p[:-1], p[1:], step_km)
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
    pts, owner, n = _geodesic_points(a, b, STEP_KM)
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


# --------------------------------------------------------------------------- local windows


@dataclass
class _Window:
    """A fine grid of water cells around a point, in a local equirectangular plane.

    The plane is affine in (lon, lat), so a straight line in it is a straight lon/lat
    line, the kind :func:`segments_clear` checks. A cell is water when no land touches
    it or its 8 neighbours, so the segment between two neighbouring water cells' centres
    clears the land.
    """

    lon0: float
    lat0: float
    half_km: float
    cell_km: float
    n: int = 0
    kx: float = 0.0
    water: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), bool))
    label: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int32))

    def __post_init__(self) -> None:
        self.n = int(math.ceil(2 * self.half_km / self.cell_km))
        self.kx = _KM_PER_DEG * max(math.cos(math.radians(self.lat0)), 0.05)

    # coordinates -------------------------------------------------------------
    def xy(self, lonlat: np.ndarray) -> np.ndarray:
        """Continuous cell coordinates (col, row) of lon/lat points (cell centres at .5)."""
        p = np.asarray(lonlat, dtype=float).reshape(-1, 2)
        x = _wrap(p[:, 0] - self.lon0) * self.kx + self.half_km
        y = (p[:, 1] - self.lat0) * _KM_PER_DEG + self.half_km
        return np.column_stack((x, y)) / self.cell_km

    def lonlat(self, col: np.ndarray, row: np.ndarray) -> np.ndarray:
        """Lon/lat of cell centres."""
        x = (np.asarray(col) + 0.5) * self.cell_km - self.half_km
        y = (np.asarray(row) + 0.5) * self.cell_km - self.half_km
        return np.column_stack((_wrap(self.lon0 + x / self.kx), self.lat0 + y / _KM_PER_DEG))

    def cell(self, lonlat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(col, row, inside) of the cells that hold each point."""
        xy = np.floor(self.xy(lonlat)).astype(np.int64)
        inside = (xy >= 0).all(axis=1) & (xy < self.n).all(axis=1)
        return np.clip(xy[:, 0], 0, self.n - 1), np.clip(xy[:, 1], 0, self.n - 1), inside

    def bounds(self) -> tuple[float, float, float, float]:
        dlon = self.half_km / self.kx * 1.001
        dlat = self.half_km / _KM_PER_DEG * 1.001
        return (self.lon0 - dlon, self.lat0 - dlat, self.lon0 + dlon, self.lat0 + dlat)

    # raster ------------------------------------------------------------------
    def rasterise(self, land: Land) -> None:
        x0, y0, x1, y1 = self.bounds()
        boxes = [(x0, max(y0, -90.0), x1, min(y1, 90.0))]
        if x0 < -180:
            boxes = [(-180.0, boxes[0][1], x1, boxes[0][3]), (x0 + 360, boxes[0][1], 180.0, boxes[0][3])]
        elif x1 > 180:
            boxes = [(x0, boxes[0][1], 180.0, boxes[0][3]), (-180.0, boxes[0][1], x1 - 360, boxes[0][3])]
        idx = np.unique(np.concatenate([land.tree.query(shapely.box(*b)) for b in boxes]))
        img = Image.new("1", (self.n, self.n), 0)
        draw = ImageDraw.Draw(img)
        if len(idx):
            rings = shapely.get_exterior_ring(land.pieces[idx])
            coords, which = shapely.get_coordinates(rings, return_index=True)
            pix = self.xy(coords) - 0.5  # PIL puts pixel centres on integers
            cuts = np.flatnonzero(np.diff(which)) + 1
            for ring in np.split(pix, cuts):
                pts = [tuple(v) for v in ring.tolist()]
                if len(pts) >= 3:
                    draw.polygon(pts, fill=1, outline=1)
                else:
                    draw.point(pts, fill=1)
        ks = np.unique(np.concatenate([land.boxes_in(*b) for b in boxes]))
        if len(ks):
            lo = self.xy(land.box_lo[ks]) - 0.5
            hi = self.xy(land.box_hi[ks]) - 0.5
            for (px0, py0), (px1, py1) in zip(lo.tolist(), hi.tolist()):
                draw.rectangle((px0, py0, max(px1, px0), max(py1, py0)), fill=1)
        blocked = np.array(img, dtype=bool)  # [row, col]
        grown = blocked.copy()
        grown[1:, :] |= blocked[:-1, :]
        grown[:-1, :] |= blocked[1:, :]
        g2 = grown.copy()
        g2[:, 1:] |= grown[:, :-1]
        g2[:, :-1] |= grown[:, 1:]
        self.water = ~g2
        self.label = _components(self.water)

    # routing -----------------------------------------------------------------
    def dijkstra(self, start: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """Distances (km) from a water cell to every cell, and predecessors (flat indices)."""
        from scipy.sparse.csgraph import dijkstra

        graph = _grid_graph(self.water, self.cell_km)
        src = start[1] * self.n + start[0]
        dist, pred = dijkstra(graph, indices=src, return_predecessors=True)
        return dist.reshape(self.n, self.n), pred

    def dijkstra_from(self, seeds: np.ndarray, costs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Distances (km) from a set of water cells (flat indices) that start at ``costs`` km.

        A virtual source (flat index ``n * n``) is joined to each seed at its cost; the
        predecessor of a seed is that source.
        """
        from scipy.sparse.csgraph import dijkstra

        graph = _grid_graph(self.water, self.cell_km, seeds, costs)
        dist, pred = dijkstra(graph, indices=self.n * self.n, return_predecessors=True)
        return dist[:-1].reshape(self.n, self.n), pred[:-1]

    def path(self, pred: np.ndarray, end: tuple[int, int]) -> np.ndarray:
        """Lon/lat of the cell centres from the Dijkstra's start to ``end`` (both kept)."""
        flat = end[1] * self.n + end[0]
        cells = [flat]
        while pred[flat] >= 0:
            flat = pred[flat]
            cells.append(flat)
        cells.reverse()
        arr = np.array(cells)
        return self.lonlat(arr % self.n, arr // self.n)


def _components(water: np.ndarray) -> np.ndarray:
    """8-connected components of the water cells (0 for land)."""
    from scipy import ndimage

    labels, _ = ndimage.label(water, structure=np.ones((3, 3), dtype=bool))
    return labels


def _grid_steps() -> tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...]:
    """The 16 steps of the window grids: (d_row, d_col, the cells the step passes between its ends).

    The 8 neighbours and the 8 knight's moves, sorted by their flat offset so that a
    row's columns come out sorted. A step's straight line stays inside its two cells and
    the cells it passes; when they are all water (no land touches them, nor their
    neighbours), it clears the land.
    """
    steps = []
    for dr in range(-2, 3):
        for dc in range(-2, 3):
            if (dr, dc) == (0, 0) or (abs(dr) == 2 and abs(dc) != 1) or (abs(dc) == 2 and abs(dr) != 1):
                continue
            if abs(dr) == 1 and abs(dc) == 1:
                via = ((dr, 0), (0, dc))  # a diagonal: both cells beside it
            elif abs(dc) == 2:
                via = ((0, dc // 2), (dr, dc // 2))
            elif abs(dr) == 2:
                via = ((dr // 2, 0), (dr // 2, dc))
            else:
                via = ()
            steps.append((dr, dc, via))
    return tuple(steps)


_STEPS = _grid_steps()


def _grid_graph(water: np.ndarray, cell_km: float, seeds: np.ndarray | None = None,
                costs: np.ndarray | None = None):
    """The graph of the water cells of a square grid, each linked by :data:`_STEPS`, as a CSR matrix.

    Knight's moves besides the 8 neighbours make a grid path at most about 3% longer
    than the straight line (8% with 8 neighbours), so the path chosen goes the right way
    round islands more often. The matrix is built row by row from a table of each
    cell's links, so it needs no sorting. With ``seeds`` (flat cell indices) and their
    ``costs`` (km), the graph has one more node, ``n * n``, joined to each seed (one
    way) at its cost.
    """
    from scipy.sparse import csr_matrix

    n = water.shape[0]
    size = n * n
    pad = np.pad(water, 2)

    def shifted(dr: int, dc: int) -> np.ndarray:
        return pad[2 + dr : 2 + dr + n, 2 + dc : 2 + dc + n]

    valid = np.empty((n, n, len(_STEPS)), dtype=bool)
    for k, (dr, dc, via) in enumerate(_STEPS):
        ok = water & shifted(dr, dc)
        for vr, vc in via:
            ok &= shifted(vr, vc)
        valid[:, :, k] = ok
    valid = valid.reshape(size, len(_STEPS))
    rows, which = np.nonzero(valid)  # row-major: sorted by cell, then by step
    offsets = np.array([dr * n + dc for dr, dc, _ in _STEPS], dtype=np.int64)
    steps = np.array([math.hypot(dr, dc) * cell_km for dr, dc, _ in _STEPS])
    indices = rows + offsets[which]
    data = steps[which]
    counts = valid.sum(axis=1)
    if seeds is not None:
        order = np.argsort(seeds)
        indices = np.concatenate((indices, np.asarray(seeds, dtype=np.int64)[order]))
        data = np.concatenate((data, np.maximum(np.asarray(costs, dtype=float)[order], 1e-9)))  # no zeros
        counts = np.append(counts, len(order))
        size += 1
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return csr_matrix((data, indices.astype(np.int32), indptr.astype(np.int32)), shape=(size, size))


def _window(center: Coord, half_km: float, cell_km: float, land: Land) -> _Window:
    w = _Window(float(center[0]), float(center[1]), half_km, cell_km)
    w.rasterise(land)
    return w


def _attach(w: _Window, point: Coord, good: np.ndarray, reach: int = 4) -> tuple[int, int] | None:
    """The nearest ``good`` cell whose centre a straight line from ``point`` reaches over water."""
    c, r, inside = w.cell(np.array([point]))
    if not inside[0]:
        return None
    r0, r1 = max(0, r[0] - reach), min(w.n, r[0] + reach + 1)
    c0, c1 = max(0, c[0] - reach), min(w.n, c[0] + reach + 1)
    rows, cols = np.nonzero(good[r0:r1, c0:c1])
    if len(rows) == 0:
        return None
    rows, cols = rows + r0, cols + c0
    xy = w.xy(np.array([point]))[0] - 0.5
    order = np.argsort((cols - xy[0]) ** 2 + (rows - xy[1]) ** 2)[:24]
    centres = w.lonlat(cols[order], rows[order])
    ok = segments_clear(np.repeat([point], len(order), axis=0), centres)
    if not ok.any():
        return None
    k = order[int(np.argmax(ok))]
    return int(cols[k]), int(rows[k])


def _nearest(w: _Window, point: Coord, good: np.ndarray) -> tuple[int, int] | None:
    """The ``good`` cell whose centre is nearest to ``point`` (in the window's plane)."""
    rows, cols = np.nonzero(good)
    if len(rows) == 0:
        return None
    xy = w.xy(np.array([point]))[0] - 0.5
    k = int(np.argmin((cols - xy[0]) ** 2 + (rows - xy[1]) ** 2))
    return int(cols[k]), int(rows[k])


def local_route(a: Coord, b: Coord, *, cell_km: float = 0.1, margin_km: float = 20.0, max_cells: int = 1500,
                land: Land | None = None) -> np.ndarray | None:
    """The shortest water path from ``a`` to ``b`` inside one fine window, pulled taut.

    Both ends must be on water. Returns the (lon, lat) line, or None when the window
    holds no water path between them. Used to re-route network lines near the coast.
    """
    land = land or load_land()
    mid = GEOD.npts(a[0], a[1], b[0], b[1], 1)[0]
    half = distance_km(a, b) / 2 + margin_km
    cell = max(cell_km, 2 * half / max_cells)
    w = _window(mid, half, cell, land)
    sa = _attach(w, a, w.water)
    sb = _attach(w, b, w.water)
    if sa is None or sb is None or w.label[sa[1], sa[0]] != w.label[sb[1], sb[0]]:
        return None
    _, pred = w.dijkstra(sa)
    cells = w.path(pred, sb)
    raw = np.vstack(([a], cells, [b]))
    return taut(raw, land)


# --------------------------------------------------------------------------- pulling a line taut


def taut(line: np.ndarray, land: Land | None = None) -> np.ndarray:
    """A shorter line in the same waters: shortcuts by line of sight, then an elastic band.

    ``line`` must be clear of land as drawn (straight lon/lat pieces between its points);
    the result is a sub-sequence of its vertices, then moved, and is clear as drawn by
    :func:`densify` between consecutive vertices. Its ends are those of ``line``.
    """
    land = land or load_land()
    p = np.asarray(line, dtype=float)
    keep = [0]
    i, n = 0, len(p)
    while i < n - 1:
        # the farthest vertex seen from i: doubling steps, then bisection
        good, step = i + 1, 1
        while True:
            probes = np.arange(good + step, min(good + 64 * step, n - 1) + 1, step)
            if len(probes) == 0:
                break
            ok = geodesics_clear(np.repeat(p[i : i + 1], len(probes), axis=0), p[probes], land)
            if ok.all():
                good = int(probes[-1])
                if good == n - 1:
                    break
                step *= 8
                continue
            first_bad = int(np.argmin(ok))
            if first_bad > 0:
                good = int(probes[first_bad - 1])
            hi = int(probes[first_bad])
            lo = good
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if geodesics_clear(p[i : i + 1], p[mid : mid + 1], land)[0]:
                    lo = mid
                else:
                    hi = mid
            good = lo
            break
        keep.append(good)
        i = good
    q = p[keep]
    tight = _slide(q, land)[0]
    # every segment of the band was checked as it changed; check the whole once more
    return tight if geodesics_clear(tight[:-1], tight[1:], land).all() else q


#: Fractions of the way to the chord of its neighbours that a vertex tries, in one pass.
_SLIDE_STEPS = np.array([1.0, 0.5, 0.25, 0.125, 0.0625, 0.03125])
#: A pass of the elastic band that shortens the line by less than this share stops it.
_BAND_TOLERANCE = 2e-4


def _slide(q: np.ndarray, land: Land, passes: int = 40) -> tuple[np.ndarray, bool]:
    """Pull a clear line tight like an elastic band: vertices slide towards their neighbours' chord.

    Each pass moves every other vertex (then the others) as far towards the straight
    line between its two neighbours as the line stays clear (the largest of
    :data:`_SLIDE_STEPS` that does), drops the vertices whose neighbours see each other,
    and puts a new vertex in the middle of each segment beside a vertex that could not
    move all the way (so that the band can wrap round a cape, not only cut its corner).
    It stops when a pass shortens the line by less than :data:`_BAND_TOLERANCE`. Each
    segment of the result is clear as :func:`densify` draws it; the ends do not move.
    """
    q = np.asarray(q, dtype=float).copy()
    moved = False
    length = length_km(q)
    for _ in range(passes):
        # drop the vertices whose neighbours see each other (every other one, then again)
        for parity in (1, 2):
            ks = np.arange(parity, len(q) - 1, 2)
            if len(ks):
                seen = geodesics_clear(q[ks - 1], q[ks + 1], land)
                if seen.any():
                    q = np.delete(q, ks[seen], axis=0)
                    moved = True
        blocked = np.zeros(len(q), dtype=bool)
        for parity in (1, 2):
            ks = np.arange(parity, len(q) - 1, 2)
            if not len(ks):
                continue
            prev, cur, nxt = q[ks - 1], q[ks], q[ks + 1]
            # the foot of the chord, in a plane around each vertex (longitudes unwrapped)
            k = np.cos(np.radians(cur[:, 1]))[:, None] * np.array([1.0, 0.0]) + np.array([0.0, 1.0])
            a = np.column_stack((_wrap(prev[:, 0] - cur[:, 0]), prev[:, 1] - cur[:, 1])) * k
            b = np.column_stack((_wrap(nxt[:, 0] - cur[:, 0]), nxt[:, 1] - cur[:, 1])) * k
            d = b - a
            t = np.clip(-(a * d).sum(axis=1) / np.maximum((d * d).sum(axis=1), 1e-18), 0.0, 1.0)
            foot = (a + t[:, None] * d) / k  # from cur, in degrees
            m = len(_SLIDE_STEPS)
            cands = np.repeat(cur, m, axis=0) + np.tile(_SLIDE_STEPS, len(ks))[:, None] * np.repeat(foot, m, axis=0)
            cands[:, 0] = _wrap(cands[:, 0])
            ok = (geodesics_clear(np.repeat(prev, m, axis=0), cands, land)
                  & geodesics_clear(cands, np.repeat(nxt, m, axis=0), land)).reshape(len(ks), m)
            best = np.argmax(ok, axis=1)
            can = ok.any(axis=1) & (np.abs(foot).sum(axis=1) > 1e-9)
            q[ks[can]] = cands.reshape(len(ks), m, 2)[np.flatnonzero(can), best[can]]
            blocked[ks] = ~can | (best > 0)
            moved |= bool(can.any())
        # a vertex held by the land: a new vertex in the middle of each segment beside it
        seg = np.flatnonzero(blocked[:-1] | blocked[1:])
        if len(seg):
            az, _, dist = GEOD.inv(q[seg, 0], q[seg, 1], q[seg + 1, 0], q[seg + 1, 1])
            long = dist > 100.0  # metres: not worth splitting below
            seg, az, dist = seg[long], az[long], dist[long]
            lon, lat, _ = GEOD.fwd(q[seg, 0], q[seg, 1], az, dist / 2)
            mid = np.column_stack((lon, lat))
            # the two halves are drawn with other points than the whole: check them
            halves = geodesics_clear(q[seg], mid, land) & geodesics_clear(mid, q[seg + 1], land)
            q = np.insert(q, seg[halves] + 1, mid[halves], axis=0)
        new_length = length_km(q)
        if length - new_length < _BAND_TOLERANCE * max(length, 1e-9):
            length = new_length
            break
        length = new_length
    # the midpoints that did not move are on straight segments: drop them again
    for parity in (1, 2):
        ks = np.arange(parity, len(q) - 1, 2)
        if len(ks):
            seen = geodesics_clear(q[ks - 1], q[ks + 1], land)
            q = np.delete(q, ks[seen], axis=0)
    return q, moved


# --------------------------------------------------------------------------- the open-sea network


@dataclass(frozen=True)
class Gate:
    """Where a passage that marnet tags is narrowest (computed by ``data/sea/build.py``).

    ``(lon, lat)`` is the middle of the passage's narrowest cross-section; a route through
    the passage comes within ``radius_km`` of it (see ``passage_gates`` in
    ``data/sea/build.py``). A canal's gate is its middle, with a radius of 1 km.
    """

    passage: str  # marnet's tag, e.g. "bosporus"
    lon: float
    lat: float
    radius_km: float


@dataclass(frozen=True)
class Network:
    """The open-sea graph: grid water points, then marnet's nodes, then one spare source."""

    lonlat: np.ndarray  # (nodes, 2)
    graph: object  # scipy CSR matrix, (nodes + 1) square; the last row is the query's source
    n_grid: int
    grid_index: np.ndarray  # (rows, cols) node of each grid cell, -1 on land
    edge_geom: dict[tuple[int, int], np.ndarray]  # marnet edges re-routed: their line, u→v
    edge_passage: dict[tuple[int, int], str]  # marnet edges tagged with a passage
    canals: frozenset[tuple[int, int]]  # edges kept through land (Panama)
    meta: dict
    source_slots: int
    lock: threading.Lock
    major: np.ndarray  # (nodes,) whether the node is in a large connected part of the graph (a sea)
    gates: tuple[Gate, ...] = ()

    @property
    def source(self) -> int:
        return len(self.lonlat)


_SOURCE_SLOTS = 1024  # the most network nodes an origin joins (its cheapest)


def grid_centres() -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes of the open-sea grid's cell centres."""
    lons = -180 + GRID_DEG * (np.arange(round(360 / GRID_DEG)) + 0.5)
    lats = -90 + GRID_DEG * (np.arange(round(180 / GRID_DEG)) + 0.5)
    return lons, lats


#: Arctic waters left out unless asked for: north of this latitude, outside the ice-free
#: Norwegian, Greenland and Barents seas (ARCTIC_OPEN_LONS); the coastline data has no ice.
ARCTIC_LAT = 66.5
ARCTIC_OPEN_LONS = (-30.0, 60.0)


def in_arctic(lonlat: np.ndarray) -> np.ndarray:
    """Whether each (lon, lat) point is in the Arctic waters routes avoid by default.

    Examples
    --------
    >>> in_arctic(np.array([[33.0, 69.0], [170.0, 70.0], [0.0, 50.0]])).tolist()
    [False, True, False]
    """
    p = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    lo, hi = ARCTIC_OPEN_LONS
    return (p[:, 1] > ARCTIC_LAT) & ~((p[:, 0] >= lo) & (p[:, 0] <= hi))


def load_network(arctic: bool = False) -> Network:
    """The open-sea graph, loaded once per process (read-only apart from its locked source row).

    With ``arctic`` False (the default) the Arctic routes (Northern Sea Route, Northwest
    Passage: see :func:`in_arctic`) are left out: the coastline data has no sea ice, and
    they would make the shortest way from Europe to China.

    :raises DataError: ``data/sea/network.bin`` is missing, unreadable or another dataset.
    """
    return _load_network(bool(arctic))


@functools.cache
def _load_network(arctic: bool) -> Network:
    from scipy.sparse import csr_matrix

    path = settings.data_dir / NETWORK_FILE
    meta, a = read_container(path)
    if meta.get("dataset") != NETWORK_DATASET or meta.get("land") != LAND_DATASET:
        raise DataError(f"Sea network file {path} holds {meta.get('dataset')!r} on {meta.get('land')!r}; "
                        "rebuild it with data/sea/build.py")
    cells = a["grid"]
    rows, cols = cells.shape
    water = (cells & 1).astype(bool)
    grid_index = np.full(cells.shape, -1, dtype=np.int64)
    grid_index[water] = np.arange(int(water.sum()))
    n_grid = int(water.sum())
    lons, lats = grid_centres()
    rr, cc = np.nonzero(water)
    grid_ll = np.column_stack((lons[cc], lats[rr]))
    mn = a["marnet_nodes"]
    lonlat = np.vstack((grid_ll, mn))
    n_nodes = len(lonlat)

    cold = in_arctic(lonlat) if not arctic else np.zeros(n_nodes, dtype=bool)
    # marnet's edges, its links to the grid and the bridges: one edge per pair of nodes, the shortest
    me = a["marnet_edges"].astype(np.int64) + n_grid
    ln = a["link_node"].astype(np.int64) + n_grid
    lc = a["link_cell"].astype(np.int64)
    bu = a["bridge_nodes"].astype(np.int64) if "bridge_nodes" in a else np.zeros((0, 2), np.int64)
    xu = np.concatenate((me[:, 0], ln, bu[:, 0]))
    xv = np.concatenate((me[:, 1], grid_index[lc // cols, lc % cols], bu[:, 1]))
    xw = np.concatenate((a["marnet_km"], a["link_km"], a["bridge_km"] if "bridge_km" in a else np.zeros(0)))
    key = np.minimum(xu, xv) * (n_nodes + 1) + np.maximum(xu, xv)
    order = np.lexsort((xw, key))
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    order = order[first]
    order = order[~(cold[xu[order]] | cold[xv[order]])]
    e_rows = np.concatenate((xu[order], xv[order]))
    e_cols = np.concatenate((xv[order], xu[order]))
    e_w = np.maximum(np.concatenate((xw[order], xw[order])), 1e-6)  # csgraph drops explicit zeros
    order = np.argsort(e_rows, kind="stable")
    e_rows, e_cols, e_w = e_rows[order], e_cols[order], e_w[order]

    # CSR by hand, row by row in the nodes' order (no sorting): each grid node's links (both
    # ways: a link is stored at its forward end), then its other edges; marnet's nodes' edges;
    # the source row (spare slots, self-loops at infinity: see _network_dijkstra)
    steps = [(bit, dc, dr, False) for bit, dc, dr in _GRID_DIRS] + [(bit, -dc, -dr, True)
                                                                      for bit, dc, dr in _GRID_DIRS]
    # the length of a step depends on the row only: one geodesic per row and step
    step_km = np.array([GEOD.inv(np.zeros(rows), lats, np.full(rows, dc * GRID_DEG),
                                  np.clip(lats + dr * GRID_DEG, -90, 90))[2] / 1000.0 for _, dc, dr, _ in steps])
    split = int(np.searchsorted(e_rows, n_grid))  # edges from grid nodes, then from marnet's
    first = np.searchsorted(e_rows[:split], np.arange(n_grid))
    rank = np.arange(split) - first[e_rows[:split]]
    width = len(steps) + (int(rank.max()) + 1 if split else 0)
    parts_i, parts_w, parts_n = [], [], []
    chunk = 131_072
    flat_cells, flat_index = cells.ravel(), grid_index.ravel()
    for lo in range(0, n_grid, chunk):
        hi = min(lo + chunk, n_grid)
        r, c = rr[lo:hi], cc[lo:hi]
        own = flat_cells[r * cols + c]
        not_cold = ~cold[lo:hi]
        # one row of these tables a step, for contiguous writes; transposed at the end
        ok = np.zeros((width, hi - lo), dtype=bool)
        tab_i = np.zeros((width, hi - lo), dtype=np.int32)
        tab_w = np.zeros((width, hi - lo))
        for k, (bit, dc, dr, back) in enumerate(steps):
            r2 = r + dr
            inside = (r2 >= 0) & (r2 < rows)
            flat = np.clip(r2, 0, rows - 1) * cols + (c + dc) % cols
            holder = flat_cells[flat] if back else own
            target = flat_index[flat]
            ok[k] = inside & ((holder & (1 << bit)) != 0) & not_cold & ~cold[target]
            tab_i[k] = target
            tab_w[k] = step_km[k, r]
        e0, e1 = np.searchsorted(e_rows[:split], (lo, hi))
        er, ek = e_rows[e0:e1] - lo, len(steps) + rank[e0:e1]
        ok[ek, er] = True
        tab_i[ek, er] = e_cols[e0:e1]
        tab_w[ek, er] = e_w[e0:e1]
        ok = ok.T.copy()
        parts_i.append(tab_i.T[ok])
        parts_w.append(tab_w.T[ok])
        parts_n.append(ok.sum(axis=1))
    src = n_nodes
    parts_i += [e_cols[split:].astype(np.int32), np.full(_SOURCE_SLOTS, src, dtype=np.int32)]
    parts_w += [e_w[split:], np.full(_SOURCE_SLOTS, np.inf)]
    parts_n += [np.bincount(e_rows[split:] - n_grid, minlength=n_nodes - n_grid), [_SOURCE_SLOTS]]
    indices = np.concatenate(parts_i)
    data = np.concatenate(parts_w)
    indptr = np.zeros(n_nodes + 2, dtype=np.int64)
    np.cumsum(np.concatenate(parts_n), out=indptr[1:])
    del parts_i, parts_w, parts_n
    graph = csr_matrix((data, indices, indptr.astype(np.int32)), shape=(n_nodes + 1, n_nodes + 1))

    geom_sizes = a["marnet_geom_sizes"]
    geom = a["marnet_geom"]
    offsets = np.concatenate(([0], np.cumsum(geom_sizes)))
    edge_geom, edge_passage, canals = {}, {}, set()
    passages = meta["passages"]
    for k, (eu, ev) in enumerate(a["marnet_edges"].astype(np.int64) + n_grid):
        key = (int(eu), int(ev))
        if geom_sizes[k]:
            edge_geom[key] = geom[offsets[k] : offsets[k + 1]]
        if a["marnet_passage"][k] >= 0:
            edge_passage[key] = passages[int(a["marnet_passage"][k])]
        if a["marnet_canal"][k]:
            canals.add(key)
    if "bridge_nodes" in a:  # fine water paths that join pockets of the grid to the rest (build.py)
        offsets = np.concatenate(([0], np.cumsum(a["bridge_geom_sizes"])))
        for k, (eu, ev) in enumerate(a["bridge_nodes"].astype(np.int64)):
            edge_geom[(int(eu), int(ev))] = a["bridge_geom"][offsets[k] : offsets[k + 1]]
    from scipy.sparse.csgraph import connected_components

    # the graph is symmetric (but for the source, which has self-loops only): strong = weak components
    _, label = connected_components(graph, directed=True, connection="strong")
    major = (np.bincount(label)[label] >= MAJOR_COMPONENT)[:-1]
    gates = tuple(Gate(g["passage"], float(g["lon"]), float(g["lat"]), float(g["radius_km"]))
                  for g in meta.get("gates", ()))
    return Network(lonlat, graph, n_grid, grid_index, edge_geom, edge_passage, frozenset(canals), meta,
                   _SOURCE_SLOTS, threading.Lock(), major, gates)


def _edge_line(net: Network, u: int, v: int) -> tuple[np.ndarray, bool, str | None]:
    """The drawn line of a network edge u→v, whether it is a canal, and its passage."""
    if (u, v) in net.edge_geom:
        line, key = net.edge_geom[(u, v)], (u, v)
    elif (v, u) in net.edge_geom:
        line, key = net.edge_geom[(v, u)][::-1], (v, u)
    else:
        line, key = net.lonlat[[u, v]], (u, v) if (u, v) in net.edge_passage or (u, v) in net.canals else (v, u)
    return line, key in net.canals, net.edge_passage.get(key)


# --------------------------------------------------------------------------- ends of a route


@dataclass
class _Level:
    """One window around an end, with the distances from the end's water point in it."""

    window: _Window
    dist: np.ndarray  # (n, n) km from the end's water point, inf where it does not reach
    pred: np.ndarray  # (n * n,) flat predecessors; ``n * n`` marks a cell seeded from the level before
    seed_from: np.ndarray | None  # (n * n,) for seeded cells, the flat cell of the level before; else -1


@dataclass
class _End:
    """One end of a route placed in its windows (finest first)."""

    point: Coord  # as given
    water: Coord  # where the route starts on water
    moved_km: float  # from point to water (0 when the point is on water)
    levels: list[_Level]
    access: dict[int, tuple[float, int, int]]  # network node → (km from water, level, flat cell)


def _place(point: Coord, name: str, land: Land, net: Network, max_access_km: float) -> _End:
    """Put one end on navigable water and measure its way to the open-sea nodes near it.

    The end is placed in windows of :data:`WINDOWS`, finest first. In the first, a point
    on water starts where it is (joined to the nearest open cell by a clear straight
    line); a point on land, or in water narrower than the cells, moves to the nearest
    *open* water cell: one whose water holds a node of the network or runs to the
    window's edge. A Dijkstra on the window's cells gives the cost of reaching each
    network node in it. Until a window of at least :data:`MIN_ACCESS_WINDOW_KM` reaches
    a node of a large part of the network (a sea, not a pocket between islands), the
    next, larger and coarser, window carries on from
    every cell the previous one reached (so a port up an estuary keeps its fine waters
    and reaches the open sea from afar); if that water does not carry on at the coarser
    cells (a river narrower than them), the point is placed afresh in the coarser
    window, as in the first.

    :raises RoutingError: no navigable water within ``max_access_km`` of the point.
    """
    p = np.array([point], dtype=float)
    wet = not on_land(p, land)[0]
    lonlat = net.lonlat
    levels: list[_Level] = []
    access: dict[int, tuple[float, int, int]] = {}
    water_pt: Coord = (float(point[0]), float(point[1]))
    moved = 0.0
    # the network's nodes that the largest window may hold (by latitude), then each window's
    widest = _Window(float(point[0]), float(point[1]), WINDOWS[-1][0], WINDOWS[-1][1]).bounds()
    near = np.flatnonzero((lonlat[:, 1] >= widest[1]) & (lonlat[:, 1] <= widest[3]))
    dlon_near = _wrap(lonlat[near, 0] - point[0])
    for half, cell in WINDOWS:
        w = _window(point, half, cell, land)
        if not levels and wet and half < MIN_ACCESS_WINDOW_KM and w.water.all():
            continue  # open water all round: the finer window adds nothing
        x0, y0, x1, y1 = w.bounds()
        inside = ((dlon_near >= x0 - point[0]) & (dlon_near <= x1 - point[0])
                  & (lonlat[near, 1] >= y0) & (lonlat[near, 1] <= y1))
        cand = near[inside]
        nc, nr, nin = w.cell(lonlat[cand])
        ok = nin & w.water[nr, nc]
        cand, nc, nr = cand[ok], nc[ok], nr[ok]
        border = np.zeros(w.water.shape, dtype=bool)
        border[[0, -1], :] = border[:, [0, -1]] = True
        level = None
        if levels:  # carry on from the cells the previous window reached
            seeds, costs, seed_from = _seeds(levels[-1], w)
            if len(seeds):
                dist, pred = w.dijkstra_from(seeds, costs)
                reached = np.isfinite(dist)
                if reached[nr, nc].any() or (reached & border).any():
                    level = _Level(w, dist, pred, seed_from)
        if level is None:  # place the point in this window
            labels = np.setdiff1d(np.concatenate((w.label[nr, nc], w.label[border])), [0])
            good = np.isin(w.label, labels)
            start = _attach(w, point, good) if wet else None
            here: Coord = (float(point[0]), float(point[1]))
            if start is None:
                start = _nearest(w, point, good)
                if start is None:
                    continue
                ll = w.lonlat(np.array([start[0]]), np.array([start[1]]))[0]
                here = (round(float(ll[0]), 6), round(float(ll[1]), 6))
            if distance_km(point, here) > max_access_km:
                if levels:
                    break  # keep the finer placement: its waters lead nowhere, and say so later
                continue
            water_pt, moved = here, distance_km(point, here)
            dist, pred = w.dijkstra(start)
            level = _Level(w, dist, pred, None)
            levels, access = [], {}
        levels.append(level)
        k = len(levels) - 1
        d = level.dist[nr, nc]
        reached = np.isfinite(d)
        if reached.any():
            node_ll = lonlat[cand[reached]]
            cell_ll = w.lonlat(nc[reached], nr[reached])
            hop = GEOD.inv(node_ll[:, 0], node_ll[:, 1], cell_ll[:, 0], cell_ll[:, 1])[2] / 1000.0
            flat = nr[reached] * w.n + nc[reached]
            for node, km, f in zip(cand[reached].tolist(), (d[reached] + hop).tolist(), flat.tolist()):
                if node not in access or km < access[node][0]:
                    access[node] = (km, k, f)
        if w.half_km >= MIN_ACCESS_WINDOW_KM and access and net.major[list(access)].any():
            break
    if not levels:
        raise RoutingError(f"{name} ({point[0]:.5f}, {point[1]:.5f}) is more than {max_access_km:g} km from "
                           "navigable water in the coastline data")
    return _End(point, water_pt, moved, levels, access)


def _seeds(prev: _Level, w: _Window) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cells of a coarser window that the previous level reaches, and at what cost.

    A cell of ``w`` is seeded from the reached cell of ``prev`` whose centre lies in it
    (the cheapest such, counting the hop between the two centres). The hop is clear of
    land: it stays inside a water cell of ``w``, whose neighbours are water too.
    Returns (flat cells of ``w``, costs in km, the ``seed_from`` array of ``w``).
    """
    pw = prev.window
    flat = np.flatnonzero(np.isfinite(prev.dist.ravel()))
    # both windows are centred on the end's point, so their planes differ by a scale and a shift
    xy = (np.column_stack((flat % pw.n, flat // pw.n)) + 0.5) * pw.cell_km - pw.half_km
    xy = (xy + w.half_km) / w.cell_km
    cr = np.floor(xy).astype(np.int64)
    inside = (cr >= 0).all(axis=1) & (cr < w.n).all(axis=1)
    flat, xy, cr = flat[inside], xy[inside], cr[inside]
    c, r = cr[:, 0], cr[:, 1]
    ok = w.water[r, c]
    flat, xy, c, r = flat[ok], xy[ok], c[ok], r[ok]
    # the hop in the coarser window's plane (a cost to choose by; lengths are measured on the line)
    hop = np.hypot(xy[:, 0] - 0.5 - c, xy[:, 1] - 0.5 - r) * w.cell_km
    cost = prev.dist.ravel()[flat] + hop
    target = r * w.n + c
    order = np.lexsort((cost, target))
    first = np.ones(len(order), dtype=bool)
    first[1:] = target[order][1:] != target[order][:-1]
    order = order[first]
    seed_from = np.full(w.n * w.n, -1, dtype=np.int64)
    seed_from[target[order]] = flat[order]
    return target[order], cost[order], seed_from


def _end_path(end: _End, level: int, flat: int) -> np.ndarray:
    """Cells from an end's water point to a cell of one of its levels (lon/lat, the water point first)."""
    parts = []
    while True:
        lv = end.levels[level]
        n = lv.window.n
        cells = [flat]
        while 0 <= lv.pred[cells[-1]] < n * n:
            cells.append(int(lv.pred[cells[-1]]))
        arr = np.array(cells[::-1])
        parts.append(lv.window.lonlat(arr % n, arr // n))
        if level == 0:
            break
        flat = int(lv.seed_from[cells[-1]])
        level -= 1
    return _drop_repeats(np.vstack([[end.water], *parts[::-1]]))


def _reach(end: _End, point: Coord, land: Land) -> tuple[float, int, int] | None:
    """The cheapest way from an end's water point to ``point`` inside its windows.

    Returns (km, level, flat cell) with the cell joined to ``point`` by a clear straight
    line, or None when no window reaches it.
    """
    best = None
    for k, lv in enumerate(end.levels):
        w = lv.window
        c, r, inside = w.cell(np.array([point]))
        if not inside[0] or not np.isfinite(lv.dist[r[0], c[0]]):
            continue
        centre = w.lonlat(c, r)
        if not segments_clear(centre, np.array([point]), land)[0]:
            continue
        km = float(lv.dist[r[0], c[0]]) + distance_km(tuple(centre[0]), point)
        if best is None or km < best[0]:
            best = (km, k, int(r[0] * w.n + c[0]))
    return best


# --------------------------------------------------------------------------- routes


@dataclass(frozen=True)
class SeaRoute:
    """A routed line on water and how it was made."""

    coords: tuple[Coord, ...]  # from the origin's water point to the destination's
    length_km: float
    origin_moved_km: float
    destination_moved_km: float
    origin_water: Coord
    destination_water: Coord
    passages: tuple[str, ...] = ()
    canal_km: float = 0.0  # length through canals that the coastline data draws as land
    notes: tuple[str, ...] = ()
    canal_spans: tuple[tuple[int, int], ...] = ()  # (first, last) indices of coords in such canals
    canals: tuple[tuple[str, float], ...] = ()  # (name, km) of each canal through land

    def water_segments(self) -> np.ndarray:
        """For each straight piece coords[i]→coords[i+1], whether it is on water (not a canal)."""
        mask = np.ones(max(len(self.coords) - 1, 0), dtype=bool)
        for first, last in self.canal_spans:
            mask[first:last] = False
        return mask

    @property
    def length_nmi(self) -> float:
        return self.length_km / KM_PER_NMI


def sea_route(origin: Coord, destination: Coord, *, origin_name: str = "the origin",
              destination_name: str = "the destination", max_access_km: float = MAX_ACCESS_KM,
              arctic: bool | None = None) -> SeaRoute:
    """The shortest water route found between two points, as a :class:`SeaRoute`.

    Points on land (a port town's point) start at the nearest navigable water, at most
    ``max_access_km`` away. The line clears the land of ``data/sea/land.bin`` everywhere
    but in canals the coastline draws as land (the Panama Canal), which it names. The
    Arctic routes (see :func:`load_network`) are used when ``arctic`` is True, or when it
    is None (the default) and an end is in Arctic waters (:func:`in_arctic`).

    :raises RoutingError: an end is too far from water, or the two waters do not connect.
    """
    origin = _check(origin, origin_name)
    destination = _check(destination, destination_name)
    land = load_land()
    if arctic is None:
        arctic = bool(in_arctic(np.array([origin, destination])).any())
    net = load_network(arctic)
    a = _place(origin, origin_name, land, net, max_access_km)
    b = _place(destination, destination_name, land, net, max_access_km)

    best_km, stretches = math.inf, None
    # 1. inside the origin's windows
    direct = _reach(a, b.water, land)
    if direct is not None:
        best_km = direct[0]
        stretches = [(np.vstack((_end_path(a, direct[1], direct[2]), [b.water])), None)]
    # 2. through the open-sea network
    if a.access and b.access:
        ends = np.array(list(b.access))
        tail = np.array([b.access[int(e)][0] for e in ends])
        # a first search bounded near the direct distance; again, wider, when the best
        # total it finds could still be beaten by a node beyond its bound
        limit = min(best_km, 2.5 * distance_km(a.water, b.water) + 500.0)
        while True:
            dist, pred = _network_dijkstra(net, a.access, limit=limit)
            total = dist[ends] + tail
            k = int(np.argmin(total))
            bound = min(best_km, float(total[k]))
            if bound <= limit or limit >= best_km:
                break
            limit = bound
        if np.isfinite(total[k]) and total[k] < best_km:
            best_km = float(total[k])
            stretches = _network_line(net, a, b, pred, int(ends[k]))
    if stretches is None:
        cold = not arctic and bool(in_arctic(np.array([a.water, b.water])).any())
        raise RoutingError(
            f"No sea route from {origin_name} to {destination_name}: their waters do not connect "
            f"in the coastline data ({land.dataset})"
            + (" without the Arctic routes, which are left out unless asked for (arctic=True)" if cold else "")
        )
    coords, canals, canal_spans = _finish(stretches, land)
    length = length_km(coords)
    passages = passages_on(coords, net)
    notes = []
    for end, name, verb in ((a, origin_name, "starts"), (b, destination_name, "ends")):
        if end.moved_km > 0:
            where = "on land" if on_land(np.array([end.point]), land)[0] else "in water too narrow for the grid"
            notes.append(f"{name}'s point is {where}: the route {verb} at the nearest navigable water, "
                         f"{end.moved_km:.1f} km away")
    for canal, km in canals.items():
        notes.append(f"{km:.0f} km through {canal}, whose locks and lakes the coastline data draws as land: "
                     "that stretch follows marnet's line and is not checked against the land")
    return SeaRoute(tuple((float(x), float(y)) for x, y in coords), length, round(a.moved_km, 3),
                    round(b.moved_km, 3), a.water, b.water, passages, round(sum(canals.values()), 3),
                    tuple(notes), canal_spans, tuple((name, round(km, 3)) for name, km in canals.items()))


def passages_on(coords: np.ndarray | Sequence[Coord], net: Network | None = None) -> tuple[str, ...]:
    """The named passages (straits, canals) a line goes through, in the order it meets them.

    A passage is named when the line comes within its gate's radius of its gate (see
    :class:`Gate`), measured in a plane tangent at the gate (a few km across, so exact
    enough).
    """
    net = net or load_network()
    p = np.asarray(coords, dtype=float).reshape(-1, 2)
    if len(p) == 0:
        return ()
    found = []
    for gate in net.gates:
        k = math.cos(math.radians(gate.lat))
        xy = np.column_stack((_wrap(p[:, 0] - gate.lon) * k, p[:, 1] - gate.lat)) * _KM_PER_DEG
        if len(xy) == 1:
            d = np.hypot(xy[:, 0], xy[:, 1])
        else:
            a, b = xy[:-1], xy[1:]
            ab = b - a
            t = np.clip(-(a * ab).sum(axis=1) / np.maximum((ab * ab).sum(axis=1), 1e-12), 0.0, 1.0)
            d = np.hypot(a[:, 0] + t * ab[:, 0], a[:, 1] + t * ab[:, 1])
        i = int(np.argmin(d))
        if d[i] <= gate.radius_km:
            found.append((i, PASSAGES.get(gate.passage, gate.passage)))
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


def _check(point: Coord, name: str) -> Coord:
    try:
        lon, lat = (float(v) for v in point)
    except (TypeError, ValueError) as exc:
        raise RoutingError(f"{name}: a point is a (lon, lat) pair, not {point!r}") from exc
    if math.isnan(lon) or math.isnan(lat) or not (-180 <= lon <= 180 and -90 < lat < 90):
        raise RoutingError(f"{name}: {point!r} is not a (lon, lat) pair in degrees")
    return (lon, lat)


def _network_dijkstra(net: Network, access: dict[int, tuple[float, int, int]], limit: float
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Dijkstra from the spare source row, joined to the origin's access nodes at their cost."""
    from scipy.sparse.csgraph import dijkstra

    items = sorted(((node, km) for node, (km, _, _) in access.items()), key=lambda kv: kv[1])[: net.source_slots]
    with net.lock:
        g = net.graph
        start, stop = int(g.indptr[net.source]), int(g.indptr[net.source + 1])
        idx = np.full(stop - start, net.source, dtype=g.indices.dtype)  # spare slots: self-loops
        data = np.full(stop - start, np.inf)
        for k, (node, km) in enumerate(items):
            idx[k], data[k] = node, max(km, 1e-6)
        g.indices[start:stop] = idx
        g.data[start:stop] = data
        dist, pred = dijkstra(g, indices=net.source, return_predecessors=True,
                              limit=limit if np.isfinite(limit) else np.inf)
    return dist, pred


def _network_line(net: Network, a: _End, b: _End, pred: np.ndarray, last: int
                  ) -> list[tuple[np.ndarray, str | None]]:
    """The raw line in stretches (coords, canal's name or None): origin windows, network, destination windows."""
    nodes = [last]
    while pred[nodes[-1]] >= 0 and pred[nodes[-1]] != net.source:
        nodes.append(int(pred[nodes[-1]]))
    nodes.reverse()
    first = nodes[0]
    _, level, flat = a.access[first]
    current: list[np.ndarray] = [_end_path(a, level, flat), net.lonlat[[first]]]
    stretches: list[tuple[np.ndarray, bool]] = []
    for u, v in zip(nodes[:-1], nodes[1:]):
        line, canal, passage = _edge_line(net, u, v)
        if canal:
            stretches.append((np.vstack(current), None))
            stretches.append((np.asarray(line), PASSAGES.get(passage or "", "a canal")))
            current = [np.asarray(line[-1:])]
        else:
            current.append(np.asarray(line[1:]))
    _, level, flat = b.access[last]
    current.append(_end_path(b, level, flat)[::-1])
    stretches.append((np.vstack(current), None))
    return stretches


def _finish(stretches: list[tuple[np.ndarray, str | None]], land: Land
            ) -> tuple[np.ndarray, dict[str, float], tuple[tuple[int, int], ...]]:
    """Water stretches pulled taut and densified, canal stretches as they are.

    Returns the line, the km in each canal (by name), and the canal stretches as
    (first, last) indices of the line's points.
    """
    out: list[np.ndarray] = []
    canal_km: dict[str, float] = {}
    spans, count = [], 0
    for line, canal in stretches:
        line = _drop_repeats(line)
        if canal:
            canal_km[canal] = canal_km.get(canal, 0.0) + length_km(line)
            drawn = line
            start = max(count - 1, 0)
            spans.append((start, start + len(line) - 1))
        else:
            drawn = densify(taut(line, land)) if len(line) > 1 else line
        piece = drawn if not out else drawn[1:]
        out.append(piece)
        count += len(piece)
    return np.vstack(out), canal_km, tuple(spans)


def _drop_repeats(line: np.ndarray) -> np.ndarray:
    keep = np.ones(len(line), dtype=bool)
    keep[1:] = np.any(np.diff(line, axis=0) != 0, axis=1)
    return line[keep]


# --------------------------------------------------------------------------- ports


@dataclass(frozen=True)
class Port:
    """A port of searoute's list (UN/LOCODE)."""

    locode: str
    name: str
    country: str
    lon: float
    lat: float

    @property
    def coord(self) -> Coord:
        return (self.lon, self.lat)


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in text if ch.isalnum())


@functools.cache
def load_ports() -> tuple[Port, ...]:
    """searoute's port list (``data/sea/ports.csv``)."""
    path = settings.data_dir / PORTS_FILE
    if not path.is_file():
        raise DataError(f"Port list {path} is missing; build it with data/sea/build.py")
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(Port(r["locode"], r["name"], r["country"], float(r["lon"]), float(r["lat"]))
                     for r in csv.DictReader(fh))


def find_port(name: str, near: Coord | None = None, *, within_km: float = 30.0) -> Port | None:
    """The port named ``name`` (or with that UN/LOCODE), the nearest to ``near`` if given.

    Examples
    --------
    >>> find_port("KPNJN").name
    'Najin'
    """
    key = _key(name)
    if not key:
        return None
    found = [p for p in load_ports() if _key(p.name) == key or p.locode.lower() == key]
    if near is not None:
        found = [p for p in found if distance_km(near, p.coord) <= within_km]
        found.sort(key=lambda p: distance_km(near, p.coord))
    return found[0] if found else None


# --------------------------------------------------------------------------- legs


def network_description() -> str:
    """The datasets a sea leg is routed on, with their versions."""
    return f"sea: {LAND_DATASET}; {NETWORK_DATASET}"


def _port_of(stop: Stop) -> Port | None:
    """The port of searoute's list that a stop names, within 30 km of its place (or None)."""
    place = stop.place
    names = dict.fromkeys([place.name, stop.label, stop.mention.surface if stop.mention else ""])
    return next((p for p in (find_port(n, place.coord) for n in names if n) if p), None)


def sea_leg(plan: LegPlan, *, options: RouteOptions | None = None) -> Leg:
    """Route a sea leg on water (see the module's description): the router of ``"sea"`` legs.

    Each stop that names a port of searoute's list (UN/LOCODE) within 30 km starts at that
    port's point, else at the place's point; a point on land then moves to the nearest
    navigable water (at most :data:`MAX_ACCESS_KM`). The leg's line runs from the origin's
    point to the destination's: the links from a place to its port and to the water are
    ``access`` pieces, a canal the coastline draws as land is a ``canal`` piece (both
    inferred, drawn dashed, not checked against the land); the rest is on water, checked.
    ``length_km`` is the whole line's geodesic length (WGS84), inferred pieces included;
    ``via`` names the straits and canals passed; ``notes`` say how far each end was moved,
    which port was used, and the length on water in km and nautical miles.

    ``options`` (the rail and road settings: country rules, via points) do not apply to
    sea legs and are ignored.

    :raises RoutingError: an end is too far from water, or the waters do not connect;
        the message names the places.
    """
    o_stop, d_stop = plan.origin, plan.destination
    o_name, d_name = o_stop.written, d_stop.written
    ports = (_port_of(o_stop), _port_of(d_stop))
    try:
        route = sea_route(*(port.coord if port else stop.place.coord for port, stop in zip(ports, (o_stop, d_stop))),
                          origin_name=o_name, destination_name=d_name)
    except RoutingError:
        if ports == (None, None):
            raise
        # a port's point may be off (inland, in a dock the coastline does not draw): the places' points
        ports = (None, None)
        route = sea_route(o_stop.place.coord, d_stop.place.coord, origin_name=o_name, destination_name=d_name)
    land = load_land()
    notes: list[str] = []
    ends = []
    for stop, port, water, moved, verb in ((o_stop, ports[0], route.origin_water, route.origin_moved_km, "starts"),
                                          (d_stop, ports[1], route.destination_water,
                                           route.destination_moved_km, "ends")):
        place = stop.place
        start = port.coord if port else place.coord
        who = f"{stop.written}'s point"
        if port is not None:
            notes.append(f"{stop.written}: the leg {verb} at the port of {port.name} (UN/LOCODE {port.locode}, "
                         f"searoute's port list), {distance_km(place.coord, start):.1f} km from the town's point.")
            who = f"The port of {port.name}'s point"
        if moved > 0:
            where = "on land" if on_land(np.array([start]), land)[0] else "in water too narrow for the router's grid"
            notes.append(f"{who} is {where}: the route {verb} at the nearest navigable water, {moved:.1f} km away.")
        ends.append((place.coord, start, water))
    (o_place, o_start, o_water), (d_place, d_start, d_water) = ends
    water = tuple(route.coords)
    pieces: list[LegPiece] = []
    head = _dedupe([o_place, o_start, o_water])
    tail = _dedupe([d_water, d_start, d_place])
    if len(head) > 1:
        pieces.append(LegPiece(tuple(head), inferred=True, kind="access"))
    cursor = 0
    for first, last in route.canal_spans:  # a canal through land: dashed, not checked
        if first > cursor:
            pieces.append(LegPiece(water[cursor : first + 1], inferred=False, kind="network"))
        pieces.append(LegPiece(water[first : last + 1], inferred=True, kind="canal"))
        cursor = last
    if cursor < len(water) - 1 or len(water) == 1:
        pieces.append(LegPiece(water[cursor:], inferred=False, kind="network"))
    if len(tail) > 1:
        pieces.append(LegPiece(tuple(tail), inferred=True, kind="access"))
    coords = tuple(_dedupe([*head, *water, *tail]))
    if len(coords) == 1:
        coords = (coords[0], coords[0])
    for canal, km in route.canals:
        notes.append(f"{km:,.0f} km through {canal}, whose locks and lakes the coastline data draws as land: "
                     "that stretch follows marnet's line and is not checked against the land.")
    notes.append(f"{route.length_km:,.1f} km ({route.length_nmi:,.1f} nmi) on water.")
    return Leg(plan=plan, coords=coords, length_km=round(length_km(coords), 3), drawn_as="sea",
               network=network_description(), pieces=tuple(pieces), via=route.passages, notes=tuple(notes))


def _dedupe(points: Iterable[Coord]) -> list[Coord]:
    out: list[Coord] = []
    for p in points:
        p = (float(p[0]), float(p[1]))
        if not out or out[-1] != p:
            out.append(p)
    return out


# --------------------------------------------------------------------------- the reference: an exact shortest path


def visibility_shortest(a: Coord, b: Coord, max_km: float, land: Land | None = None, *,
                        max_vertices: int | None = None) -> tuple[np.ndarray, float, int]:
    """The shortest water path from ``a`` to ``b`` among the land's vertices (a visibility graph).

    The reference :func:`sea_route` is measured against. A shortest path among polygons
    bends only at convex corners of the land, so its vertices are those corners; a path
    no longer than ``max_km`` stays inside the ellipse whose foci are ``a`` and ``b`` and
    whose distances add up to ``max_km``. So: every convex land vertex in that ellipse,
    every pair of them (and the ends) that sees each other without crossing land and
    leaves both corners on the same side (bitangent), weighted by geodesic length, and a
    Dijkstra. Exact at the resolution of the land data for paths up to ``max_km``,
    with straight lon/lat edges (as :func:`segments_clear` checks them). An edge may
    touch the land (run along a coast edge, graze a corner); it may not cross it.

    Returns ``(line, length_km, vertices_considered)``; the length is ``inf`` when no path
    of at most ``max_km`` exists, and ``nan`` when more than ``max_vertices`` corners would
    have to be considered (the graph grows with their square).
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    land = land or load_land()
    a = (float(a[0]), float(a[1]))
    b = (float(b[0]), float(b[1]))
    # the ellipse's bounding box (generously, in degrees)
    reach = max_km / 2 + 1.0
    mid_lat = (a[1] + b[1]) / 2
    dlat = reach / 110.0 + 0.05
    dlon = reach / (110.0 * max(math.cos(math.radians(min(abs(mid_lat) + dlat, 89.0))), 0.05)) + 0.05
    lo_lon, hi_lon = min(a[0], b[0]) - dlon, max(a[0], b[0]) + dlon
    lo_lat, hi_lat = min(a[1], b[1]) - dlat, max(a[1], b[1]) + dlat
    region = shapely.box(lo_lon, lo_lat, hi_lon, hi_lat)
    idx = land.tree.query(region)
    bx = land.boxes_in(lo_lon, lo_lat, hi_lon, hi_lat)
    parts = np.concatenate((land.pieces[idx], shapely.box(land.box_lo[bx, 0], land.box_lo[bx, 1],
                                                           land.box_hi[bx, 0], land.box_hi[bx, 1])))
    union = shapely.intersection(shapely.union_all(parts), region) if len(parts) else shapely.Polygon()
    # edges may touch the coast, not cross it: test them against the land shrunk by 1e-6° (≈ 0.1 m)
    shrunk = shapely.buffer(union, -1e-6, join_style="mitre")
    shapely.prepare(shrunk)
    verts, prev, nxt = [], [], []
    for poly in shapely.get_parts(shapely.orient_polygons(union) if len(parts) else union):
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            r = np.asarray(ring.coords)[:-1]
            if len(r) < 3:
                continue
            p0, p2 = np.roll(r, 1, axis=0), np.roll(r, -1, axis=0)
            cross = (r[:, 0] - p0[:, 0]) * (p2[:, 1] - r[:, 1]) - (r[:, 1] - p0[:, 1]) * (p2[:, 0] - r[:, 0])
            convex = cross > 0  # land on the left: a left turn is a corner of land
            verts.append(r[convex])
            prev.append(p0[convex])
            nxt.append(p2[convex])
    v = np.vstack([np.array([a, b])] + verts) if verts else np.array([a, b])
    pv = np.vstack([np.full((2, 2), np.nan)] + prev) if prev else np.full((2, 2), np.nan)
    nv = np.vstack([np.full((2, 2), np.nan)] + nxt) if nxt else np.full((2, 2), np.nan)
    n0 = len(v)
    _, _, da = GEOD.inv(np.full(n0, a[0]), np.full(n0, a[1]), v[:, 0], v[:, 1])
    _, _, db = GEOD.inv(np.full(n0, b[0]), np.full(n0, b[1]), v[:, 0], v[:, 1])
    inside = (da + db) / 1000.0 <= max_km * (1 + 1e-9) + 1e-6
    inside[:2] = True
    v, pv, nv = v[inside], pv[inside], nv[inside]
    n = len(v)
    if max_vertices is not None and n > max_vertices:
        return np.array([a, b]), math.nan, n
    iu, ju = np.triu_indices(n, 1)
    d = v[ju] - v[iu]

    def tangent(k: np.ndarray) -> np.ndarray:
        """At corner k, both its neighbours lie on one side of the line (or on it)."""
        s1 = d[:, 0] * (pv[k, 1] - v[k, 1]) - d[:, 1] * (pv[k, 0] - v[k, 0])
        s2 = d[:, 0] * (nv[k, 1] - v[k, 1]) - d[:, 1] * (nv[k, 0] - v[k, 0])
        eps = 1e-12  # coordinates are multiples of 1e-4°: anything this small is zero
        return (k < 2) | (s1 * s2 >= 0) | (np.abs(s1) < eps) | (np.abs(s2) < eps)

    keep = tangent(iu) & tangent(ju)
    iu, ju = iu[keep], ju[keep]
    lines = shapely.linestrings(np.stack((v[iu], v[ju]), axis=1).reshape(-1, 2),
                                indices=np.repeat(np.arange(len(iu)), 2)) if len(iu) else np.zeros(0, object)
    clear = ~shapely.intersects(shrunk, lines)
    us, vs = [iu[clear]], [ju[clear]]
    u = np.concatenate(us)
    w = np.concatenate(vs)
    km = GEOD.inv(v[u, 0], v[u, 1], v[w, 0], v[w, 1])[2] / 1000.0
    g = csr_matrix((np.maximum(km, 1e-9), (u, w)), shape=(n, n))
    dist, pred = dijkstra(g, directed=False, indices=0, return_predecessors=True)
    if not np.isfinite(dist[1]):
        return np.array([a, b]), math.inf, n
    path = [1]
    while path[-1] != 0:
        path.append(int(pred[path[-1]]))
    line = v[path[::-1]]
    return line, length_km(line), n

