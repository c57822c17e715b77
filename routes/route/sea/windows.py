"""Local windows: fine grids of water cells around a route's ends, drawn from the land.

A point on land moves to the nearest water cell that leads somewhere; a Dijkstra on the cells
(8 neighbours and knight's moves) gives the cost from the end to every open-sea node in the
window. :func:`local_route` is the same search between two near points (used at build time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from PIL import Image, ImageDraw

from routes.geodesy import GEOD, distance_km
from routes.model import Coord
from routes.route.sea.land import Land, load_land, segments_clear, wrap_lon
from routes.route.sea.taut import taut

KM_PER_DEG = 111.2  # planar scale of the local windows (only for the grid, not for lengths)


@dataclass
class Window:
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
        self.kx = KM_PER_DEG * max(math.cos(math.radians(self.lat0)), 0.05)

    # coordinates -------------------------------------------------------------
    def xy(self, lonlat: np.ndarray) -> np.ndarray:
        """Continuous cell coordinates (col, row) of lon/lat points (cell centres at .5)."""
        p = np.asarray(lonlat, dtype=float).reshape(-1, 2)
        x = wrap_lon(p[:, 0] - self.lon0) * self.kx + self.half_km
        y = (p[:, 1] - self.lat0) * KM_PER_DEG + self.half_km
        return np.column_stack((x, y)) / self.cell_km

    def lonlat(self, col: np.ndarray, row: np.ndarray) -> np.ndarray:
        """Lon/lat of cell centres."""
        x = (np.asarray(col) + 0.5) * self.cell_km - self.half_km
        y = (np.asarray(row) + 0.5) * self.cell_km - self.half_km
        return np.column_stack((wrap_lon(self.lon0 + x / self.kx), self.lat0 + y / KM_PER_DEG))

    def cell(self, lonlat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(col, row, inside) of the cells that hold each point."""
        xy = np.floor(self.xy(lonlat)).astype(np.int64)
        inside = (xy >= 0).all(axis=1) & (xy < self.n).all(axis=1)
        return np.clip(xy[:, 0], 0, self.n - 1), np.clip(xy[:, 1], 0, self.n - 1), inside

    def bounds(self) -> tuple[float, float, float, float]:
        dlon = self.half_km / self.kx * 1.001
        dlat = self.half_km / KM_PER_DEG * 1.001
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
            for (px0, py0), (px1, py1) in zip(lo.tolist(), hi.tolist(), strict=False):
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
            via: tuple[tuple[int, int], ...]
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
    by_cell = valid.reshape(size, len(_STEPS))
    rows, which = np.nonzero(by_cell)  # row-major: sorted by cell, then by step
    offsets = np.array([dr * n + dc for dr, dc, _ in _STEPS], dtype=np.int64)
    steps = np.array([math.hypot(dr, dc) * cell_km for dr, dc, _ in _STEPS])
    indices = rows + offsets[which]
    data = steps[which]
    counts = by_cell.sum(axis=1)
    if seeds is not None:
        order = np.argsort(seeds)
        indices = np.concatenate((indices, np.asarray(seeds, dtype=np.int64)[order]))
        data = np.concatenate((data, np.maximum(np.asarray(costs, dtype=float)[order], 1e-9)))  # no zeros
        counts = np.append(counts, len(order))
        size += 1
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return csr_matrix((data, indices.astype(np.int32), indptr.astype(np.int32)), shape=(size, size))


def window(center: Coord, half_km: float, cell_km: float, land: Land) -> Window:
    w = Window(float(center[0]), float(center[1]), half_km, cell_km)
    w.rasterise(land)
    return w


def attach(w: Window, point: Coord, good: np.ndarray, reach: int = 4) -> tuple[int, int] | None:
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


def nearest_cell(w: Window, point: Coord, good: np.ndarray) -> tuple[int, int] | None:
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
    w = window(mid, half, cell, land)
    sa = attach(w, a, w.water)
    sb = attach(w, b, w.water)
    if sa is None or sb is None or w.label[sa[1], sa[0]] != w.label[sb[1], sb[0]]:
        return None
    _, pred = w.dijkstra(sa)
    cells = w.path(pred, sb)
    raw = np.vstack(([a], cells, [b]))
    return taut(raw, land)
