"""Finding the places an article names, and choosing which place each name means.

Five named steps, each a function below:

1. **recognise** the spans that may name places (:mod:`routes.read.recognise`);
2. **candidates**: every place the geocoder knows by each name (a Russian name also in the
   nominative: "Курском" → Курск);
3. **reject** the readings the words rule out (:func:`_reject`): an abbreviation not written
   as one, a code before a number ("HB 200"), a town named by a common word, a region that
   only bears a city's name, a town where an article precedes the name ("la Maison Blanche");
4. **weigh** the readings left (:func:`_weigh`), by population and the cues of
   :data:`WEIGHTS`: the countries the article names (most of all the one in apposition,
   "Dunay, en Russie"), nearness to the article's other places, a word for a port beside
   the name; the rejected candidates are kept as alternatives;
5. **one sense per article** (:func:`_one_sense`): a name repeated means the place its
   clearest mention chose, unless an apposition says otherwise.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import replace

from routes.geodesy import PointIndex, distance_km
from routes.model import AREA_FEATURES, Article, Mention, Place, PlaceMention
from routes.read.gazetteer import gazetteer
from routes.read.geocoders import Geocoder, get_geocoder
from routes.read.lang import of_every_language
from routes.read.names import ABBREVIATION, ALTERNATE, CODE, NEWS_ABBREVIATION, PORT, PRIMARY, name_key
from routes.read.nlp import parse
from routes.read.ports import find_port
from routes.read.recognise import (
    ALTERNATE_NAME_MIN_POPULATION,
    COMMON_WORD_MIN_POPULATION,
    TOWN_LIKE,
    Candidate,
    all_capitals,
    inflected_matches,
    language_names,
    news_abbreviation_here,
    place_words,
    port_word_beside,
    recognise,
    region_code,
    region_word_beside,
)

#: A town named with its article ("Le Havre") must be this big, or in a country the article names.
ARTICLE_NAME_MIN_POPULATION = 100_000
#: A city this big is known by its other names even where a place bears the name as its own:
#: "New York" (New York City, not the state), "St. Petersburg" (not Florida's).
KNOWN_BY_MANY_NAMES_POPULATION = 1_000_000
#: A town at least this big is what its name means before the region around it of the same name.
NAMESAKE_CITY_MIN_POPULATION = 50_000
#: A district (county, département) with a town of its name this near is named after that
#: town, which its name then means: "Pune" the city, not Pune district.
NAMESAKE_DISTRICT_KM = 100.0
#: A small town found by the gazetteer alone needs support from the article's context.
SMALL_TOWN_POPULATION = 5_000
#: Places that are parts of a country: the context weighs them, and a place near them.
LOCAL_FEATURES = {"town", *AREA_FEATURES}

#: What each cue adds to a reading's score (which starts at log10 of its population + 10).
WEIGHTS = {
    "country": 4.0,  # "Chad", "Georgia": the country unless the context says otherwise
    "area by another name": -2.0,  # "Krasnodar" is the city before the krai; "Orange" before Orange County
    "capital": 3.0,  # "Washington": the capital before the state and the namesakes
    "town by another name": -1.5,  # "Riverdale", "Venice": Glendale and Dayton by other names come after
    "port named as a port": 5.0,  # "the port of Taman": a port of that name, before any town inland
    "port not named as a port": -3.0,  # a UN/LOCODE port that is no town, where the text says no "port"
    "region of the town before": 4.0,  # "Atlanta, Georgia": the region that holds the town before it
    "in the apposed area": 10.0,  # "Paris, Texas", "Dunay, en Russie": the name's own qualifier decides
    "in a country named": 1.5,
    "near the other places": 3.0,  # times exp(-km / 500) to the nearest of the article's other places
}
#: Within this distance of a UN/LOCODE port of the same name, a town is a port town.
PORT_TOWN_KM = 30.0

Reading = tuple[Place, int]  # a place and how the name names it (routes.read.names)


class Kept(list[tuple[Candidate, list[Reading]]]):
    """The mentions kept, with the readings left to each, in the order given (text order, for recognised
    mentions); indexed by their offsets, so that the mention before another, or the country or region after
    it, is found by bisection, not by a scan of every mention of the article (which made reading a long
    article quadratic). The answers are the scans' in the list's own order, whatever it is."""

    def __init__(self, items: Iterable[tuple[Candidate, list[Reading]]] = ()) -> None:
        super().__init__(items)
        by_end = sorted((c.mention.end, i) for i, (c, _) in enumerate(self))
        self._ends = [end for end, _ in by_end]
        self._last = list(itertools.accumulate((i for _, i in by_end), max))  # the last listed, so far
        areas = sorted((c.mention.start, i) for i, (c, readings) in enumerate(self)
                       if readings[0][0].feature in {"country", "region"})
        self._area_starts = [start for start, _ in areas]
        self._areas = [i for _, i in areas]
        self._first_area = list(itertools.accumulate(reversed(self._areas), min))[::-1]  # the first listed, on

    def last_before(self, offset: int) -> int | None:
        """The index of the last mention listed that ends at or before ``offset``, if any."""
        k = bisect.bisect_right(self._ends, offset)
        return self._last[k - 1] if k else None

    def areas_starting(self, after: int, until: int) -> list[int]:
        """The indices, in the list's order, of the mentions first read as a country or a region that start
        after ``after`` and at or before ``until``."""
        lo, hi = bisect.bisect_right(self._area_starts, after), bisect.bisect_right(self._area_starts, until)
        return sorted(self._areas[lo:hi])

    def first_area_after(self, offset: int) -> int | None:
        """The index of the first mention listed that is first read as a country or a region and starts after
        ``offset``, if any."""
        k = bisect.bisect_right(self._area_starts, offset)
        return self._first_area[k] if k < len(self._areas) else None


class _Anchors:
    """The places the first reading of the article's mentions chose, the context each mention is weighed in
    (:func:`_weigh`), indexed in space: the distance from a reading to the nearest is exact, and found
    without measuring the distance to every one.

    One entry per distinct place, with its name's key and the keys of the mentions that chose it; a
    mention's context leaves out the places of its own name (:meth:`others`).
    """

    def __init__(self, anchors: list[tuple[Candidate, Place]]) -> None:
        entries: dict[tuple[int | None, float, float, str], tuple[Place, set[str]]] = {}
        for cand, place in anchors:
            entry = entries.setdefault((place.geonames_id, place.lon, place.lat, place.name), (place, set()))
            entry[1].add(name_key(cand.mention.surface))
        self.places = [place for place, _ in entries.values()]
        self.mention_keys = [keys for _, keys in entries.values()]
        self.by_name: dict[str, list[int]] = {}
        for i, place in enumerate(self.places):
            self.by_name.setdefault(name_key(place.name), []).append(i)
        self.index = PointIndex([place.coord for place in self.places])

    def others(self, key: str, own: set[int]) -> _Others:
        """The context of a mention whose name's key is ``key`` and whose readings have the GeoNames ids
        ``own``: never a place of that name (a name said twice does not support itself), unless another name
        in the article gave it ("Kaliningrad, dem früheren Königsberg")."""
        skip = {i for i in self.by_name.get(key, ())
                if not (self.places[i].geonames_id in own and self.mention_keys[i] - {key})}
        return _Others(self, frozenset(skip))


class _Others:
    """A mention's context (:meth:`_Anchors.others`): whether it has places, and the distance to the nearest."""

    def __init__(self, anchors: _Anchors | None = None, skip: frozenset[int] = frozenset()) -> None:
        self.anchors, self.skip = anchors, skip

    def __bool__(self) -> bool:
        return self.anchors is not None and len(self.anchors.places) > len(self.skip)

    def nearest_km(self, place: Place) -> float | None:
        """The geodesic distance from ``place`` to the nearest place of the context, km (None if it has none)."""
        return None if self.anchors is None else self.anchors.index.nearest_km(place.coord, skip=self.skip)


def find_places(article: Article, *, geocoder: Geocoder | None = None) -> tuple[PlaceMention, ...]:
    """Recognise and resolve every place the article names, in text order."""
    return resolve(recognise(article), article, geocoder=geocoder or get_geocoder("offline"))


def find_mentions(article: Article) -> list[Mention]:
    """The spans of the article that may name places, in text order."""
    return [c.mention for c in recognise(article)]


def resolve_spans(article: Article, spans: list[tuple[int, int]], *,
                  geocoder: Geocoder | None = None) -> tuple[PlaceMention | None, ...]:
    """Resolve given spans of the article (``(start, end)`` offsets), as if recognised.

    The spans are the context for one another, as recognised mentions are. Used to
    measure resolution apart from recognition, and to place a span a user marks.

    Returns
    -------
    tuple
        One :class:`PlaceMention` per span, in the given order, or None where no place
        of that name is known.
    """
    doc = parse(article.text, article.language)
    candidates = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        sentence = span.sent if span is not None else doc[:]
        candidates.append(Candidate(Mention(start, end, article.text[start:end], sentence.text,
                                            sentence.start_char, label="GIVEN"), determined=False))
    found = resolve(candidates, article, geocoder=geocoder or get_geocoder("offline"))
    by_span = {(pm.mention.start, pm.mention.end): pm for pm in found}
    return tuple(by_span.get(span) for span in spans)


def resolve(candidates: list[Candidate], article: Article, *, geocoder: Geocoder) -> tuple[PlaceMention, ...]:
    """Choose a place for each recognised span, using the article's context (steps 2 to 5)."""
    options = _candidates(candidates, article, geocoder)
    countries = {ps[0][0].country_code for ps in options.values()
                 if ps and ps[0][0].feature in {"country", "region"} and not region_code(ps[0])}
    named_countries = {ps[0][0].country_code for ps in options.values() if ps and ps[0][0].feature == "country"}
    kept = Kept((cand, readings) for cand in candidates
                if (readings := _reject(cand, options[name_key(cand.mention.surface)], named_countries, countries,
                                        article)))
    return _one_sense(_weigh(kept, article, countries), kept, article.text)


# --- step 2: candidates ----------------------------------------------------------------------------


def _candidates(candidates: list[Candidate], article: Article, geocoder: Geocoder) -> dict[str, list[Reading]]:
    """Every reading of every name, by name key, most populous first."""
    options: dict[str, list[Reading]] = {}
    for cand in candidates:
        key = name_key(cand.mention.surface)
        if key not in options:
            options[key] = (geocoder.matches(cand.mention.surface)
                            or inflected_matches(cand.mention.surface, article.language))
    return options


# --- step 3: reject --------------------------------------------------------------------------------

_NUMBER_AFTER = re.compile(r"[ \-]?\d")
_COMMA_AND_NAME = re.compile(r"\s*,\s*[A-Z]")


def _reject(cand: Candidate, readings: list[Reading], named_countries: set[str | None],
            countries: set[str | None], article: Article) -> list[Reading]:
    """The readings of a mention its words do not rule out, before any weighing."""
    readings = _written_as_it_is(cand, readings, article.text)
    readings = _not_common_words(cand, readings, named_countries, article)
    if region_word_beside(article.text, cand.mention.start, cand.mention.end):  # "Washington state"
        readings = [(p, k) for p, k in readings if p.feature in AREA_FEATURES] or readings
    else:
        readings = _not_namesakes(readings)
    if cand.determined:  # "la Maison Blanche", "du Kremlin": not a town
        readings = [(p, k) for p, k in readings if p.feature != "town"]
    elif cand.article_in_name:  # "Le Havre" yes, "La Maison Blanche" (an Algerian suburb's old name) no
        readings = [(p, k) for p, k in readings if p.feature != "town" or p.country_code in countries
                    or p.population >= ARTICLE_NAME_MIN_POPULATION]
    return readings


def _written_as_it_is(cand: Candidate, readings: list[Reading], text: str) -> list[Reading]:
    """Abbreviations and codes only where written as such: "Md." after a town and a comma, "BC" in
    capitals, no code before a number ("HB 200", "FL-25": a bill, a district, a road)."""
    news_style = news_abbreviation_here(text, cand.mention.start, cand.mention.end)
    if not news_style:
        readings = [(p, k) for p, k in readings if k != NEWS_ABBREVIATION]
    if _NUMBER_AFTER.match(text, cand.mention.end):
        readings = [pk for pk in readings if not region_code(pk)]
    if not all_capitals(cand.mention.surface):  # "Md." or "Ga." is not the ISO code "MD" or "GA", but
        # a state's code written as news style writes it, after a town and a comma ("Severn, Md.")
        if cand.mention.label == "CODE" and not news_style:  # found as a code only: nothing else to read it as
            return []
        readings = [(p, k) for p, k in readings if k not in (ABBREVIATION, CODE) or news_style and region_code((p, k))]
    return readings


def _not_common_words(cand: Candidate, readings: list[Reading], named_countries: set[str | None],
                      article: Article) -> list[Reading]:
    """Names made of directions and kinds of feature ("West", "Gulf", "Middle East"), and names of
    languages ("English"), as places only where nothing else reads them."""
    surface, text = cand.mention.surface, article.text
    if set(name_key(surface).split()) <= of_every_language("directions") | place_words(article.language):
        # a region so named only where the article names its country; a town only by its own
        # name, and if big or followed by its state or country ("West, Texas")
        apposed = bool(_COMMA_AND_NAME.match(text, cand.mention.end))  # from there: no copy of the text's rest
        readings = [(p, k) for p, k in readings
                    if p.feature in AREA_FEATURES and p.country_code in named_countries
                    or p.feature == "town" and k == PRIMARY and (apposed or p.population >= COMMON_WORD_MIN_POPULATION)
                    or p.feature not in LOCAL_FEATURES]
    if name_key(surface) in language_names(article.language):
        readings = [(p, k) for p, k in readings if p.feature not in TOWN_LIKE]  # not English, Indiana
    return readings


def _not_namesakes(readings: list[Reading]) -> list[Reading]:
    """A city before the region around it that bears its name ("Hamburg", "Tartus"), a town before the
    district named after it ("Pune"), a place by its own name before one by another ("Orange" not
    Orange County; "England", "Tunis" not their countries)."""
    towns = [p for p, _ in readings if p.feature == "town"]
    cities = [p for p in towns if p.population >= NAMESAKE_CITY_MIN_POPULATION]
    readings = [(p, k) for p, k in readings if not (
        p.feature == "region" and _namesake(p, cities, 200.0)
        or p.feature == "district" and _namesake(p, towns, NAMESAKE_DISTRICT_KM, same_name=False))]
    if any(k == PRIMARY for _, k in readings):
        readings = [(p, k) for p, k in readings if not (p.feature == "district" and k == ALTERNATE)]
    own = {p.country_code for p, k in readings if k == PRIMARY and p.feature in LOCAL_FEATURES}
    return [(p, k) for p, k in readings if not (p.feature == "country" and k == ALTERNATE and p.country_code in own)]


def _namesake(area: Place, towns: list[Place], km: float, *, same_name: bool = True) -> bool:
    """Whether one of ``towns`` (the mention's readings) lies within ``km`` of ``area`` (a region,
    a district) in its country, with the area's own name if ``same_name``: a district is named
    after a town the mention may mean by any of its names (Najin district and Rajin, "Najin")."""
    return any(t.country_code == area.country_code and _km(t, area) < km
               and (not same_name or name_key(t.name) == name_key(area.name)) for t in towns)


# --- step 4: weigh ---------------------------------------------------------------------------------


def _weigh(kept: Kept, article: Article, countries: set[str | None]) -> list[PlaceMention]:
    """The best reading of each mention, weighed in the article's context: first a reading of every
    mention alone, whose places are then the context (anchors) of each other."""
    # A first reading, for context: a region's code ("BC", "N.M.") says nothing of its own country
    context = [(c, [pk for pk in ps if not region_code(pk)]) for c, ps in kept]
    first = [(c, _choose(c, ps, article, kept, countries, anchors=_Others())) for c, ps in context if ps]
    placed = {p.country_code for c, p in first if c.mention.label != "CODE"}
    anchors = _Anchors([(c, p) for c, p in first if p.feature in LOCAL_FEATURES])
    result = []
    for cand, readings in kept:
        # "BC", "N.M.": a region's code counts when the article names a place in its country,
        # or right after a town that may lie in it ("Vancouver, BC")
        readings = [pk for pk in readings if not region_code(pk) or pk[0].country_code in placed
                    or _contains_previous(cand.mention, pk[0], kept, article.text)]
        if not readings:
            continue
        # the other mentions' places: never one of this name (a name said twice does not support itself),
        # unless another name in the article gave it ("Kaliningrad, dem früheren Königsberg")
        key = name_key(cand.mention.surface)
        own = {p.geonames_id for p, _ in readings if p.geonames_id is not None}
        others = anchors.others(key, own)
        place = _choose(cand, readings, article, kept, countries, anchors=others)
        if (cand.mention.label == "GAZ" and not _supported(place, countries, others)
                and not port_word_beside(article.text, cand.mention.start, cand.mention.end)
                and not region_word_beside(article.text, cand.mention.start, cand.mention.end)):
            continue  # a hamlet's name found by the gazetteer alone, with nothing near it in the article
        if cand.mention.label == "CODE" and place.feature != "region" and place.country_code not in placed:
            continue  # "BA", "TV", "US": a country's ISO code counts where the article places something in it
        result.append(PlaceMention(cand.mention, place, role="country" if place.feature == "country" else "mentioned"))
    return result


def _choose(cand: Candidate, readings: list[Reading], article: Article, kept: Kept, countries: set[str | None],
            anchors: _Others) -> Place:
    """The reading with the best score (:func:`_score`); the next five are its alternatives."""
    if len(readings) == 1:
        return replace(readings[0][0], confidence=1.0)
    apposed = _apposed(cand.mention, kept, article.text)
    own_name = any(k == PRIMARY for _, k in readings)  # some place bears the name as its own
    port = port_word_beside(article.text, cand.mention.start, cand.mention.end)
    scored = [(_score(p, kind, cand, kept, article.text, own_name=own_name, port=port, apposed=apposed,
                      countries=countries, anchors=anchors), p) for p, kind in readings[:200]]
    scored.sort(key=lambda sp: -sp[0])
    best_score, best = scored[0]
    margin = best_score - scored[1][0]
    confidence = round(1 - 0.5 * math.exp(-margin), 3)
    return replace(best, confidence=confidence, alternatives=tuple(p for _, p in scored[1:6]))


def _score(p: Place, kind: int, cand: Candidate, kept: Kept, text: str, *, own_name: bool, port: bool,
           apposed: Place | None, countries: set[str | None], anchors: _Others) -> float:
    """A reading's score: log10 of its population, and the :data:`WEIGHTS` of the cues that hold."""
    w = WEIGHTS
    score = math.log10(p.population + 10)
    if p.feature in {"country", "continent"}:
        score += w["country"]
    elif p.feature in AREA_FEATURES:  # by its share of the country: "Texas" the state, "New York" the city
        score += w["area by another name"] if kind == ALTERNATE else 0.0
    elif p.geonames_id in gazetteer().capitals and kind != ALTERNATE:
        score += w["capital"]  # not "Salisbury" for Harare
    if p.feature == "town" and kind == ALTERNATE and (
            p.population < ALTERNATE_NAME_MIN_POPULATION or own_name and p.population < KNOWN_BY_MANY_NAMES_POPULATION):
        score += w["town by another name"]
    if kind == PORT:  # a port of the UN/LOCODE list that is no town: where the article says "port", else last
        score += w["port named as a port"] if port else w["port not named as a port"]
    elif port and p.feature == "town" and (find_port(cand.mention.surface, p.coord, within_km=PORT_TOWN_KM)
                                           or find_port(p.name, p.coord, within_km=PORT_TOWN_KM)):
        # by the article's word or by the town's own name: "puerto de Constanza" is the port listed as Constanta
        score += w["port named as a port"]  # a port town of that name, before its namesakes inland
    if p.feature == "region" and _contains_previous(cand.mention, p, kept, text):
        score += w["region of the town before"]
    if apposed is not None and _within(p, apposed):
        score += w["in the apposed area"]
    elif p.country_code in countries:
        score += w["in a country named"]
    if anchors and p.feature in LOCAL_FEATURES and (km := anchors.nearest_km(p)) is not None:
        score += w["near the other places"] * math.exp(-km / 500)
    return score


def _supported(place: Place, countries: set[str | None], anchors: _Others) -> bool:
    """A small town or a district needs its country named, or another of the article's places near it;
    a capital does not ("Longyearbyen", "Funafuti": small, and known by their country)."""
    if place.feature not in TOWN_LIKE or place.feature == "town" and place.population >= SMALL_TOWN_POPULATION:
        return True
    if place.geonames_id in gazetteer().capitals:
        return True
    if place.country_code in countries:
        return True
    return (km := anchors.nearest_km(place)) is not None and km < 300


def _within(place: Place, area: Place) -> bool:
    """Whether ``place`` may lie in ``area``: its country, or a town near a region of its country."""
    return place.country_code == area.country_code and (
        area.feature == "country" or place.feature == "town" and _km(place, area) < 600)


def _km(a: Place, b: Place) -> float:
    return distance_km(a.coord, b.coord)


# --- apposition: "Dunay, en Russie", "Atlanta, Georgia" ---------------------------------------------


def _apposition() -> re.Pattern[str]:
    """A comma, then maybe a word of location and an article, between a name and its qualifier."""
    at = "|".join(re.escape(w) for w in sorted(of_every_language("at"), key=len, reverse=True))
    articles = "|".join(re.escape(w) + ("" if w.endswith(("'", "’")) else " ")
                        for w in sorted(of_every_language("articles"), key=len, reverse=True))
    return re.compile(rf"\s*,\s*(?:{at})?\s*(?:{articles})?$", re.IGNORECASE)  # matched from a position


_APPOSITION = _apposition()


def _contains_previous(mention: Mention, region: Place, kept: Kept, text: str) -> bool:
    """Whether the mention right before, in apposition ("Atlanta, Georgia"), may be a town of ``region``."""
    i = kept.last_before(mention.start)
    if i is None:
        return False
    cand, readings = kept[i]
    if not _APPOSITION.match(text, cand.mention.end, mention.start) or text.find(",", cand.mention.end,
                                                                                  mention.start) < 0:
        return False
    return any(p.feature == "town" and p.country_code == region.country_code and _km(p, region) < 600
               for p, _ in readings[:50])


def _apposed(mention: Mention, kept: Kept, text: str) -> Place | None:
    """The country or region named right after a mention: "Dunay, en Russie", "Paris, Texas"."""
    # The mentions after it, in the list's order, up to the first that is more than 20 characters away: those
    # nearer (few) one by one, then that one. The apposition is matched in place, with no copy of the text.
    far = kept.first_area_after(mention.end + 20)
    for i in [*(i for i in kept.areas_starting(mention.end, mention.end + 20) if far is None or i < far),
              *([] if far is None else [far])]:
        cand, readings = kept[i]
        if _APPOSITION.match(text, mention.end, cand.mention.start):
            return readings[0][0]
    return None


# --- step 5: one sense per article -----------------------------------------------------------------


def _one_sense(result: list[PlaceMention], kept: Kept, text: str) -> tuple[PlaceMention, ...]:
    """A name repeated means the place its clearest mention chose ("Atlanta, Georgia" ... "Georgia's
    governor"), except where an apposition says which itself ("Paris, Texas, not Paris, France";
    "Tacoma, Washington" amid the capital's news)."""
    def qualified(pm: PlaceMention) -> bool:
        return (_apposed(pm.mention, kept, text) is not None
                or pm.place.feature == "region" and _contains_previous(pm.mention, pm.place, kept, text))

    def said_as_a_port(pm: PlaceMention) -> bool:  # "au port de Bar" says which Bar the name means
        return port_word_beside(text, pm.mention.start, pm.mention.end)

    surest: dict[str, Place] = {}
    chose: dict[int, PlaceMention] = {}  # the first mention that chose each place (by identity)
    for pm in result:
        chose.setdefault(id(pm.place), pm)
    for pm in sorted(result, key=lambda pm: not said_as_a_port(pm)):  # a port named as one first
        key = name_key(pm.mention.surface)
        if key not in surest or pm.place.confidence > surest[key].confidence and not said_as_a_port(
                chose[id(surest[key])]):
            surest[key] = pm.place
    out = []
    for pm in result:
        if not qualified(pm):
            place = surest[name_key(pm.mention.surface)]
            pm = replace(pm, place=place, role="country" if place.feature == "country" else "mentioned")
        out.append(pm)
    return tuple(out)
