"""A journey across the antimeridian, drawn the short way on a web map.

Leaflet draws a line from 179° E to 179° W across the whole world. A map of a journey
that crosses ±180° (Vladivostok to Anchorage, Suva to Apia) is therefore drawn in one
frame east of it: every longitude west of Greenwich gets 360° added (Anchorage at 210° E),
so that the route, the stops, the border line and the map's frame are continuous. Leaflet
takes longitudes past 180°; the basemap, cut to the view, is fetched on both sides of
±180° and moved the same way (:func:`geojson_across`). Data files keep ±180°, cut at the
antimeridian (:func:`routes.geodesy.antimeridian_parts`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from routes.model import Analysis, BorderMeasurement, Coord, Leg, LegPlan, Place, Stop


def crosses(analysis: Analysis) -> bool:
    """Whether a leg's line steps across ±180° (more than 180° of longitude between two of its points)."""
    return any(abs(b[0] - a[0]) > 180 for leg in analysis.legs for a, b in zip(leg.coords, leg.coords[1:],
                                                                              strict=False))


def for_map(analysis: Analysis) -> Analysis:
    """The analysis in the frame a web map draws it in: :func:`east_frame` if it :func:`crosses` ±180°."""
    return east_frame(analysis) if crosses(analysis) else analysis


def eastward(c: Coord) -> Coord:
    """A point in the frame east of the antimeridian: 360° added to a longitude west of Greenwich."""
    return (c[0] + 360 if c[0] < 0 else c[0], c[1])


def east_frame(analysis: Analysis) -> Analysis:
    """The analysis with every longitude west of Greenwich moved 360° east, for a map across ±180°."""
    plans: dict[int, LegPlan] = {}

    coord = eastward

    def place(p: Place) -> Place:
        return replace(p, lon=eastward(p.coord)[0])

    def stop(s: Stop) -> Stop:
        return replace(s, place=place(s.place))

    def plan(p: LegPlan) -> LegPlan:  # one copy per plan, so that a leg and the itinerary share it
        if id(p) not in plans:
            plans[id(p)] = replace(p, origin=stop(p.origin), destination=stop(p.destination))
        return plans[id(p)]

    def leg(g: Leg) -> Leg:
        return replace(g, plan=plan(g.plan), coords=tuple(map(coord, g.coords)),
                       pieces=tuple(replace(pc, coords=tuple(map(coord, pc.coords))) for pc in g.pieces))

    def border(b: BorderMeasurement | None) -> BorderMeasurement | None:
        return None if b is None else replace(b, point=coord(b.point), nearest=coord(b.nearest))

    it = analysis.itinerary
    itinerary = replace(it, stops=tuple(map(stop, it.stops)), legs=tuple(map(plan, it.legs)),
                        border=None if it.border is None else replace(it.border, stop=stop(it.border.stop)))
    return replace(analysis, itinerary=itinerary, legs=tuple(map(leg, analysis.legs)),
                   places=tuple(replace(pm, place=place(pm.place)) for pm in analysis.places),
                   border=border(analysis.border))


def geojson_across(fetch: Callable[[tuple[float, float, float, float]], dict[str, Any]],
                   bounds: tuple[float, float, float, float]) -> dict[str, Any]:
    """``fetch(bounds)`` (a GeoJSON of what lies in a box) for a box that may reach past 180° E: the part
    past it is fetched at its own longitudes (-180° and on) and moved 360° east."""
    west, south, east, north = bounds
    if east <= 180:
        return fetch(bounds)
    features = list(fetch((max(-180.0, west), south, 180.0, north))["features"]) if west < 180 else []
    for f in fetch((-180.0, south, min(180.0, east - 360), north))["features"]:
        features.append({**f, "geometry": _moved(f["geometry"])})
    return {"type": "FeatureCollection", "features": features}


def _moved(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    if geometry is None:
        return None

    def move(c: Any) -> Any:
        return [c[0] + 360, *c[1:]] if c and isinstance(c[0], (int, float)) else [move(x) for x in c]

    if geometry["type"] == "GeometryCollection":
        return {**geometry, "geometries": [_moved(g) for g in geometry["geometries"]]}
    return {**geometry, "coordinates": move(geometry["coordinates"])}
