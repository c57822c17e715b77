"""Working out the journey an article describes: legs in order, their modes and dates, the border, the claims.

The reader works sentence by sentence, on the places the article names (:mod:`routes.read.places`)
and the words around them, in the lemmas of its language (:mod:`routes.read.lang`):

1. **Roles** (:mod:`routes.read.clauses`): the word that governs each place, a word of origin or
   destination, a verb of leaving, loading, arriving, unloading or making, nearness ("a depot
   near Tikhoretsk": the place is the landmark of the stop), passage ("via Kazakhstan", "through
   the Bosphorus": a constraint, not a stop).
2. **Moves.** Each origin and destination, with the transport word nearest to it (a noun
   or a verb: "by rail", "trucked", "сухогруз"), makes a move; an origin and the destination
   after it in one sentence are one move.
3. **The chain.** A move with no origin starts where the last one ended ("from there",
   "von dort", "оттуда", or nothing at all: "unloaded at Gdańsk, then trucked to
   Białystok"); one with no destination ends where the next starts; a move that ends where
   an earlier one starts came before it ("the grain, which had arrived by rail from Kursk").
   A move whose origin is nowhere in the text is no leg: no origin is ever invented.
4. **Dates** go to the move of the nearest verb or place: a departure day to its start, an
   arrival day to its end, a range to both.
5. **The border** a sentence names ("the border with Ukraine", "la frontière biélorusse",
   "ukrainischen Grenze"), measured from the stop that sentence names, else the last one
   before it; **claims** of distance tied to the border or to the leg their sentence tells.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from routes.geodesy import PointIndex, distance_km
from routes.model import AREA_FEATURES, BorderQuestion, Claim, DateRange, Itinerary, LegPlan, Place, PlaceMention, Stop
from routes.read.claims import extract_claims
from routes.read.clauses import (
    CLAUSE_END,
    Word,
    city_of_country,
    coordinated,
    mode_of,
    nearest_mode,
    phrase_ending,
    qualifies,
    right_after,
    role_of,
    tells_a_movement,
    verb_class,
    waterway_of,
    words_of,
)
from routes.read.dates import DateMention, find_dates
from routes.read.gazetteer import gazetteer
from routes.read.lang import Lexicon, cldr, lexicon
from routes.read.names import name_key
from routes.read.nlp import parse
from routes.read.ports import find_port
from routes.read.recognise import port_word_beside

#: What a journey may start, stop or end at: a town, a pole, or a district or region named as
#: the place itself ("a depot in Bryansk Oblast"), at its middle; never a country.
STOP_FEATURES = {"town", "point", *AREA_FEATURES}
T = TypeVar("T")

#: Two stops this close are one place (a town and its port: "Najin" and the port of Najin).
SAME_PLACE_KM = 30.0


@dataclass
class _Move:
    """One movement the text tells: some of an origin, a destination, a mode, dates."""

    sentence: str
    position: int  # offset in the text where it is told
    origin: Stop | None = None
    destination: Stop | None = None
    mode: str | None = None
    mode_word: str = ""
    first: str | None = None
    last: str | None = None
    dates_text: str = ""
    via: list[str] = field(default_factory=list)
    via_countries: list[str] = field(default_factory=list)
    coordinated: bool = False  # a place joined to the one before ("Abidjan and San-Pédro"): no leg between them
    to_the_port: bool = False  # its sentence takes the goods "to the port", naming none: the port the ship left
    wide_ends: list[PlaceMention] = field(default_factory=list)  # "to Antarctica": an end too wide to be a stop
    anchors: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, "start" | "end"): verbs, places


def plan_itinerary(places: tuple[PlaceMention, ...], text: str, language: str) -> Itinerary:
    """The itinerary the article describes, from its resolved place mentions."""
    words = lexicon(language)
    doc = parse(text, language)
    sentences = [(s.start_char, s.text) for s in doc.sents]
    tokens = _ByOffset(words_of(doc, words, language), lambda w: w.start)
    by_start = _ByOffset(places, lambda pm: pm.mention.start)
    moves: list[_Move] = []
    for start, sentence in sentences:
        mentions = by_start.within(start, start + len(sentence))
        inside = tokens.within(start, start + len(sentence))
        if tells_a_movement(inside, sentence, words):
            told = _moves_in_sentence(mentions, inside, sentence, start, text, words)
            if not told and moves:
                _date_the_trip(moves[-1], inside, sentence, words)
            moves += told
    legs = _chain(moves)
    border = _border_question(places, sentences, tokens, legs, words, language)
    claims = _tie_claims(extract_claims(sentences, language), border, legs, sentences, tokens, words)
    stops = _stops(legs)
    return Itinerary(stops=stops, legs=tuple(legs), border=border, claims=tuple(claims),
                     wide_ends=_wide_ends(moves, stops))


class _ByOffset(Generic[T]):
    """Items found by an offset in the text (where each starts, or ends), by bisection: the words and places
    of one sentence, not a scan of the whole article's for each sentence (which made reading quadratic).

    Answers keep the items' own order, whatever it is.
    """

    def __init__(self, items: Sequence[T], offset: Callable[[T], int]) -> None:
        self.items = items
        self._order = sorted(range(len(items)), key=lambda i: offset(items[i]))
        self._offsets = [offset(items[i]) for i in self._order]

    def within(self, start: int, end: int) -> list[T]:
        """The items whose offset is in ``[start, end)``, in their own order."""
        lo, hi = bisect.bisect_left(self._offsets, start), bisect.bisect_left(self._offsets, end)
        return [self.items[i] for i in sorted(self._order[lo:hi])]


# --- moves -----------------------------------------------------------------------------------------


def _moves_in_sentence(mentions: list[PlaceMention], tokens: list[Word], sentence: str, offset: int, text: str,
                       words: Lexicon) -> list[_Move]:
    span = (offset, offset + len(sentence))
    moves: list[_Move] = []
    current: _Move | None = None
    dates = find_dates(sentence, words.code)
    date_spans = [(offset + d.start, offset + d.end) for d in dates]
    last_role: tuple[PlaceMention, str, int] | None = None
    for pm in mentions:
        waterway = waterway_of(pm, text, words)
        role, at = ("via", pm.mention.start) if waterway else role_of(pm, tokens, words, mentions, date_spans)
        previous = last_role
        if previous is not None and coordinated(previous[0], pm, tokens, words):
            role, at = previous[1], previous[2]  # "the ports of Abidjan and San-Pédro": one role for both
        last_role = (pm, role, at)
        if waterway:
            current = current or _Move(sentence, pm.mention.start)
            if current not in moves:
                moves.append(current)
            current.via.append(waterway)
            continue
        if pm.place.feature == "country" and role in ("origin", "destination") and (town := city_of_country(pm)):
            pm = replace(pm, place=town)  # "Djibouti", "Singapore", "Kuwait": the city the country is named after
        if pm.place.feature in {"country", "continent"} and role in ("origin", "destination"):
            current = current or _Move(sentence, pm.mention.start)
            if current not in moves:
                moves.append(current)
            current.wide_ends.append(pm)
            continue
        if pm.place.feature == "country":
            if role == "via" and current is not None:
                current.via.append(pm.mention.surface)
                current.via_countries.append(pm.place.country_code or "")
            elif role == "via":
                current = _Move(sentence, pm.mention.start, via=[pm.mention.surface],
                                via_countries=[pm.place.country_code or ""])
                moves.append(current)
            continue
        if pm.place.feature not in STOP_FEATURES:
            continue
        if previous is not None and qualifies(previous[0], pm, tokens, words):
            continue  # "Brest in der Bretagne", "Mobile (Alabama)": where the town is, not another stop
        if role == "via":
            if current is None:
                current = _Move(sentence, pm.mention.start)
                moves.append(current)
            current.via.append(pm.mention.surface)
            continue
        if role not in ("origin", "destination", "near"):
            continue
        if role == "near" and previous is not None and previous[0] is not pm and right_after(previous[0], pm, tokens):
            continue  # "le port de Jorf Lasfar, près d'El Jadida": where the port is, not a stop
        joined = previous is not None and coordinated(previous[0], pm, tokens, words)
        mode, word = nearest_mode(pm.mention.start, tokens, words, span, mentions)
        stop = Stop(pm.place, pm.mention.surface, pm.mention)
        if role == "near":
            stop = replace(stop, label=_near_label(pm, text, words) or stop.label)
        if role == "origin":
            current = _Move(sentence, pm.mention.start, origin=stop, mode=mode, mode_word=word)
            current.anchors += [(at, at + 1, "start"), (pm.mention.start, pm.mention.end, "start")]
            moves.append(current)
        else:
            if current is None or current.destination is not None or (
                    current.origin is not None and mode and current.mode and mode != current.mode):
                current = _Move(sentence, pm.mention.start, mode=mode, mode_word=word)
                moves.append(current)
            current.destination = stop
            current.coordinated = joined
            current.mode, current.mode_word = current.mode or mode, current.mode_word or word
            current.anchors += [(at, at + 1, "end"), (pm.mention.start, pm.mention.end, "end")]
    moves += _from_where(mentions, tokens, span, words)
    moves.sort(key=lambda m: m.position)
    if _to_a_port_unnamed(tokens, mentions, words):
        for m in moves:
            m.to_the_port = m.origin is not None and m.destination is None
    _add_passages(moves, mentions, tokens, words)
    _attach_dates(moves, tokens, dates, offset, words, _dateline_end(text))
    return [m for m in moves if m.origin or m.destination]


def _wide_ends(moves: list[_Move], stops: tuple[Stop, ...]) -> tuple[PlaceMention, ...]:
    """Countries and continents told as where goods went or came from, with no stop of the journey in
    them: "sailed from Hobart to Antarctica" (not "to Russia" when the journey ends at a Russian town)."""
    inside = {stop.place.country_code for stop in stops}
    wide = [pm for m in moves for pm in m.wide_ends]
    return tuple(pm for pm in wide if pm.place.feature == "continent" and not stops
                 or pm.place.feature == "country" and pm.place.country_code not in inside)


def _to_a_port_unnamed(tokens: list[Word], mentions: list[PlaceMention], words: Lexicon) -> bool:
    """Whether the sentence takes goods to a port it does not name ("by rail to the port", «в порт по железной
    дороге», "hasta la terminal portuaria"): a word of destination, an article, a word for a port, no name."""
    ports = set(words.port_before)
    for k in range(len(tokens)):
        if not phrase_ending(tokens, k, words.destination):
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].lower in words.articles:
            j += 1
        if j < len(tokens) and (tokens[j].lemmas & ports or tokens[j].lower in ports):
            name = tokens[j + 1] if j + 1 < len(tokens) else None  # the word after the port's: its name, if any
            if name is None or not any(pm.mention.start <= name.start < pm.mention.end for pm in mentions):
                return True
    return False


def _add_passages(moves: list[_Move], mentions: list[PlaceMention], tokens: list[Word], words: Lexicon) -> None:
    """Straits, canals and seas a sentence says a move passes that are no places of the gazetteer ("through the
    Bosphorus", "via the Kiel Canal"): the capitalised words after a word of passage, to the move before them."""
    if not moves:
        return
    starts = []
    for k in range(len(tokens)):
        if phrase_ending(tokens, k, words.via):
            starts.append(k)
        elif starts and tokens[k].lower in words.conjunctions and k - starts[-1] <= 8:
            starts.append(k)  # "through the Bosphorus and the Dardanelles"
    for k in starts:
        phrase: list[Word] = []
        for tok in tokens[k + 1:k + 8]:
            inside = any(pm.mention.start <= tok.start < pm.mention.end for pm in mentions)
            if inside or tok.text in CLAUSE_END or tok.text == ",":
                break
            if tok.text[:1].isupper() or phrase and (tok.lower in words.waterways or tok.lower in words.genitive
                                                     or tok.lower in words.connectors or tok.text == "-"):
                phrase.append(tok)
            elif phrase or tok.lower not in words.articles:
                break
        while phrase and not phrase[-1].text[:1].isupper() and phrase[-1].lower not in words.waterways:
            phrase.pop()
        if not phrase or mode_of(phrase[0], words):
            continue
        name = " ".join(t.text for t in phrase).replace(" - ", "-")
        owner = max((m for m in moves if m.position <= tokens[k].start), key=lambda m: m.position, default=moves[0])
        if name not in owner.via:
            owner.via.append(name)


def _from_where(mentions: list[PlaceMention], tokens: list[Word], span: tuple[int, int],
                words: Lexicon) -> list[_Move]:
    """Moves that start at the place right before "from where", "desde donde", "d'où", "откуда"."""
    out = []
    for k, tok in enumerate(tokens):
        n = phrase_ending(tokens, k, words.from_there)
        if not n or k - n < 0:
            continue
        start = tokens[k - n + 1]
        before = []
        for pm in mentions:
            if pm.mention.end <= start.start and start.start - pm.mention.end <= 3:
                town = pm.place if pm.place.feature in STOP_FEATURES else city_of_country(pm)
                if town is not None:
                    before.append(replace(pm, place=town))
        if not before:
            continue
        place = before[-1]
        mode, word = nearest_mode(tok.end + 1, tokens, words, (tok.end, span[1]), mentions)
        move = _Move(place.mention.sentence, start.start, origin=Stop(place.place, place.mention.surface,
                                                                          place.mention), mode=mode, mode_word=word)
        move.anchors.append((start.start, tok.end, "start"))
        out.append(move)
    return out


def _date_the_trip(move: _Move, tokens: list[Word], sentence: str, words: Lexicon) -> None:
    """A range of days in a sentence that names no place but the trip or its vehicle ("Le convoi a effectué le
    trajet entre le 1er et le 3 octobre") dates the move told before it, if that has no days of its own."""
    if move.first or move.last or not any(t.lemmas & words.journey or mode_of(t, words) for t in tokens):
        return
    ranges = [d for d in find_dates(sentence, words.code) if d.is_range]
    if len(ranges) == 1:
        move.first, move.last, move.dates_text = ranges[0].first, ranges[0].last, ranges[0].text


def _attach_dates(moves: list[_Move], tokens: list[Word], dates: list[DateMention], offset: int,
                  words: Lexicon, dateline_end: int) -> None:
    """Each date to the move of the nearest verb or place: a departure's to its start, an arrival's to its end."""
    if not moves:
        return
    anchors = [(a, b, kind, move) for move in moves for a, b, kind in move.anchors if a >= 0]
    for t in tokens:  # verbs of leaving and arriving with no place of their own ("verließ das Hafengelände")
        verb = verb_class(t, words)
        if verb in ("leave", "load", "arrive", "unload"):
            owner = min(moves, key=lambda m: min((_gap((t.start, t.end), (a, b)) for a, b, _ in m.anchors),
                                                 default=1 << 30))
            anchors.append((t.start, t.end, "start" if verb in ("leave", "load") else "end", owner))
    if not anchors:
        return
    for d in dates:
        span = (offset + d.start, offset + d.end)
        if span[1] <= dateline_end:
            continue  # "VIENTIANE, 5 décembre (AFP) -": the day the news was filed, not a day of the journey
        _, _, kind, move = min(anchors, key=lambda a: _gap(span, (a[0], a[1])))
        if d.is_range:  # a range says more than a day: it dates the move it is nearest to
            move.first, move.last, move.dates_text = d.first, d.last, d.text
        elif kind == "start" and move.first is None:
            move.first = d.first
            move.dates_text = f"{d.text} – {move.dates_text}" if move.dates_text else d.text
        elif kind == "end" and move.last is None:
            move.last = d.first
            move.dates_text = f"{move.dates_text} – {d.text}" if move.dates_text else d.text
        elif kind == "end" and move.first is None:  # two days near its end: the one told first is its start
            move.first, move.last = move.last, d.first
            move.dates_text = f"{move.dates_text} – {d.text}"
        elif kind == "start" and move.last is None:  # two near its start: the one told last is its end
            move.last = d.first
            move.dates_text = f"{move.dates_text} – {d.text}"


_DATELINE = re.compile(r"^[^\n]{0,80}?(?:\([^)\n]{1,40}\)\s*[-–—.]+|\s[-–—]\s|/[^/\n]{2,30}/\.?)")


def _dateline_end(text: str) -> int:
    """Where a wire dateline ends ("VIENTIANE, 5 décembre (AFP) -", "НОВОСИБИРСК, 21 февраля. /ТАСС/."), or 0."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans of the text (0 if they touch or overlap)."""
    return max(0, b[0] - a[1], a[0] - b[1])


def _near_label(pm: PlaceMention, text: str, words: Lexicon) -> str | None:
    """ "jusqu'à un dépôt de munitions près de Tikhoretsk" gives "dépôt de munitions près de Tikhoretsk"."""
    before = text[max(0, pm.mention.start - 120):pm.mention.start]
    near = _ends_with_any(before, words.near)
    if near is None:
        return None
    head = before[:near.start()]
    # the noun of the stop, after a word of destination and its article: "to an ammunition depot"
    joined = "|".join(re.escape(w) for w in sorted((*words.destination, *words.at), key=len, reverse=True))
    articles = "|".join(re.escape(w) for w in sorted({*words.articles, "a", "an", "un", "une", "ein", "eine",
                                                        "einen", "einem", "uno", "una"}, key=len, reverse=True))
    noun = re.search(rf"(?:^|[\s,])(?:{joined})\s+(?:(?:{articles})\s+|l['’])?([^,;.]{{2,60}}?)\s*$", head,
                     re.IGNORECASE)
    if not noun or not noun.group(1).strip():
        return None
    return f"{noun.group(1).strip()} {near.group(0).strip()} {pm.mention.surface}"


def _ends_with_any(text: str, phrases: tuple[str, ...]) -> re.Match[str] | None:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.search(rf"(?:^|(?<=\s))(?:{alternatives})\s*$", text, re.IGNORECASE)


# --- the chain -------------------------------------------------------------------------------------


def same_place(a: Place, b: Place) -> bool:
    """Whether two places are one stop: the same GeoNames place, or within :data:`SAME_PLACE_KM` of each other
    with the same name ("Najin" and the port of Najin)."""
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    near = distance_km(a.coord, b.coord)
    return near < 1.0 or near < SAME_PLACE_KM and name_key(a.name) == name_key(b.name)


class _SamePlaces:
    """The places of a journey's moves, each with the others that may be one stop with it (:func:`same_place`),
    found once by a spatial index.

    The chain asks, for each move, which others start or end where it does; asking every other move made
    reading a long article quadratic (cubic where moves are put in travel order). Every place a move takes
    in the chain is one of the stops it was told with, so the set is known before the chain starts.
    """

    def __init__(self, places: Iterable[Place]) -> None:
        self._keys: dict[tuple[int | None, float, float, str], int] = {}
        self._places: list[Place] = []
        self._by_id: dict[int, list[int]] = {}
        for place in places:
            if (k := _place_key(place)) not in self._keys:
                self._keys[k] = len(self._places)
                self._places.append(place)
                if place.geonames_id is not None:
                    self._by_id.setdefault(place.geonames_id, []).append(self._keys[k])
        self._index = PointIndex([p.coord for p in self._places])
        self._near: dict[int, tuple[int, ...]] = {}

    def key(self, place: Place) -> int:
        """The number of a place (one per distinct place)."""
        return self._keys[_place_key(place)]

    def near(self, place: Place) -> tuple[int, ...]:
        """The numbers of the places that may be one stop with ``place``: the same GeoNames place, or within
        :data:`SAME_PLACE_KM` (and a hair, for the rounding of a distance measured the other way); the
        caller asks :func:`same_place` of each."""
        k = self.key(place)
        if k not in self._near:
            close = self._index.within(place.coord, SAME_PLACE_KM * (1 + 1e-9))
            self._near[k] = tuple(sorted({*close, *self._by_id.get(place.geonames_id or -1, ())}))
        return self._near[k]


def _place_key(place: Place) -> tuple[int | None, float, float, str]:
    """What :func:`same_place` reads of a place."""
    return place.geonames_id, place.lon, place.lat, place.name


class _ByPlace:
    """Moves filed under one of their stops (origins, or destinations), to find those whose stop may be one
    with a given place."""

    def __init__(self, places: _SamePlaces) -> None:
        self.places = places
        self._moves: dict[int, list[_Move]] = {}

    def add(self, place: Place, move: _Move) -> None:
        self._moves.setdefault(self.places.key(place), []).append(move)

    def near(self, place: Place) -> Iterator[_Move]:
        """The moves filed under a place that may be one stop with ``place`` (each once, in no set order)."""
        for k in self.places.near(place):
            yield from self._moves.get(k, ())


def _chain(moves: list[_Move]) -> list[LegPlan]:
    """The moves as legs in the order travelled (see the module's docstring, step 3)."""
    places = _SamePlaces(s.place for m in moves for s in (m.origin, m.destination) if s is not None)
    moves = _told_twice(_merged(moves), places)
    origins = _ByPlace(places)
    for m in moves:
        if m.origin is not None:
            origins.add(m.origin.place, m)
    for i, m in enumerate(moves):  # a move with no origin starts where the one before ended, unless it ends where
        # another starts: then it came before that one ("the fertiliser had been unloaded at Djibouti")
        arrives_before = m.destination is not None and any(
            o is not m and o.origin is not None and same_place(o.origin.place, m.destination.place)
            for o in origins.near(m.destination.place))
        last = moves[i - 1].destination if i > 0 else None
        before = moves[i - 1] if i > 0 else None  # "unloaded at X, left by rail for Y": one sentence, in order
        same_sentence = before is not None and before.sentence == m.sentence and not (
            before.origin and m.destination and same_place(before.origin.place, m.destination.place))  # no way back
        if (m.origin is None and last is not None and (not arrives_before or same_sentence) and not m.coordinated
                and not (m.destination and same_place(last.place, m.destination.place))):
            m.origin = last
            origins.add(last.place, m)
    for i, m in enumerate(moves):  # a move with no destination ends where the one after starts
        if m.destination is None and i + 1 < len(moves) and moves[i + 1].origin is not None:
            m.destination = moves[i + 1].origin
    ships = _Nearest([o for o in moves if o.mode == "sea" and o.origin is not None])
    for m in moves:  # "the grain came to the port by rail from Stavropol": the port the ship sailed from
        if m.to_the_port and m.destination is None and ships and m.mode != "sea":
            m.destination = ships.to(m.position).origin
    complete = [m for m in moves if m.origin and m.destination and not same_place(m.origin.place, m.destination.place)]
    _lead_goes_on(moves, complete, places)
    ordered = _travel_order(complete, places)
    return [LegPlan(m.origin, m.destination, m.mode or _implied_mode(m), m.sentence, m.mode_word,  # type: ignore[arg-type]
                    DateRange(m.first, m.last, m.dates_text) if (m.first or m.last) else None,
                    via=tuple(m.via), via_countries=tuple(c for c in m.via_countries if c))
            for m in ordered]


class _Nearest:
    """Moves by the offset where each is told: the nearest to an offset, the first listed among the equally
    near (what ``min(moves, key=distance)`` gives), by bisection."""

    def __init__(self, moves: list[_Move]) -> None:
        self.moves = moves
        self._at = sorted((m.position, i) for i, m in enumerate(moves))
        self._positions = [p for p, _ in self._at]

    def __bool__(self) -> bool:
        return bool(self.moves)

    def to(self, position: int) -> _Move:
        k = bisect.bisect_left(self._positions, position)
        gap = min(abs(self._positions[j] - position) for j in (k - 1, k) if 0 <= j < len(self._positions))
        listed = [i for at in {position - gap, position + gap} for _, i in
                  self._at[bisect.bisect_left(self._positions, at):bisect.bisect_right(self._positions, at)]]
        return self.moves[min(listed)]


def _lead_goes_on(moves: list[_Move], complete: list[_Move], places: _SamePlaces) -> None:
    """A lead told with its vehicle ("a train pulled into Chicago ... after the boxes were unloaded at Prince
    Rupert") goes on from where the rest of the journey ends, if that is one place: such a move, with no origin,
    starts at the one destination of ``complete`` (the moves with both ends) no move of it leaves from, unless
    it ends at one of their stops; it then joins ``complete``.

    The journey's ends and stops are kept up to date as moves join, not gathered again for each move."""
    if not complete:
        return
    origins, destinations, stops = _ByPlace(places), _ByPlace(places), _ByPlace(places)
    ends: dict[int, _Move] = {}  # by id: the moves of ``complete`` that no move of it leaves from where they end

    def file(m: _Move) -> None:
        assert m.origin is not None and m.destination is not None
        origins.add(m.origin.place, m)
        destinations.add(m.destination.place, m)
        stops.add(m.origin.place, m)
        stops.add(m.destination.place, m)

    def is_end(m: _Move) -> bool:
        return not any(same_place(p.origin.place, m.destination.place)  # type: ignore[union-attr]
                       for p in origins.near(m.destination.place))  # type: ignore[union-attr]

    for m in complete:
        file(m)
    ends.update((id(m), m) for m in complete if is_end(m))
    for m in moves:
        if (m.origin is None and m.destination is not None and m.mode and not m.coordinated
                and m.destination.place.feature == "town"):  # not "delivered to Kaliningrad Oblast": a summary
            at_a_stop = any(same_place(m.destination.place, s.place) for o in stops.near(m.destination.place)
                            for s in (o.origin, o.destination) if s is not None)
            if len(ends) == 1 and not at_a_stop:
                start = next(iter(ends.values())).destination
                assert start is not None
                m.origin = start
                complete.append(m)
                for o in destinations.near(start.place):  # they end where m leaves from: ends no longer
                    if same_place(start.place, o.destination.place):  # type: ignore[union-attr]
                        ends.pop(id(o), None)
                file(m)
                if is_end(m):
                    ends[id(m)] = m


def _merged(moves: list[_Move]) -> list[_Move]:
    """An origin-only move and the destination-only move after it in the same sentence are one move, and so are
    a destination-only move and the origin-only move after it ("docked in Ningbo, eight days after leaving
    Vanino")."""
    out: list[_Move] = []
    for m in moves:
        prev = out[-1] if out else None
        follows = (prev is not None and (prev.mode is None or m.mode is None or prev.mode == m.mode)
                   and not m.coordinated)  # "left Novorossiysk on 3 August. ... reached Damietta on 9 August"
        if (follows and prev is not None and prev.origin is None and prev.destination is not None
                and m.origin is not None and m.destination is None  # "arrived in X on 21 September. It had left Y"
                and not same_place(prev.destination.place, m.origin.place)):
            prev.origin = m.origin
            prev.anchors += m.anchors
            prev.first = prev.first or m.first
            continue
        if (follows and prev is not None and prev.destination is None and prev.origin is not None
                and m.origin is None and m.destination is not None):
            _absorb(prev, m)
            continue
        if prev is not None and not (m.origin or m.destination) and m.via:
            prev.via += m.via
            prev.via_countries += m.via_countries
            continue
        out.append(m)
    return out


def _told_twice(moves: list[_Move], places: _SamePlaces) -> list[_Move]:
    """Moves that tell one leg twice made one ("a train left Yiwu ... it had left Yiwu on 19 November"): the
    same origin, or the same destination, and no end that differs.

    A leg told first by its end alone, with no word of how, is a report's lead ("Food aid reached Gao on
    Friday"): the later telling, among the legs before it, keeps its place in the chain.

    The moves kept so far are filed under their stops, so that each move is set beside those that share a
    stop with it only (:func:`_same_leg` needs one)."""
    order: dict[int, int] = {}  # by id: each move's rank in the list kept; a move put at its end gets a new one
    ranks = itertools.count()
    kept: dict[int, _Move] = {}
    by_origin, by_destination = _ByPlace(places), _ByPlace(places)
    filed: set[tuple[int, str]] = set()

    def file(m: _Move) -> None:  # a move's stops, as they become known (a telling absorbed fills them in)
        for role, stop, index in (("origin", m.origin, by_origin), ("destination", m.destination, by_destination)):
            if stop is not None and (id(m), role) not in filed:
                filed.add((id(m), role))
                index.add(stop.place, m)

    def keep(m: _Move) -> None:
        order[id(m)] = next(ranks)
        kept[id(m)] = m
        file(m)

    last: _Move | None = None
    for m in moves:
        sharing = [*(by_origin.near(m.origin.place) if m.origin is not None else ()),
                   *(by_destination.near(m.destination.place) if m.destination is not None else ())]
        twin = min((o for o in sharing if id(o) in kept and _same_leg(o, m)), key=lambda o: order[id(o)],
                   default=None)
        if twin is None:
            keep(m)
            last = m
        elif twin.origin is None and twin.mode is None and twin.destination is not None and last is not twin:
            del kept[id(twin)]
            _absorb(m, twin)
            keep(m)
            last = m
        else:
            _absorb(twin, m)
            file(twin)
    return sorted(kept.values(), key=lambda m: order[id(m)])


def _absorb(into: _Move, m: _Move) -> None:
    """What ``into`` does not say, taken from ``m``, a telling of the same leg: its ends, mode, dates, passages."""
    into.origin, into.destination = into.origin or m.origin, into.destination or m.destination
    into.mode, into.mode_word = into.mode or m.mode, into.mode_word or m.mode_word
    into.first, into.last = into.first or m.first, into.last or m.last
    into.dates_text = " – ".join(t for t in (into.dates_text, m.dates_text) if t)
    into.via += [v for v in m.via if v not in into.via]
    into.via_countries += [c for c in m.via_countries if c not in into.via_countries]


def _same_leg(a: _Move, b: _Move) -> bool:
    def same(x: Stop | None, y: Stop | None) -> bool | None:
        return None if x is None or y is None else same_place(x.place, y.place)

    origin, destination = same(a.origin, b.origin), same(a.destination, b.destination)
    if origin is False or destination is False or (a.mode and b.mode and a.mode != b.mode):
        return False
    return bool(origin or destination)


def _travel_order(moves: list[_Move], places: _SamePlaces) -> list[_Move]:
    """Moves in the order travelled: each followed by the one that starts where it ends; the journey starts
    with a move whose origin no other move reaches (the first told, if several).

    How many moves left reach each one's origin is counted once and brought down as moves are taken, so
    that the starts are not looked for again among all the moves left at each turn."""
    by_origin, by_destination = _ByPlace(places), _ByPlace(places)
    rank = {id(m): i for i, m in enumerate(moves)}
    for m in moves:
        by_origin.add(m.origin.place, m)  # type: ignore[union-attr]
        by_destination.add(m.destination.place, m)  # type: ignore[union-attr]
    left = set(rank.values())

    def reaching(m: _Move) -> int:  # how many other moves end where m starts
        assert m.origin is not None
        return len([o for o in by_destination.near(m.origin.place)
                    if o is not m and same_place(o.destination.place, m.origin.place)])  # type: ignore[union-attr]

    reached = {i: reaching(m) for i, m in enumerate(moves)}
    starts = [i for i, n in reached.items() if n == 0]  # a heap of the moves left that no other move left reaches
    heapq.heapify(starts)
    first_left = 0
    ordered: list[_Move] = []
    while left:
        while starts and starts[0] not in left:
            heapq.heappop(starts)
        while first_left not in left:
            first_left += 1
        current: _Move | None = moves[starts[0] if starts else first_left]
        while current is not None:
            ordered.append(current)
            left.discard(rank[id(current)])
            end = current.destination
            after = [rank[id(m)] for m in by_origin.near(end.place)  # type: ignore[union-attr]
                     if rank[id(m)] in left and same_place(end.place, m.origin.place)]  # type: ignore[union-attr]
            for i in after:  # current, gone, reaches them no more
                reached[i] -= 1
                if reached[i] == 0:
                    heapq.heappush(starts, i)
            current = moves[min(after)] if after else None
    return ordered


def _implied_mode(m: _Move) -> str:
    """A leg whose text gives no mode: by sea between two ports (each named as a port, or a port of the
    UN/LOCODE list); else a direct line, which the map and the files say is no route."""
    ends = [s for s in (m.origin, m.destination) if s is not None]
    return "sea" if len(ends) == 2 and all(_is_port(s) for s in ends) else "direct"


def _is_port(stop: Stop) -> bool:
    """Whether a stop is a port: named as one ("the port of Masan"), or a port of the list by its name."""
    m = stop.mention
    if m is not None and port_word_beside(m.sentence, m.start - m.sentence_start, m.end - m.sentence_start):
        return True
    return find_port(stop.name, stop.place.coord, within_km=SAME_PLACE_KM) is not None or (
        find_port(stop.place.name, stop.place.coord, within_km=SAME_PLACE_KM) is not None)


def _stops(legs: list[LegPlan]) -> tuple[Stop, ...]:
    stops: list[Stop] = []
    for leg in legs:
        for stop in (leg.origin, leg.destination):
            if not stops or not same_place(stops[-1].place, stop.place):
                stops.append(stop)
    return tuple(stops)


# --- the border and the claims ---------------------------------------------------------------------


def _border_question(places: tuple[PlaceMention, ...], sentences: list[tuple[int, str]], tokens: _ByOffset[Word],
                     legs: list[LegPlan], words: Lexicon, language: str) -> BorderQuestion | None:
    """The first border a sentence names with its country, and the stop it is measured from."""
    stops = [s for leg in legs for s in (leg.origin, leg.destination)]
    countries = [pm for pm in places if pm.place.feature == "country"]
    by_start = _ByOffset(countries, lambda pm: pm.mention.start)
    by_end = _ByOffset(countries, lambda pm: pm.mention.end)
    for start, sentence in sentences:
        inside = tokens.within(start, start + len(sentence))
        for i, t in enumerate(inside):
            if not t.lemmas & words.border:
                continue
            country = _border_country(i, inside, (by_start, by_end), words, language)
            if country is None:
                continue
            stop = _measured_from(t.start, places, stops)
            if stop is None:
                return None
            return BorderQuestion(country.country_code or "", country.name, sentence, stop)
    return None


def _border_country(i: int, tokens: list[Word],
                    countries: tuple[_ByOffset[PlaceMention], _ByOffset[PlaceMention]], words: Lexicon,
                    language: str) -> Place | None:
    """The country of the border word at ``tokens[i]``: named after it ("with Ukraine", «с Украиной»), or
    before it, or its adjective beside it ("Ukrainian", "biélorusse", "ukrainischen", «украинской»).

    ``countries`` are the mentions of countries by where they start and by where they end."""
    border = tokens[i]
    by_start, by_end = countries
    after = by_start.within(border.end, border.end + 26)
    if after:
        return min(after, key=lambda pm: pm.mention.start).place
    before = by_end.within(border.start - 3, border.start + 1)
    if before:
        return before[-1].place
    for k in (i - 1, i + 1, i - 2, i + 2):
        if 0 <= k < len(tokens) and (code := _country_of_adjective(tokens[k], language)):
            return gazetteer().country(code)
    return None


def _country_of_adjective(word: Word, language: str) -> str | None:
    """The country an adjective names: it shares at least three letters with the country's name in the
    language (CLDR's), whose rest is short, and ends as the language's adjectives of countries do:
    "biélorusse" Biélorussie, "polnischen" Polen, «литовской» Литва, "ucraniana" Ucrania."""
    if not word.text.isalpha() or len(word.text) < 4:
        return None
    endings = tuple(name_key(e) for e in lexicon(language).adjective_endings)
    forms = {name_key(w) for w in word.lemmas} | {name_key(word.text)}
    best: tuple[int, str] | None = None
    for code, name in cldr.country_names(language).items():
        key = name_key(name)
        for form in forms:
            shared = len(os.path.commonprefix([form, key]))
            rest = form[shared:]
            stem = next((rest[:-len(e)] for e in sorted(endings, key=len, reverse=True) if rest.endswith(e)), None)
            if ((shared >= 4 or shared == 3 and len(key) <= 5) and len(key) - shared <= 4
                    and (not rest or stem is not None and len(stem) <= 2)  # «литовской»: лит + ов + ской
                    and (best is None or shared > best[0])):
                best = (shared, code)
    return best[1] if best else None


def _measured_from(position: int, places: tuple[PlaceMention, ...], stops: list[Stop]) -> Stop | None:
    """The stop a border distance is measured from: the last stop named before the border word."""
    named = [pm for pm in places if pm.mention.start < position and pm.place.feature in STOP_FEATURES]
    near = _SamePlaces([*(s.place for s in stops), *(pm.place for pm in named)])
    where: dict[int, list[int]] = {}  # the stops (their indices) at each place
    for k, stop in enumerate(stops):
        where.setdefault(near.key(stop.place), []).append(k)
    for pm in reversed(named):  # the first stop that is one with it, among those that may be
        found = [k for n in near.near(pm.place) for k in where.get(n, ()) if same_place(stops[k].place, pm.place)]
        if found:
            return stops[min(found)]
    return stops[-1] if stops else None


def _tie_claims(claims: list[Claim], border: BorderQuestion | None, legs: list[LegPlan],
                sentences: list[tuple[int, str]], tokens: _ByOffset[Word], words: Lexicon) -> list[Claim]:
    """Each distance claim tied to what it measures: the border its sentence names, else the leg its sentence
    tells (or the only leg of the mode it names), else nothing.

    ``sentences`` are spaCy's, in text order and each after the other: a claim's is found by bisection."""
    out = []
    starts = [s for s, _ in sentences]
    told = _LegsTold(legs)
    for c in claims:
        if c.kind == "distance":
            if c.about == "border" and border is not None and c.sentence == border.sentence:
                c = replace(c, about=f"border:{border.country_code}")
            elif c.about == "":
                k = bisect.bisect_right(starts, c.start) - 1
                s, t = sentences[k] if k >= 0 else (c.start, "")
                span = (s, s + len(t)) if s <= c.start < s + len(t) else (c.start, c.start)
                leg = _leg_told(c, told, tokens.within(*span), words)
                c = replace(c, about=f"leg:{leg}") if leg is not None else c
        out.append(c)
    return out


class _LegsTold:
    """The legs (numbered from 1) by their sentence, by their mode, and by where their stops are named: what a
    claim is tied to, found for each claim without a scan of every leg."""

    def __init__(self, legs: list[LegPlan]) -> None:
        self.legs = legs
        self.by_sentence: dict[str, list[int]] = {}
        self.by_mode: dict[str, list[int]] = {}
        for i, leg in enumerate(legs, start=1):
            self.by_sentence.setdefault(leg.sentence, []).append(i)
            self.by_mode.setdefault(leg.mode, []).append(i)
        self._named = sorted((s.mention.start, i) for i, leg in enumerate(legs, start=1)
                             for s in (leg.origin, leg.destination) if s.mention is not None)
        self._offsets = [at for at, _ in self._named]
        self._first = {}  # where each leg's first stop is named
        for at, i in reversed(self._named):
            self._first[i] = at

    def gap(self, i: int, offset: int) -> int:
        """Characters from ``offset`` to the nearer of leg ``i``'s stops as named."""
        leg = self.legs[i - 1]
        return min((abs(s.mention.start - offset) for s in (leg.origin, leg.destination) if s.mention),
                   default=1 << 30)

    def nearest_begun(self, offset: int) -> int | None:
        """The leg one of whose stops is named before ``offset`` and whose stops stand nearest to it (the first
        such leg if several): that leg's nearest stop is no farther than the last stop named before ``offset``,
        so only the stops named from there to as far after ``offset`` are looked at."""
        k = bisect.bisect_left(self._offsets, offset)
        if k == 0:
            return None
        reach = offset - self._offsets[k - 1]
        lo = bisect.bisect_left(self._offsets, offset - reach)
        hi = bisect.bisect_right(self._offsets, offset + reach)
        near = {i for _, i in self._named[lo:hi] if self._first[i] < offset}
        return min(near, key=lambda i: (self.gap(i, offset), i))


def _leg_told(claim: Claim, legs: _LegsTold, sentence: list[Word], words: Lexicon) -> int | None:
    """The number (from 1) of the leg a distance claim's sentence tells, if it tells one: the leg told in that
    sentence (the one whose stops stand nearest to the figure), else the only leg of the mode it names."""
    if _from_a_place(claim, sentence, words):
        return None
    told = legs.by_sentence.get(claim.sentence, [])
    if told:
        return min(told, key=lambda i: legs.gap(i, claim.start))
    modes = {m for t in sentence if (m := mode_of(t, words))}
    same = sorted(i for mode in modes for i in legs.by_mode.get(mode, ()))
    if len(same) == 1:
        return same[0]
    before = [t for t in sentence if t.start < claim.start][-4:]
    if any(t.lemmas & words.journey for t in before):  # "The voyage, of under 1,500 nautical miles, was..."
        return legs.nearest_begun(claim.start)  # of the legs begun before the figure, the nearest
    return None


def _from_a_place(claim: Claim, sentence: list[Word], words: Lexicon) -> bool:
    """Whether the figure is a distance from a place ("30 km from Kherson", "à 100 km de Rostov")."""
    after = [t for t in sentence if t.start >= claim.start + len(claim.text)][:2]
    return len(after) == 2 and after[0].lower in words.origin and after[1].text[:1].isupper()
