"""Exports: data files for analysts' tools and images for publication, one :func:`export` for all.

The app's download buttons and ``python -m routes export`` call the same function::

    >>> from routes.show.export import FORMATS
    >>> sorted(FORMATS)
    ['csv', 'geojson', 'gpkg', 'gpx', 'html', 'kml', 'kmz', 'pdf', 'png', 'svg']
    >>> FORMATS["kmz"].mime
    'application/vnd.google-earth.kmz'

Schema
------
Every data file holds the features of :func:`to_geojson`, one FeatureCollection (RFC 7946:
coordinates ``[lon, lat]``, WGS84), each with a ``kind``:

``place`` (Point), one per mention
    ``name``, ``mention``, ``start``, ``end``, ``geonames_id``, ``country_code``, ``feature``,
    ``role``, ``confidence``, ``sentence``.
``leg`` (LineString, the whole leg from origin to destination)
    ``order``, ``mode``, ``drawn_as``, ``network``, ``from``, ``to``, ``length_km``,
    ``length_nmi`` (sea), ``start_date``, ``end_date``, ``dates_text``, ``travel_days``,
    ``speed_kmh``, ``implied_speed_kmh``, ``mode_word``, ``sentence``, and:
    ``inferred_km`` (length of the stretches not on the network's surveyed lines: gaps
    bridged, links from a stop to the network; a ``direct`` leg is not a route at all, so
    all of it counts), ``inferred_share`` (0–1, of ``length_km``), ``via`` (main junctions
    or waypoints passed, in order), ``notes`` (plain sentences from the router).
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
    ``text``, ``claim_kind``, ``value``, ``unit``, ``about``, ``claimed_km``, ``computed_km``,
    ``difference_km``, ``difference_pct``, ``agrees``, ``verdict``, ``sentence``.

Files other than GeoJSON have no lists: ``via`` and ``notes`` become one string joined
with ``"; "`` and ``readings`` a JSON string. Per format:

- **GeoJSON**: the collection as it is.
- **CSV** (GDAL, UTF-8 with a byte-order mark for spreadsheets): one row per feature of every
  kind, the geometry as WKT in the first column ``WKT`` (empty for claims), and ``lon``,
  ``lat`` columns for places.
- **GeoPackage** (GDAL): one layer per kind (``places``, ``legs``, ``leg_pieces``,
  ``border_distance``) and the claims as an attribute table (``claims``, no geometry).
- **KML** (GDAL's KML driver, a layer per folder, each a ``<Document>``; Google Earth): *Legs*,
  *Stretches of the legs*, *Distance to the border*, *Places named in the article* and
  *Claims in the article* (placemarks without geometry, shown in the list only). Places
  are one placemark per distinct place (with ``mentions``, the number of times the article
  names it) rather than one per mention. Lines take the map's colours by mode; inferred
  stretches are drawn thin and half transparent (KML has no dashes). Every placemark has a
  ``name`` and an HTML description (article text escaped); the document's description
  holds the alt text and the credits. **KMZ** is the same ``doc.kml``, zipped.
- **GPX** (GDAL's GPX driver, extensions in the ``ogr:`` namespace): a waypoint per
  distinct place (``type`` = role), a track per leg (``type`` = mode) and one for the
  distance to the border (``type`` = ``border_distance``). GPX has no place for features
  without geometry: the claims are in the file's ``<metadata><desc>``; the leg pieces are
  summed in each track's ``inferred_km`` and ``inferred_share``.

GDAL's GPX driver cannot add a layer to an existing file, and its KML and KMZ drivers
rewrite or drop the file's other layers when one is appended (KML through LIBKML, which
also writes ``]]>`` inside CDATA unescaped). So each layer is written by GDAL on its own,
in one session each, and the finished layers are put together into one document here.
"""

from __future__ import annotations

import io
import json
import math
import re
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from routes.read.claims import check
from routes.errors import RoutesError
from routes.model import Analysis, Leg, LegPiece, PlaceMention
from routes.route.timeline import leg_time

#: Colour-blind-safe colours (Okabe–Ito) by mode: the map's (``routes.show.mapview.MODE_COLOURS``).
MODE_COLOURS = {"sea": "#0072B2", "rail": "#D55E00", "road": "#E69F00", "air": "#CC79A7", "direct": "#555555"}
MODE_NAMES = {"sea": "Sea", "rail": "Rail", "road": "Road", "air": "Air", "direct": "Direct"}
BORDER_COLOUR = "#009E73"
PLACE_COLOUR = "#333333"

#: Sides of an image, in CSS pixels: at least, at most.
MIN_SIDE, MAX_SIDE = 200, 6000
#: Pixel densities offered (2 for "2x", retina and print).
SCALES = (1, 2, 3)
DEFAULT_SIZE = (1200, 800)

PIECE_NOTES = {
    "network": "on the network's surveyed lines",
    "bridge": "inferred: a gap between two parts of the network, bridged in a straight line",
    "access": "inferred: the link between a stop and the nearest point of the network (or navigable water)",
    "canal": "inferred: a canal whose locks and lakes the coastline draws as land, along marnet's line, "
             "not checked against the land",
}


class ExportError(RoutesError, ValueError):
    """An export cannot be made as asked: unknown format, bad size or scale."""


@dataclass(frozen=True)
class Format:
    """What a format is, for download buttons and the command line."""

    mime: str
    extension: str
    description: str
    kind: str  # "image", "map" or "data"


#: Formats by name.
FORMATS: dict[str, Format] = {
    "png": Format("image/png", "png", "PNG image of the map, as the interactive map draws it", "image"),
    "svg": Format("image/svg+xml", "svg", "SVG vector image for publication (editable text)", "image"),
    "pdf": Format("application/pdf", "pdf", "PDF vector image for publication", "image"),
    "html": Format("text/html", "html", "the interactive map as one HTML file that opens from disk", "map"),
    "geojson": Format("application/geo+json", "geojson", "GeoJSON FeatureCollection (every feature)", "data"),
    "kml": Format("application/vnd.google-earth.kml+xml", "kml", "KML with styles and folders (Google Earth)",
                  "data"),
    "kmz": Format("application/vnd.google-earth.kmz", "kmz", "KMZ: the KML zipped (Google Earth)", "data"),
    "gpx": Format("application/gpx+xml", "gpx", "GPX: a track per leg, a waypoint per place", "data"),
    "csv": Format("text/csv", "csv", "CSV: one row per feature, geometry as WKT", "data"),
    "gpkg": Format("application/geopackage+sqlite3", "gpkg", "GeoPackage: one layer per kind of feature", "data"),
}


@dataclass(frozen=True)
class Export:
    """A file made by :func:`export`."""

    data: bytes
    mime: str
    filename: str
    alt_text: str = ""  # for images: a plain description to put beside it
    note: str = ""  # anything the caller should tell the user (e.g. the PNG was not drawn by Chromium)


def export(analysis: Analysis, fmt: str, *, size: tuple[int, int] = DEFAULT_SIZE, scale: int = 1,
           title: str | None = None, subtitle: str | None = None) -> Export:
    """The analysis as a file of format ``fmt`` (a key of :data:`FORMATS`).

    Parameters
    ----------
    analysis
        What to export.
    fmt
        ``png``, ``svg``, ``pdf``, ``html``, ``geojson``, ``kml``, ``kmz``, ``gpx``, ``csv`` or ``gpkg``.
    size
        Width and height of an image in CSS pixels (PNG, SVG, PDF; SVG and PDF at 100 px an inch).
    scale
        Pixel density of a PNG: 2 gives an image of twice the size, as sharp as the screen's "2x".
    title, subtitle
        Printed above an image or the HTML map; by default :func:`default_title` and
        :func:`default_subtitle`. Data files take the title as their document name.

    Raises
    ------
    ExportError
        Unknown format, or a size or scale out of range.
    """
    key = (fmt or "").strip().lower().lstrip(".")
    if key not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    spec = FORMATS[key]
    size, scale = check_size(size), check_scale(scale)
    title = default_title(analysis) if title is None else title
    subtitle = default_subtitle(analysis) if subtitle is None else subtitle
    note = ""
    if spec.kind in ("image", "map"):
        from routes.show import images

        if key == "png":
            data, note = images.png(analysis, size=size, scale=scale, title=title, subtitle=subtitle)
        elif key == "svg":
            data = images.svg(analysis, size=size, title=title, subtitle=subtitle)
        elif key == "pdf":
            data = images.pdf(analysis, size=size, title=title, subtitle=subtitle)
        else:
            data = images.map_page(analysis, title=title, subtitle=subtitle).encode("utf-8")
    else:
        data = _WRITERS[key](analysis, title)
    return Export(data, spec.mime, f"{file_stem(analysis)}.{spec.extension}",
                  alt_text(analysis) if spec.kind != "data" else "", note)


def parse_size(text: str) -> tuple[int, int]:
    """``"1200x800"`` as ``(1200, 800)``, checked.

    Examples
    --------
    >>> parse_size("1600x900")
    (1600, 900)
    >>> parse_size("abcx10")
    Traceback (most recent call last):
    ...
    routes.show.export.ExportError: Bad size 'abcx10': give WIDTHxHEIGHT in pixels, e.g. 1200x800
    """
    m = re.fullmatch(r"\s*(\d{1,7})\s*[x×X*]\s*(\d{1,7})\s*", text or "")
    if not m:
        raise ExportError(f"Bad size {text!r}: give WIDTHxHEIGHT in pixels, e.g. 1200x800")
    return check_size((int(m.group(1)), int(m.group(2))))


def check_size(size: tuple[int, int]) -> tuple[int, int]:
    """The size if both sides are whole pixels in [:data:`MIN_SIDE`, :data:`MAX_SIDE`]."""
    try:
        width, height = size
        ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (width, height))
    except (TypeError, ValueError):
        ok = False
    if not ok or not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        shown = f"{width}x{height}" if ok else repr(size)
        raise ExportError(f"Bad size {shown}: width and height must be whole pixels from {MIN_SIDE} to {MAX_SIDE}")
    return width, height


def check_scale(scale: int) -> int:
    """The scale if it is one of :data:`SCALES`."""
    if isinstance(scale, bool) or scale not in SCALES:
        raise ExportError(f"Bad scale {scale!r}: choose {', '.join(map(str, SCALES))}")
    return int(scale)


def file_stem(analysis: Analysis) -> str:
    """A safe file name for the exports of an article: its file's stem, or ``route``.

    >>> from routes.model import Article, Itinerary
    >>> file_stem(Analysis(Article("x", source="Najin dunay.fr.txt"), (), Itinerary((), ()), ()))
    'Najin-dunay.fr'
    """
    source = analysis.article.source or ""
    stem = Path(source).stem if source not in ("", "pasted", "stdin") else ""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")
    return stem[:80] or "route"


# --- words: title, subtitle, credits, alt text ----------------------------------------------------


def _km(km: float) -> str:
    return f"{km:,.0f} km" if km >= 10 else f"{km:,.1f} km"


def _leg_length(leg: Leg) -> str:
    return _km(leg.length_km) + (f" ({leg.length_nmi:,.0f} nmi)" if leg.plan.mode == "sea" else "")


def _modes(analysis: Analysis) -> list[str]:
    return list(dict.fromkeys(leg.plan.mode for leg in analysis.legs))


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def default_title(analysis: Analysis) -> str:
    """The article's title, else the journey: ``Najin → Dunay → Tikhoretsk by sea and rail``."""
    if analysis.article.title:
        return analysis.article.title
    stops = [s.name for s in analysis.itinerary.stops]
    if len(stops) >= 2 and analysis.legs:
        modes = [m if m != "direct" else "an unknown mode" for m in _modes(analysis)]
        return " → ".join(stops) + " by " + _join(modes)
    return "Places named in the article"


def default_subtitle(analysis: Analysis) -> str:
    """The lengths of the legs and the border distance with the article's figure, in one line."""
    parts = [f"{MODE_NAMES[leg.plan.mode]}, {leg.plan.origin.name} → {leg.plan.destination.name}: "
             f"{_leg_length(leg)}" for leg in analysis.legs]
    b = analysis.border
    if b is not None:
        text = f"{b.from_name} to the border of {b.country_name}: {_km(b.distance_km)}"
        said = [c for c in analysis.itinerary.claims if c.about == f"border:{b.country_code}"]
        if said:
            text += f" (the article says “{said[0].text}”)"
        parts.append(text)
    if not parts:
        towns = _distinct_places(analysis)
        parts.append(", ".join(p.place.name for p in towns[:8]))
    return " · ".join(parts)


def credits(analysis: Analysis) -> list[str]:
    """The data credits an image must carry: boundaries, places, and each network drawn."""
    lines = ["Boundaries: Natural Earth (public domain) · Places: GeoNames (CC BY 4.0)"]
    networks = " ".join(leg.network for leg in analysis.legs if leg.drawn_as != "direct")
    routed = [MODE_NAMES[m].lower() for m in _modes(analysis)
              if any(leg.plan.mode == m and "OpenStreetMap" in leg.network for leg in analysis.legs)]
    extra = []
    if routed:
        extra.append(f"{_join(routed).capitalize()} network: © OpenStreetMap contributors (ODbL)")
    if "marnet" in networks:
        extra.append("sea lanes: Eurostat marnet (searoute)")
    if extra:
        lines.append(" · ".join(extra))
    return lines


def source_line(analysis: Analysis) -> str:
    """Where the article came from, for the foot of an image."""
    a = analysis.article
    what = a.title or (a.source if a.source not in (None, "pasted", "stdin") else "pasted text")
    return "Source: " + what + (f" ({a.date})" if a.date else "") + " · mapped and measured with routes, offline"


def _country_names(analysis: Analysis) -> dict[str, str]:
    return {pm.place.country_code: pm.place.name for pm in analysis.places
            if pm.place.feature == "country" and pm.place.country_code}


def _distinct_places(analysis: Analysis) -> list[PlaceMention]:
    seen: dict[tuple[int | None, str], PlaceMention] = {}
    for pm in analysis.places:
        seen.setdefault((pm.place.geonames_id, pm.place.name), pm)
    return list(seen.values())


def alt_text(analysis: Analysis) -> str:
    """A plain description of the map for a reporter to paste beside the image.

    The route leg by leg with lengths and what is inferred, the border distance and what
    the article claims, and the other places named.
    """
    countries = _country_names(analysis)

    def where(stop: Any) -> str:
        name = stop.label if stop.label == stop.name else f"“{stop.label}”"
        code = stop.place.country_code
        return f"{name} ({countries.get(code, code)})" if code else name

    sentences = []
    if analysis.legs:
        parts = []
        for i, leg in enumerate(analysis.legs):
            start = f"from {where(leg.plan.origin)} " if i == 0 else ""
            text = f"{start}by {leg.plan.mode} to {where(leg.plan.destination)}, {_leg_length(leg)}"
            km, share = _inferred(leg)
            if leg.drawn_as == "direct":
                text += ", drawn as a straight line (not a routed path)"
            elif km >= 0.05:
                text += f", of which {_km(km)} ({100 * share:.1f}%) is inferred (off the network's surveyed lines)"
            parts.append(text)
        sentences.append("Map of a shipment route " + "; then ".join(parts) + ".")
    b = analysis.border
    if b is not None:
        on = " ".join(w for w in (f"on the {b.border_kind}" if b.border_kind else "",
                                   f"near {b.near}" if b.near else "") if w)
        sentences.append(f"{b.from_name} is {_km(b.distance_km)} from the border of {b.country_name}"
                         + (f"; the nearest point is {on}." if on else "."))
    for claim in analysis.itinerary.claims:
        c = check(claim, analysis)
        if claim.kind == "distance" and c.computed_km is not None and c.difference_km is not None:
            how = ("which agrees" if c.agrees else
                   f"{abs(c.difference_km):,.0f} km ({abs(c.difference_pct or 0):.0f}%) "
                   f"{'more' if c.difference_km < 0 else 'less'} than the map measures")
            sentences.append(f"The article says “{claim.text}”, {how}.")
    stops = {(s.place.geonames_id, s.place.name) for s in analysis.itinerary.stops}
    others = [pm.place.name for pm in _distinct_places(analysis)
              if pm.place.feature == "town" and (pm.place.geonames_id, pm.place.name) not in stops]
    if others:
        sentences.append("Also named in the article: " + ", ".join(others) + ".")
    if not sentences:
        sentences.append("Map of the places named in the article: "
                         + ", ".join(pm.place.name for pm in _distinct_places(analysis)) + ".")
    return " ".join(sentences)


# --- GeoJSON -------------------------------------------------------------------------------------


def to_geojson(analysis: Analysis) -> dict[str, Any]:
    """The analysis as a GeoJSON FeatureCollection, coordinates (lon, lat) in WGS84 (schema above)."""
    features = [*_places(analysis), *_legs(analysis), *_pieces(analysis), *_border(analysis), *_claims(analysis)]
    return {"type": "FeatureCollection", "features": features}


def geojson_text(analysis: Analysis) -> str:
    """:func:`to_geojson` serialised, UTF-8 safe, one feature per line for readable diffs."""
    collection = to_geojson(analysis)
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in collection["features"])
    return '{"type": "FeatureCollection", "features": [\n' + lines + "\n]}\n"


def _feature(geometry: dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _line(coords: Iterable[tuple[float, float]]) -> dict[str, Any]:
    return {"type": "LineString", "coordinates": [list(c) for c in coords]}


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


def _inferred(leg: Leg) -> tuple[float, float]:
    """Inferred km of a leg and its share of the length: all of a direct line, else its inferred pieces."""
    from routes.route.legs import line_length_km

    if leg.drawn_as == "direct":
        return leg.length_km, 1.0
    km = sum(line_length_km(p.coords) for p in leg.pieces if p.inferred)
    return km, min(1.0, km / leg.length_km) if leg.length_km > 0 else 0.0


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
        km, share = _inferred(leg)
        props.update(inferred_km=round(km, 1), inferred_share=round(share, 4), via=list(leg.via),
                     notes=list(leg.notes))
        out.append(_feature(_line(leg.coords), **props))
    return out


def _piece_props(order: int, number: int, leg: Leg, piece: LegPiece) -> dict[str, Any]:
    from routes.route.legs import line_length_km

    return {"kind": "leg_piece", "order": order, "piece": number, "mode": leg.plan.mode, "piece_kind": piece.kind,
            "inferred": piece.inferred, "length_km": round(line_length_km(piece.coords), 2),
            "note": PIECE_NOTES.get(piece.kind, "inferred" if piece.inferred else piece.kind)}


def _pieces(analysis: Analysis) -> list[dict[str, Any]]:
    return [_feature(_line(piece.coords), **_piece_props(i, k, leg, piece))
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


# --- tables for GDAL -----------------------------------------------------------------------------

#: Layer names of the GeoPackage (and CSV order) by kind.
LAYERS = {"place": "places", "leg": "legs", "leg_piece": "leg_pieces", "border_distance": "border_distance",
          "claim": "claims"}


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return "; ".join(value)
        return json.dumps(value, ensure_ascii=False)
    return value


def _frame(features: list[dict[str, Any]], extra: list[dict[str, Any]] | None = None) -> Any:
    """A GeoDataFrame of features (lists flattened), with nullable integer and boolean columns."""
    import geopandas
    import pandas as pd
    import shapely.geometry

    rows = [{k: _flat(v) for k, v in f["properties"].items()} for f in features]
    for row, more in zip(rows, extra or [{} for _ in rows], strict=True):
        row.update(more)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    frame = pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=columns)
    for c in columns:
        values = [v for v in frame[c] if v is not None and not (isinstance(v, float) and math.isnan(v))]
        if values and all(isinstance(v, bool) for v in values):
            frame[c] = pd.array([row.get(c) for row in rows], dtype="boolean")
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            small = all(abs(v) < 2**31 for v in values)
            frame[c] = pd.array([row.get(c) for row in rows], dtype="Int32" if small else "Int64")
        elif values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            frame[c] = pd.array([row.get(c) for row in rows], dtype="Float64").astype("float64")
        elif not values:
            frame[c] = pd.array([None] * len(rows), dtype="string").astype(object)
    geometry = [shapely.geometry.shape(f["geometry"]) if f["geometry"] else None for f in features]
    return geopandas.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def _by_kind(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    kinds: dict[str, list[dict[str, Any]]] = {k: [] for k in LAYERS}
    for f in to_geojson(analysis)["features"]:
        kinds.setdefault(f["properties"]["kind"], []).append(f)
    return {k: v for k, v in kinds.items() if v}


def _write(frame: Any, path: Path | io.BytesIO, **kwargs: Any) -> None:
    import pyogrio

    pyogrio.write_dataframe(frame, path, **kwargs)


def _geojson(analysis: Analysis, title: str) -> bytes:
    return geojson_text(analysis).encode("utf-8")


def _csv(analysis: Analysis, title: str) -> bytes:
    features = [f for fs in _by_kind(analysis).values() for f in fs]
    extra = [{"lon": f["geometry"]["coordinates"][0], "lat": f["geometry"]["coordinates"][1]}
             if f["properties"]["kind"] == "place" else {} for f in features]
    frame = _frame(features, extra)
    with tempfile.TemporaryDirectory(prefix="routes-csv-") as tmp:
        path = Path(tmp) / "features.csv"
        _write(frame, path, driver="CSV", layer="features", geometry_type="Unknown",
               layer_options={"GEOMETRY": "AS_WKT", "WRITE_BOM": "YES"})
        return path.read_bytes()


def _gpkg(analysis: Analysis, title: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="routes-gpkg-") as tmp:
        path = Path(tmp) / "analysis.gpkg"
        for n, (kind, features) in enumerate(_by_kind(analysis).items()):
            frame = _frame(features)
            if kind == "claim":
                frame = frame.drop(columns="geometry")  # an attribute table (GeoPackage "attributes")
            _write(frame, path, driver="GPKG", layer=LAYERS[kind], append=n > 0,
                   metadata={"title": title, "credits": " · ".join(credits(analysis)),
                             "source": source_line(analysis)} if n == 0 else None)
        return path.read_bytes()


# --- KML and KMZ ---------------------------------------------------------------------------------

KML_NS = "http://www.opengis.net/kml/2.2"
#: KML folders by kind: their names, in the order they are listed.
KML_FOLDERS = {"leg": "Legs", "leg_piece": "Stretches of the legs (network and inferred)",
               "border_distance": "Distance to the border", "place": "Places named in the article",
               "claim": "Claims in the article (no location)"}


def _kml_colour(hex_rgb: str, alpha: float = 1.0) -> str:
    """An OGR style colour ``#RRGGBBAA``."""
    return f"{hex_rgb}{round(alpha * 255):02X}"


def _html_rows(rows: list[tuple[str, Any]]) -> str:
    body = "".join(f"<tr><th align='left'>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
                   for k, v in rows if v not in (None, "", []))
    return f"<table>{body}</table>"


def _quote(sentence: str | None) -> str:
    return f"<p><i>“{escape(sentence)}”</i></p>" if sentence else ""


def _kml_tables(analysis: Analysis) -> dict[str, Any]:
    """One GeoDataFrame per folder, each with ``name``, an HTML ``kml_description`` and an ``OGR_STYLE``."""
    kinds = _by_kind(analysis)
    legs = {f["properties"]["order"]: f["properties"] for f in kinds.get("leg", [])}
    out: dict[str, Any] = {}
    if "leg" in kinds:
        names, descriptions, styles = [], [], []
        for f, leg in zip(kinds["leg"], analysis.legs, strict=True):
            p = f["properties"]
            names.append(f"{p['order']}. {MODE_NAMES[p['mode']]}: {p['from']} → {p['to']}")
            descriptions.append(_html_rows([
                ("Length", _leg_length(leg)), ("Drawn as", "a straight line, not a routed path"
                                               if leg.drawn_as == "direct" else leg.network),
                ("Inferred", f"{_km(p['inferred_km'])} ({100 * p['inferred_share']:.1f}%)"),
                ("Via", ", ".join(leg.via)), ("Dates", p.get("dates_text")), ("Mode from", p["mode_word"]),
            ]) + "".join(f"<p>{escape(n)}</p>" for n in leg.notes) + _quote(p["sentence"]))
            alpha = 0.55 if leg.drawn_as == "direct" else 1.0
            styles.append(f"PEN(c:{_kml_colour(MODE_COLOURS[p['mode']], alpha)},w:4px)")
        out["leg"] = _with_kml(kinds["leg"], names, descriptions, styles)
    if "leg_piece" in kinds:
        names, descriptions, styles = [], [], []
        for f in kinds["leg_piece"]:
            p = f["properties"]
            leg = legs.get(p["order"], {})
            names.append(f"{p['order']}.{p['piece']} {p['piece_kind']}" + (" (inferred)" if p["inferred"] else ""))
            descriptions.append(_html_rows([("Leg", f"{p['order']}. {leg.get('from')} → {leg.get('to')}"),
                                            ("Stretch", p["note"]), ("Length", _km(p["length_km"]))]))
            # the leg draws the line; an inferred stretch puts a white core on it, a network one adds nothing
            styles.append(f"PEN(c:{_kml_colour('#FFFFFF', 0.85)},w:1.5px)" if p["inferred"]
                          else f"PEN(c:{_kml_colour(MODE_COLOURS[p['mode']], 0)},w:1px)")
        out["leg_piece"] = _with_kml(kinds["leg_piece"], names, descriptions, styles)
    if "border_distance" in kinds:
        (f,) = kinds["border_distance"]
        p = f["properties"]
        b = analysis.border
        said = [check(c, analysis).sentence for c in analysis.itinerary.claims
                if b is not None and c.about == f"border:{b.country_code}"]
        description = _html_rows([
            ("From", p["from"]), ("Distance", f"{p['distance_km']:,.1f} km (geodesic, WGS84)"),
            ("Nearest point on the", p["border_kind"]), ("Near", p["near"]), ("Boundary view", p["view"]),
            ("Boundary data", p["boundary"])] + [(f"{r['part']}, {r['view']}", f"{r['distance_km']:,.1f} km")
                                                 for r in p["readings"][1:]]) + "".join(
            f"<p>{escape(s)}</p>" for s in said)
        out["border_distance"] = _with_kml(
            [f], [f"{_km(p['distance_km'])} to the border of {p['country']}"], [description],
            [f"PEN(c:{_kml_colour(BORDER_COLOUR)},w:3px)"])
    if "place" in kinds:
        groups: dict[tuple[Any, str], list[dict[str, Any]]] = {}
        for f in kinds["place"]:
            groups.setdefault((f["properties"]["geonames_id"], f["properties"]["name"]), []).append(f)
        stops = {(s.place.geonames_id, s.place.name): (i, s) for i, s in enumerate(analysis.itinerary.stops, 1)}
        arriving = {leg.plan.destination.place.name: leg.plan.mode for leg in analysis.legs}
        firsts, names, descriptions, styles, counts = [], [], [], [], []
        for key, fs in groups.items():
            p = fs[0]["properties"]
            stop = stops.get(key)
            firsts.append(fs[0])
            counts.append({"mentions": len(fs)})
            shown = stop[1].name if stop else p["name"]
            names.append((f"{stop[0]}. {shown}" + (f" ({p['name']})" if shown != p["name"] else "")) if stop
                         else p["name"])
            words = list(dict.fromkeys(g["properties"]["mention"] for g in fs))
            descriptions.append(_html_rows([
                ("Named in the article as", ", ".join(f"“{w}”" for w in words)), ("Times named", len(fs)),
                ("Stop", f"{stop[0]}. {stop[1].label}" if stop else None), ("Role", p["role"]),
                ("Country", p["country_code"]), ("Kind", p["feature"]), ("GeoNames", p["geonames_id"]),
            ]) + _quote(p["sentence"]))
            colour = (MODE_COLOURS.get(arriving.get(p["name"], ""), PLACE_COLOUR) if stop else
                      "#777777" if p["feature"] != "town" else PLACE_COLOUR)
            size = 1.2 if stop else 0.8
            styles.append(f"SYMBOL(c:{_kml_colour(colour)},s:{size});LABEL(c:{_kml_colour('#FFFFFF')},s:{size})")
        out["place"] = _with_kml(firsts, names, descriptions, styles, counts)
    if "claim" in kinds:
        fs = kinds["claim"]
        out["claim"] = _with_kml(fs, [f["properties"]["text"] for f in fs],
                                 [f"<p>{escape(f['properties']['verdict'])}</p>" + _quote(f["properties"]["sentence"])
                                  for f in fs], [None] * len(fs))
    return out


def _with_kml(features: list[dict[str, Any]], names: list[str], descriptions: list[str], styles: list[str | None],
              extra: list[dict[str, Any]] | None = None) -> Any:
    frame = _frame(features, extra)
    frame["name"] = names  # the placemark's <name> (for places, the gazetteer name it already is)
    frame["kml_description"] = descriptions
    if any(styles):
        frame["OGR_STYLE"] = styles
    return frame


def _kml(analysis: Analysis, title: str) -> bytes:
    """One KML document: each layer written by GDAL's KML driver in a session of its own, then joined.

    Each layer becomes a ``<Document>`` inside the main one, with its own ``<Schema>``: GDAL's
    LIBKML driver reads the typed data back from a KMZ only when the schema sits there.
    """
    ET.register_namespace("", KML_NS)
    ns = {"k": KML_NS}
    main = ET.Element(f"{{{KML_NS}}}Document", {"id": "root_doc"})
    for tag, text in (("name", title), ("open", "1"), ("description", _kml_about(analysis))):
        ET.SubElement(main, f"{{{KML_NS}}}{tag}").text = text
    for kind, frame in _kml_tables(analysis).items():
        buffer = io.BytesIO()
        _write(frame, buffer, driver="KML", layer=LAYERS[kind], geometry_type="Unknown",
               dataset_options={"NameField": "name", "DescriptionField": "kml_description"})
        doc = ET.fromstring(buffer.getvalue()).find("k:Document", ns)
        folder = doc.find("k:Folder", ns) if doc is not None else None
        if doc is None or folder is None:
            raise ExportError(f"GDAL wrote no KML folder for the {LAYERS[kind]}")
        for data_parent in doc.iter(f"{{{KML_NS}}}SchemaData"):  # the style is in <Style>, not in the data
            for data in data_parent.findall("k:SimpleData", ns):
                if data.get("name") == "OGR_STYLE":
                    data_parent.remove(data)
        used = {data.get("name") for data in doc.iter(f"{{{KML_NS}}}SimpleData")}
        layer = ET.SubElement(main, f"{{{KML_NS}}}Document", {"id": LAYERS[kind]})
        ET.SubElement(layer, f"{{{KML_NS}}}name").text = KML_FOLDERS[kind]
        for schema in doc.findall("k:Schema", ns):
            for field in schema.findall("k:SimpleField", ns):
                if field.get("name") not in used:
                    schema.remove(field)
            layer.append(schema)
        layer.extend(child for child in folder if child.tag != f"{{{KML_NS}}}name")
    root = ET.Element(f"{{{KML_NS}}}kml")
    root.append(main)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _kml_about(analysis: Analysis) -> str:
    return (f"<p>{escape(alt_text(analysis))}</p><p>{escape(source_line(analysis))}</p>"
            + "".join(f"<p><small>{escape(line)}</small></p>" for line in credits(analysis)))


def _kmz(analysis: Analysis, title: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", _kml(analysis, title))
    return buffer.getvalue()


# --- GPX -----------------------------------------------------------------------------------------

GPX_NS = "http://www.topografix.com/GPX/1/1"


def _gpx_tables(analysis: Analysis) -> tuple[Any, Any]:
    import shapely

    kinds = _by_kind(analysis)
    groups: dict[tuple[Any, str], list[dict[str, Any]]] = {}
    for f in kinds.get("place", []):
        groups.setdefault((f["properties"]["geonames_id"], f["properties"]["name"]), []).append(f)
    points = None
    if groups:
        firsts = [fs[0] for fs in groups.values()]
        points = _frame(firsts, [{"mentions": len(fs)} for fs in groups.values()])
        points["desc"] = [f"{p['properties']['role']}: named as “{p['properties']['mention']}”" for p in firsts]
        points["type"] = points.pop("role")
    lines = [*kinds.get("leg", []), *kinds.get("border_distance", [])]
    tracks = None
    if lines:
        tracks = _frame(lines)
        names, descs, types = [], [], []
        for f in lines:
            p = f["properties"]
            if p["kind"] == "leg":
                names.append(f"{p['order']}. {MODE_NAMES[p['mode']]}: {p['from']} → {p['to']}")
                descs.append(f"{p['length_km']:,.1f} km, {p['drawn_as']}; inferred {p['inferred_km']:,.1f} km")
                types.append(p["mode"])
            else:
                names.append(f"{p['distance_km']:,.0f} km to the border of {p['country']}")
                descs.append(f"From {p['from']} to the nearest point of the border ({p['border_kind']})")
                types.append("border_distance")
        tracks["name"], tracks["desc"], tracks["type"] = names, descs, types
        if "order" in tracks:  # GPX's <number>; as text, as the driver reads it (an integer with gaps warns)
            import pandas as pd

            tracks["number"] = [None if pd.isna(v) else str(int(v)) for v in tracks.pop("order")]
        tracks = tracks.set_geometry(shapely.multilinestrings([[g] for g in tracks.geometry.values]))
    return points, tracks


def _gpx(analysis: Analysis, title: str) -> bytes:
    """Waypoints and tracks, each written by GDAL's GPX driver on its own, joined into one file."""
    points, tracks = _gpx_tables(analysis)
    if points is None and tracks is None:
        raise ExportError("Nothing to write: the analysis has no places or legs")
    options = {"GPX_USE_EXTENSIONS": "YES", "METADATA_NAME": title, "METADATA_DESCRIPTION": alt_text(analysis),
               "METADATA_COPYRIGHT_AUTHOR": "; ".join(credits(analysis)),
               "METADATA_KEYWORDS": "shipment route"}
    ET.register_namespace("", GPX_NS)
    ET.register_namespace("ogr", "http://osgeo.org/gdal")
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    roots = []
    for layer, frame in (("waypoints", points), ("tracks", tracks)):
        if frame is not None:
            buffer = io.BytesIO()
            _write(_decimal_text(frame), buffer, driver="GPX", layer=layer, dataset_options=options)
            roots.append(ET.fromstring(buffer.getvalue()))
    root = roots[0]
    for other in roots[1:]:
        root.extend(child for child in other if child.tag != f"{{{GPX_NS}}}metadata")
    lats = [float(e.get("lat", "nan")) for e in root.iter() if e.get("lat") is not None]
    lons = [float(e.get("lon", "nan")) for e in root.iter() if e.get("lon") is not None]
    bounds = root.find(f"{{{GPX_NS}}}metadata/{{{GPX_NS}}}bounds")
    if bounds is not None and lats:
        bounds.attrib.update(minlat=f"{min(lats):.6f}", minlon=f"{min(lons):.6f}", maxlat=f"{max(lats):.6f}",
                             maxlon=f"{max(lons):.6f}")
        bounds.tail = "\n"
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _decimal_text(frame: Any) -> Any:
    """Floats as their shortest decimal text (GPX extensions are text; GDAL would print 17 digits)."""
    frame = frame.copy()
    for c in frame.columns:
        if c != frame.geometry.name and frame[c].dtype.kind == "f":
            frame[c] = [None if math.isnan(v) else repr(float(v)) for v in frame[c]]
    return frame


_WRITERS = {"geojson": _geojson, "csv": _csv, "gpkg": _gpkg, "kml": _kml, "kmz": _kmz, "gpx": _gpx}
