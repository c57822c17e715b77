"""The open-sea network: water points every :data:`GRID_DEG` degrees, each linked to its 16
neighbours where the link clears the land, plus Eurostat's marnet lines (as shipped by
``searoute`` 1.6.0), each re-routed where it crossed the land (``data/sea/network.bin``,
built by ``data/sea/build.py``); the straits and canals on it (:class:`Gate`).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

import numpy as np

from routes import settings
from routes.errors import DataError
from routes.geodesy import GEOD
from routes.route.sea.container import read_container
from routes.route.sea.land import LAND_DATASET

#: What ``network.bin`` holds.
NETWORK_DATASET: str = (
    "0.25° water grid (8 neighbours and 8 knight's moves) checked against the land above + "
    "Eurostat marnet as shipped by searoute 1.6.0, re-routed where it crossed that land"
)
NETWORK_FILE = "sea/network.bin"
GRID_DEG = 0.25  # spacing of the open-sea grid, degrees
MAJOR_COMPONENT = 500  # nodes: a network component this large is a sea, not a pocket between islands
#: Grid links stored in ``network.bin`` (bit, d_col, d_row): the 8 neighbours and the 8
#: knight's moves, half of them (the other half are their reverses). With knight's moves
#: a path on the grid is at most about 3% longer than the straight line (8% without).
GRID_DIRS: tuple[tuple[int, int, int], ...] = (
    (1, 1, 0), (2, 1, 1), (3, 0, 1), (4, -1, 1), (5, 2, 1), (6, 1, 2), (7, -1, 2), (8, -2, 1))


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
    return build_network(bool(arctic))


@functools.cache
def build_network(arctic: bool) -> Network:
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
    steps = [(bit, dc, dr, False) for bit, dc, dr in GRID_DIRS] + [(bit, -dc, -dr, True)
                                                                      for bit, dc, dr in GRID_DIRS]
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


def edge_line(net: Network, u: int, v: int) -> tuple[np.ndarray, bool, str | None]:
    """The drawn line of a network edge u→v, whether it is a canal, and its passage."""
    if (u, v) in net.edge_geom:
        line, key = net.edge_geom[(u, v)], (u, v)
    elif (v, u) in net.edge_geom:
        line, key = net.edge_geom[(v, u)][::-1], (v, u)
    else:
        line, key = net.lonlat[[u, v]], (u, v) if (u, v) in net.edge_passage or (u, v) in net.canals else (v, u)
    return line, key in net.canals, net.edge_passage.get(key)
