"""What the map and every export say in words and colours: palette, titles, credits, alt text.

The interactive map, the images (PNG, SVG, PDF) and the data files (KML styles) share
these, so that one journey looks and reads the same wherever it is shown.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Any

from routes.geodesy import line_length_km
from routes.model import Analysis, Coord, Leg, PlaceMention

#: Colour-blind-safe colours (Okabe–Ito) by mode, on the map and in every image and file; road's orange,
#: air's pink and the border's green darkened from Okabe–Ito's so that each line stands 3:1 against the
#: land and the sea (WCAG 2.2, 1.4.11).
MODE_COLOURS = {"sea": "#0072B2", "rail": "#D55E00", "road": "#A86F00", "air": "#AD5F9A", "direct": "#555555"}
MODE_NAMES = {"sea": "Sea", "rail": "Rail", "road": "Road", "air": "Air", "direct": "Direct"}
BORDER_COLOUR = "#00855F"
#: Distance rings, on the map and in the images.
RING_COLOUR = "#6a6a6a"
PLACE_COLOUR = "#333333"
#: The map's sea and land, and the colour of country names.
SEA_COLOUR = "#dbe9f4"
LAND_COLOUR = "#f4f1ea"
LAND_EDGE = "#a9a49a"
COUNTRY_LABEL = "#6b665c"  # 4.5:1 on land and sea, as text must be


#: The smallest text of an image, in CSS pixels at a text scale of 1 (:func:`text_scale`): credits,
#: scale-bar figures, the lengths on the legs. A 620 px column shows the image at that scale.
MIN_TEXT_PX = 11.0


def text_scale(size: tuple[int, int]) -> float:
    """How much larger than at a 620 px column an image's text, marks and lines are drawn.

    An image larger than about 1000 × 750 is shown smaller than it is drawn (a square on a
    phone, a print page, a 2400 px image in a 1200 px slot), so its text grows with it; a
    column-sized one is shown at its size and keeps text of :data:`MIN_TEXT_PX` and more; a
    smaller one (a thumbnail) shrinks its text to fit, to 0.6 at least. PNG, SVG and PDF use the
    same factor.

    >>> text_scale((620, 560)), text_scale((1080, 1080)), text_scale((2400, 1600))
    (1.0, 1.08, 2.1333333333333333)
    """
    width, height = size
    if width < 620 or height < 560:  # smaller than the column: what fits, down to 0.6
        return max(0.6, min(width / 620, height / 560))
    return max(1.0, min(width / 1000, height / 750, 3.0))


#: How much a map's scale may vary across it, top to bottom or side to side, for a scale bar to hold.
SCALE_BAR_TOLERANCE = 0.10


def mercator_scale_variation(south: float, north: float) -> float:
    """How much larger the scale of a Web Mercator map is at its edge farthest from the equator than
    at its edge nearest to it (0.1: 10 % larger): Mercator stretches a parallel by ``1 / cos(lat)``.

    >>> round(mercator_scale_variation(40, 60), 3)  # cos 40° / cos 60° − 1
    0.532
    >>> round(mercator_scale_variation(-5, 5), 4), round(mercator_scale_variation(55.0, 55.5), 4)
    (0.0038, 0.0127)
    """
    nearest = 0.0 if south <= 0 <= north else min(abs(south), abs(north))
    farthest = min(89.9, max(abs(south), abs(north)))
    return math.cos(math.radians(nearest)) / math.cos(math.radians(farthest)) - 1


def file_stem(analysis: Analysis) -> str:
    """A safe file name for the exports of an article, without extension.

    The headline, as a slug (``route.png`` told nobody which article it maps); else the
    article's file's stem; else the journey (``najin-dunay-tikhoretsk-by-sea-and-rail``);
    else ``route``.

    >>> from routes.model import Analysis, Article, Itinerary
    >>> def stem(**article): return file_stem(Analysis(Article("x", **article), (), Itinerary((), ()), ()))
    >>> stem(source="Najin dunay.fr.txt")
    'Najin-dunay.fr'
    >>> stem(source="pasted", title="Des munitions nord-coréennes livrées à Tikhoretsk, à 290 km de l'Ukraine")
    'des-munitions-nord-coreennes-livrees-a-tikhoretsk-a-290-km-de-l-ukraine'
    >>> stem(source="pasted", title="../../etc/passwd"), stem(source="pasted", title="CON"), stem(source="pasted")
    ('etc-passwd', 'con-map', 'route')
    """
    if analysis.article.title and (stem := slug(analysis.article.title)):
        return stem
    source = analysis.article.source or ""
    stem = Path(source).stem if source not in ("", "pasted", "stdin") else ""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:80]
    if not stem and len(analysis.itinerary.stops) >= 2:
        stem = slug(default_title(analysis))
    return stem or "route"


#: Names Windows keeps for devices, whatever the extension: a file may not be called so.
_RESERVED = {"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in range(10))}


def slug(text: str, limit: int = 80) -> str:
    """Lower-case letters and digits joined by hyphens, accents dropped, cut at a word under ``limit``.

    Letters of other scripts stay (a Russian headline gives a Russian name); separators, dots
    and anything a file system or a shell treats specially do not.

    >>> slug("Moscou : l’arsenal — 2 000 obus"), slug("Грузы из Находки")
    ('moscou-l-arsenal-2-000-obus', 'грузы-из-находки')
    """
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = [w for w in re.split(r"[\W_]+", plain.lower()) if w]
    out = ""
    for word in words:
        if len(out) + len(word) + bool(out) > limit:
            break
        out = f"{out}-{word}" if out else word
    if not out and words:
        out = words[0][:limit]
    return f"{out}-map" if out in _RESERVED else out


def km_text(km: float) -> str:
    return f"{km:,.0f} km" if km >= 10 else f"{km:,.1f} km"


def leg_length(leg: Leg) -> str:
    return km_text(leg.length_km) + (f" ({leg.length_nmi:,.0f} nmi)" if leg.plan.mode == "sea" else "")


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
        told = dict.fromkeys(plan.mode for plan in analysis.itinerary.legs)  # routed or not: the journey told
        modes = [m if m != "direct" else "an unknown mode" for m in told]
        return " → ".join(stops) + " by " + _join(modes)
    return "Places named in the article"


def default_subtitle(analysis: Analysis) -> str:
    """The lengths of the legs ("not routed" for a leg that could not be) and the border distance with the
    article's figure, in one line."""
    lengths = {id(leg.plan): leg_length(leg) for leg in analysis.legs}
    parts = [f"{MODE_NAMES[plan.mode]}, {plan.origin.name} → {plan.destination.name}: "
             f"{lengths.get(id(plan), 'not routed')}" for plan in analysis.itinerary.legs]
    b = analysis.border
    if b is not None:
        text = f"{b.from_name} to the border of {b.country_name}: {km_text(b.distance_km)}"
        said = [c for c in analysis.itinerary.claims if c.about == f"border:{b.country_code}"]
        if said:
            text += f" (the article says “{said[0].text}”)"
        parts.append(text)
    if not parts:
        towns = distinct_places(analysis)
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


def distinct_places(analysis: Analysis) -> list[PlaceMention]:
    seen: dict[tuple[int | None, str], PlaceMention] = {}
    for pm in analysis.places:
        seen.setdefault((pm.place.geonames_id, pm.place.name), pm)
    return list(seen.values())


def inferred(leg: Leg) -> tuple[float, float]:
    """Inferred km of a leg and its share of the length: all of a direct line, else its inferred pieces."""
    if leg.drawn_as == "direct":
        return leg.length_km, 1.0
    km = sum(line_length_km(p.coords) for p in leg.pieces if p.inferred)
    return km, min(1.0, km / leg.length_km) if leg.length_km > 0 else 0.0


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
            text = f"{start}by {leg.plan.mode} to {where(leg.plan.destination)}, {leg_length(leg)}"
            km, share = inferred(leg)
            if leg.drawn_as == "direct":
                text += ", drawn as a straight line (not a routed path)"
            elif km >= 0.05:
                text += f", of which {km_text(km)} ({100 * share:.1f}%) is inferred (off the network's surveyed lines)"
            parts.append(text)
        sentences.append("Map of a shipment route " + "; then ".join(parts) + ".")
    for plan in analysis.unrouted:
        sentences.append(f"The {plan.mode} leg from {where(plan.origin)} to {where(plan.destination)} "
                         "could not be routed and is not drawn.")
    b = analysis.border
    if b is not None:
        on = " ".join(w for w in (f"on the {b.border_kind}" if b.border_kind else "",
                                   f"near {b.near}" if b.near else "") if w)
        sentences.append(f"{b.from_name} is {km_text(b.distance_km)} from the border of {b.country_name}"
                         + (f"; the nearest point is {on}." if on else "."))
    for c in analysis.checks:
        claim = c.claim
        if claim.kind == "distance" and c.computed_km is not None and c.difference_km is not None:
            how = ("which agrees" if c.agrees else
                   f"{abs(c.difference_km):,.0f} km ({abs(c.difference_pct or 0):.0f}%) "
                   f"{'more' if c.difference_km < 0 else 'less'} than the map measures")
            sentences.append(f"The article says “{claim.text}”, {how}.")
    stops = {(s.place.geonames_id, s.place.name) for s in analysis.itinerary.stops}
    others = [pm.place.name for pm in distinct_places(analysis)
              if pm.place.feature == "town" and (pm.place.geonames_id, pm.place.name) not in stops]
    if others:
        sentences.append("Also named in the article: " + ", ".join(others) + ".")
    if not sentences:
        sentences.append("Map of the places named in the article: "
                         + ", ".join(pm.place.name for pm in distinct_places(analysis)) + ".")
    return " ".join(sentences)


def metadata(analysis: Analysis, title: str) -> dict[str, str]:
    """What an image file says of itself (PNG text chunks, SVG and PDF metadata)."""
    return {"Title": title, "Description": alt_text(analysis), "Source": source_line(analysis),
            "Copyright": " · ".join(credits(analysis)), "Software": "routes (offline)"}


# --- the frame: what a map of the journey must show -----------------------------------------------


def journey_points(analysis: Analysis) -> list[Coord]:
    """The points a map of the analysis must show: the legs, every stop (a leg not routed still has its ends)
    and the border line, else the towns, else any place."""
    points = [c for leg in analysis.legs for c in leg.coords] + [s.place.coord for s in analysis.itinerary.stops]
    if analysis.border:
        points += [analysis.border.point, analysis.border.nearest]
    if not points:
        points = [pm.place.coord for pm in analysis.places if pm.place.feature == "town"]
    return points or [pm.place.coord for pm in analysis.places]


def journey_bounds(analysis: Analysis) -> tuple[float, float, float, float] | None:
    """West, south, east, north of :func:`journey_points`; None when there is nothing to show."""
    points = journey_points(analysis)
    if not points:
        return None
    lons, lats = zip(*points, strict=True)
    return min(lons), min(lats), max(lons), max(lats)
