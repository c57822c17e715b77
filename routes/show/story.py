"""The story of an analysis in steps, for teaching: article → places → each leg → border.

Each step has a title, a plain text and the part of the map to show (a centre and a zoom
that fit its bounds), so a page can move the map from step to step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from routes.analysis import for_view
from routes.model import Analysis, Coord, ViewOptions

MODE_WORDS = {"sea": "by sea", "rail": "by rail", "road": "by road", "air": "by air", "direct": ""}


@dataclass(frozen=True)
class Step:
    """One step of the story."""

    title: str
    text: str
    centre: Coord  # (lon, lat)
    zoom: int


def story(analysis: Analysis, view: ViewOptions | None = None, *, width_px: int = 700,
          height_px: int = 620) -> list[Step]:
    """The steps of the analysis, in the order a teacher would tell them (each leg's time at the view's speeds)."""
    analysis = for_view(analysis, view or ViewOptions())
    places = [pm.place for pm in analysis.places if pm.place.feature == "town"]
    everything = [c for leg in analysis.legs for c in leg.coords] or [p.coord for p in places]
    if not everything:
        return []
    fit = _fitter(width_px, height_px)
    towns = sorted({p.name for p in places})
    stops = [stop.name for stop in analysis.itinerary.stops]
    told = (f"Read as a journey, it tells {_count(len(analysis.legs), 'leg')}: {' → '.join(stops)}."
            if analysis.legs else "It tells no journey the reader can follow.")
    steps = [
        Step("The article", f"The article names {_count(len(analysis.places), 'place')}. {told}", *fit(everything)),
        Step("The places", f"The towns it names: {', '.join(towns)}. Countries are not drawn as towns, and "
             "institutions named after a city (the White House, the Kremlin) are not places on the map.",
             *fit([p.coord for p in places] or everything)),
    ]
    for i, (leg, timing) in enumerate(zip(analysis.legs, analysis.times, strict=True), start=1):
        plan = leg.plan
        length = f"{leg.length_km:,.0f} km" + (f" ({leg.length_nmi:,.0f} nmi)" if plan.mode == "sea" else "")
        steps.append(Step(
            f"Leg {i}: {plan.origin.label} → {plan.destination.label} {MODE_WORDS[plan.mode]}".strip(),
            f"“{plan.sentence}” — {length}" + (", drawn as a direct line" if leg.drawn_as == "direct" else "")
            + f". {timing.sentence[0].upper()}{timing.sentence[1:]}",
            *fit(list(leg.coords))))
    if analysis.border:
        b = analysis.border
        text = (f"{b.from_name} lies {b.distance_km:,.0f} km from the border of {b.country_name}, as the crow "
                "flies: the shortest line over the Earth's surface to the nearest point of the border.")
        checks = [c for c in analysis.checks if c.claim.about == f"border:{b.country_code}"]
        if checks and checks[0].difference_km is not None:
            c, diff = checks[0], checks[0].difference_km
            verdict = ("that agrees, within the figure's precision." if c.agrees
                       else f"{abs(diff):,.0f} km {'less' if diff > 0 else 'more'} than the measurement.")
            text += f" The article says “{c.claim.text}”: {verdict}"
        steps.append(Step(f"The border of {b.country_name}", text, *fit([b.point, b.nearest])))
    return steps


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _fitter(width_px: int, height_px: int):  # noqa: ANN202
    def fit(points: list[Coord]) -> tuple[Coord, int]:
        lons, lats = zip(*points, strict=False)
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        centre = ((west + east) / 2, (south + north) / 2)
        return centre, fit_zoom((west, south, east, north), width_px, height_px)

    return fit


def fit_zoom(bounds: tuple[float, float, float, float], width_px: int, height_px: int, *, margin: float = 0.8) -> int:
    """The largest web-map zoom at which ``bounds`` (west, south, east, north) fit the map.

    Examples
    --------
    >>> fit_zoom((130.0, 42.0, 133.0, 43.0), 700, 620)
    8
    """
    west, south, east, north = bounds

    def y(lat: float) -> float:
        s = math.sin(math.radians(max(-85.0, min(85.0, lat))))
        return math.log((1 + s) / (1 - s)) / (4 * math.pi)  # Mercator, in world widths

    span_x = max((east - west) / 360, 1e-6)
    span_y = max(abs(y(north) - y(south)), 1e-6)
    zoom = min(math.log2(width_px * margin / 256 / span_x), math.log2(height_px * margin / 256 / span_y))
    return max(1, min(12, int(zoom)))
