"""Sea legs on water: an open-sea network for distance, a fine coastline near the ports.

The modules, in the order a route uses them: :mod:`~routes.route.sea.land` (the land and the
checks against it), :mod:`~routes.route.sea.windows` (fine grids round the ends),
:mod:`~routes.route.sea.network` (the open sea), :mod:`~routes.route.sea.taut` (any angle),
:mod:`~routes.route.sea.router` (a route, a leg; ports from :mod:`routes.read.ports`);
:mod:`~routes.route.sea.container` is the files' format and :mod:`~routes.route.sea.exact`
the exact shortest path routes are measured against.

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
each passage is narrowest (:class:`~routes.route.sea.network.Gate`). Lines are geodesics on WGS84, drawn with a
point at least every :data:`STEP_KM`; every straight piece between two drawn points is
what is checked against the land, so the drawn line is the checked line. Lengths are
``pyproj.Geod(ellps="WGS84")``. Coordinates are ``(lon, lat)`` everywhere, longitudes
in [-180, 180]: a line across the antimeridian jumps from one side to the other.
:func:`~routes.route.sea.exact.visibility_shortest` is the exact shortest water path at the land's resolution
that routes are measured against.
"""

from routes.route.sea.container import read_container, write_container
from routes.route.sea.land import (
    LAND_DATASET,
    LAND_FILE,
    STEP_KM,
    Land,
    densify,
    land_geojson,
    line_clear,
    load_land,
    on_land,
    segments_clear,
)
from routes.route.sea.network import GRID_DEG, NETWORK_DATASET, NETWORK_FILE, Gate, Network, in_arctic, load_network
from routes.route.sea.router import MAX_ACCESS_KM, SeaRoute, network_description, passages_on, sea_leg, sea_route

__all__ = [
    "GRID_DEG", "LAND_DATASET", "LAND_FILE", "MAX_ACCESS_KM", "NETWORK_DATASET", "NETWORK_FILE",
    "STEP_KM", "Gate", "Land", "Network", "SeaRoute", "densify", "in_arctic", "land_geojson",
    "line_clear", "load_land", "load_network", "network_description", "on_land", "passages_on",
    "read_container", "sea_leg", "sea_route", "segments_clear", "write_container",
]
