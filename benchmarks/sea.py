"""Sea routing benchmark: ``routes.route.sea`` against ``searoute`` on the same pairs, same run.

Run from the repository root (needs ``searoute==1.6.0`` installed, a development
dependency only; about 10 minutes with ``--optimality 6``)::

    .venv/bin/python benchmarks/sea.py --optimality 6     # the tables on stdout
    .venv/bin/python benchmarks/sea.py --pairs 60 --seed 3

Pairs: the named routes of issue 3 (Najin → Dunay, the Bosphorus and the Dardanelles,
Suez, Panama, the Caspian, a cape) and pairs of ports drawn at random (seeded) from
searoute's own port list (UN/LOCODE), so that searoute is asked about the places it
was made for.

Each router runs in its own fresh process (one after the other), so that the first
call includes its loading and the peak memory (``ru_maxrss``) is its own. For each
pair: the first call (in process order), the warm time (the same pair again), the
length, and whether the line crosses land: every straight lon/lat piece of the line as
returned is checked against the same coastline (``data/sea/land.bin``, OpenStreetMap
at about 110 m). searoute is asked as a user would (``append_orig_dest=True``, so
that its line starts and ends at the given points) and also as it comes (its network
nodes only). With ``--optimality N``, N short pairs in each of five coastal regions
are also measured against the exact shortest water path at the land's resolution
(``routes.route.sea.visibility_shortest``).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMED: list[tuple[str, tuple[float, float], tuple[float, float]]] = [
    ("Najin → Dunay", (130.28308, 42.25559), (132.33542, 42.87879)),
    ("Odesa → Piraeus (Bosphorus, Dardanelles)", (30.7326, 46.4825), (23.6290, 37.9420)),
    ("Jeddah → Alexandria (Suez)", (39.1728, 21.4858), (29.8850, 31.1880)),
    ("Balboa → Kingston (Panama)", (-79.5650, 8.9490), (-76.7936, 17.9714)),
    ("Baku → Aktau (Caspian)", (49.8671, 40.3777), (51.1980, 43.6480)),
    ("Cape Town → Durban (Cape Agulhas)", (18.4241, -33.9249), (31.0218, -29.8587)),
    ("Rotterdam → Shanghai", (4.1200, 51.9500), (121.4900, 31.2400)),
    ("New York → Lisbon", (-74.0100, 40.6900), (-9.1400, 38.7000)),
]


def pairs(n: int, seed: int) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    import random

    with (ROOT / "data" / "sea" / "ports.csv").open(encoding="utf-8") as fh:
        ports = list(csv.DictReader(fh))
    rng = random.Random(seed)
    out = list(NAMED)
    for _ in range(n):
        p, q = rng.sample(ports, 2)
        out.append((f"{p['locode']} {p['name']} → {q['locode']} {q['name']}",
                    (float(p["lon"]), float(p["lat"])), (float(q["lon"]), float(q["lat"]))))
    return out


def _child(router: str, todo: list) -> list[dict]:
    """Route every pair in this process; return the figures (run as a subprocess)."""
    import resource

    t0 = time.perf_counter()
    loads = {}
    if router == "ours":
        from routes.errors import RoutingError
        from routes.route import sea

        loads["import"] = time.perf_counter() - t0
        t = time.perf_counter()
        sea.load_land()
        loads["land"] = time.perf_counter() - t
        t = time.perf_counter()
        sea.load_network()
        loads["network"] = time.perf_counter() - t

        def run(a, b):
            try:
                r = sea.sea_route(a, b)
                return list(r.coords), None, r.water_segments().tolist()
            except RoutingError as exc:
                return None, str(exc), None
    else:
        import searoute

        def run(a, b, append=router == "searoute"):
            r = searoute.searoute(list(a), list(b), append_orig_dest=append)
            return [tuple(c) for c in r["geometry"]["coordinates"]], None, None
    import_s = time.perf_counter() - t0
    out = []
    for k, (name, a, b) in enumerate(todo):
        t = time.perf_counter()
        coords, error, water = run(tuple(a), tuple(b))
        first = time.perf_counter() - t
        t = time.perf_counter()
        run(tuple(a), tuple(b))
        warm = time.perf_counter() - t
        out.append({"name": name, "coords": coords, "error": error, "water": water, "first_s": first, "warm_s": warm,
                    "import_s": import_s if k == 0 else 0.0})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [{**r, "peak_mb": peak, "loads": loads} for r in out]


def _over_land(coords, water=None) -> bool:
    """Whether some straight piece of the line meets land (pieces marked as canals aside)."""
    import numpy as np

    from routes.route import sea



    p = np.asarray(coords, dtype=float)
    if len(p) < 2:
        return False
    clear = sea.segments_clear(p[:-1], p[1:])
    if water is not None:
        clear |= ~np.asarray(water, dtype=bool)
    return not bool(clear.all())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=40, help="random port pairs besides the named ones")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--optimality", type=int, default=0, metavar="N",
                        help="also N short pairs a region against the exact shortest water path")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    todo = pairs(args.pairs, args.seed)
    if args.child:
        json.dump(_child(args.child, todo), sys.stdout)
        return
    results = {}
    for router in ("ours", "searoute", "searoute-nodes"):
        proc = subprocess.run([sys.executable, __file__, "--pairs", str(args.pairs), "--seed", str(args.seed),
                               "--child", router], capture_output=True, text=True, check=True, cwd=ROOT)
        results[router] = json.loads(proc.stdout)
    import numpy as np

    from routes import geodesy


    rows = []
    for i, (name, a, b) in enumerate(todo):
        row = {"name": name, "geodesic": geodesy.distance_km(a, b)}
        for router, res in results.items():
            r = res[i]
            row[router] = r
            r["km"] = geodesy.length_km(r["coords"]) if r["coords"] else None
            r["land"] = _over_land(r["coords"]) if r["coords"] else None
            r["land_outside_canals"] = _over_land(r["coords"], r["water"]) if r["coords"] else None
        rows.append(row)

    def summary(router: str) -> dict:
        res = [row[router] for row in rows]
        routed = [r for r in res if r["coords"]]
        first = res[0]["import_s"] + res[0]["first_s"]
        return {
            "routed": len(routed),
            "over_land": sum(1 for r in routed if r["land"]),
            "over_land_outside_canals": sum(1 for r in routed if r["land_outside_canals"]),
            "first": first,
            "warm_median": float(np.median([r["warm_s"] for r in routed])) if routed else float("nan"),
            "warm_max": max((r["warm_s"] for r in routed), default=float("nan")),
            "peak": res[0]["peak_mb"],
        }

    n = len(todo)
    print(f"{n} pairs ({len(NAMED)} named, {n - len(NAMED)} random port pairs, seed {args.seed}); "
          "over land = some straight lon/lat piece of the returned line meets the OSM land of data/sea/land.bin\n")
    print("| router | routed | over land (outside the Panama Canal) | first call (load + 1 route) | warm, median "
          "| warm, slowest | peak memory |")
    print("|---|---|---|---|---|---|---|")
    labels = {"ours": "routes.route.sea", "searoute": "searoute 1.6.0 (append_orig_dest=True)",
              "searoute-nodes": "searoute 1.6.0 (as it comes)"}
    for router in results:
        s = summary(router)
        print(f"| {labels[router]} | {s['routed']}/{n} | {s['over_land']} ({s['over_land_outside_canals']}) | "
              f"{s['first']:.2f} s | "
              f"{s['warm_median'] * 1000:.0f} ms | {s['warm_max']:.2f} s | {s['peak']:.0f} MB |")
    print("\n| pair | geodesic km | routes.route.sea km | over land | warm s | searoute km | over land |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        o, s = row["ours"], row["searoute"]
        crossing = ("canal only" if not o["land_outside_canals"] else "yes") if o["land"] else "no"
        ours = f"{o['km']:,.0f} | {crossing} | {o['warm_s']:.2f}" if o["coords"] else \
            f"no route | – | {o['warm_s']:.2f}"
        print(f"| {row['name']} | {row['geodesic']:,.0f} | {ours} | {s['km']:,.0f} | "
              f"{'yes' if s['land'] else 'no'} |")
    loads = rows[0]["ours"]["loads"]
    print(f"\nroutes.sea loading (in the first call above): import {loads['import']:.2f} s, "
          f"land {loads['land']:.2f} s, network {loads['network']:.2f} s")
    errors = [(row["name"], row["ours"]["error"]) for row in rows if row["ours"]["error"]]
    if errors:
        print("\nroutes.sea's errors:\n")
    for name, error in errors:
        print(f"- {name}: {error}")
    if args.optimality:
        optimality(args.optimality, args.seed)


#: Coastal waters with islands, for the short pairs measured against the exact shortest path.
SHORT_REGIONS = {
    "Peter the Great Gulf": (130.0, 41.8, 133.0, 43.3),
    "Aegean": (22.5, 36.0, 28.5, 41.0),
    "Persian Gulf": (47.0, 23.0, 57.0, 30.0),
    "Japan": (128.0, 30.0, 146.0, 46.0),
    "English Channel and North Sea": (-6.0, 48.0, 10.0, 60.0),
}


def optimality(per_region: int, seed: int, max_vertices: int = 3000) -> None:
    """Short pairs (20–200 km apart) against the exact shortest water path (a visibility graph).

    For each region, pairs of water points drawn at random (seeded); the route's length is
    compared with ``routes.route.sea.visibility_shortest`` between the same two ends (pairs whose
    graph would need more than ``max_vertices`` corners are skipped and counted).
    """
    import numpy as np

    from routes import geodesy
    from routes.errors import RoutingError
    from routes.route import sea
    from routes.route.sea.exact import visibility_shortest

    rng = np.random.default_rng(seed)
    ratios, skipped = [], 0
    print("\n| region | pair | route km | shortest km | ratio |\n|---|---|---|---|---|")
    for region, box in SHORT_REGIONS.items():
        done = tries = 0
        while done < per_region and tries < 500:
            tries += 1
            a = (rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3]))
            b = (a[0] + rng.normal(0, 0.8), a[1] + rng.normal(0, 0.8))
            if sea.on_land(np.array([a, b])).any() or not 20 < geodesy.distance_km(a, b) < 200:
                continue
            try:
                r = sea.sea_route(a, b)
            except RoutingError:
                continue
            _, shortest, n = visibility_shortest(r.coords[0], r.coords[-1], r.length_km,
                                                     max_vertices=max_vertices)
            if not np.isfinite(shortest):
                skipped += 1
                continue
            done += 1
            ratios.append(r.length_km / shortest)
            print(f"| {region} | ({a[0]:.3f}, {a[1]:.3f}) → ({b[0]:.3f}, {b[1]:.3f}) | {r.length_km:,.1f} | "
                  f"{shortest:,.1f} | {r.length_km / shortest:.3f} |")
    q = np.array(ratios)
    print(f"\n{len(q)} short pairs: route / shortest water path: median {np.median(q):.3f}, "
          f"90th percentile {np.percentile(q, 90):.3f}, worst {q.max():.3f}; "
          f"within 3%: {int((q <= 1.03).sum())}/{len(q)}; {skipped} pairs skipped (more than {max_vertices} corners)")


if __name__ == "__main__":
    main()
