"""The analysis as GeoJSON: the schema every data file holds.

Schema
------
Every data file holds the features of :func:`to_geojson`, one FeatureCollection (RFC 7946:
coordinates ``[lon, lat]``, WGS84), each with a ``kind``:

``place`` (Point), one per mention
    ``name``, ``mention``, ``start``, ``end``, ``geonames_id``, ``country_code``, ``feature``,
    ``role``, ``confidence``, ``low_confidence`` (a stop the reader is unsure of: check it), ``sentence``.
``leg`` (LineString, the whole leg from origin to destination)
    ``order``, ``mode``, ``drawn_as``, ``network``, ``from``, ``to``, ``length_km``,
    ``length_nmi`` (sea), ``start_date``, ``end_date``, ``dates_text``, ``travel_days``,
    ``speed_kmh``, ``implied_speed_kmh``, ``mode_word``, ``sentence``, and:
    ``inferred_km`` (length of the stretches not on the network's surveyed lines: gaps
    bridged, links from a stop to the network; a ``direct`` leg is not a route at all, so
    all of it counts), ``inferred_share`` (0–1, of ``length_km``), ``via`` (main junctions
    or waypoints passed, in order), ``article_via`` (what the article says the leg passes: "Kazakhstan",
    "the Bosphorus"), ``notes`` (plain sentences from the router).
``leg_piece`` (LineString, a stretch of a routed leg, in order; none for a leg the router
gave no pieces)
    ``order`` (the leg's), ``piece`` (1, 2, … along the leg), ``mode``, ``piece_kind``
    (``network``, ``bridge``: a gap between two parts of the network, ``access``: a stop's
    link to the network), ``inferred`` (true for bridges and access links), ``length_km``,
    ``note`` (what the stretch is, in words).
``border_distance`` (LineString from the point to the nearest border point)
    ``from``, ``country_code``, ``country``, ``distance_km``, ``boundary``, ``view``,
    ``border_kind``, ``near``, ``readings`` (every view × part: ``view``, ``part``,
    ``distance_km``, ``nearest``).
``claim`` (no geometry)
    ``text``, ``claim_kind``, ``value``, ``unit``, ``qualifier`` (``about``, ``less than``, ``more than``,
    ``exact``), ``about`` (``border:UA``, ``leg:2``, or empty), ``claimed_km``, ``computed_km``,
    ``difference_km``, ``difference_pct``, ``agrees``, ``verdict``, ``sentence``.

Other files flatten it (:mod:`routes.show.gisfiles`). A view of a finished analysis: it
reads the claims' checks and the legs' times the analysis holds, never computes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from routes.analysis import LOW_CONFIDENCE
from routes.geodesy import antimeridian_parts, line_length_km
from routes.model import Analysis, Leg, LegPiece
from routes.show.captions import inferred

PIECE_NOTES = {
    "network": "on the network's surveyed lines",
    "bridge": "inferred: a gap between two parts of the network, bridged in a straight line",
    "access": "inferred: the link between a stop and the nearest point of the network (or navigable water)",
    "canal": "inferred: a canal whose locks and lakes the coastline draws as land, along marnet's line, "
             "not checked against the land",
}



def to_geojson(analysis: Analysis) -> dict[str, Any]:
    """The analysis as a GeoJSON FeatureCollection, coordinates (lon, lat) in WGS84 (schema above)."""
    features = [*_places(analysis), *_legs(analysis), *_pieces(analysis), *_border(analysis), *_claims(analysis)]
    return {"type": "FeatureCollection", "warnings": list(analysis.warnings), "features": features}


def geojson_text(analysis: Analysis) -> str:
    """:func:`to_geojson` serialised, UTF-8 safe, one feature per line for readable diffs."""
    collection = to_geojson(analysis)
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in collection["features"])
    warnings = json.dumps(collection["warnings"], ensure_ascii=False)
    return '{"type": "FeatureCollection", "warnings": ' + warnings + ', "features": [\n' + lines + "\n]}\n"


def _feature(geometry: dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _line(coords: Iterable[tuple[float, float]]) -> dict[str, Any]:
    """A LineString, or a MultiLineString cut at the antimeridian when the line crosses it (RFC 7946 §3.1.9)."""
    parts = antimeridian_parts(list(coords))
    if len(parts) > 1:
        return {"type": "MultiLineString", "coordinates": [[list(c) for c in part] for part in parts]}
    return {"type": "LineString", "coordinates": [list(c) for c in (parts[0] if parts else [])]}


def _places(analysis: Analysis) -> list[dict[str, Any]]:
    return [
        _feature(
            {"type": "Point", "coordinates": [pm.place.lon, pm.place.lat]},
            kind="place", name=pm.place.name, mention=pm.mention.surface,
            start=pm.mention.start, end=pm.mention.end, geonames_id=pm.place.geonames_id,
            country_code=pm.place.country_code, feature=pm.place.feature, role=pm.role,
            confidence=pm.place.confidence,
            low_confidence=pm.role in ("origin", "stop", "destination") and pm.place.confidence < LOW_CONFIDENCE,
            sentence=pm.mention.sentence,
        )
        for pm in analysis.places
    ]


def _legs(analysis: Analysis) -> list[dict[str, Any]]:
    out = []
    for i, leg in enumerate(analysis.legs, start=1):
        plan = leg.plan
        props: dict[str, Any] = {
            "kind": "leg", "order": i, "mode": plan.mode, "drawn_as": leg.drawn_as,
            "network": leg.network, "from": plan.origin.label, "to": plan.destination.label,
            "length_km": round(leg.length_km, 1),
        }
        if plan.mode == "sea":
            props["length_nmi"] = round(leg.length_nmi, 1)
        timing = analysis.times[i - 1]
        if plan.dates:
            start, end = timing.start, timing.end
            props.update(start_date=start.isoformat() if start else plan.dates.start,
                         end_date=end.isoformat() if end else plan.dates.end, dates_text=plan.dates.text)
        props.update(travel_days=round(timing.travel_days, 2), speed_kmh=round(timing.speed_kmh, 1),
                     implied_speed_kmh=None if timing.implied_kmh is None else round(timing.implied_kmh, 2))
        props.update(mode_word=plan.mode_word, sentence=plan.sentence)
        km, share = inferred(leg)
        props.update(inferred_km=round(km, 1), inferred_share=round(share, 4), via=list(leg.via),
                     article_via=list(plan.via),
                     notes=list(leg.notes))
        out.append(_feature(_line(leg.coords), **props))
    return out


def piece_props(order: int, number: int, leg: Leg, piece: LegPiece) -> dict[str, Any]:
    return {"kind": "leg_piece", "order": order, "piece": number, "mode": leg.plan.mode, "piece_kind": piece.kind,
            "inferred": piece.inferred, "length_km": round(line_length_km(piece.coords), 2),
            "note": PIECE_NOTES.get(piece.kind, "inferred" if piece.inferred else piece.kind)}


def _pieces(analysis: Analysis) -> list[dict[str, Any]]:
    return [_feature(_line(piece.coords), **piece_props(i, k, leg, piece))
            for i, leg in enumerate(analysis.legs, start=1)
            for k, piece in enumerate(leg.pieces, start=1) if len(piece.coords) >= 2]


def _border(analysis: Analysis) -> list[dict[str, Any]]:
    b = analysis.border
    if b is None:
        return []
    return [_feature(
        _line([b.point, b.nearest]),
        kind="border_distance", **{"from": b.from_name}, country_code=b.country_code,
        country=b.country_name, distance_km=round(b.distance_km, 1), boundary=b.boundary,
        view=b.view, border_kind=b.border_kind, near=b.near,
        readings=[{"view": r.view, "part": r.part, "distance_km": round(r.distance_km, 1),
                   "nearest": [round(r.nearest[0], 5), round(r.nearest[1], 5)]} for r in analysis.border_readings],
    )]


def _claims(analysis: Analysis) -> list[dict[str, Any]]:
    out = []
    for c in analysis.checks:
        claim = c.claim
        out.append(_feature(
            None, kind="claim", text=claim.text, claim_kind=claim.kind, about=claim.about,
            value=claim.value, unit=claim.unit, qualifier=claim.qualifier or "exact", claimed_km=claim.claimed_km,
            computed_km=None if c.computed_km is None else round(c.computed_km, 1),
            difference_km=None if c.difference_km is None else round(c.difference_km, 1),
            difference_pct=None if c.difference_pct is None else round(c.difference_pct, 1),
            agrees=c.agrees, verdict=c.sentence, sentence=claim.sentence,
        ))
    return out
