"""Edits from the app's table: stops the user fixed, added, removed or re-moded.

The table is a list of rows, one per stop, each a dict with ``stop`` (label), ``place``
(a name the geocoder knows), ``lon``, ``lat`` and ``mode`` (of the leg that arrives there).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from routes.analysis import with_stops
from routes.errors import GeocodingError
from routes.model import MODES, Analysis, Place, Stop
from routes.read.geocoders import Geocoder, get_geocoder

COLUMNS = ("stop", "place", "lon", "lat", "mode")


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
