"""What the text reader knows of each language it reads, in one place.

One module per language (:mod:`~routes.read.lang.en`, ``fr``, ``es``, ``de``, ``ru``) holds
the words: transport nouns and verbs, verbs of leaving, loading, arriving, unloading and
carrying (as lemmas), words of origin, destination, location, nearness and passage,
border words, words that qualify a figure ("about", "less than"), and the words a place
name is found beside. Months, weekdays, units and language names come from CLDR
(:mod:`~routes.read.lang.cldr`); lemmas from simplemma (French, English, Spanish, German)
and pymorphy3's dictionaries (Russian), which also gives a Russian word's case.

Every reader module asks :func:`lexicon`, :func:`lemma` and :func:`case_of`, never keeps
a word list of its own.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from typing import Any

from routes.read.lang import cldr, shared

#: The languages the reader reads, the first the default.
LANGUAGES = ("fr", "en", "es", "de", "ru")

#: What every language module must define (a test checks it).
ENTRIES = ("MODE_WORDS", "MODE_VERBS", "LEAVE", "LOAD", "ARRIVE", "UNLOAD", "CARRY", "PRODUCE", "ORIGIN", "DESTINATION",
           "AT", "NEAR", "VIA", "FROM_THERE", "BORDER", "UNITS", "THOUSAND", "NUMBER_WORDS", "ABOUT", "LESS_THAN",
           "MORE_THAN", "RANGE_OPEN", "RANGE_JOIN", "ORDINAL", "DATE_BEFORE", "ARTICLES", "HONORIFICS", "DIRECTIONS",
           "PLACE_WORDS", "CONNECTORS", "REGION_BEFORE", "REGION_JOIN", "REGION_AFTER", "PORT_BEFORE", "PORT_JOIN",
           "PORT_AFTER", "GENITIVE", "SEPARABLE", "ADJECTIVE_ENDINGS", "WATERWAYS", "CONJUNCTIONS", "JOURNEY",
           "COMPASS", "WITH")

#: Modes a transport word may give.
TRANSPORT_MODES = ("sea", "rail", "road", "air")


def _words(values: Any) -> tuple[str, ...]:
    """Lowercase words, each with its curly-apostrophe twin ("l'" and "l’")."""
    out: list[str] = []
    for v in values:
        w = str(v).lower()
        out.append(w)
        if "'" in w:
            out.append(w.replace("'", "’"))
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The words of one language, lowercased (see the language modules for what each is)."""

    code: str
    mode_words: dict[str, tuple[str, ...]]
    mode_verbs: dict[str, tuple[str, ...]]
    leave: frozenset[str]
    load: frozenset[str]
    arrive: frozenset[str]
    unload: frozenset[str]
    carry: frozenset[str]
    produce: frozenset[str]
    origin: tuple[str, ...]
    destination: tuple[str, ...]
    at: tuple[str, ...]
    near: tuple[str, ...]
    via: tuple[str, ...]
    from_there: tuple[str, ...]
    border: frozenset[str]
    about: tuple[str, ...]
    less_than: tuple[str, ...]
    more_than: tuple[str, ...]
    range_open: tuple[str, ...]
    range_join: tuple[str, ...]
    ordinal: tuple[str, ...]
    date_before: tuple[str, ...]
    articles: tuple[str, ...]
    honorifics: tuple[str, ...]
    directions: tuple[str, ...]
    place_words: tuple[str, ...]
    connectors: tuple[str, ...]
    region_before: tuple[str, ...]
    region_join: tuple[str, ...]
    region_after: tuple[str, ...]
    port_before: tuple[str, ...]
    port_join: tuple[str, ...]
    port_after: tuple[str, ...]  # as written after a name: case matters ("Port", not "Harbor")
    months: dict[str, int]
    units: dict[str, str]  # word after a number → km, mi, nmi, m (CLDR's, and the module's UNITS)
    measures: dict[str, str]  # word after a number of years, days, percent… (CLDR's)
    thousand: tuple[str, ...]
    genitive: tuple[str, ...]  # words of origin that also join a noun to its name ("le port de Rouen")
    separable: tuple[str, ...]  # particles a verb leaves at the end of its clause (German "ab", "ein")
    adjective_endings: tuple[str, ...]  # endings of a country's adjective
    waterways: frozenset[str]  # words for a strait or a canal
    number_words: dict[str, int]  # "vingtaine": 20
    conjunctions: tuple[str, ...]
    journey: frozenset[str]  # nouns for a journey: "voyage", "trajet", "Strecke", «маршрут»
    compass: frozenset[str]  # points of the compass: "north", "suroeste", «юго-запад»
    with_: frozenset[str]  # words before the goods a vehicle carries: "with", "mit", «с»

    @functools.cached_property
    def transport_words(self) -> frozenset[str]:
        """The single words that give a mode (nouns and verbs), lowercased."""
        return frozenset(w for table in (self.mode_words, self.mode_verbs) for words in table.values()
                         for w in words if " " not in w and "-" not in w)


def language_module(language: str) -> Any:
    """The module of a language of :data:`LANGUAGES` (English for any other)."""
    return importlib.import_module(f"routes.read.lang.{language if language in LANGUAGES else 'en'}")


@functools.cache
def lexicon(language: str) -> Lexicon:
    """The words of ``language`` (English's for a language the reader does not read).

    Examples
    --------
    >>> lexicon("ru").months["мая"], lexicon("de").units["km"]
    (5, 'km')
    """
    m = language_module(language)
    code = language if language in LANGUAGES else "en"
    units = {**cldr.unit_words(code), **{w.lower(): u for w, u in m.UNITS.items()}}
    return Lexicon(
        code=code,
        mode_words={mode: _words(m.MODE_WORDS[mode]) for mode in TRANSPORT_MODES},
        mode_verbs={mode: _words(m.MODE_VERBS[mode]) for mode in TRANSPORT_MODES},
        leave=frozenset(_words(m.LEAVE)), load=frozenset(_words(m.LOAD)), arrive=frozenset(_words(m.ARRIVE)),
        unload=frozenset(_words(m.UNLOAD)), carry=frozenset(_words(m.CARRY)),
        produce=frozenset(_words(m.PRODUCE)),
        origin=_words(m.ORIGIN), destination=_words(m.DESTINATION), at=_words(m.AT), near=_words(m.NEAR),
        via=_words(m.VIA), from_there=_words(m.FROM_THERE), border=frozenset(_words(m.BORDER)),
        about=_words(m.ABOUT), less_than=_words(m.LESS_THAN), more_than=_words(m.MORE_THAN),
        range_open=_words(m.RANGE_OPEN), range_join=_words(m.RANGE_JOIN), ordinal=_words(m.ORDINAL),
        date_before=_words(m.DATE_BEFORE), articles=_words(m.ARTICLES), honorifics=_words(m.HONORIFICS),
        directions=_words(m.DIRECTIONS), place_words=_words(m.PLACE_WORDS), connectors=_words(m.CONNECTORS),
        region_before=_words(m.REGION_BEFORE), region_join=_words(m.REGION_JOIN),
        region_after=_words(m.REGION_AFTER), port_before=_words(m.PORT_BEFORE), port_join=_words(m.PORT_JOIN),
        port_after=tuple(m.PORT_AFTER), months=cldr.months(code), units=units, measures=cldr.measure_words(code),
        thousand=_words(m.THOUSAND), genitive=_words(m.GENITIVE), separable=_words(m.SEPARABLE),
        adjective_endings=_words(m.ADJECTIVE_ENDINGS), waterways=frozenset(_words(m.WATERWAYS)),
        number_words={w.lower(): int(n) for w, n in m.NUMBER_WORDS.items()}, conjunctions=_words(m.CONJUNCTIONS),
        journey=frozenset(_words(m.JOURNEY)), compass=frozenset(_words(m.COMPASS)),
        with_=frozenset(_words(m.WITH)),
    )


@functools.cache
def of_every_language(entry: str) -> frozenset[str]:
    """An entry's words in every language read, and the name words of others (:mod:`shared`).

    Place names keep the words of their own language whatever the article's: "Le Havre" and
    "Los Angeles" in an English text, "Rostov-on-Don" in a French one.
    """
    words = {w for language in LANGUAGES for w in getattr(lexicon(language), entry, ())}
    return frozenset(words | set(_words(getattr(shared, entry.upper(), ()))))


@functools.cache
def lemma(word: str, language: str) -> str:
    """The dictionary form of a word, lowercased: simplemma's, or pymorphy3's for Russian.

    Examples
    --------
    >>> lemma("zarpó", "es"), lemma("прибыл", "ru"), lemma("docked", "en")
    ('zarpar', 'прибыть', 'dock')
    """
    lowered = word.lower()
    if not any(c.isalpha() for c in lowered):
        return lowered
    if language == "ru":
        parses = _morph().parse(lowered)
        return str(parses[0].normal_form) if parses else lowered
    if language not in LANGUAGES:
        return lowered
    import simplemma

    return str(simplemma.lemmatize(lowered, lang=language)).lower()


@functools.cache
def lemmas(word: str, language: str) -> frozenset[str]:
    """Every dictionary form a word may have: :func:`lemma`'s, and for Russian each of pymorphy3's readings
    that weighs at least a quarter ("судном" is судно as much as the adjective судный).

    Examples
    --------
    >>> sorted(lemmas("судном", "ru"))
    ['судно', 'судный']
    """
    forms = {lemma(word, language)}
    if language == "ru" and any(c.isalpha() for c in word):
        weights: dict[str, float] = {}
        for p in _morph().parse(word.lower()):
            weights[str(p.normal_form)] = weights.get(str(p.normal_form), 0.0) + float(p.score)
        forms |= {form for form, weight in weights.items() if weight >= 0.25}
    return frozenset(forms)


#: pymorphy3's names of the Russian cases.
RU_CASES = {"nomn": "nominative", "gent": "genitive", "datv": "dative", "accs": "accusative",
            "ablt": "instrumental", "loct": "locative", "gen2": "genitive", "acc2": "accusative",
            "loc2": "locative", "voct": "nominative"}


@functools.cache
def case_of(word: str, *, place: bool = False) -> str | None:
    """The grammatical case of a Russian word ("Находку" accusative), preferring a place-name reading.

    Examples
    --------
    >>> case_of("Находку", place=True), case_of("Находке", place=True)
    ('accusative', 'locative')
    """
    parses = _morph().parse(word)
    if place:
        parses = [p for p in parses if "Geox" in p.tag] or [p for p in parses if "NOUN" in p.tag] or parses
    for p in parses:
        if p.tag.case:
            return RU_CASES.get(str(p.tag.case))
    return None


@functools.cache
def nominatives(text: str) -> tuple[str, ...]:
    """The nominative of an inflected Russian place name, in order of likelihood ("Курском" → "Курск").

    A name of several words is put in the nominative word by word, adjectives agreeing
    with the noun: "Белгородской области" → "Белгородская область".

    Examples
    --------
    >>> nominatives("Курском")[0], nominatives("Белгородской области")[0]
    ('Курск', 'Белгородская область')
    """
    words = text.split()
    if not words or len(words) > 4:
        return ()
    options: list[list[str]] = []
    for i, w in enumerate(words):
        forms: list[str] = []
        for p in _morph().parse(w):
            if i == 0 and len(words) > 1 and "ADJF" in p.tag:
                noun = _morph().parse(words[-1])[0]
                gender = noun.tag.gender if noun.tag.gender else None
                inflected = p.inflect({"nomn", gender} if gender else {"nomn"})
                form = inflected.word if inflected else p.normal_form
            elif "Geox" in p.tag or "NOUN" in p.tag:
                form = p.normal_form
            else:
                continue
            forms.append(form)
        if not forms:
            forms = [w.lower()]
        options.append(list(dict.fromkeys(forms)))
    first = " ".join(_capitalise_like(o[0], w) for o, w in zip(options, words, strict=True))
    rest = [" ".join(_capitalise_like(o[k] if k < len(o) else o[0], w) for o, w in zip(options, words, strict=True))
            for k in range(1, max(len(o) for o in options))]
    return tuple(dict.fromkeys([first, *rest]))


def _capitalise_like(form: str, original: str) -> str:
    return form[:1].upper() + form[1:] if original[:1].isupper() else form


@functools.cache
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()
