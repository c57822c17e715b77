"""How "Play the journey" is paced: each leg's share of the playback, and where the marker is at a moment.

A journey is played by the legs' dates when the article dates every leg (a leg's share of the
playback is its share of the journey's days), else by distance (its share of the journey's km),
so that a 19,000 km leg takes a hundred times the playback of a 190 km one. Within a leg the
marker moves at an even pace along the drawn line. The map's player (:class:`~routes.show.mapview`'s
``_JourneyPlayer``) does in JavaScript what :func:`position` does here.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from routes.geodesy import distance_km
from routes.model import Analysis, Coord, Leg, LegTime

#: The whole journey's playback at 1×, in seconds; the speed control divides it.
PLAYBACK_SECONDS = 20.0
#: The speeds offered (times the normal pace).
SPEEDS = (0.5, 1.0, 2.0, 4.0)


@dataclass(frozen=True)
class PacedLeg:
    """One leg in the playback.

    ``start`` and ``end`` are shares of the whole playback (0 to 1); ``offset`` and ``amount``
    the journey's days or km before the leg and in it; ``along`` the share of the leg's
    drawn length reached at each of its points (0 to 1); ``first_day`` the leg's first date
    when the article and the year give one.
    """

    start: float
    end: float
    offset: float
    amount: float
    along: tuple[float, ...]
    first_day: dt.date | None


@dataclass(frozen=True)
class Pacing:
    """The playback of a journey: ``basis`` ``"dates"`` or ``"distance"``, its ``unit``
    (``"days"`` or ``"km"``) and ``total``, and its legs in order."""

    basis: str
    unit: str
    total: float
    legs: tuple[PacedLeg, ...]

    @property
    def sentence(self) -> str:
        """What the playback is paced by, in plain words."""
        if self.basis == "dates":
            return f"Paced by the article's dates: {self.total:,.0f} days in all."
        return f"Paced by distance ({self.total:,.0f} km in all): the article does not date every leg."


def leg_days(timing: LegTime) -> float | None:
    """The days the article's dates give a leg, both ends counted (7–10 September: 4), or None."""
    if timing.start is not None and timing.end is not None:
        return float((timing.end - timing.start).days + 1)
    return None if timing.span_days is None else float(timing.span_days)


def shares(amounts: Sequence[float]) -> list[tuple[float, float]]:
    """Each amount's (start, end) as shares of their sum, in order.

    Examples
    --------
    >>> shares([1, 3])
    [(0.0, 0.25), (0.25, 1.0)]
    """
    total = sum(amounts)
    if total <= 0:  # nothing to pace by: equal shares
        return [(i / len(amounts), (i + 1) / len(amounts)) for i in range(len(amounts))]
    out, before = [], 0.0
    for amount in amounts:
        out.append((before / total, (before + amount) / total))
        before += amount
    out[-1] = (out[-1][0], 1.0)  # the last leg ends the playback exactly, whatever the rounding
    return out


def along(coords: Sequence[Coord]) -> tuple[float, ...]:
    """The share of the line's length reached at each of its points (geodesic; 0 at the first, 1 at the last)."""
    if len(coords) < 2:
        return (0.0,) * len(coords)
    reached = [0.0]
    for a, b in zip(coords, coords[1:], strict=False):
        reached.append(reached[-1] + distance_km(a, b))
    total = reached[-1]
    if total == 0:
        return tuple(i / (len(coords) - 1) for i in range(len(coords)))
    return tuple(r / total for r in reached)


def pacing(analysis: Analysis) -> Pacing:
    """The playback of the analysis's legs (its ``times`` at the view's speeds and year).

    By the dates when every leg has some, else by distance: a journey half dated would mix
    two clocks.
    """
    legs: Sequence[Leg] = analysis.legs
    days = [leg_days(t) for t in analysis.times]
    if legs and all(d is not None for d in days):
        basis, unit, amounts = "dates", "days", [float(d or 0) for d in days]
    else:
        basis, unit, amounts = "distance", "km", [leg.length_km for leg in legs]
    paced, before = [], 0.0
    for leg, timing, amount, (start, end) in zip(legs, analysis.times, amounts, shares(amounts), strict=True):
        first = timing.start if basis == "dates" else None
        paced.append(PacedLeg(start, end, before, amount, along(leg.coords), first))
        before += amount
    return Pacing(basis, unit, before, tuple(paced))


def position(paced: Pacing, t: float) -> tuple[int, float]:
    """At share ``t`` of the playback (0 to 1): the leg's index and the share of that leg done.

    Examples
    --------
    >>> p = Pacing("distance", "km", 400.0, (PacedLeg(0.0, 0.25, 0.0, 100.0, (0.0, 1.0), None),
    ...                                      PacedLeg(0.25, 1.0, 100.0, 300.0, (0.0, 1.0), None)))
    >>> position(p, 0.5)
    (1, 0.3333333333333333)
    """
    t = min(1.0, max(0.0, t))
    for i, leg in enumerate(paced.legs):
        if t < leg.end or i == len(paced.legs) - 1:
            width = leg.end - leg.start
            return i, 1.0 if width <= 0 else min(1.0, max(0.0, (t - leg.start) / width))
    raise ValueError("a journey with no legs has no playback")


def point_at(coords: Sequence[Coord], reached: Sequence[float], f: float) -> Coord:
    """The point a share ``f`` of the way along a line whose points reach the shares ``reached``."""
    i = bisect.bisect_right(reached, f)
    if i >= len(coords):
        return coords[-1]
    if i == 0:
        return coords[0]
    a, b = reached[i - 1], reached[i]
    k = 0.0 if b == a else (f - a) / (b - a)
    (x0, y0), (x1, y1) = coords[i - 1], coords[i]
    return (x0 + (x1 - x0) * k, y0 + (y1 - y0) * k)
