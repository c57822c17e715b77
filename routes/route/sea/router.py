"""Routing a sea leg: both ends placed on navigable water, joined across the open-sea network,
pulled taut, the straits and canals passed named; :func:`sea_leg` for an itinerary's leg.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from routes.errors import RoutingError
from routes.geodesy import GEOD, KM_PER_NMI, distance_km, length_km
from routes.model import Coord, Leg, LegPiece, LegPlan, RouteOptions, Stop
from routes.read.ports import Port, find_port
from routes.route.sea.land import LAND_DATASET, Land, densify, load_land, on_land, segments_clear, wrap_lon
from routes.route.sea.network import NETWORK_DATASET, Network, edge_line, in_arctic, load_network
from routes.route.sea.taut import taut
from routes.route.sea.windows import KM_PER_DEG, Window, attach, nearest_cell, window

MAX_ACCESS_KM = 25.0  # farthest a port's point may be from navigable water, km
#: Local windows tried in turn around each end: (half-size km, cell km).
WINDOWS: tuple[tuple[float, float], ...] = ((10.0, 0.05), (30.0, 0.15), (80.0, 0.4), (200.0, 1.0))
#: An end is joined to the network from a window at least this large (half-size, km), so
#: that it has nodes on every side to choose from, not only the nearest one.
MIN_ACCESS_WINDOW_KM = 30.0
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


@dataclass
class _Level:
    """One window around an end, with the distances from the end's water point in it."""

    window: Window
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
    widest = Window(float(point[0]), float(point[1]), WINDOWS[-1][0], WINDOWS[-1][1]).bounds()
    near = np.flatnonzero((lonlat[:, 1] >= widest[1]) & (lonlat[:, 1] <= widest[3]))
    dlon_near = wrap_lon(lonlat[near, 0] - point[0])
    for half, cell in WINDOWS:
        w = window(point, half, cell, land)
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
            start = attach(w, point, good) if wet else None
            here: Coord = (float(point[0]), float(point[1]))
            if start is None:
                start = nearest_cell(w, point, good)
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
            for node, km, f in zip(cand[reached].tolist(), (d[reached] + hop).tolist(), flat.tolist(), strict=False):
                if node not in access or km < access[node][0]:
                    access[node] = (km, k, f)
        if w.half_km >= MIN_ACCESS_WINDOW_KM and access and net.major[list(access)].any():
            break
    if not levels:
        raise RoutingError(f"{name} ({point[0]:.5f}, {point[1]:.5f}) is more than {max_access_km:g} km from "
                           "navigable water in the coastline data")
    return _End(point, water_pt, moved, levels, access)


def _seeds(prev: _Level, w: Window) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
        assert lv.seed_from is not None  # a level past the first was seeded from the one before
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

    best_km = math.inf
    stretches: list[tuple[np.ndarray, str | None]] | None = None
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
        xy = np.column_stack((wrap_lon(p[:, 0] - gate.lon) * k, p[:, 1] - gate.lat)) * KM_PER_DEG
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
    if abs(lat) == 90:  # every meridian meets there: no grid cell, no heading
        raise RoutingError(f"{name}: at 90° {'N' if lat > 0 else 'S'}, the pole, where the sea network's grid does "
                           "not reach: the leg is not routed")
    if math.isnan(lon) or math.isnan(lat) or not (-180 <= lon <= 180 and -90 < lat < 90):
        raise RoutingError(f"{name}: {point!r} is not a (lon, lat) pair in degrees")
    return (lon, lat)


def _network_dijkstra(net: Network, access: dict[int, tuple[float, int, int]], limit: float
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Dijkstra from the spare source row, joined to the origin's access nodes at their cost."""
    from scipy.sparse.csgraph import dijkstra

    items = sorted(((node, km) for node, (km, _, _) in access.items()), key=lambda kv: kv[1])[: net.source_slots]
    with net.lock:
        g: Any = net.graph  # scipy's CSR matrix
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
    stretches: list[tuple[np.ndarray, str | None]] = []
    for u, v in zip(nodes[:-1], nodes[1:], strict=False):
        line, canal, passage = edge_line(net, u, v)
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
        starts = (port.coord if port else stop.place.coord for port, stop in zip(ports, (o_stop, d_stop), strict=True))
        route = sea_route(*starts,
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
    line: tuple[Coord, ...] = tuple(route.coords)
    pieces: list[LegPiece] = []
    head = _dedupe([o_place, o_start, o_water])
    tail = _dedupe([d_water, d_start, d_place])
    if len(head) > 1:
        pieces.append(LegPiece(tuple(head), inferred=True, kind="access"))
    cursor = 0
    for first, last in route.canal_spans:  # a canal through land: dashed, not checked
        if first > cursor:
            pieces.append(LegPiece(line[cursor : first + 1], inferred=False, kind="network"))
        pieces.append(LegPiece(line[first : last + 1], inferred=True, kind="canal"))
        cursor = last
    if cursor < len(line) - 1 or len(line) == 1:
        pieces.append(LegPiece(line[cursor:], inferred=False, kind="network"))
    if len(tail) > 1:
        pieces.append(LegPiece(tuple(tail), inferred=True, kind="access"))
    coords = tuple(_dedupe([*head, *line, *tail]))
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
