"""What the user types in the page, read and checked; edits from the page's stops table.

The table is a list of rows, one per stop, each a dict with ``stop`` (label), ``place``
(a name the geocoder knows), ``lon``, ``lat`` and ``mode`` (of the leg that arrives there).

Every ``check_*`` reader returns a :class:`Checked`: the value to use, and when what was typed
(or given in the page's address) cannot be used as it is, the sentence the page shows beside
that field, so that one bad field never takes the rest of the page with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from routes.analysis import with_stops
from routes.errors import GeocodingError
from routes.model import MODES, Analysis, Place, Stop
from routes.read.geocoders import Geocoder, get_geocoder

COLUMNS = ("stop", "place", "lon", "lat", "mode")
T = TypeVar("T")


@dataclass(frozen=True)
class Checked(Generic[T]):
    """A field's value as the page uses it, and what was wrong with what was typed.

    Attributes
    ----------
    value
        The value to use: the one typed, or when it cannot be used, the one used instead.
    problem
        None when the typed value is used; else a sentence for beside the field that says what
        is wrong and what is used instead.
    """

    value: T
    problem: str | None = None


def stop_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """The itinerary as table rows (the first stop has no arriving mode)."""
    modes = {leg.destination.label: leg.mode for leg in analysis.itinerary.legs}
    return [
        {"stop": s.label, "place": s.place.name, "lon": round(s.place.lon, 5), "lat": round(s.place.lat, 5),
         "mode": modes.get(s.label) if i else None}
        for i, s in enumerate(analysis.itinerary.stops)
    ]


def apply_rows(analysis: Analysis, rows: list[dict[str, Any]], *, geocoder: Geocoder | None = None) -> Analysis:
    """The analysis re-planned and re-routed through the stops of an edited table.

    A row whose ``place`` changed is geocoded again (the candidate in the stop's former
    country first); a row whose coordinates changed keeps the name with the new point.

    Raises
    ------
    GeocodingError
        A new place name is unknown.
    """
    coder = geocoder or get_geocoder("offline")
    before = {s.label: s for s in analysis.itinerary.stops}
    stops: list[Stop] = []
    modes: list[str] = []
    for i, row in enumerate(r for r in rows if str(r.get("place") or r.get("stop") or "").strip()):
        stop = _stop(row, before.get(str(row.get("stop") or "")), coder)
        stops.append(stop)
        if i:
            mode = str(row.get("mode") or "direct")
            if mode not in MODES:
                raise ValueError(f"Unknown mode {mode!r}: choose one of {', '.join(MODES)}.")
            modes.append(mode)
    return with_stops(analysis, stops, modes)


def _stop(row: dict[str, Any], old: Stop | None, coder: Geocoder) -> Stop:
    name = str(row.get("place") or row.get("stop")).strip()
    label = str(row.get("stop") or name).strip()
    lon, lat = _number(row.get("lon")), _number(row.get("lat"))
    if old is not None and name == old.place.name:
        if lon is not None and lat is not None and (abs(lon - old.place.lon) > 1e-5 or abs(lat - old.place.lat) > 1e-5):
            return replace(old, label=label, place=replace(old.place, lon=lon, lat=lat, feature="custom"))
        return replace(old, label=label)
    candidates = [p for p in coder.candidates(name) if p.feature == "town"] or coder.candidates(name)
    if not candidates:
        if old is None and lon is not None and lat is not None:  # a new stop given by its coordinates
            return Stop(Place(name=name, lon=lon, lat=lat, feature="custom"), label)
        raise GeocodingError(f"No place called {name!r} is known: check the spelling or give lon and lat.")
    if old is not None:
        candidates.sort(key=lambda p: p.country_code != old.place.country_code)
    label = name if old is None or label == old.label else label
    return Stop(candidates[0], label)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def radii_from_text(text: str) -> list[float]:
    """Ring radii typed by a user: ``"100, 200 290km"`` gives ``[100.0, 200.0, 290.0]``.

    Raises
    ------
    ValueError
        A radius is not a positive number of km below half the Earth's circumference.
    """
    import re

    radii = []
    for token in re.split(r"[,;\s]+", text.lower().replace("km", " ").strip()):
        if not token:
            continue
        try:
            km = float(token)
        except ValueError as err:
            raise ValueError(f"{token!r} is not a distance in km.") from err
        if not 0 < km < 20_000:
            raise ValueError(f"A ring of {km:g} km cannot be drawn: give 0 to 20,000 km.")
        radii.append(km)
    return radii


def check_radii(text: str) -> Checked[tuple[float, ...]]:
    """Ring radii typed in the page (see :func:`radii_from_text`); none drawn while one is wrong."""
    try:
        return Checked(tuple(radii_from_text(text)))
    except ValueError as err:
        return Checked((), f"{err} No ring is drawn until the radii are fixed (e.g. 100, 200, 300).")


def check_number(raw: object, default: float, low: float, high: float, *, what: str, unit: str) -> Checked[float]:
    """A number given in the page's address (a shared link), for a field that takes ``low`` to ``high``.

    Not a number: the ``default``; out of range: the nearest bound. Either way the problem says so.
    """
    if raw is None or str(raw).strip() == "":
        return Checked(default)
    try:
        number = float(str(raw))
    except ValueError:
        return Checked(default, f"The address gives {str(raw)!r} for the {what}: not a number; "
                                f"{default:g} {unit} used.")
    if math.isnan(number):
        return Checked(default, f"The address gives {str(raw)!r} for the {what}: not a number; "
                                f"{default:g} {unit} used.")
    if not low <= number <= high:
        used = min(max(number, low), high)
        return Checked(used, f"The address gives {number:g} {unit} for the {what}, outside {low:g}–{high:g} "
                             f"{unit}; {used:g} {unit} used.")
    return Checked(number)


#: The years the page's year field takes.
YEARS = (1900, 2100)


def check_year(raw: object, default: int | None) -> Checked[int | None]:
    """The year of the events given in the page's address: a whole year from :data:`YEARS`, else ``default``."""
    if raw is None or str(raw).strip() == "":
        return Checked(default)
    text = str(raw).strip()
    if not text.isdigit() or not YEARS[0] <= int(text) <= YEARS[1]:
        fallback = "the article's year" if default else "no year"
        return Checked(default, f"The address gives {text!r} for the year: give a year from {YEARS[0]} to "
                                f"{YEARS[1]}; {fallback} used.")
    return Checked(int(text))


def check_rows(rows: list[dict[str, Any]]) -> list[str]:
    """What is wrong with the stops table before it is applied, a sentence a row (none: it can be applied).

    A row with neither a place nor a label is left out, as :func:`apply_rows` does; whether a new
    name is known is found when the table is applied (it takes the geocoder).
    """
    problems = []
    kept = [(n, r) for n, r in enumerate(rows, start=1) if str(r.get("place") or r.get("stop") or "").strip()]
    for i, (n, row) in enumerate(kept):
        lon, lat = _number(row.get("lon")), _number(row.get("lat"))
        if lon is not None and not -180 <= lon <= 180:
            problems.append(f"Row {n}: longitude {lon:g} is outside −180 to 180.")
        if lat is not None and not -90 <= lat <= 90:
            problems.append(f"Row {n}: latitude {lat:g} is outside −90 to 90.")
        mode = row.get("mode")
        if i and mode not in (None, "") and mode not in MODES:
            problems.append(f"Row {n}: unknown mode {mode!r}; choose one of {', '.join(MODES)}.")
    return problems
