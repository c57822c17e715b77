"""Files for analysts' tools: the Analysis as one GeoJSON FeatureCollection (RFC 7946).

Schema (documented in README.md): features of ``kind`` ``place`` (Point), ``leg``
(LineString), ``border_distance`` (LineString) and ``claim`` (no geometry).
"""

from __future__ import annotations

import json
from typing import Any

from routes.claims import check
from routes.model import Analysis
from routes.timeline import leg_time


def to_geojson(analysis: Analysis) -> dict[str, Any]:
    """The analysis as a GeoJSON FeatureCollection, coordinates (lon, lat) in WGS84."""
    features = [*_places(analysis), *_legs(analysis), *_border(analysis), *_claims(analysis)]
    return {"type": "FeatureCollection", "features": features}


def geojson_text(analysis: Analysis) -> str:
    """:func:`to_geojson` serialised, UTF-8 safe, one feature per line for readable diffs."""
    collection = to_geojson(analysis)
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in collection["features"])
    return '{"type": "FeatureCollection", "features": [\n' + lines + "\n]}\n"


def _feature(geometry: dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _places(analysis: Analysis) -> list[dict[str, Any]]:
    return [
        _feature(
            {"type": "Point", "coordinates": [pm.place.lon, pm.place.lat]},
            kind="place", name=pm.place.name, mention=pm.mention.surface,
            start=pm.mention.start, end=pm.mention.end, geonames_id=pm.place.geonames_id,
            country_code=pm.place.country_code, feature=pm.place.feature, role=pm.role,
            confidence=pm.place.confidence, sentence=pm.mention.sentence,
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
        timing = leg_time(leg, analysis.article.year)
        if plan.dates:
            start, end = timing.start, timing.end
            props.update(start_date=start.isoformat() if start else plan.dates.start,
                         end_date=end.isoformat() if end else plan.dates.end, dates_text=plan.dates.text)
        props.update(travel_days=round(timing.travel_days, 2), speed_kmh=round(timing.speed_kmh, 1),
                     implied_speed_kmh=None if timing.implied_kmh is None else round(timing.implied_kmh, 2))
        props.update(mode_word=plan.mode_word, sentence=plan.sentence)
        out.append(_feature({"type": "LineString", "coordinates": [list(c) for c in leg.coords]}, **props))
    return out


def _border(analysis: Analysis) -> list[dict[str, Any]]:
    b = analysis.border
    if b is None:
        return []
    return [_feature(
        {"type": "LineString", "coordinates": [list(b.point), list(b.nearest)]},
        kind="border_distance", **{"from": b.from_name}, country_code=b.country_code,
        country=b.country_name, distance_km=round(b.distance_km, 1), boundary=b.boundary,
        view=b.view, border_kind=b.border_kind, near=b.near,
        readings=[{"view": r.view, "part": r.part, "distance_km": round(r.distance_km, 1),
                   "nearest": [round(r.nearest[0], 5), round(r.nearest[1], 5)]} for r in analysis.border_readings],
    )]


def _claims(analysis: Analysis) -> list[dict[str, Any]]:
    out = []
    for claim in analysis.itinerary.claims:
        c = check(claim, analysis)
        out.append(_feature(
            None, kind="claim", text=claim.text, claim_kind=claim.kind, about=claim.about,
            value=claim.value, unit=claim.unit, claimed_km=claim.claimed_km,
            computed_km=None if c.computed_km is None else round(c.computed_km, 1),
            difference_km=None if c.difference_km is None else round(c.difference_km, 1),
            difference_pct=None if c.difference_pct is None else round(c.difference_pct, 1),
            agrees=c.agrees, verdict=c.sentence, sentence=claim.sentence,
        ))
    return out
