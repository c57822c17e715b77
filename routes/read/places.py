"""Finding the places an article names, and choosing which place each name means.

Recognition combines spaCy's entities (``LOC``/``GPE``) with a gazetteer scan of proper
nouns the model missed. Two general cues keep institutions and people off the map:

- a name preceded by an article ("la Maison Blanche", "du Kremlin", "aux Nations Unies",
  "the White House") is not a town: towns take no article, countries do. A town whose
  name holds its article ("Le Havre", "La Haye") is matched with it;
- a word that is part of a person's name elsewhere in the text ("Kirby") is that person.

Resolution scores each candidate by population, by the countries the article names (most
of all the one in apposition, "Dunay, en Russie"), and by distance to the article's other
places, and keeps the rejected candidates as alternatives.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from routes.read.gazetteer import gazetteer
from routes.read.names import ABBREVIATION, ALTERNATE, CODE, DEMONYM, NEWS_ABBREVIATION, PORT, PRIMARY, name_key
from routes.geodesy import distance_km
from routes.read.geocoders import Geocoder, get_geocoder
from routes.model import AREA_FEATURES, Article, Mention, Place, PlaceMention
from routes.read.nlp import parse

#: spaCy labels that name places (French model: LOC; English models: GPE, LOC, FAC).
_PLACE_LABELS = {"LOC", "GPE"}
#: Labels whose spans are never places.
_BLOCK_LABELS = {"PER", "PERSON", "ORG", "MISC", "NORP"}
#: Articles and contractions that come before a name.
_ARTICLES = {"le", "la", "les", "l'", "l’", "du", "des", "au", "aux", "the",
             "el", "los", "las", "del", "al",  # Spanish
             "der", "die", "das", "dem", "den", "des", "im", "am", "zum", "zur", "vom"}  # German
#: Prepositions of apposition: "Najin, en Corée du Nord", "Dunay, in Russia".
_APPOSITION = re.compile(r"^\s*,\s*(?:en|au|aux|dans|in)?\s*(?:la |le |les |l'|l’|the )?$", re.IGNORECASE)
#: A town named with its article ("Le Havre") must be this big, or in a country the article names.
ARTICLE_NAME_MIN_POPULATION = 100_000
#: A town is recognised by an alternate name (an exonym, a former name) only if this big:
#: GeoNames gives hamlets alternate names such as "The" or "Kelly".
ALTERNATE_NAME_MIN_POPULATION = 15_000
#: A city this big is known by its other names even where a place bears the name as its own:
#: "New York" (New York City, not the state), "St. Petersburg" (not Florida's).
KNOWN_BY_MANY_NAMES_POPULATION = 1_000_000
#: A town whose name is a common word ("March", "Police", "Orange") must be this big.
COMMON_WORD_MIN_POPULATION = 100_000
#: A town's name inside a longer capitalised name ("Boston Globe") counts only if this big.
EMBEDDED_MIN_POPULATION = 500_000
#: A town at least this big is what its name means before the region around it of the same name.
NAMESAKE_CITY_MIN_POPULATION = 50_000
#: A district (county, département) with a town of its name this near is named after that
#: town, which its name then means: "Pune" the city, not Pune district.
NAMESAKE_DISTRICT_KM = 100.0
#: Places that are parts of a country: the context weighs them, and a place near them.
_LOCAL_FEATURES = {"town", *AREA_FEATURES}
#: Places the recogniser weighs as towns, by population and the cues of common words.
_TOWN_LIKE = {"town", "district"}
#: A small town found by the gazetteer alone needs support from the article's context.
SMALL_TOWN_POPULATION = 5_000
#: Languages that capitalise every noun: a capitalised word before a name is no sign of a longer name.
_NOUNS_CAPITALISED = {"de"}
#: Titles before a person's name (lowercased, without the dot), in the supported languages.
_HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "lord", "lady", "dame", "president", "minister",
    "secretary", "senator", "sen", "rep", "gov", "governor", "mayor", "judge", "justice", "king",
    "queen", "prince", "princess", "pope", "general", "gen", "col", "lt", "capt", "sgt", "officer",
    "chancellor", "premier", "ambassador", "commissioner", "chief", "director", "saint",
    "m", "mme", "mlle", "monsieur", "madame", "président", "ministre", "général",
    "sr", "sra", "señor", "señora", "don", "doña", "presidente", "herr", "frau", "präsident", "kanzler",
    "г", "господин", "президент", "министр",
}
#: Words that may come before a place's name inside its capitalised run.
_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "middle",
               "upper", "lower", "greater", "northeast", "northwest", "southeast", "southwest", "downtown",
               "nord", "sud", "est", "ouest", "norte", "sur", "nord", "süd", "ost"}
#: Kinds of feature named after a place ("Hudson River", "Orange County", "Moscow Oblast").
_PLACE_WORDS = {"county", "city", "state", "province", "island", "islands", "river", "lake", "bay", "sea",
                "gulf", "strait", "mountains", "mountain", "mount", "valley", "region", "oblast", "krai",
                "district", "port", "harbour", "harbor", "peninsula", "coast", "ocean", "desert", "canal",
                "airport", "street", "avenue", "road", "park", "square", "bridge", "station", "township",
                "parish", "borough", "village", "town", "falls", "beach", "hills", "forest", "centre", "center"}
_CONNECTORS = {"du", "de", "des", "la", "le", "of", "the", "-", "sur", "on", "upon", "am", "an", "der", "del", "di",
               "на"}  # "Ростов-на-Дону"


@dataclass(frozen=True)
class _Candidate:
    mention: Mention
    determined: bool  # preceded by an article: "la Maison Blanche"
    article_in_name: bool = False  # the name starts with its article: "Le Havre"


def find_places(article: Article, *, geocoder: Geocoder | None = None) -> tuple[PlaceMention, ...]:
    """Recognise and resolve every place the article names, in text order."""
    found = _recognise(article)
    return resolve(found, article, geocoder=geocoder or get_geocoder("offline"))


def find_mentions(article: Article) -> list[Mention]:
    """The spans of the article that may name places, in text order."""
    return [c.mention for c in _recognise(article)]


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
        candidates.append(_Candidate(Mention(start, end, article.text[start:end], sentence.text,
                                             sentence.start_char, label="GIVEN"), determined=False))
    found = resolve(candidates, article, geocoder=geocoder or get_geocoder("offline"))
    by_span = {(pm.mention.start, pm.mention.end): pm for pm in found}
    return tuple(by_span.get(span) for span in spans)


_PORT_BEFORE = re.compile(r"(?:\bport|\bharbou?r|\bterminal|\bpuerto|\bhafen|\bпорт[ау]?)\s*(?:of|de|du|d['’]|del|von|)\s*$",
                          re.IGNORECASE)
_PORT_AFTER = re.compile(r"^\s*(?:[Pp]ort|harbou?r|[Tt]erminal|[Hh]afen)\b")  # "Pearl Harbor" is a name


#: A word for a region right before ("kraï de Krasnodar", "province of Ontario") or right
#: after ("Washington state", "Moscow region") a name, in the languages read; lowercase, as
#: such a word is when it is not part of the name itself.
_REGION_BEFORE = re.compile(r"(?:\b(?:kraï|krai|oblast|région|province|département|état|comté|estado|provincia|región"
                            r"|departamento|condado|provinz|bundesland|region|state|county|district)\s+(?:de|du|des|d['’]|del"
                            r"|of|von|der)\s*|\b(?:área|region|regione)\s+)$")
_REGION_AFTER = re.compile(r"^\s+(?:state|province|region|oblast|krai|county|district|prefecture|kraï"
                           r"|област[ьи]|кра[йея]|район[ае]?)\b")


def _word_beside(before: re.Pattern, after: re.Pattern, text: str, start: int, end: int) -> bool:
    """Whether ``before`` ends the text right before ``text[start:end]`` or ``after`` starts the text right after."""
    return bool(before.search(text[max(0, start - 30):start]) or after.match(text[end:end + 20]))


def _region_word_beside(text: str, start: int, end: int) -> bool:
    """Whether a lowercase word for a region stands right beside ``text[start:end]``."""
    return _word_beside(_REGION_BEFORE, _REGION_AFTER, text, start, end)


def _port_word_beside(text: str, start: int, end: int) -> bool:
    """Whether a word for a port stands right before or after ``text[start:end]``."""
    return _word_beside(_PORT_BEFORE, _PORT_AFTER, text, start, end)


_NUMBER_AFTER = re.compile(r"[ \-]?\d")
_AFTER_TOWN_AND_COMMA = re.compile(r"[^\W\d_][\w.]*\s*,\s*$")


def _news_abbreviation_here(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands as a state's abbreviation does in news style: after a
    town and a comma, with its period ("Austin, Tex." and "Jackson, Miss.", not "Miss. Smith")."""
    dotted = text[start:end].endswith(".") or text[end:end + 1] == "."
    return dotted and bool(_AFTER_TOWN_AND_COMMA.search(text[max(0, start - 40):start]))


def _all_capitals(text: str) -> bool:
    """Whether every letter of ``text`` is a capital ("US", "U.S.", not "Md.")."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _narrowed(cand: _Candidate, places: list[tuple[Place, int]],
              named_countries: set[str | None], article: Article) -> list[tuple[Place, int]]:
    """The places a mention may name, before any scoring: readings the words rule out are dropped."""
    surface, text = cand.mention.surface, article.text
    news_style = _news_abbreviation_here(text, cand.mention.start, cand.mention.end)
    if not news_style:
        places = [(p, k) for p, k in places if k != NEWS_ABBREVIATION]
    if _NUMBER_AFTER.match(text, cand.mention.end):  # "HB 200", "FL-25": a bill, a district, a road
        places = [pk for pk in places if not _region_code(pk)]
    if set(name_key(surface).split()) <= _DIRECTIONS | _PLACE_WORDS:
        # "West", "Gulf", "West Coast": a region so named only where the article names its
        # country; "Middle East", "Western": a town so named only by its own name, and if big
        # or followed by its state or country ("West, Texas")
        apposed = bool(re.match(r"\s*,\s*[A-Z]", text[cand.mention.end:]))
        places = [(p, k) for p, k in places
                  if p.feature in AREA_FEATURES and p.country_code in named_countries
                  or p.feature == "town" and k == PRIMARY and (apposed or p.population >= COMMON_WORD_MIN_POPULATION)
                  or p.feature not in _LOCAL_FEATURES]
    if name_key(surface) in _language_names(article.language):
        places = [(p, k) for p, k in places if p.feature not in _TOWN_LIKE]  # "English": not English, Indiana
    # "Hamburg", "Tartus", "Istanbul": the city before the region around it that bears its
    # name; "Pune": the town before the district named after it
    towns = [p for p, _ in places if p.feature == "town"]
    cities = [p for p in towns if p.population >= NAMESAKE_CITY_MIN_POPULATION]
    places = [(p, k) for p, k in places if not (
        p.feature == "region" and _namesake(p, cities, 200.0)
        or p.feature == "district" and _namesake(p, towns, NAMESAKE_DISTRICT_KM, same_name=False))]
    if any(k == PRIMARY for _, k in places):  # "Orange", "Johnson": not Orange or Johnson County
        places = [(p, k) for p, k in places if not (p.feature == "district" and k == ALTERNATE)]
    if _region_word_beside(text, cand.mention.start, cand.mention.end):  # "Washington state", "kraï de Krasnodar"
        places = [(p, k) for p, k in places if p.feature in AREA_FEATURES] or places
    # "England", "Tunis": the region or town of that very name, not its country by another name
    own = {p.country_code for p, k in places if k == PRIMARY and p.feature in _LOCAL_FEATURES}
    places = [(p, k) for p, k in places if not (p.feature == "country" and k == ALTERNATE and p.country_code in own)]
    if not _all_capitals(surface):  # "Md." or "Ga." is not the ISO code "MD" or "GA", but
        # a state's code written as news style writes it, after a town and a comma ("Severn, Md.")
        if cand.mention.label == "CODE" and not news_style:  # found as a code only: nothing else to read it as
            return []
        places = [(p, k) for p, k in places if k not in (ABBREVIATION, CODE) or news_style and _region_code((p, k))]
    return places


def _within(place: Place, area: Place) -> bool:
    """Whether ``place`` may lie in ``area``: its country, or a town near a region of its country."""
    return place.country_code == area.country_code and (
        area.feature == "country" or place.feature == "town" and _km(place, area) < 600)


def _region_code(reading: tuple[Place, int]) -> bool:
    """Whether a reading is a region named by its code ("BC" for British Columbia)."""
    return reading[1] == CODE and reading[0].feature == "region"


def _namesake(area: Place, towns: list[Place], km: float, *, same_name: bool = True) -> bool:
    """Whether one of ``towns`` (the mention's readings) lies within ``km`` of ``area`` (a region,
    a district) in its country, with the area's own name if ``same_name``: a district is named
    after a town the mention may mean by any of its names (Najin district and Rajin, "Najin")."""
    return any(t.country_code == area.country_code and _km(t, area) < km
               and (not same_name or name_key(t.name) == name_key(area.name)) for t in towns)


def resolve(candidates: list[_Candidate], article: Article, *, geocoder: Geocoder) -> tuple[PlaceMention, ...]:
    """Choose a place for each recognised span, using the article's context."""
    options: dict[str, list[tuple[Place, int]]] = {}
    for cand in candidates:
        key = name_key(cand.mention.surface)
        if key not in options:
            options[key] = geocoder.matches(cand.mention.surface) or _inflected(cand.mention.surface, article.language)
    countries = {ps[0][0].country_code for ps in options.values()
                 if ps and ps[0][0].feature in {"country", "region"} and not _region_code(ps[0])}
    named_countries = {ps[0][0].country_code for ps in options.values() if ps and ps[0][0].feature == "country"}
    kept: list[tuple[_Candidate, list[tuple[Place, int]]]] = []
    for cand in candidates:
        places = _narrowed(cand, options[name_key(cand.mention.surface)], named_countries, article)
        if cand.determined:  # "la Maison Blanche", "du Kremlin": not a town
            places = [(p, k) for p, k in places if p.feature != "town"]
        elif cand.article_in_name:  # "Le Havre" yes, "La Maison Blanche" (an Algerian suburb's old name) no
            places = [(p, k) for p, k in places if p.feature != "town" or p.country_code in countries
                      or p.population >= ARTICLE_NAME_MIN_POPULATION]
        if places:
            kept.append((cand, places))

    # A first reading, for context: a region's code ("BC", "N.M.") says nothing of its own country
    context = [(c, [pk for pk in ps if not _region_code(pk)]) for c, ps in kept]
    first = [(c, _choose(c, ps, article, kept, countries, anchors=[])) for c, ps in context if ps]
    placed = {p.country_code for c, p in first if c.mention.label != "CODE"}
    anchors = [p for _, p in first if p.feature in _LOCAL_FEATURES]
    result = []
    for cand, places in kept:
        # "BC", "N.M.": a region's code counts when the article names a place in its country,
        # or right after a town that may lie in it ("Vancouver, BC")
        places = [pk for pk in places if not _region_code(pk) or pk[0].country_code in placed
                  or _contains_previous(cand.mention, pk[0], kept, article.text)]
        if not places:
            continue
        others = [a for a in anchors if name_key(a.name) != name_key(cand.mention.surface)]
        place = _choose(cand, places, article, kept, countries, anchors=others)
        if (cand.mention.label == "GAZ" and not _supported(place, countries, others)
                and not _port_word_beside(article.text, cand.mention.start, cand.mention.end)):
            continue  # a hamlet's name found by the gazetteer alone, with nothing near it in the article
        if cand.mention.label == "CODE" and place.feature != "region" and place.country_code not in placed:
            continue  # "BA", "TV", "US": a country's ISO code counts where the article places something in it
        result.append(PlaceMention(cand.mention, place, role="country" if place.feature == "country" else "mentioned"))
    # One sense per article: a name repeated means the place its clearest mention chose
    # ("Atlanta, Georgia" ... "Georgia's governor"), except where an apposition says which
    # itself ("Paris, Texas, not Paris, France"; "Tacoma, Washington" amid the capital's news).
    def qualified(pm: PlaceMention) -> bool:
        return (_apposed(pm.mention, kept, article.text) is not None
                or pm.place.feature == "region" and _contains_previous(pm.mention, pm.place, kept, article.text))

    surest: dict[str, Place] = {}
    for pm in result:
        key = name_key(pm.mention.surface)
        if key not in surest or pm.place.confidence > surest[key].confidence:
            surest[key] = pm.place
    out = []
    for pm in result:
        if not qualified(pm):
            place = surest[name_key(pm.mention.surface)]
            pm = replace(pm, place=place, role="country" if place.feature == "country" else "mentioned")
        out.append(pm)
    return tuple(out)


def _supported(place: Place, countries: set[str | None], anchors: list[Place]) -> bool:
    """A small town or a district needs its country named, or another of the article's places near it."""
    if place.feature not in _TOWN_LIKE or place.feature == "town" and place.population >= SMALL_TOWN_POPULATION:
        return True
    if place.country_code in countries:
        return True
    return any(_km(place, a) < 300 for a in anchors)


def _km(a: Place, b: Place) -> float:
    return distance_km(a.coord, b.coord)


def _choose(cand: _Candidate, places: list[tuple[Place, int]], article: Article,
            kept: list[tuple[_Candidate, list[tuple[Place, int]]]], countries: set[str | None],
            anchors: list[Place]) -> Place:
    if len(places) == 1:
        return replace(places[0][0], confidence=1.0)
    apposed = _apposed(cand.mention, kept, article.text)
    capitals = gazetteer().capitals
    own_name = any(k == PRIMARY for _, k in places)  # some place bears the name as its own
    scored = []
    for p, kind in places[:200]:
        score = math.log10(p.population + 10)
        if p.feature in {"country", "continent"}:
            score += 4  # "Chad", "Georgia": the country unless the context says otherwise
        elif p.feature in AREA_FEATURES:
            score += 0  # by its share of the country: "Texas" the state, "New York" the city
            if kind == ALTERNATE:
                score -= 2  # "Krasnodar" is the city before the krai; "Orange" before Orange County
        elif p.geonames_id in capitals and kind != ALTERNATE:
            score += 3  # "Washington": the capital before the state and the namesakes (not "Salisbury" for Harare)
        if p.feature == "town" and kind == ALTERNATE and (
                p.population < ALTERNATE_NAME_MIN_POPULATION or own_name and p.population < KNOWN_BY_MANY_NAMES_POPULATION):
            score -= 1.5  # "Riverdale", "Venice": Glendale and Dayton by other names come after the namesakes
        if kind == PORT:  # a port of the UN/LOCODE list: where the article says "port", else last
            score += 5 if _port_word_beside(article.text, cand.mention.start, cand.mention.end) else -3
        if p.feature == "region" and _contains_previous(cand.mention, p, kept, article.text):
            score += 4  # "Atlanta, Georgia": the region that holds the town before it
        if apposed is not None and _within(p, apposed):
            score += 10  # "Paris, Texas", "Dunay, en Russie": the name's own qualifier decides
        elif p.country_code in countries:
            score += 1.5
        if anchors and p.feature in _LOCAL_FEATURES:
            nearest = min(_km(p, a) for a in anchors)
            score += 3 * math.exp(-nearest / 500)
        scored.append((score, p))
    scored.sort(key=lambda sp: -sp[0])
    best_score, best = scored[0]
    margin = best_score - scored[1][0]
    confidence = round(1 - 0.5 * math.exp(-margin), 3)
    return replace(best, confidence=confidence, alternatives=tuple(p for _, p in scored[1:6]))


def _contains_previous(mention: Mention, region: Place, kept: list[tuple[_Candidate, list[tuple[Place, int]]]],
                       text: str) -> bool:
    """Whether the mention right before, in apposition ("Atlanta, Georgia"), may be a town of ``region``."""
    before = [(c, ps) for c, ps in kept if c.mention.end <= mention.start]
    if not before:
        return False
    cand, places = before[-1]
    if not _APPOSITION.match(text[cand.mention.end:mention.start]) or "," not in text[cand.mention.end:mention.start]:
        return False
    return any(p.feature == "town" and p.country_code == region.country_code and _km(p, region) < 600
               for p, _ in places[:50])


def _apposed(mention: Mention, kept: list[tuple[_Candidate, list[tuple[Place, int]]]], text: str) -> Place | None:
    """The country or region named right after a mention: "Dunay, en Russie", "Paris, Texas"."""
    for cand, places in kept:
        m = cand.mention
        if m.start > mention.end and places[0][0].feature in {"country", "region"}:
            if _APPOSITION.match(text[mention.end:m.start]):
                return places[0][0]
            if m.start - mention.end > 20:
                break
    return None


def _recognise(article: Article) -> list[_Candidate]:
    doc = parse(article.text, article.language)
    blocked = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _BLOCK_LABELS]
    person_words = {t.lower_ for e in doc.ents if e.label_ in {"PER", "PERSON"} for t in e if t.is_alpha}
    spans: list[Span] = [e for e in doc.ents if e.label_ in _PLACE_LABELS]
    # A span the model calls a place but the gazetteer does not know ("kraï de Krasnodar")
    # leaves the gazetteer free to find the names inside it.
    spans = [e for e in spans if gazetteer().knows(e.text) or _inflected(e.text, article.language)]
    taken = [(e.start_char, e.end_char) for e in spans] + blocked
    gazetteer_spans, surnames = _gazetteer_scan(doc, article.language)
    person_words |= surnames
    spans += [s for s in gazetteer_spans if not _overlaps(s, taken)]

    found = []
    for span in sorted(spans, key=lambda s: s.start_char):
        if span.text.lower() in person_words or not any(c.isupper() for c in span.text):
            continue
        wider, determined = _with_article(doc, span)
        sentence = wider.sent
        found.append(_Candidate(
            Mention(start=wider.start_char, end=wider.end_char, surface=wider.text,
                    sentence=sentence.text, sentence_start=sentence.start_char,
                    label=span.label_ or "GAZ"),
            determined, article_in_name=wider is not span,
        ))
    return found


def _with_article(doc: Doc, span: Span) -> tuple[Span, bool]:
    """Take in a leading article that belongs to the name; else say whether one precedes it."""
    if span.start == 0:
        return span, False
    prev = doc[span.start - 1]
    if prev.lower_ not in _ARTICLES:
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
    lowered = {t.text for t in doc if t.is_alpha and t.text.islower()}
    for sent in doc.sents:
        i = sent.start
        while i < sent.end:
            tok = doc[i]
            if not _capitalised(tok) or tok.pos_ not in {"PROPN", ""} or len(tok) < 2:
                i += 1
                continue
            run_start, run_end = _run(doc, i, sent)
            best = None
            for j in range(min(run_end, i + 5), i, -1):
                span = doc[i:j]
                if not _capitalised(span[-1]):
                    continue
                matches = gaz.matches(span.text) or _inflected(span.text, language)
                if matches:
                    if _accept(doc, span, matches, (run_start, run_end), language, lowered):
                        best = span
                    break  # a longer known name that the cues reject hides its parts
            if best is not None:
                kinds = {k for p, k in gaz.matches(best.text) if p.feature not in _TOWN_LIKE}
                label = "DEMONYM" if kinds == {DEMONYM} else "CODE" if kinds == {CODE} else "GAZ"
                found.append(doc.char_span(best.start_char, best.end_char, label=label) or best)
                i = best.end
                continue
            if (i == run_start and run_end - run_start in (2, 3) and not tok.is_stop and language not in _NOUNS_CAPITALISED
                    and all(t.is_title and t.is_alpha for t in doc[run_start:run_end])):  # not "A429 Cirencester"
                last = doc[run_end - 1]
                if (last.lower_ not in _PLACE_WORDS and not gaz.knows(doc[run_start:run_end].text)
                        and not any(p.feature not in _TOWN_LIKE for p in gaz.candidates(last.text))):
                    surnames.add(last.lower_)
                    # and the given names before it ("Chef Jae Jung" ... "Jae told"), unless a
                    # country, a region or a city bears them as its own ("Georgia Smith", "Honolulu Star")
                    surnames |= {t.lower_ for t in doc[run_start:run_end - 1] if not any(
                        p.feature not in _TOWN_LIKE or k == PRIMARY and p.population >= COMMON_WORD_MIN_POPULATION
                        for p, k in gaz.matches(t.text))}
            i += 1
    return found, surnames


#: Case endings of Russian nouns and the nominative endings they may come from
#: ("Москву" → "Москва", "Новороссийска" → "Новороссийск").
_RU_ENDINGS = ("ом", "ем", "ой", "ей", "ах", "ях", "ам", "ям", "а", "у", "е", "ы", "и", "ю", "я")
_RU_NOMINATIVE = ("", "а", "ь", "я", "й", "о")


def _inflected(text: str, language: str) -> list[tuple[Place, int]]:
    """Gazetteer matches for an inflected form (Russian declension), if the plain form has none."""
    if language != "ru" or " " in text:
        return []
    gaz = gazetteer()
    for ending in _RU_ENDINGS:
        if text.endswith(ending) and len(text) - len(ending) >= 3:
            stem = text[:-len(ending)]
            for nominative in _RU_NOMINATIVE:
                found = [(p, k) for p, k in gaz.matches(stem + nominative) if k in (PRIMARY, ALTERNATE)]
                if found:
                    return found
    return []


def _capitalised(tok: Token) -> bool:
    return (tok.is_title or tok.is_upper) and any(c.isalpha() for c in tok.text)


def _run(doc: Doc, i: int, sent: Span) -> tuple[int, int]:
    """The run of capitalised words (with connectors inside) around token ``i``."""
    start = i
    while start > sent.start and _capitalised(doc[start - 1]) and not _starts_line(doc, start):
        start -= 1
    end = i + 1
    while end < sent.end:
        if _capitalised(doc[end]):
            end += 1
        else:  # up to three connectors between capitalised words: "Rostov-on-Don", "Ростов-на-Дону"
            k = end
            while k < sent.end and k - end < 3 and doc[k].lower_ in _CONNECTORS:
                k += 1
            if k == end or k >= sent.end or not _capitalised(doc[k]):
                break
            end = k + 1
    return start, end


def _accept(doc: Doc, span: Span, matches: list[tuple[Place, int]], run: tuple[int, int],
            language: str, lowered: set[str]) -> bool:
    """Whether a capitalised sequence the gazetteer knows names a place here.

    General cues: how the gazetteer knows the name (a primary name, an exonym of a big
    town, a demonym, an abbreviation), capitalisation (acronyms, sentence starts), words
    that are common in lowercase or name months and days, and the capitalised words
    around it (a title before a person's name; a town's name inside an organisation's).
    """
    text = span.text
    letters = [c for c in text if c.isalpha()]
    all_caps = all(c.isupper() for c in letters)
    ok_kinds = []
    port = _port_word_beside(doc.text, span.start_char, span.end_char)
    news_style = _news_abbreviation_here(doc.text, span.start_char, span.end_char)  # "Santa Fe, N.M."
    for place, kind in matches:
        if kind == PORT:
            if port:  # "Vostochny port", "the port of Vostochny"
                ok_kinds.append(place)
        elif kind == NEWS_ABBREVIATION:
            if news_style:
                ok_kinds.append(place)
        elif kind in (ABBREVIATION, CODE):
            if all_caps or _region_code((place, kind)) and news_style:
                ok_kinds.append(place)  # "UK", "BC"; "Severn, Md."
        elif kind == DEMONYM:
            if text[0].isupper() and (not all_caps or len(letters) > 3):
                ok_kinds.append(place)
        elif place.feature not in _TOWN_LIKE:
            ok_kinds.append(place)
        elif kind == PRIMARY or place.feature == "town" and place.population >= ALTERNATE_NAME_MIN_POPULATION:
            ok_kinds.append(place)  # a district by its own name only ("Orange County", not "Orange")
    if not ok_kinds:
        return False
    first_of_sentence = span.start == span.sent.start or _starts_line(doc, span.start)
    single = len(span) == 1
    word = span[0]
    if single and word.lower_.rstrip(".") in _calendar_words(language):  # "March", "Jan."
        return False
    if single and word.lower_ in _transport_words(language):
        return False  # "Zug" (a train in German), "Sea": the words that tell the journey
    if single and word.is_stop and not all_caps:
        return False  # "The", "We", "No", "La": alternate names of somewhere
    if single and word.lower_ in _DIRECTIONS | _PLACE_WORDS or word.lower_ in lowered and len(span) == 1:
        ok_kinds = [p for p in ok_kinds if p.feature != "region"]  # regions called "Central", "West"
        # and towns that are "North" or "Sea" only by another of their names (North Salt Lake, Seattle)
        ok_kinds = [p for p in ok_kinds if (p, ALTERNATE) not in matches or (p, PRIMARY) in matches]
        if not ok_kinds:
            return False
    # a district is weighed as a town is: "Kent" or "Manche" may be a common word
    strong = port or any(p.feature not in _TOWN_LIKE for p in ok_kinds)
    biggest = max((p.population for p in ok_kinds if p.feature in _TOWN_LIKE), default=0)
    if not strong:
        line_start = span.start == 0 or _starts_line(doc, span.start)
        if all_caps and len(letters) <= 5 and not line_start:
            return False  # "NATO", "CNN": acronyms, unless a dateline ("ROME —")
        common = single and (word.is_stop or word.lower_ in lowered)
        if common and biggest < COMMON_WORD_MIN_POPULATION:
            return False
        if first_of_sentence and (word.is_stop or biggest < COMMON_WORD_MIN_POPULATION) and not all_caps:
            return False  # a sentence's first word is capitalised anyway
    run_start, run_end = run
    # inside a longer capitalised name, a big town counts by its own name only: "Sam Smith" is
    # no Damascus ("Sham"), "Moon Jae-in" no Jaén, "Apple Inc." no Yinchuan
    biggest_own = max((p.population for p in ok_kinds if p.feature in _TOWN_LIKE and (p, PRIMARY) in matches), default=0)
    if span.start > run_start:  # capitalised words before: "President Kelly", "Southern California"
        before = doc[span.start - 1].lower_.rstrip(".")
        if before in _HONORIFICS:
            return False
        prev = doc[span.start - 1]
        # the word before belongs to the name, unless it is a sentence's first word ("In Klamath
        # Falls", "A Nenagh councillor") or a German noun ("in Richtung Danzig")
        part_of_name = not (prev.is_stop and span.start - 1 == run_start) and not (
            language in _NOUNS_CAPITALISED and not gazetteer().knows(prev.text))
        if not strong and part_of_name and before not in _DIRECTIONS and biggest_own < EMBEDDED_MIN_POPULATION:
            return False  # "Kelly" in "John Kelly"
    if span.end < run_end:  # capitalised words after: "Hudson River", "Donald Trump", "Boston Globe"
        after = doc[span.end].lower_
        if after in _PLACE_WORDS and not strong:
            return False  # another feature named after the town
        if not strong and biggest_own < EMBEDDED_MIN_POPULATION:
            return False
    return True


@functools.cache
def _transport_words(language: str) -> frozenset[str]:
    """The single words of the itinerary's transport lexicon in ``language``, lowercased."""
    from routes.read.itinerary import TRANSPORT_WORDS

    lexicon = TRANSPORT_WORDS.get(language, TRANSPORT_WORDS["en"])
    return frozenset(w for words in lexicon.values() for w in words if " " not in w and "-" not in w)


@functools.cache
def _language_names(language: str) -> frozenset[str]:
    """Names of languages in ``language`` and English, as name keys ("english", "francais"), from CLDR."""
    from babel import Locale, UnknownLocaleError

    names: set[str] = set()
    for lang in {language, "en"}:
        try:
            names |= {name_key(n) for n in Locale.parse(lang).languages.values() if " " not in n}
        except (ValueError, UnknownLocaleError):
            continue
    return frozenset(names)


@functools.cache
def _calendar_words(language: str) -> frozenset[str]:
    """Month and weekday names in ``language`` (and English), lowercased, from CLDR."""
    from babel import Locale, UnknownLocaleError

    words: set[str] = set()
    for lang in {language, "en"}:
        try:
            locale = Locale.parse(lang)
        except (ValueError, UnknownLocaleError):
            continue
        for table in (locale.months, locale.days):
            for context in table.values():
                for width in ("wide", "abbreviated"):
                    words |= {str(w).lower().rstrip(".") for w in context.get(width, {}).values()}
    return frozenset(words)


def _starts_line(doc: Doc, i: int) -> bool:
    prev = doc[i - 1]
    return prev.is_space and "\n" in prev.text or "\n" in prev.whitespace_


def _overlaps(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(span.start_char < end and start < span.end_char for start, end in ranges)
