"""Time and memory of rail and road routing, against networkx's Dijkstra on the same graph.

Usage, from the repository root::

    .venv/bin/python benchmarks/rail.py            # the table, in Markdown
    .venv/bin/python benchmarks/rail.py --repeat 9 # more warm runs per route

What it measures, in one process (2 cores here; numbers vary by a few percent):

- **load**: :func:`routes.route.network.load_network` from the shipped ``.npz`` (first call);
- **route**: :func:`routes.route.network.rail_leg` / ``road_leg`` for a few legs, the first call
  (cold: the country rule's graph is built then, and on the very first leg scipy's
  modules, the boundaries and the gazetteer's towns are loaded) and the median of
  ``--repeat`` warm calls, each the whole leg (access, Dijkstra, pieces, junction
  names, notes);
- **networkx**: the same graph under the same country rule (same nodes, edges and costs)
  built as a ``networkx.Graph``, and ``networkx.single_source_dijkstra`` between the same
  two network nodes the leg enters and leaves by (median of ``--repeat`` runs); the path
  cost must equal ours. scipy's ``csgraph.dijkstra`` (the search ``routes.route.network`` runs)
  is timed beside it on the same CSR matrix, from the same node to every node;
- **memory**: peak traced allocations (``tracemalloc``: numpy, scipy's inputs and every
  networkx object) of each step, measured on a second call apart from the timing (a
  route's with its country rule's graph built again), and the process's peak RSS.

networkx is not a runtime dependency: without it those rows say so.
"""

from __future__ import annotations

import argparse
import functools
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from routes.model import Leg, LegPlan, Place, Stop  # noqa: E402
from routes.route import network  # noqa: E402

#: (network, from, to, options) legs timed; points are GeoNames' (lon, lat).
LEGS = [
    ("rail", ("Dunay", 132.33542, 42.87879), ("Tikhoretsk", 40.11874, 45.85307), network.RouteOptions()),
    ("rail", ("Vladivostok", 131.87353, 43.10562), ("Moscow", 37.61556, 55.75222), network.RouteOptions()),
    ("rail", ("Vladivostok", 131.87353, 43.10562), ("Tikhoretsk", 40.11874, 45.85307),
     network.RouteOptions(stay_in_country=False)),
    ("road", ("Moscow", 37.61556, 55.75222), ("Tikhoretsk", 40.11874, 45.85307), network.RouteOptions()),
]


def plan(mode: str, a: tuple[str, float, float], b: tuple[str, float, float]) -> LegPlan:
    stop_a = Stop(Place(a[0], a[1], a[2]), a[0])
    stop_b = Stop(Place(b[0], b[1], b[2]), b[0])
    return LegPlan(stop_a, stop_b, mode, "")


def timed(fn: Callable[[], object]) -> tuple[object, float]:
    """Result and seconds of one call."""
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def traced(fn: Callable[[], object]) -> float:
    """Peak traced MB of one call (tracing slows it: it is timed apart)."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak


def measured(fn: Callable[[], object], repeat: int = 1) -> tuple[object, float, float]:
    """Result, median seconds of ``repeat`` untraced calls, and peak traced MB (one more call)."""
    runs = [timed(fn) for _ in range(repeat)]
    return runs[0][0], statistics.median(t for _, t in runs), traced(fn)


def clear_rule_caches() -> None:
    """Forget the graphs built per country rule, so that a call pays for them again."""
    network._graph.cache_clear()
    network._allowed_edges.cache_clear()


def ends_of(leg: Leg) -> tuple[int, int]:
    """The network nodes a leg enters and leaves by."""
    net = network.load_network(leg.drawn_as)
    first = next(p for p in leg.pieces if p.kind != "access").coords[0]
    last = [p for p in leg.pieces if p.kind != "access"][-1].coords[-1]
    key = np.rint(net.lonlat * 1000).astype(np.int64)
    find = {(int(x), int(y)): i for i, (x, y) in enumerate(key)}
    return (find[(round(first[0] * 1000), round(first[1] * 1000))],
            find[(round(last[0] * 1000), round(last[1] * 1000))])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per leg (median reported)")
    args = parser.parse_args(argv)
    rows: list[tuple[str, str, str, str]] = []

    for key in ("rail", "road"):
        net, seconds = timed(functools.partial(network.load_network, key))
        peak = traced(functools.partial(network.load_network.__wrapped__, key))
        assert isinstance(net, network.Network)
        size = (ROOT / "data" / network.NETWORKS[key].file).stat().st_size / 1e6
        rows.append((f"load {key} graph ({len(net.lonlat):,} nodes, {len(net.edges):,} edges, {size:.1f} MB file)",
                     f"{seconds * 1000:.0f} ms", "", f"{peak:.0f} MB"))

    try:
        import networkx as nx
    except ImportError:
        nx = None

    for mode, a, b, options in LEGS:
        fn = network.rail_leg if mode == "rail" else network.road_leg
        p = plan(mode, a, b)
        call = functools.partial(fn, p, options=options)
        leg, cold = timed(call)
        assert isinstance(leg, Leg)
        warm = []
        for _ in range(args.repeat):
            warm.append(timed(call)[1])
        clear_rule_caches()
        peak = traced(call)
        rule = "" if options.stay_in_country else ", any country"
        name = f"{mode} {a[0]} → {b[0]}{rule}: {leg.length_km:,.0f} km"
        rows.append((f"route {name}", f"{statistics.median(warm) * 1000:.0f} ms",
                     f"{cold * 1000:.0f} ms", f"{peak:.0f} MB"))

        # the same search on the same graph: scipy alone, then networkx
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import dijkstra

        net = network.load_network(mode)
        rule_ = network._rule((a[1], a[2]), (b[1], b[2]), options)
        g = network._graph(mode, rule_)
        n = net.size
        matrix = csr_matrix((g.cost, g.indices, g.indptr[: n + 1]), shape=(n, n))
        source, target = ends_of(leg)
        dist, seconds, peak = measured(functools.partial(dijkstra, matrix, indices=source), args.repeat)
        ours = float(dist[target])  # type: ignore[index]
        rows.append(("  scipy csgraph.dijkstra, same graph and nodes", f"{seconds * 1000:.0f} ms", "",
                     f"{peak:.0f} MB"))
        if nx is None:
            rows.append(("  networkx", "not installed", "", ""))
            continue

        def build(matrix: csr_matrix = matrix) -> object:
            coo = matrix.tocoo()
            graph = nx.Graph()
            graph.add_weighted_edges_from(zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True))
            return graph

        graph, build_s, build_peak = measured(build)
        found, seconds, peak = measured(
            functools.partial(nx.single_source_dijkstra, graph, source, target, weight="weight"), args.repeat)
        cost = float(found[0])  # type: ignore[index]
        same = "same cost" if abs(cost - ours) < 1e-6 * max(1.0, ours) else f"cost {cost:.3f} ≠ {ours:.3f}"
        rows.append((f"  networkx: build the Graph ({graph.number_of_nodes():,} nodes)",  # type: ignore[attr-defined]
                     f"{build_s * 1000:.0f} ms", "", f"{build_peak:.0f} MB"))
        rows.append((f"  networkx single_source_dijkstra ({same})", f"{seconds * 1000:.0f} ms", "", f"{peak:.0f} MB"))
        del graph

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| step | time (warm, median) | first call | peak traced memory |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nPeak RSS of the whole run: {rss:.0f} MB. Python {sys.version.split()[0]}, numpy {np.__version__}, "
          f"networkx {nx.__version__ if nx else 'absent'}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
