"""Routing the legs of an itinerary.

Each mode has a router (:data:`ROUTERS`): sea legs run on water (:mod:`routes.route.sea`),
rail and road legs on OpenStreetMap's networks (:mod:`routes.route.network`). A mode with no network (air, or ``direct``) is drawn
as a great circle on the WGS84 ellipsoid and says so: ``drawn_as="direct"``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pyproj import Geod

from routes.model import AREA_FEATURES, Coord, Leg, LegPlan, RouteOptions
from routes.route.network import rail_leg, road_leg
from routes.route.sea import sea_leg

_GEOD = Geod(ellps="WGS84")

#: Spacing of the points of a great-circle line, in km (keeps it curved on a Mercator map).
GREAT_CIRCLE_STEP_KM = 25.0


def route_leg(plan: LegPlan, options: RouteOptions | None = None) -> Leg:
    """Route one leg on the network of its mode (a great circle where none is available)."""
    router = ROUTERS.get(plan.mode, great_circle_leg)
    leg = router(plan, options=options)
    return replace(leg, notes=leg.notes + _area_notes(plan))


def _area_notes(plan: LegPlan) -> tuple[str, ...]:
    """A stop that is a region or a district ("a depot in Bryansk Oblast") stands at a point
    near its middle: say so, since the article gives no more."""
    notes = []
    for end, stop in (("starts", plan.origin), ("ends", plan.destination)):
        if stop.place.feature in AREA_FEATURES:
            kind = "a region" if stop.place.feature == "region" else "a district"
            notes.append(f"{stop.label} is {kind}, not a town: the leg {end} at a point near its middle, "
                         f"as the article names no place in it.")
    return tuple(notes)


def great_circle_leg(plan: LegPlan, *, options: RouteOptions | None = None) -> Leg:
    """The leg as a geodesic line between its two stops, labelled ``direct``."""
    coords = great_circle(plan.origin.place.coord, plan.destination.place.coord)
    return Leg(plan=plan, coords=coords, length_km=line_length_km(coords), drawn_as="direct")


def great_circle(a: Coord, b: Coord) -> tuple[Coord, ...]:
    """Points along the geodesic from ``a`` to ``b``, ends included.

    Examples
    --------
    >>> line = great_circle((0.0, 0.0), (1.0, 0.0))
    >>> line[0], line[-1]
    ((0.0, 0.0), (1.0, 0.0))
    """
    length_km = _GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000
    n = int(length_km // GREAT_CIRCLE_STEP_KM)
    middle = _GEOD.npts(a[0], a[1], b[0], b[1], n) if n > 0 else []
    return (a, *((round(x, 6), round(y, 6)) for x, y in middle), b)


def geodesic_circle(centre: Coord, radius_km: float, *, points: int = 180) -> tuple[Coord, ...]:
    """A closed ring of points ``radius_km`` from ``centre`` along geodesics (WGS84)."""
    azimuths = [360 * i / points for i in range(points)]
    lons, lats, _ = _GEOD.fwd([centre[0]] * points, [centre[1]] * points, azimuths, [radius_km * 1000] * points)
    ring = tuple((round(x, 5), round(y, 5)) for x, y in zip(lons, lats))
    return (*ring, ring[0])


def line_length_km(coords: tuple[Coord, ...]) -> float:
    """Geodesic length of a line of (lon, lat) points, in km."""
    if len(coords) < 2:
        return 0.0
    lons, lats = zip(*coords)
    return round(_GEOD.line_length(lons, lats) / 1000, 3)


#: Routers by mode, each called as ``router(plan, options=...)``; modes with no network
#: use :func:`great_circle_leg`.
ROUTERS: dict[str, Callable[..., Leg]] = {"sea": sea_leg, "rail": rail_leg, "road": road_leg}
