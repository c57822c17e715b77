"""Recognising the spans of an article that may name places (the first step of :mod:`routes.read.places`).

spaCy's entities (``LOC``/``GPE``; the French model has them) are joined by a gazetteer scan
of capitalised word runs the model missed, each accepted or not by general cues:

- how the gazetteer knows the name (a primary name, an exonym of a big town, a demonym,
  an abbreviation, the name of a port beside a word for a port);
- capitalisation (acronyms, a sentence's first word), words that are common in lowercase
  or name months, weekdays, languages and means of transport;
- the capitalised words around it: a title before a person's name ("President Kelly"), a
  town's name inside an organisation's ("Boston Globe"), a word for another feature after
  it ("Hudson River");
- a name preceded by an article ("la Maison Blanche", "the White House") is not a town:
  towns take no article, countries do. A town whose name holds its article ("Le Havre")
  is matched with it;
- a word that is part of a person's name elsewhere in the text ("Kirby") is that person;
- a name in quotation marks after a word for a vehicle ("el buque «Cordillera Sur»", "das Schiff
  „Berlin Express“") is the ship's or the train's; a German noun before a month ("Mitte Juni") is
  a part of the month.

Every word list comes from :mod:`routes.read.lang`.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from routes.model import Article, Mention, Place
from routes.read.gazetteer import gazetteer
from routes.read.lang import LANGUAGES, cldr, lemma, lexicon, nominatives, of_every_language
from routes.read.names import ABBREVIATION, ALTERNATE, CODE, DEMONYM, NEWS_ABBREVIATION, PORT, PRIMARY, name_key
from routes.read.nlp import parse

#: spaCy labels that name places (French model: LOC; English models: GPE, LOC, FAC).
PLACE_LABELS = {"LOC", "GPE"}
#: Labels whose spans are never places.
BLOCK_LABELS = {"PER", "PERSON", "ORG", "MISC", "NORP"}
#: Places the recogniser weighs as towns, by population and the cues of common words.
TOWN_LIKE = {"town", "district"}
#: A town is recognised by an alternate name (an exonym, a former name) only if this big:
#: GeoNames gives hamlets alternate names such as "The" or "Kelly".
ALTERNATE_NAME_MIN_POPULATION = 15_000
#: A town whose name is a common word ("March", "Police", "Orange") must be this big.
COMMON_WORD_MIN_POPULATION = 100_000
#: A town's name inside a longer capitalised name ("Boston Globe") counts only if this big.
EMBEDDED_MIN_POPULATION = 500_000
#: Languages that capitalise every noun: a capitalised word before a name is no sign of a longer name.
NOUNS_CAPITALISED = {"de"}


@dataclass(frozen=True)
class Candidate:
    """A span that may name a place, and what stands before it."""

    mention: Mention
    determined: bool  # preceded by an article: "la Maison Blanche"
    article_in_name: bool = False  # the name starts with its article: "Le Havre"


def recognise(article: Article) -> list[Candidate]:
    """The spans of the article that may name places, in text order."""
    doc = parse(article.text, article.language)
    blocked = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in BLOCK_LABELS]
    vehicles = vehicle_names(doc, article.language)
    blocked += vehicles
    person_words = {t.lower_ for e in doc.ents if e.label_ in {"PER", "PERSON"} for t in e if t.is_alpha}
    in_vehicles = Ranges(vehicles)
    spans: list[Span] = [e for e in doc.ents if e.label_ in PLACE_LABELS and not in_vehicles.overlap(e)]
    # A span the model calls a place but the gazetteer does not know ("kraï de Krasnodar")
    # leaves the gazetteer free to find the names inside it.
    spans = [e for e in spans if gazetteer().knows(e.text) or inflected_matches(e.text, article.language)]
    taken = [(e.start_char, e.end_char) for e in spans] + blocked
    gazetteer_spans, surnames = _gazetteer_scan(doc, article.language)
    person_words |= surnames
    taken_ranges = Ranges(taken)
    spans += [s for s in gazetteer_spans if not taken_ranges.overlap(s)]

    found = []
    for span in sorted(spans, key=lambda s: s.start_char):
        if span.text.lower() in person_words or not any(c.isupper() for c in span.text):
            continue
        wider, determined = _with_article(doc, span)
        if determined and article.language in NOUNS_CAPITALISED and not gazetteer().knows(span.text):
            determined = False  # "den Rostocker Hafen": the article is the port's, the adjective the town's
        sentence = wider.sent
        found.append(Candidate(
            Mention(start=wider.start_char, end=wider.end_char, surface=wider.text,
                    sentence=sentence.text, sentence_start=sentence.start_char,
                    label=span.label_ or "GAZ"),
            determined, article_in_name=wider is not span,
        ))
    return found


#: Quotation marks that open a name, and those that may close it.
OPENING_QUOTES = {"«", "“", "„", '"', "‘", "'", "‹"}
CLOSING_QUOTES = {"»", "”", "“", '"', "’", "'", "›"}
#: How many words may stand between a word for a vehicle and the quoted name it gives ("the bulk carrier").
VEHICLE_NAME_REACH = 3


def vehicle_names(doc: Doc, language: str) -> list[tuple[int, int]]:
    """The spans of names in quotation marks right after a word for a vehicle: a ship's or a train's name,
    no place ("el buque «Cordillera Sur»", "the vessel 'Ocean Star'", "Das Schiff „Berlin Express“",
    "судно «Михаил Светлов»")."""
    transport = lexicon(language).transport_words
    out = []
    for i, tok in enumerate(doc):
        if tok.text not in OPENING_QUOTES or not any(
                w.lower_ in transport or lemma(w.text, language) in transport
                for w in doc[max(tok.sent.start, i - VEHICLE_NAME_REACH):i]):
            continue
        close = next((k for k in range(i + 1, min(i + 12, tok.sent.end)) if doc[k].text in CLOSING_QUOTES), None)
        if close is not None and close > i + 1:
            out.append((doc[i + 1].idx, doc[close - 1].idx + len(doc[close - 1])))
    return out


#: A German town's adjective ("Rostocker Hafen", "Hamburger Hafen") names a town this big, or a port.
TOWN_ADJECTIVE_MIN_POPULATION = 50_000


def inflected_matches(text: str, language: str) -> list[tuple[Place, int]]:
    """Gazetteer matches for an inflected form of a name, if any: Russian cases ("Курском" → Курск), a German
    town's adjective ("Rostocker" → Rostock, "Duisburger" → Duisburg)."""
    gaz = gazetteer()
    if language in NOUNS_CAPITALISED and text.endswith("er") and " " not in text and len(text) > 5:
        from routes.read.ports import find_port

        return [(p, k) for p, k in gaz.matches(text[:-2]) if k == PRIMARY and p.feature == "town" and (
            p.population >= TOWN_ADJECTIVE_MIN_POPULATION or find_port(p.name, p.coord, within_km=30.0))]
    if language != "ru":
        return []
    for nominative in nominatives(text):
        found = [(p, k) for p, k in gaz.matches(nominative) if k in (PRIMARY, ALTERNATE)]
        if found:
            return found
    return []


# --- words beside a name ---------------------------------------------------------------------------


def _alternatives(words: frozenset[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _beside_patterns() -> dict[str, re.Pattern[str]]:
    """Words for a port or a region right before a name (with their joining word) or right after it."""
    joins = of_every_language("port_join")
    region_joins = of_every_language("region_join")
    port_after = [w for language in LANGUAGES for w in lexicon(language).port_after]  # as written: "Port", not "Harbor"
    return {
        # "the port of Taman", "port de commerce de Brest", "Hafen von": two words may qualify the port
        "port_before": re.compile(rf"\b(?:{_alternatives(of_every_language('port_before'))})"
                                  rf"(?:(?:\s+[^\W\d_]+){{1,2}}\s+(?:{_alternatives(joins)})|\s*(?:{_alternatives(joins)}|))"
                                  rf"\s*$", re.IGNORECASE),
        "port_after": re.compile(rf"^\s*(?:{'|'.join(re.escape(w) for w in port_after)})\b"),
        "region_before": re.compile(rf"(?:\b(?:{_alternatives(of_every_language('region_before'))})\s+"
                                    rf"(?:{_alternatives(region_joins)})\s*|\b(?:{_alternatives(of_every_language('region_before_bare'))})\s+)$"),
        "region_after": re.compile(rf"^\s+(?:{_alternatives(of_every_language('region_after'))})\b"),
    }


def _word_beside(kind: str, text: str, start: int, end: int) -> bool:
    patterns = _beside_patterns()
    return bool(patterns[f"{kind}_before"].search(text[max(0, start - 45):start])
                or patterns[f"{kind}_after"].match(text[end:end + 20]))


def region_word_beside(text: str, start: int, end: int) -> bool:
    """Whether a lowercase word for a region stands right beside ``text[start:end]`` ("Washington state")."""
    return _word_beside("region", text, start, end)


def port_word_beside(text: str, start: int, end: int) -> bool:
    """Whether a word for a port stands right before or after ``text[start:end]`` ("the port of Taman")."""
    return _word_beside("port", text, start, end)


_AFTER_TOWN_AND_COMMA = re.compile(r"[^\W\d_][\w.]*\s*,\s*$")


def news_abbreviation_here(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands as a state's abbreviation does in news style: after a
    town and a comma, with its period ("Austin, Tex." and "Jackson, Miss.", not "Miss. Smith")."""
    dotted = text[start:end].endswith(".") or text[end:end + 1] == "."
    return dotted and bool(_AFTER_TOWN_AND_COMMA.search(text[max(0, start - 40):start]))


def all_capitals(text: str) -> bool:
    """Whether every letter of ``text`` is a capital ("US", "U.S.", not "Md.")."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _latin(text: str) -> bool:
    """Whether a name's letters are Latin (with accents), as GeoNames' own names are."""
    return all("LATIN" in unicodedata.name(c, "") for c in text if c.isalpha())


def region_code(reading: tuple[Place, int]) -> bool:
    """Whether a reading is a region named by its code ("BC" for British Columbia)."""
    return reading[1] == CODE and reading[0].feature == "region"


# --- the gazetteer scan ----------------------------------------------------------------------------


def _with_article(doc: Doc, span: Span) -> tuple[Span, bool]:
    """Take in a leading article that belongs to the name; else say whether one precedes it."""
    if span.start == 0:
        return span, False
    prev = doc[span.start - 1]
    if prev.lower_ not in of_every_language("articles"):
        return span, False
    wider = doc[span.start - 1:span.end]
    if gazetteer().knows(wider.text):  # "Le Havre", "La Haye"
        return doc.char_span(wider.start_char, wider.end_char, label=span.label_) or span, False
    return span, True


def _gazetteer_scan(doc: Doc, language: str) -> tuple[list[Span], set[str]]:
    """Capitalised word sequences the gazetteer knows and the cues accept, longest first.

    Also returns the surnames seen: the last word of a run of capitalised words that is
    no place ("Donald Trump", "John Kelly"), so that "Kelly" alone later is that person.
    """
    found: list[Span] = []
    surnames: set[str] = set()
    gaz = gazetteer()
    text = doc.text  # spaCy rebuilds it at every call: once per scan
    lowered = {t.text for t in doc if t.is_alpha and t.text.islower()}
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            tok = doc[i]
            if not _capitalised(tok) or tok.pos_ not in {"PROPN", ""} or len(tok) < 2:
                i += 1
                continue
            run_start, run_end = _run(doc, i, sent, language)
            best = _longest_name(doc, text, i, (run_start, run_end), language, lowered)
            if best is not None:
                kinds = {k for p, k in gaz.matches(best.text) if p.feature not in TOWN_LIKE}
                label = "DEMONYM" if kinds == {DEMONYM} else "CODE" if kinds == {CODE} else "GAZ"
                found.append(doc.char_span(best.start_char, best.end_char, label=label) or best)
                i = best.end
                continue
            if i == run_start:
                surnames |= _person_words(doc, run_start, run_end, language)
            i += 1
    return found, surnames


def _longest_name(doc: Doc, text: str, i: int, run: tuple[int, int], language: str,
                  lowered: set[str]) -> Span | None:
    """The longest name starting at token ``i`` the gazetteer knows, if the cues accept it; a region
    named with its word after it ("Саратовской области", "Ставропольского края") taken whole."""
    j = run[1]
    if j < len(doc) and doc[j].lower_ in lexicon(language).region_after and j - i <= 2:
        region = doc[i:j + 1]
        if inflected_matches(region.text, language):  # a case of a region's name, whole
            return region
    for j in range(min(run[1], i + 5), i, -1):
        span = doc[i:j]
        if not _capitalised(span[-1]):
            continue
        matches = gazetteer().matches(span.text) or inflected_matches(span.text, language)
        if matches:
            return span if _accept(doc, text, span, matches, run, language, lowered) else None
            # a longer known name that the cues reject hides its parts
    return None


def _person_words(doc: Doc, run_start: int, run_end: int, language: str) -> set[str]:
    """The words of a person's name, when the run of two or three capitalised words is one
    ("Donald Trump"): its last word, and the given names before it ("Chef Jae Jung" ... "Jae
    told"), unless a country, a region or a city bears them as its own ("Georgia Smith")."""
    gaz = gazetteer()
    run = doc[run_start:run_end]
    if (run_end - run_start not in (2, 3) or run[0].is_stop or language in NOUNS_CAPITALISED
            or not all(t.is_title and t.is_alpha for t in run)):  # not "A429 Cirencester"
        return set()
    last = doc[run_end - 1]
    if (last.lower_ in place_words(language) or gaz.knows(run.text)
            or any(p.feature not in TOWN_LIKE for p in gaz.candidates(last.text))):
        return set()
    return {last.lower_} | {t.lower_ for t in doc[run_start:run_end - 1] if not any(
        p.feature not in TOWN_LIKE or k == PRIMARY and p.population >= COMMON_WORD_MIN_POPULATION
        for p, k in gaz.matches(t.text))}


def _capitalised(tok: Token) -> bool:
    """Whether a word is capitalised as a name is: title case, all capitals, or a capital and an apostrophe
    ("Xi'an", which is no title case)."""
    if tok.is_title or tok.is_upper:
        return any(c.isalpha() for c in tok.text)
    return tok.text[:1].isupper() and "-" not in tok.text and any(c in "'’" for c in tok.text)


def _run(doc: Doc, i: int, sent: Span, language: str) -> tuple[int, int]:
    """The run of capitalised words (with connectors inside) around token ``i``."""
    start = i
    while (start > sent.start and _capitalised(doc[start - 1]) and not _starts_line(doc, start)
           and not _is_calendar_word(doc[start - 1], language)):  # "am 6. Mai Danzig": a month is no part of a name
        start -= 1
    end = i + 1
    connectors = of_every_language("connectors")
    while end < sent.end:
        if _capitalised(doc[end]) and not _is_calendar_word(doc[end], language):
            end += 1
        else:  # up to three connectors between capitalised words: "Rostov-on-Don", "Ростов-на-Дону"
            k = end
            while k < sent.end and k - end < 3 and doc[k].lower_ in connectors:
                k += 1
            if k == end or k >= sent.end or not _capitalised(doc[k]) or _is_calendar_word(doc[k], language):
                break  # not "Gdynia on Feb. 8", "Hamburg am Montag"
            end = k + 1
    return start, end


# --- the cues --------------------------------------------------------------------------------------


def _accept(doc: Doc, text: str, span: Span, matches: list[tuple[Place, int]], run: tuple[int, int],
            language: str, lowered: set[str]) -> bool:
    """Whether a capitalised sequence the gazetteer knows names a place here: the readings its
    words allow (:func:`_readings_here`), then the cues of common words and of longer names."""
    port = port_word_beside(text, span.start_char, span.end_char)
    readings = _readings_here(text, span, matches, port=port)
    if readings:
        readings = _not_common_words(span, readings, matches, language, lowered)
    if not readings:
        return False
    strong = port or any(p.feature not in TOWN_LIKE for p in readings)  # a district is weighed as a town is
    if not strong and not _stands_out(doc, span, readings, lowered):
        return False
    return _not_inside_another_name(doc, span, readings, matches, run, language, strong)


def _readings_here(text: str, span: Span, matches: list[tuple[Place, int]], *, port: bool) -> list[Place]:
    """The places the name may mean, by how the gazetteer knows the name and what stands beside it
    (``port``: a word for a port)."""
    name = span.text
    letters = [c for c in name if c.isalpha()]
    all_caps = all(c.isupper() for c in letters)
    news_style = news_abbreviation_here(text, span.start_char, span.end_char)  # "Santa Fe, N.M."
    readings = []
    for place, kind in matches:
        if kind == PORT:
            ok = port  # "Vostochny port", "the port of Vostochny"
        elif kind == NEWS_ABBREVIATION:
            ok = news_style
        elif kind in (ABBREVIATION, CODE):
            ok = all_caps or region_code((place, kind)) and news_style  # "UK", "BC"; "Severn, Md."
        elif kind == DEMONYM:
            ok = name[0].isupper() and (not all_caps or len(letters) > 3)
        elif place.feature not in TOWN_LIKE:
            ok = True
        else:  # a district by its own name only ("Orange County", not "Orange"); a small town by another name
            # where it is a port named as one, or where the name is in another script than GeoNames' Latin
            # ("Усть-Луга", whose Latin alternates are "The" or "Kelly" elsewhere)
            ok = kind == PRIMARY or place.feature == "town" and (
                place.population >= ALTERNATE_NAME_MIN_POPULATION or port or not _latin(name))
        if ok:
            readings.append(place)
    return readings


def _not_common_words(span: Span, readings: list[Place], matches: list[tuple[Place, int]], language: str,
                      lowered: set[str]) -> list[Place]:
    """The readings left once a single word that is a month, a means of transport, a stop word,
    a direction or a kind of feature has had its say."""
    if len(span) != 1:
        return readings
    word = span[0]
    if word.lower_.rstrip(".") in _calendar_words(language):  # "March", "Jan."
        return []
    following = _word_after(span)
    if (language in NOUNS_CAPITALISED and following is not None and following.lower_ in cldr.months(language)
            and not all_capitals(span.text)):
        return []  # "Mitte Juni", "Anfang Mai": a German noun before a month is a part of it, no district of Berlin
    transport = lexicon(language).transport_words
    if word.lower_ in transport or lemma(word.text, language) in transport:
        return []  # "Zug" (a train in German), "Sea": the words that tell the journey
    if word.is_stop and not all_capitals(span.text):
        return []  # "The", "We", "No", "La": alternate names of somewhere
    if word.lower_ in of_every_language("directions") | place_words(language) or word.lower_ in lowered:
        readings = [p for p in readings if p.feature != "region"]  # regions called "Central", "West"
        # and towns that are "North" or "Sea" only by another of their names (North Salt Lake, Seattle)
        readings = [p for p in readings if (p, ALTERNATE) not in matches or (p, PRIMARY) in matches]
    return readings


def _stands_out(doc: Doc, span: Span, readings: list[Place], lowered: set[str]) -> bool:
    """Whether a name that may only be a town stands out from ordinary capitalised words: not an
    acronym (unless a dateline: "ROME —"), not a common word, not a sentence's first word."""
    letters = [c for c in span.text if c.isalpha()]
    all_caps = all(c.isupper() for c in letters)
    word = span[0]
    single = len(span) == 1
    biggest = max((p.population for p in readings if p.feature in TOWN_LIKE), default=0)
    line_start = span.start == 0 or _starts_line(doc, span.start)
    if all_caps and len(letters) <= 5 and not line_start:
        return False  # "NATO", "CNN"
    if single and (word.is_stop or word.lower_ in lowered) and biggest < COMMON_WORD_MIN_POPULATION:
        return False
    first_of_sentence = span.start == span.sent.start or _starts_line(doc, span.start)
    return not (first_of_sentence and (word.is_stop or biggest < COMMON_WORD_MIN_POPULATION) and not all_caps)


def _not_inside_another_name(doc: Doc, span: Span, readings: list[Place], matches: list[tuple[Place, int]],
                             run: tuple[int, int], language: str, strong: bool) -> bool:
    """Whether the name is not part of a longer capitalised name: inside one, a big town counts
    by its own name only ("Sam Smith" is no Damascus, "Moon Jae-in" no Jaén, "Apple Inc." no
    Yinchuan); a title before it makes it a person ("President Kelly")."""
    run_start, run_end = run
    biggest_own = max((p.population for p in readings if p.feature in TOWN_LIKE and (p, PRIMARY) in matches),
                      default=0)
    if span.start > run_start:  # capitalised words before: "President Kelly", "Southern California"
        before = doc[span.start - 1].lower_.rstrip(".")
        if before in of_every_language("honorifics"):
            return False
        prev = doc[span.start - 1]
        # the word before belongs to the name, unless it is a sentence's first word ("In Klamath
        # Falls", "A Nenagh councillor") or a German noun ("in Richtung Danzig")
        part_of_name = not (prev.is_stop and span.start - 1 == run_start) and not (
            language in NOUNS_CAPITALISED and not gazetteer().knows(prev.text))
        if (not strong and part_of_name and before not in of_every_language("directions")
                and biggest_own < EMBEDDED_MIN_POPULATION):
            return False  # "Kelly" in "John Kelly"
    if span.end < run_end:  # capitalised words after: "Hudson River", "Donald Trump", "Boston Globe"
        after = doc[span.end].lower_
        if after in place_words(language) and not strong:
            return False  # another feature named after the town
        if not strong and biggest_own < EMBEDDED_MIN_POPULATION and language not in NOUNS_CAPITALISED:
            return False  # (in German every noun is capitalised: "Rostocker Überseehafen")
    return True


@functools.cache
def place_words(language: str) -> frozenset[str]:
    """Kinds of feature named after a place ("River", "County"), in English and the article's language."""
    return frozenset(lexicon("en").place_words) | frozenset(lexicon(language).place_words)


@functools.cache
def _calendar_words(language: str) -> frozenset[str]:
    """Month and weekday names in ``language`` and English, lowercased, from CLDR."""
    return frozenset(w for lang in {language, "en"} for w in (*cldr.months(lang), *cldr.weekdays(lang)))


@functools.cache
def language_names(language: str) -> frozenset[str]:
    """Names of languages in ``language`` and English, as name keys ("english", "francais"), from CLDR."""
    return frozenset(name_key(n) for n in cldr.language_names(language))


def _is_calendar_word(tok: Token, language: str) -> bool:
    return tok.lower_.rstrip(".") in _calendar_words(language)


def _word_after(span: Span) -> Token | None:
    """The word after a span, if any."""
    return span.doc[span.end] if span.end < len(span.doc) else None


def _starts_line(doc: Doc, i: int) -> bool:
    prev = doc[i - 1]
    return prev.is_space and "\n" in prev.text or "\n" in prev.whitespace_


class Ranges:
    """Ranges of characters, ``(start, end)``, asked whether a span overlaps one of them: by bisection on
    their starts and the greatest end so far, not by a look at each range (the article's every entity for
    each name the gazetteer finds made recognition quadratic).

    Examples
    --------
    >>> taken = Ranges([(10, 20), (0, 5)])
    >>> taken.overlap_range(4, 6), taken.overlap_range(5, 10), taken.overlap_range(19, 30)
    (True, False, True)
    """

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))  # the greatest end so far

    def overlap_range(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps one of the ranges."""
        k = bisect.bisect_left(self._starts, end)  # the ranges that start before it ends
        return k > 0 and self._reach[k - 1] > start

    def overlap(self, span: Span) -> bool:
        """Whether a spaCy span overlaps one of the ranges."""
        return self.overlap_range(span.start_char, span.end_char)
