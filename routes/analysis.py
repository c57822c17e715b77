"""The one line from text to :class:`~routes.model.Analysis`, and its re-runs after edits and new settings.

:func:`analyze` reads, resolves, plans, routes and measures; its last step (:func:`finish`)
checks the article's claims and times the legs, once, so that every view shows the same
figures. :func:`for_view` re-times a finished analysis for other speeds or another year
(no routing again); :func:`with_stops` re-routes it through edited stops.
"""

from __future__ import annotations

from dataclasses import replace

from routes.errors import GeocodingError, NoPlacesError, RoutesError
from routes.model import (
    Analysis,
    Article,
    BorderMeasurement,
    Itinerary,
    Leg,
    LegPlan,
    PlaceMention,
    RouteOptions,
    Speeds,
    Stop,
    ViewOptions,
)
from routes.read.article import read_article
from routes.read.gazetteer import gazetteer
from routes.read.geocoders import Geocoder, get_geocoder
from routes.read.itinerary import STOP_FEATURES, plan_itinerary
from routes.read.places import find_places
from routes.route.border import border_readings
from routes.route.legs import route_leg
from routes.route.timeline import leg_time
from routes.route.verdicts import check


def analyze(text: str | bytes | Article, *, name: str = "pasted", geocoder: str | Geocoder = "offline",
            year: int | None = None, options: RouteOptions | None = None,
            speeds: Speeds | None = None) -> Analysis:
    """Read an article, find and resolve its places, plan and route its journey, measure it.

    Parameters
    ----------
    text
        The article: text, the bytes of a file (txt, md, html), or an :class:`Article`.
    name
        Where the text came from (a file name chooses the format by its suffix).
    geocoder
        ``"offline"`` (the embedded gazetteer), a geopy service name, or a :class:`Geocoder`.
    year
        The year of the events, for dates the article gives without one; by default the
        year of the article's own date, when it has one.
    options
        How rail and road legs are routed (country rules, main lines); the defaults of
        :class:`RouteOptions` otherwise.
    speeds
        Speeds by mode for the legs' travel times (:class:`Speeds`; by default
        :mod:`routes.settings`'s); :func:`for_view` re-times the analysis for others.

    Raises
    ------
    ArticleError
        The input is not a readable article.
    NoPlacesError
        The article names no place the geocoder knows.
    """
    article = text if isinstance(text, Article) else read_article(text, name=name)
    if year is not None:
        article = replace(article, year=year)
    warnings = list(article.warnings)
    try:
        coder = get_geocoder(geocoder) if isinstance(geocoder, str) else geocoder
        places = find_places(article, geocoder=coder)
    except GeocodingError as err:  # an online service is down or unreachable: the gazetteer answers
        warnings.append(f"{err} The offline gazetteer was used instead.")
        places = find_places(article, geocoder=get_geocoder("offline"))
    if not places:
        raise NoPlacesError(f"No place names were found in {article.source!r}.")
    itinerary = plan_itinerary(places, article.text, article.language)
    warnings += reading_warnings(places, itinerary)
    return route_itinerary(article, places, itinerary, warnings=tuple(warnings), options=options, speeds=speeds)


#: A stop whose place was chosen with less confidence than this is flagged for the reader to check.
LOW_CONFIDENCE = 0.7


def reading_warnings(places: tuple[PlaceMention, ...], itinerary: Itinerary) -> list[str]:
    """What the reader is unsure of, in sentences a user can act on: no journey found, a stop read with low
    confidence, a leg whose mode the article does not give."""
    out = []
    if not itinerary.legs:
        named = list(dict.fromkeys(pm.mention.surface for pm in places if pm.place.feature in STOP_FEATURES))
        out.append("The article describes no journey the reader can follow: no sentence takes goods from one of "
                   "its places to another by sea, rail, road or air. "
                   + (f"Places found: {', '.join(named[:12])}. " if named else "")
                   + "Build the journey in the page's stops table (Itinerary: add the stops in order and the mode "
                   "of each leg), or with routes.with_stops().")
    for pm in itinerary.wide_ends:
        kind = "a continent" if pm.place.feature == "continent" else "a country"
        written = pm.mention.surface + ("" if pm.mention.surface == pm.place.name else f" ({pm.place.name})")
        out.append(f"The article names {written} as an end of the journey, but "
                   f"{kind} is too wide to be a stop and no stop of the journey is in it: add the place there in the "
                   "stops table.")
    for stop in itinerary.stops:
        if stop.place.confidence < LOW_CONFIDENCE:
            other = ", ".join(f"{p.name} ({p.country_code})" for p in stop.place.alternatives[:2])
            out.append(f"Stop {stop.written!r} was read with low confidence ({stop.place.confidence:.2f}): "
                       f"{stop.place.name} ({stop.place.country_code})" + (f", not {other}" if other else "")
                       + "; check it in the stops table.")
    for leg in itinerary.legs:
        if leg.mode == "direct":
            out.append(f"The article gives no mode for {leg.origin.written} → {leg.destination.written}: it is drawn "
                       "as a straight line; set its mode in the stops table.")
    return out


def route_itinerary(article: Article, places: tuple[PlaceMention, ...], itinerary: Itinerary, *,
          warnings: tuple[str, ...] = (), options: RouteOptions | None = None,
          speeds: Speeds | None = None) -> Analysis:
    """Route every leg of an itinerary, measure its border and :func:`finish`: the last steps of :func:`analyze`."""
    options = options or RouteOptions()
    notes = list(warnings)
    legs: list[Leg] = []
    for plan in itinerary.legs:
        try:
            legs.append(route_leg(plan, options))
        except RoutesError as err:
            notes.append(f"Leg {plan.origin.label} → {plan.destination.label}: {err}")
    readings: list[BorderMeasurement] = []
    question = itinerary.border
    if question is not None:
        try:
            readings = border_readings(question.stop.place.coord, question.country_code,
                                       from_name=question.stop.name)  # as the article names it, as the legs do
        except RoutesError as err:
            notes.append(f"Border of {question.country_name}: {err}")
    border = _with_nearest_town(readings[0]) if readings else None
    roles = _roles(itinerary)
    places = tuple(replace(pm, role=roles.get(pm.mention.start, pm.role)) for pm in places)
    analysis = Analysis(article=article, places=places, itinerary=itinerary, legs=tuple(legs),
                        border=border, warnings=tuple(notes), border_readings=tuple(readings), options=options)
    return finish(analysis, speeds or Speeds.default())


def finish(analysis: Analysis, speeds: Speeds) -> Analysis:
    """The analysis with its claims checked and its legs timed at ``speeds``: the finished answer."""
    checks = tuple(check(claim, border=analysis.border, readings=analysis.border_readings, legs=analysis.legs,
                         plans=analysis.itinerary.legs) for claim in analysis.itinerary.claims)
    times = tuple(leg_time(leg, analysis.article.year, speeds) for leg in analysis.legs)
    return replace(analysis, checks=checks, times=times, speeds=speeds)


def for_view(analysis: Analysis, view: ViewOptions) -> Analysis:
    """The analysis as ``view`` shows it: re-timed when the view sets other speeds or a year.

    Every view calls this first, so that the map, the images, the files and the page give
    the same times; it returns ``analysis`` itself when nothing changes.
    """
    year = analysis.article.year if view.year is None else view.year
    finished = len(analysis.times) == len(analysis.legs) and len(analysis.checks) == len(analysis.itinerary.claims)
    if finished and view.speeds == analysis.speeds and year == analysis.article.year:
        return analysis
    return finish(replace(analysis, article=replace(analysis.article, year=year)), view.speeds)


def _with_nearest_town(border: BorderMeasurement) -> BorderMeasurement:
    """Name where the nearest border point is: the nearest town of the gazetteer."""
    town = gazetteer().nearest_town(*border.nearest, min_population=500)
    return replace(border, near=f"{town.name} ({town.country_code})") if town else border


def _roles(itinerary: Itinerary) -> dict[int, str]:
    """Role of each mention (by its start offset) in the journey."""
    roles: dict[int, str] = {}
    stops = itinerary.stops
    for i, stop in enumerate(stops):
        if stop.mention is None:
            continue
        roles[stop.mention.start] = "origin" if i == 0 else "destination" if i == len(stops) - 1 else "stop"
    return roles


def with_stops(analysis: Analysis, stops: list[Stop], modes: list[str], *,
               options: RouteOptions | None = None) -> Analysis:
    """The analysis re-routed through edited ``stops``; ``modes[i]`` is the mode from stop i to i+1.

    The legs are routed with ``options``, by default the ones the analysis was routed with,
    and timed at the analysis's speeds.

    Legs whose two ends are unchanged keep the sentence and dates the article gave them.
    """
    if len(modes) != max(0, len(stops) - 1):
        raise ValueError(f"{len(stops)} stops need {max(0, len(stops) - 1)} modes, got {len(modes)}.")
    old = {(leg.origin.label, leg.destination.label): leg for leg in analysis.itinerary.legs}
    plans = []
    for a, b, mode in zip(stops, stops[1:], modes, strict=False):
        before = old.get((a.label, b.label))
        sentence = before.sentence if before else "(added by the user)"
        dates = before.dates if before else None
        word = before.mode_word if before and before.mode == mode else ""
        plans.append(LegPlan(a, b, mode, sentence, word, dates))
    border = analysis.itinerary.border
    if border is not None and stops:
        same = [s for s in stops if s.label == border.stop.label]
        border = replace(border, stop=same[0] if same else stops[-1])
    itinerary = replace(analysis.itinerary, stops=tuple(stops), legs=tuple(plans), border=border)
    return route_itinerary(analysis.article, analysis.places, itinerary, options=options or analysis.options,
                 speeds=analysis.speeds)
