"""Rail and road legs on OpenStreetMap's railway and highway networks.

A leg is routed on a graph shipped in ``data/networks/`` (``railways.npz``, ``highways.npz``;
see ``data/SOURCES.md``): OpenStreetMap's world railways and highways as simplified by
the PyPI package ``scgraph-data`` 2.0.0, converted once by ``data/networks/build.py``.

1. **Gaps.** OpenStreetMap's lines break in many places (the railway graph has 787
   connected components). At build time each dead end was joined to the nearest node of
   another component within :data:`BRIDGE_TOLERANCE_KM`, when the straight join runs
   over land. Those joins are *bridges*: inferred pieces (dashed on the map, flagged in
   the GeoJSON) counted in the leg's inferred share. The router makes every inferred
   kilometre cost :data:`INFERRED_COST` kilometres, so a surveyed line is preferred to a
   bridge or a long access link of about the same length.
2. **Countries.** Every edge carries the countries its straight line meets (Natural
   Earth 10m, internationally recognised borders: ``routes.route.border``'s dataset). A leg
   whose two ends are in one country stays in that country (and in the countries of its
   via points) unless :attr:`RouteOptions.stay_in_country` is off;
   :attr:`RouteOptions.avoid_countries` drops every edge that meets a named country.
   A rule only masks edges: the cached graph is never changed.
3. **Ends.** Each stop (origin, via points, destination) is joined by a straight,
   inferred *access* piece to a node of the network within its ``max_access_km`` that it
   reaches over land (at most :data:`ACCESS_SEA_KM` off the country polygons): one of
   the :data:`ACCESS_CANDIDATES` nearest, or the nearest of each part of the network in
   reach. A Dijkstra (``scipy.sparse.csgraph``) from a virtual source joined to the
   origin's candidates picks the entry and the exit that make the cheapest leg.
4. **Main lines.** A leg prefers the main lines named in ``data/networks/main_lines.json``
   (the Trans-Siberian Railway, by its principal stations): a kilometre off them costs
   :data:`MAIN_LINE_PREFERENCE` kilometres, so a parallel line has to be clearly shorter
   to be taken (the Baikal-Amur Mainline, about 250 km shorter between Skovorodino and
   Tayshet on the map but single-track and mountainous, is not). The leg's notes say how
   much of it runs on each main line; :attr:`RouteOptions.prefer_main_lines` off gives
   the plain shortest path.
5. **Junctions.** The main junctions passed are the gazetteer's towns of
   :data:`JUNCTION_MIN_POPULATION` people or more within :data:`JUNCTION_TOWN_KM` of a
   junction node of the route (three neighbours or more), the most populous first, at
   least :data:`JUNCTION_SPACING_KM` apart along it.

A leg's length is its length **along the track**: the dataset's length of each edge
(OpenStreetMap's line before the dataset simplified it to a straight edge, moved to the
WGS84 ellipsoid at build time) plus the geodesic length (WGS84) of the inferred pieces.
The drawn line is the simplified one; its geodesic length is in the leg's notes.
Coordinates are ``(lon, lat)`` everywhere.

Examples
--------
>>> from routes.model import RouteOptions
>>> RouteOptions().stay_in_country
True
>>> RouteOptions(avoid_countries=("CN",), via=((113.5, 52.05),)).via
((113.5, 52.05),)
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely

from routes import settings
from routes.errors import BorderError, DataError, RoutingError
from routes.geodesy import GEOD, distance_km, line_length_km
from routes.model import Coord, Leg, LegPiece, LegPlan, RouteOptions

if TYPE_CHECKING:
    from scipy.spatial import cKDTree

#: Format of the files written by ``data/networks/build.py`` (the loader checks it).
FILE_FORMAT = 1
#: Gaps joined at build time, km (the files record it; the loader checks it).
BRIDGE_TOLERANCE_KM = 30.0
#: An inferred kilometre (bridge or access link) costs this many in the router.
INFERRED_COST = 2.0
#: How many of the nearest nodes a stop may enter the network by (besides the nearest
#: node of each part of the network in reach).
ACCESS_CANDIDATES = 16
#: A kilometre off the main lines costs this many in the router (when they are preferred).
MAIN_LINE_PREFERENCE = 1.25
#: Towns named as junctions have at least this many people (gazetteer, GeoNames).
JUNCTION_MIN_POPULATION = 50_000
#: A junction is named when its town lies within this of the junction node, km.
JUNCTION_TOWN_KM = 10.0
#: Named junctions are at least this far apart along the route, km.
JUNCTION_SPACING_KM = 150.0
#: A stop off every country polygon but this close to one (degrees) is in that country.
COAST_TOLERANCE_DEG = 0.1
#: An access link runs over land: at most this much of it may lie off the country
#: polygons (a quay, a coast drawn at 1:10m), km.
ACCESS_SEA_KM = 2.0

_EARTH_KM = 6371.0088  # mean radius: only to turn chords into search radii, never for lengths


@dataclass(frozen=True)
class NetworkSpec:
    """One routable network and the file that holds it."""

    key: str  # "rail" or "road": the mode the leg is drawn as
    file: str  # relative to settings.data_dir
    dataset: str  # as the file records it
    label: str  # Leg.network
    noun: str  # "railway", "road": for messages
    max_access_km: float  # farthest a stop may be from the network
    main_lines: str | None = None  # JSON file of the main lines to prefer, relative to settings.data_dir


#: The networks, by the mode they are drawn as.
NETWORKS: dict[str, NetworkSpec] = {
    "rail": NetworkSpec(
        "rail", "networks/railways.npz",
        "OpenStreetMap world railways as simplified in scgraph-data 2.0.0 (world_railways)",
        "OpenStreetMap railways (scgraph-data 2.0.0), gaps bridged up to 30 km",
        "railway", 60.0, "networks/main_lines.json"),
    "road": NetworkSpec(
        "road", "networks/highways.npz",
        "OpenStreetMap world highways as simplified in scgraph-data 2.0.0 (world_highways)",
        "OpenStreetMap highways (scgraph-data 2.0.0), gaps bridged up to 30 km",
        "road", 60.0),
}


# --------------------------------------------------------------------------- the graphs


@dataclass(frozen=True)
class Network:
    """A loaded network (read-only arrays, shared by every request)."""

    spec: NetworkSpec
    meta: dict
    lonlat: np.ndarray  # (nodes, 2) degrees
    xyz: np.ndarray  # (nodes, 3) unit vectors, for nearest-node searches
    edges: np.ndarray  # (edges, 2) u < v
    length_km: np.ndarray  # (edges,) along the track (bridges: geodesic)
    bridge: np.ndarray  # (edges,) bool
    node_cc: np.ndarray  # (nodes,) country index, 255 none
    edge_cc: np.ndarray  # (edges,) country index, 255 none, 254 several (listed in multi_*)
    multi_edge: np.ndarray  # one row per (edge, country) for the edges that meet several
    multi_cc: np.ndarray
    countries: tuple[str, ...]  # ISO alpha-2 code of each country index
    degree: np.ndarray  # (nodes,) neighbours, bridges included
    # both directions of every edge sorted by (row, column): a CSR layout
    indptr: np.ndarray  # (nodes + 1,)
    row: np.ndarray
    col: np.ndarray
    entry_edge: np.ndarray  # the edge of each entry

    @property
    def size(self) -> int:
        return len(self.lonlat)

    def country_index(self, code: str) -> int:
        """The index of a country code in this network's tags."""
        try:
            return self.countries.index(code)
        except ValueError:
            raise RoutingError(f"No country {code!r} in the {self.spec.noun} network's boundary data") from None


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _unit_xyz(lonlat: np.ndarray) -> np.ndarray:
    """Unit vectors of ``(lon, lat)`` points (on a sphere: for nearest-point searches only)."""
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    out = np.empty((len(lonlat), 3))
    cos_lat = np.cos(lat)
    np.multiply(cos_lat, np.cos(lon), out=out[:, 0])
    np.multiply(cos_lat, np.sin(lon), out=out[:, 1])
    np.sin(lat, out=out[:, 2])
    return out


@functools.cache
def load_network(key: str) -> Network:
    """The ``"rail"`` or ``"road"`` network, loaded once per process and shared.

    :raises DataError: the file is missing, unreadable or holds another dataset.
    """
    if key not in NETWORKS:
        raise DataError(f"No network {key!r}: choose one of {', '.join(NETWORKS)}")
    spec = NETWORKS[key]
    path = settings.data_dir / spec.file
    if not path.is_file():
        raise DataError(f"Network file {path} is missing; build it with data/networks/build.py (see data/SOURCES.md)")
    from routes.boundaries import BOUNDARY_DATASET

    expected = (FILE_FORMAT, spec.dataset, BOUNDARY_DATASET, BRIDGE_TOLERANCE_KM)
    try:
        with np.load(path, allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
            found = (meta.get("format"), meta.get("dataset"), meta.get("boundary"), meta.get("bridge_tolerance_km"))
            if found != expected:
                raise DataError(f"Network file {path} holds {found!r}, expected {expected!r}; rebuild it with "
                                "data/networks/build.py")
            a = {name: f[name] for name in f.files}
        lonlat = a["lonlat"].astype(np.float64) / 1000.0
        edges = a["edges"].astype(np.int32)
    except DataError:
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"Cannot read network file {path}: {exc}") from exc
    from scipy.sparse import coo_matrix

    n, m = len(lonlat), len(edges)
    ids = np.arange(1, m + 1, dtype=np.int32)  # edge + 1: no explicit zero
    layout = coo_matrix((np.concatenate((ids, ids)), (np.concatenate((edges[:, 0], edges[:, 1])),
                                                       np.concatenate((edges[:, 1], edges[:, 0])))),
                        shape=(n, n)).tocsr()
    layout.sort_indices()
    indptr = layout.indptr.astype(np.int64)
    return Network(
        spec=spec, meta=meta,
        lonlat=_readonly(lonlat), xyz=_readonly(_unit_xyz(lonlat)), edges=_readonly(edges),
        length_km=_readonly(a["length_m"].astype(np.float64) / 1000.0), bridge=_readonly(a["bridge"]),
        node_cc=_readonly(a["node_cc"]), edge_cc=_readonly(a["edge_cc"]),
        multi_edge=_readonly(a["multi_edge"]), multi_cc=_readonly(a["multi_cc"]),
        countries=tuple(meta["countries"]), degree=_readonly(np.diff(indptr)),
        indptr=_readonly(indptr), row=_readonly(np.repeat(np.arange(n, dtype=np.int32), np.diff(indptr))),
        col=_readonly(layout.indices.astype(np.int32)), entry_edge=_readonly(layout.data - 1),
    )


# --------------------------------------------------------------------------- country rules


@dataclass(frozen=True)
class _Rule:
    """The countries a route may touch: ``only`` (None: any), less ``avoid``."""

    only: frozenset[str] | None = None
    avoid: frozenset[str] = frozenset()
    prefer_main: bool = False

    def describe(self) -> str:
        parts = []
        if self.only is not None:
            parts.append(f"kept within {_names(self.only)}")
        if self.avoid:
            parts.append(f"avoiding {_names(self.avoid)}")
        return " and ".join(parts)


def _names(codes: Sequence[str] | frozenset[str]) -> str:
    """Country names of codes, as the boundary dataset gives them."""
    from routes.boundaries import load_boundaries

    frame = load_boundaries()
    by_code = dict(zip(frame["iso_a2"], frame["name"], strict=True))
    return ", ".join(sorted(str(by_code.get(c, c)) for c in codes))


def country_at(point: Coord) -> str | None:
    """The country a ``(lon, lat)`` point lies in, per ``routes.route.border``'s default view.

    A point just off the coast (within :data:`COAST_TOLERANCE_DEG`) is in the nearest
    country; a point at sea farther out is in none (``None``).
    """
    from routes.boundaries import load_boundaries

    frame = load_boundaries()
    p = shapely.Point(point)
    hits = frame.sindex.query(p, predicate="intersects")
    if len(hits) == 0:
        hits = frame.sindex.nearest(p, max_distance=COAST_TOLERANCE_DEG, return_all=False)[1]
    return str(frame["iso_a2"].iloc[int(hits[0])]) if len(hits) else None


def _rule(origin: Coord, destination: Coord, options: RouteOptions) -> _Rule:
    from routes.boundaries import country_shape

    avoid = set()
    for code in options.avoid_countries:
        try:
            country_shape(code)
        except BorderError as exc:
            raise RoutingError(f"Cannot avoid country {code!r}: {exc}") from exc
        avoid.add(code.strip().upper())
    only = None
    if options.stay_in_country:
        a, b = country_at(origin), country_at(destination)
        if a is not None and a == b:
            only = frozenset({a} | {c for c in map(country_at, options.via) if c is not None}
                             | {c.upper() for c in options.through_countries})
    return _Rule(only, frozenset(avoid), options.prefer_main_lines)


@functools.lru_cache(maxsize=16)
def _allowed_edges(key: str, rule: _Rule) -> np.ndarray:
    """Boolean mask of the edges a rule lets a route use."""
    net = load_network(key)
    m = len(net.edges)
    ok = np.ones(m, dtype=bool)
    if rule.only is not None:
        idx = [net.country_index(c) for c in rule.only]
        ok = np.isin(net.edge_cc, idx)
        several = np.zeros(m, dtype=bool)
        several[net.multi_edge] = True
        several[net.multi_edge[~np.isin(net.multi_cc, idx)]] = False  # meets a country outside
        ok |= several
    if rule.avoid:
        idx = [net.country_index(c) for c in rule.avoid]
        ok &= ~np.isin(net.edge_cc, idx)
        ok[net.multi_edge[np.isin(net.multi_cc, idx)]] = False
    return _readonly(ok)


@dataclass(frozen=True)
class _Graph:
    """A network under one rule: a CSR layout with one more, empty row (the query's source)."""

    indptr: np.ndarray  # (nodes + 2,)
    indices: np.ndarray
    cost: np.ndarray
    usable: np.ndarray  # (nodes,) bool: the node has an allowed edge
    part: np.ndarray  # (nodes,) connected component under the rule


@functools.lru_cache(maxsize=16)
def _graph(key: str, rule: _Rule) -> _Graph:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    net = load_network(key)
    keep = _allowed_edges(key, rule)[net.entry_edge]
    edge_cost = net.length_km * np.where(net.bridge, INFERRED_COST, 1.0)
    if rule.prefer_main and net.spec.main_lines:
        edge_cost = edge_cost * np.where(_main_lines(key)[0] >= 0, 1.0, MAIN_LINE_PREFERENCE)
    edge_cost = np.maximum(edge_cost, 1e-6)  # csgraph: 0 is no edge
    counts = np.bincount(net.row[keep], minlength=net.size + 1)
    indptr = np.concatenate(([0], np.cumsum(counts)))
    indices = net.col[keep]
    cost = edge_cost[net.entry_edge[keep]]
    usable = counts[: net.size] > 0
    n = net.size
    matrix = csr_matrix((cost, indices, indptr[: n + 1]), shape=(n, n))
    part = connected_components(matrix, directed=False)[1]
    return _Graph(_readonly(indptr), _readonly(indices), _readonly(cost), _readonly(usable), _readonly(part))


@functools.cache
def _main_lines(key: str) -> tuple[np.ndarray, tuple[str, ...]]:
    """Which main line each edge belongs to (-1: none), and the lines' names.

    A main line is the shortest path on the network between its consecutive stations,
    each stretch kept within its two stations' country when they share one.
    """
    from routes.read.gazetteer import gazetteer

    net = load_network(key)
    line_of = np.full(len(net.edges), -1, dtype=np.int16)
    if not net.spec.main_lines:
        return _readonly(line_of), ()
    path = settings.data_dir / net.spec.main_lines
    try:
        lines = json.loads(path.read_text(encoding="utf-8"))["lines"]
        stations = [[(int(gid), str(name)) for gid, name in line["stations"]] for line in lines]
        names = tuple(str(line["name"]) for line in lines)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"Cannot read the main lines in {path}: {exc}") from exc
    for k, line in enumerate(stations):
        points = []
        for gid, name in line:
            place = gazetteer().by_id(gid)
            if place is None:
                raise DataError(f"{path}: station {name} (GeoNames {gid}) is not in the gazetteer")
            points.append((name, place.coord))
        for (na, a), (nb, b) in zip(points[:-1], points[1:], strict=True):
            rule = _rule(a, b, RouteOptions(prefer_main_lines=False))
            seg = _route_segment(net, rule, a, b, na, nb)
            if len(seg.nodes) > 1:
                line_of[_edge_ids(net, seg.nodes)] = k
    return _readonly(line_of), names


# --------------------------------------------------------------------------- routing


def _check_point(point: object, what: str) -> Coord:
    try:
        lon, lat = (float(v) for v in point)  # type: ignore[attr-defined]
    except (TypeError, ValueError) as exc:
        raise RoutingError(f"{what}: a point is a (lon, lat) pair, not {point!r}") from exc
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise RoutingError(f"{what}: {point!r} is not a (lon, lat) pair in degrees")
    return (lon, lat)


def _chords(net: Network, graph: _Graph, point: Coord) -> np.ndarray:
    """Chord (unit sphere) from a point to every node; infinite for nodes the rule leaves out."""
    chord = np.linalg.norm(net.xyz - _unit_xyz(np.array([point]))[0], axis=1)
    chord[~graph.usable] = np.inf
    return chord


@functools.cache
def _prepared_country(code: str) -> shapely.Geometry:
    """A prepared copy of a country's polygons (the shared boundary frame is left as it is)."""
    from routes.boundaries import country_shape

    shape = shapely.from_wkb(shapely.to_wkb(country_shape(code)))
    shapely.prepare(shape)
    return shape


def _sea_km(point: Coord, targets: np.ndarray) -> np.ndarray:
    """How much of the straight line from ``point`` to each target lies off every country, km."""
    from routes.boundaries import load_boundaries

    start = np.broadcast_to(np.asarray(point, dtype=np.float64), targets.shape)
    # a target on the point itself: a line of two points in one place (segmentize refuses one point)
    ends = np.where((targets == start).all(axis=1)[:, None], start + [1e-9, 0.0], targets)
    lines = shapely.linestrings(np.stack((start, ends), axis=1))
    xy, which = shapely.get_coordinates(shapely.segmentize(lines, 0.005), return_index=True)
    frame = load_boundaries()
    on_land = np.zeros(len(xy), dtype=bool)
    for k in frame.sindex.query(shapely.box(*shapely.total_bounds(lines))):
        on_land |= shapely.contains_xy(_prepared_country(str(frame["iso_a2"].iloc[int(k)])), xy[:, 0], xy[:, 1])
    samples = np.bincount(which, minlength=len(targets))
    off = np.bincount(which[~on_land], minlength=len(targets))
    length = GEOD.inv(np.full(len(targets), point[0]), np.full(len(targets), point[1]),
                       targets[:, 0], targets[:, 1])[2] / 1000.0
    return length * off / np.maximum(samples, 1)


def _candidates(net: Network, graph: _Graph, point: Coord) -> tuple[np.ndarray, np.ndarray]:
    """Nodes a stop may enter the network by (over land, within reach), and their distances (km)."""
    chord = _chords(net, graph, point)
    reach = 2 * math.sin(net.spec.max_access_km / _EARTH_KM / 2) * 1.01
    near = np.flatnonzero(chord <= reach)
    if len(near) == 0:
        return near, np.array([])
    near = near[np.argsort(chord[near], kind="stable")]
    # the nearest few, and the nearest node of each part of the network in reach
    _, first = np.unique(graph.part[near], return_index=True)
    pick = np.union1d(near[:ACCESS_CANDIDATES], near[first])
    xy = net.lonlat[pick]
    km = GEOD.inv(np.full(len(pick), point[0]), np.full(len(pick), point[1]), xy[:, 0], xy[:, 1])[2] / 1000.0
    ok = km <= net.spec.max_access_km
    pick, km = pick[ok], km[ok]
    if len(pick):
        ok = _sea_km(point, net.lonlat[pick]) <= ACCESS_SEA_KM
        pick, km = pick[ok], km[ok]
    return pick, km


def _dijkstra(graph: _Graph, n: int, sources: np.ndarray, source_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Costs and predecessors from a virtual source (node ``n``) joined to ``sources``."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    order = np.argsort(sources)
    indptr = graph.indptr.copy()
    indptr[-1] += len(sources)
    indices = np.concatenate((graph.indices, sources[order])).astype(np.int32)
    data = np.concatenate((graph.cost, np.maximum(source_km[order] * INFERRED_COST, 1e-6)))
    matrix = csr_matrix((data, indices, indptr), shape=(n + 1, n + 1))
    return dijkstra(matrix, directed=True, indices=n, return_predecessors=True)


@dataclass(frozen=True)
class _Segment:
    """The route between two consecutive stops."""

    nodes: np.ndarray  # network nodes, in order
    start_km: float  # access link from the first stop to nodes[0]
    end_km: float  # from nodes[-1] to the second stop


def _shortest(net: Network, graph: _Graph, ca: np.ndarray, ka: np.ndarray, cb: np.ndarray, kb: np.ndarray
              ) -> _Segment | None:
    """The cheapest path from one set of entry nodes to another (None: not connected)."""
    if not np.isin(graph.part[ca], graph.part[cb]).any():
        return None
    n = net.size
    dist, pred = _dijkstra(graph, n, ca, ka)
    total = dist[cb] + kb * INFERRED_COST
    best = int(np.argmin(total))
    nodes = [int(cb[best])]
    while pred[nodes[-1]] != n:
        nodes.append(int(pred[nodes[-1]]))
    nodes.reverse()
    start_km = float(ka[np.flatnonzero(ca == nodes[0])[0]])
    return _Segment(np.array(nodes), start_km, float(kb[best]))


def _route_segment(net: Network, rule: _Rule, a: Coord, b: Coord, a_name: str, b_name: str) -> _Segment:
    """The route between two stops under a country rule.

    :raises RoutingError: a stop is out of the network's reach, or no connection (the
        message names the gap, or the countries the rule keeps the route out of).
    """
    graph = _graph(net.spec.key, rule)
    ca, ka = _candidates(net, graph, a)
    cb, kb = _candidates(net, graph, b)
    for name, point, found in ((a_name, a, ca), (b_name, b, cb)):
        if len(found) == 0:
            raise RoutingError(_too_far(net, graph, rule, name, point))
    seg = _shortest(net, graph, ca, ka, cb, kb)
    if seg is not None:
        return seg
    if rule.only is not None or rule.avoid:
        free = _graph(net.spec.key, _Rule())
        fa, fka = _candidates(net, free, a)
        fb, fkb = _candidates(net, free, b)
        other = _shortest(net, free, fa, fka, fb, fkb) if len(fa) and len(fb) else None
        if other is not None:
            raise RoutingError(_rule_message(net, rule, a_name, b_name, other))
    raise RoutingError(_gap_message(net, graph, rule, a_name, b_name, ca, cb))


# --------------------------------------------------------------------------- messages


def _town(point: Coord) -> str:
    """A point and the nearest town of the gazetteer, for a message."""
    from routes.read.gazetteer import gazetteer

    town = gazetteer().nearest_town(point[0], point[1], min_population=1000)
    where = f"({point[0]:.3f}, {point[1]:.3f})"
    if town is None:
        return where
    km = distance_km(point, town.coord)
    return f"{town.name} {where}" if km < 1 else f"{where}, {km:.0f} km from {town.name}"


def _rule_hint(rule: _Rule) -> str:
    if rule.only is None and not rule.avoid:
        return ""
    hint = " (stay_in_country=False lifts that)" if rule.only is not None else ""
    return f"; the route is {rule.describe()}{hint}"


def _too_far(net: Network, graph: _Graph, rule: _Rule, name: str, point: Coord) -> str:
    chord = _chords(net, graph, point)
    if not np.isfinite(chord).any():
        return f"No {net.spec.noun} line of {net.spec.dataset} is usable{_rule_hint(rule)}"
    k = int(np.argmin(chord))
    near = (float(net.lonlat[k, 0]), float(net.lonlat[k, 1]))
    return (f"No {net.spec.noun} near {name} {point!r}: the nearest usable {net.spec.noun} line of "
            f"{net.spec.dataset} is {distance_km(point, near):,.0f} km away, at {_town(near)}, and a stop is joined to "
            f"the network only over land and over at most {net.spec.max_access_km:g} km{_rule_hint(rule)}")


def _rule_message(net: Network, rule: _Rule, a_name: str, b_name: str, other: _Segment) -> str:
    """The network joins two stops, but only through countries the rule leaves out."""
    edge = _edge_ids(net, other.nodes)
    met = {int(c) for c in net.edge_cc[edge] if c < len(net.countries)}
    met |= {int(c) for c in net.multi_cc[np.isin(net.multi_edge, edge)]}
    codes = {net.countries[c] for c in met}
    outside = sorted((codes - rule.only if rule.only is not None else set()) | (codes & rule.avoid))
    lift = ("stay_in_country=False lifts that" if rule.only is not None and set(outside) - rule.avoid
            else "leaving them out of avoid_countries lifts that")
    return (f"No {net.spec.noun} route from {a_name} to {b_name} {rule.describe()}: in {net.spec.dataset}, "
            f"the network joins them only through {_names(outside) or 'other countries'} ({lift})")


def _gap_message(net: Network, graph: _Graph, rule: _Rule, a_name: str, b_name: str,
                 ca: np.ndarray, cb: np.ndarray) -> str:
    """Where the two ends' parts of the network come closest: the gap that stops the route."""
    from scipy.spatial import cKDTree

    side_a = np.flatnonzero(np.isin(graph.part, graph.part[ca]) & graph.usable)
    side_b = np.flatnonzero(np.isin(graph.part, graph.part[cb]) & graph.usable)
    swap = len(side_a) > len(side_b)
    small, large = (side_b, side_a) if swap else (side_a, side_b)
    chord, k = cKDTree(net.xyz[large]).query(net.xyz[small])
    i = int(np.argmin(chord))
    p, q = (large[k[i]], small[i]) if swap else (small[i], large[k[i]])
    pa = (float(net.lonlat[p, 0]), float(net.lonlat[p, 1]))
    pb = (float(net.lonlat[q, 0]), float(net.lonlat[q, 1]))
    return (f"No {net.spec.noun} connection from {a_name} to {b_name}: in {net.spec.dataset}, the lines that reach "
            f"{a_name} come no closer than {distance_km(pa, pb):,.0f} km to those that reach {b_name}, a gap between "
            f"{_town(pa)} and {_town(pb)}; gaps are bridged only up to {BRIDGE_TOLERANCE_KM:g} km over land"
            f"{_rule_hint(rule)}")


# --------------------------------------------------------------------------- junctions


@functools.cache
def _towns(min_population: int) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """Names, ``(lon, lat)`` and populations of the gazetteer's towns of ``min_population`` or more.

    One read of the gazetteer index, selecting the towns as
    :meth:`routes.read.gazetteer.Gazetteer.nearest_town` does (``feature = 'town'`` and at least
    ``min_population``), so the nearest of them is the town it gives: one read instead of
    a scan of the index for every junction.
    """
    from routes.read.gazetteer import gazetteer

    names, lonlat, population = gazetteer().towns(min_population)
    return names, _readonly(lonlat), _readonly(population)


@functools.cache
def _town_tree(min_population: int) -> cKDTree:
    from scipy.spatial import cKDTree

    return cKDTree(_unit_xyz(_towns(min_population)[1]))


def _junctions(net: Network, nodes: np.ndarray, ends: Sequence[Coord]) -> list[tuple[float, str]]:
    """The towns at a path's main junctions, with how far along the path they are (km).

    See the module's docstring; towns within :data:`JUNCTION_TOWN_KM` of ``ends`` (the
    leg's origin and destination, named already) are left out.
    """
    names, town_xy, population = _towns(JUNCTION_MIN_POPULATION)
    if len(nodes) < 2 or not names:
        return []
    xy = net.lonlat[nodes]
    step = GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])[2] / 1000.0
    along = np.concatenate(([0.0], np.cumsum(step)))
    at = np.flatnonzero(net.degree[nodes] >= 3)
    if len(at) == 0:
        return []
    chord, town = _town_tree(JUNCTION_MIN_POPULATION).query(_unit_xyz(xy[at]))
    near = chord * _EARTH_KM <= JUNCTION_TOWN_KM
    first: dict[int, float] = {}
    for k, t in zip(at[near], town[near], strict=True):
        first.setdefault(int(t), float(along[k]))
    ends_xyz = _unit_xyz(np.array(ends, dtype=np.float64))
    kept: list[tuple[float, str]] = []
    for t in sorted(first, key=lambda t: (-population[t], first[t])):
        if (np.linalg.norm(ends_xyz - _unit_xyz(town_xy[[t]]), axis=1) * _EARTH_KM).min() <= JUNCTION_TOWN_KM:
            continue
        if all(abs(first[t] - km) >= JUNCTION_SPACING_KM for km, _ in kept):
            kept.append((first[t], names[t]))
    return sorted(kept)


# --------------------------------------------------------------------------- the leg


def _edge_ids(net: Network, nodes: np.ndarray) -> np.ndarray:
    """The edge of each step of a path of nodes."""
    ids = np.empty(len(nodes) - 1, dtype=np.int64)
    for j, (u, v) in enumerate(zip(nodes[:-1], nodes[1:], strict=True)):
        lo, hi = net.indptr[u], net.indptr[u + 1]
        ids[j] = net.entry_edge[lo + int(np.searchsorted(net.col[lo:hi], v))]
    return ids


def _pieces(net: Network, start: Coord, seg: _Segment, end: Coord) -> tuple[list[LegPiece], float]:
    """The access, network and bridge pieces of one segment, in order, and its track length (km)."""
    xy = [(float(x), float(y)) for x, y in net.lonlat[seg.nodes]]
    pieces: list[LegPiece] = []
    if start != xy[0]:
        pieces.append(LegPiece((start, xy[0]), inferred=True, kind="access"))
    track_km = 0.0
    if len(xy) > 1:
        edge = _edge_ids(net, seg.nodes)
        is_bridge = net.bridge[edge]
        track_km = float(net.length_km[edge[~is_bridge]].sum())
        # runs of network edges; each bridge a piece of its own
        cut = np.flatnonzero((is_bridge[1:] != is_bridge[:-1]) | is_bridge[1:] | is_bridge[:-1]) + 1
        for lo, hi in zip(np.concatenate(([0], cut)), np.concatenate((cut, [len(edge)])), strict=True):
            bridge = bool(is_bridge[lo])
            pieces.append(LegPiece(tuple(xy[lo : hi + 1]), inferred=bridge, kind="bridge" if bridge else "network"))
    if end != xy[-1]:
        pieces.append(LegPiece((xy[-1], end), inferred=True, kind="access"))
    return pieces, track_km


def network_leg(key: str, plan: LegPlan, *, options: RouteOptions | None = None) -> Leg:
    """Route a leg on the ``"rail"`` or ``"road"`` network (see the module's docstring).

    ``length_km`` is the length along the track (the dataset's length of each surveyed
    edge plus the geodesic length of the inferred pieces); ``pieces`` cut the line into
    network, bridge and access pieces; ``via`` names the main junctions passed; ``notes``
    say what share is inferred and why, how far a stop is from the network, the country
    rule applied, and the length of the drawn (simplified) line.

    :raises RoutingError: a stop is too far from the network, no connection joins the
        stops (the message names the gap), or an option is bad.
    :raises DataError: the network file is missing or unreadable.
    """
    options = options or RouteOptions()
    if isinstance(options.avoid_countries, str):
        raise RoutingError(f"avoid_countries is a tuple of country codes, not {options.avoid_countries!r}")
    net = load_network(key)
    a = _check_point(plan.origin.place.coord, plan.origin.written)
    b = _check_point(plan.destination.place.coord, plan.destination.written)
    via = tuple(_check_point(p, f"via point {k + 1}") for k, p in enumerate(options.via))
    rule = _rule(a, b, RouteOptions(options.stay_in_country, tuple(options.avoid_countries), via,
                                        options.prefer_main_lines))
    stops = (a, *via, b)
    names = (plan.origin.written, *(f"via point {k + 1} {p!r}" for k, p in enumerate(via)),
             plan.destination.written)
    for name, point in zip(names, stops, strict=True):
        code = country_at(point) if rule.avoid else None
        if code is not None and code in rule.avoid:
            raise RoutingError(f"{name} is in {_names([code])}, which the route must avoid")

    pieces: list[LegPiece] = []
    track_km = 0.0
    junctions: list[str] = []
    access_notes: list[str] = []
    main_km: dict[str, float] = {}
    for k in range(len(stops) - 1):
        seg = _route_segment(net, rule, stops[k], stops[k + 1], names[k], names[k + 1])
        seg_pieces, seg_km = _pieces(net, stops[k], seg, stops[k + 1])
        if rule.prefer_main and net.spec.main_lines and len(seg.nodes) > 1:
            line_of, line_names = _main_lines(key)
            edge = _edge_ids(net, seg.nodes)
            for j, name in enumerate(line_names):
                km = float(net.length_km[edge[line_of[edge] == j]].sum())
                if km > 0:
                    main_km[name] = main_km.get(name, 0.0) + km
        pieces += seg_pieces
        track_km += seg_km
        junctions += [name for _, name in _junctions(net, seg.nodes, (a, b)) if not junctions or junctions[-1] != name]
        for km, name in ((seg.start_km, names[k]), (seg.end_km, names[k + 1])):
            note = (f"{name} is {km:,.1f} km from the nearest {net.spec.noun} line in the data: "
                    "a straight, inferred link joins it to the network.")
            if km >= 1.0 and note not in access_notes:
                access_notes.append(note)

    coords: list[Coord] = []
    for piece in pieces:
        coords += [c for c in piece.coords if not coords or coords[-1] != c]
    if len(coords) < 2:  # both stops on one node of the network
        coords = [a, b]
    inferred = {kind: sum(line_length_km(p.coords) for p in pieces if p.inferred and p.kind == kind)
                for kind in ("bridge", "access")}
    inferred_km = sum(inferred.values())
    length_km = round(track_km + inferred_km, 3)
    drawn_km = line_length_km(tuple(coords))

    notes = []
    if inferred_km > 0:
        why = []
        if inferred["bridge"] > 0:
            why.append(f"gaps in the OpenStreetMap data bridged within {BRIDGE_TOLERANCE_KM:g} km "
                       f"({inferred['bridge']:,.1f} km)")
        if inferred["access"] > 0:
            why.append(f"links from the stops to the nearest {net.spec.noun} line ({inferred['access']:,.1f} km)")
        share = 100 * inferred_km / length_km if length_km else 100.0
        notes.append(f"{share:.1f}% of this leg ({inferred_km:,.0f} km) is inferred: {' and '.join(why)}.")
    else:
        notes.append("No part of this leg is inferred: it runs on the network's lines from end to end.")
    notes += access_notes
    for name, km in main_km.items():
        notes.append(f"It follows the {name} for {km:,.0f} km (main lines are preferred: a kilometre off them "
                     f"counts as {MAIN_LINE_PREFERENCE:g} in the choice of route).")
    if rule.only is not None or rule.avoid:
        notes.append(f"The route is {rule.describe()}"
                     f"{' (both ends are there)' if rule.only is not None else ''}.")
    notes.append(f"{length_km:,.0f} km along the track (OpenStreetMap's lines, as the dataset measured them before "
                 f"simplifying them); the drawn, simplified line measures {drawn_km:,.0f} km.")
    return Leg(plan=plan, coords=tuple(coords), length_km=length_km, drawn_as=key, network=net.spec.label,
               pieces=tuple(pieces), via=tuple(junctions), notes=tuple(notes))


def rail_leg(plan: LegPlan, *, options: RouteOptions | None = None) -> Leg:
    """A rail leg on OpenStreetMap's railways (see :func:`network_leg`)."""
    return network_leg("rail", plan, options=options)


def road_leg(plan: LegPlan, *, options: RouteOptions | None = None) -> Leg:
    """A road leg (truck, convoy) on OpenStreetMap's highways (see :func:`network_leg`)."""
    return network_leg("road", plan, options=options)
