"""The reference a sea route is measured against: the exact shortest water path at the land's
resolution (a visibility graph over the coast's corners within reach, Dijkstra on it).
Used by tests and ``benchmarks/sea.py``, never to route.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from routes.geodesy import GEOD, length_km
from routes.model import Coord
from routes.route.sea.land import Land, load_land


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
