"""Routing the legs of an itinerary.

Each mode has a router (:data:`ROUTERS`): sea legs run on water (:mod:`routes.route.sea`),
rail and road legs on OpenStreetMap's networks (:mod:`routes.route.network`). A mode with no network (air, or
``direct``) is drawn
as a great circle on the WGS84 ellipsoid and says so: ``drawn_as="direct"``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from routes.geodesy import great_circle, line_length_km
from routes.model import AREA_FEATURES, Leg, LegPlan, RouteOptions
from routes.read.names import name_key
from routes.route.network import country_at, rail_leg, road_leg
from routes.route.sea import sea_leg


def route_leg(plan: LegPlan, options: RouteOptions | None = None) -> Leg:
    """Route one leg on the network of its mode (a great circle where none is available); the countries the
    article says it passes are open to it, and its notes say whether the route passes what the article says."""
    options = options or RouteOptions()
    if plan.via_countries:
        options = replace(options, through_countries=tuple(dict.fromkeys(options.through_countries
                                                                         + plan.via_countries)))
    router = ROUTERS.get(plan.mode, great_circle_leg)
    leg = router(plan, options=options)
    return replace(leg, notes=leg.notes + _area_notes(plan) + _via_notes(plan, leg))


def _via_notes(plan: LegPlan, leg: Leg) -> tuple[str, ...]:
    """Whether the route passes the straits, canals and countries the article says the leg passes."""
    notes = []
    countries = set(plan.via_countries)
    passed = {c for c in map(country_at, leg.coords[::max(1, len(leg.coords) // 200)]) if c} if countries else set()
    for name in plan.via:
        code = next((c for c in countries if c in passed), None) if countries else None
        words = [name_key(w) for w in name.replace("-", " ").split() if len(w) >= 4 and w[:1].isupper()]
        named = [v for v in leg.via if any(w and w in name_key(v) for w in words)]
        if named or code:
            notes.append(f"The article says the leg passes {name}; the route does" + (f" ({named[0]})." if named
                                                                                          else "."))
        elif leg.drawn_as != "direct":
            notes.append(f"The article says the leg passes {name}; the route found does not"
                         + (f" (it passes {', '.join(leg.via[:6])})." if leg.via else "."))
    return tuple(notes)


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


#: Routers by mode, each called as ``router(plan, options=...)``; modes with no network
#: use :func:`great_circle_leg`.
ROUTERS: dict[str, Callable[..., Leg]] = {"sea": sea_leg, "rail": rail_leg, "road": road_leg}
