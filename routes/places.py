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

import math
import re
from dataclasses import dataclass, replace

from pyproj import Geod
from spacy.tokens import Doc, Span

from routes.geocoders import Geocoder, get_geocoder
from routes.gazetteer import gazetteer, name_key
from routes.model import Article, Mention, Place, PlaceMention
from routes.nlp import parse

_GEOD = Geod(ellps="WGS84")

#: spaCy labels that name places (French model: LOC; English models: GPE, LOC, FAC).
_PLACE_LABELS = {"LOC", "GPE"}
#: Labels whose spans are never places.
_BLOCK_LABELS = {"PER", "PERSON", "ORG", "MISC", "NORP"}
#: Articles and contractions that come before a name.
_ARTICLES = {"le", "la", "les", "l'", "l’", "du", "des", "au", "aux", "the"}
#: Prepositions of apposition: "Najin, en Corée du Nord", "Dunay, in Russia".
_APPOSITION = re.compile(r"^\s*,\s*(?:en|au|aux|dans|in)?\s*(?:la |le |les |l'|l’|the )?$", re.IGNORECASE)
#: A town named with its article ("Le Havre") must be this big, or in a country the article names.
ARTICLE_NAME_MIN_POPULATION = 100_000
_CONNECTORS = {"du", "de", "des", "la", "le", "of", "the", "-", "sur", "on", "upon", "am", "an", "der", "del", "di"}


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


def resolve(candidates: list[_Candidate], article: Article, *, geocoder: Geocoder) -> tuple[PlaceMention, ...]:
    """Choose a place for each recognised span, using the article's context."""
    options: dict[str, list[Place]] = {}
    for cand in candidates:
        key = name_key(cand.mention.surface)
        if key not in options:
            options[key] = geocoder.candidates(cand.mention.surface)
    countries = {ps[0].country_code for ps in options.values() if ps and ps[0].feature == "country"}
    kept: list[tuple[_Candidate, list[Place]]] = []
    for cand in candidates:
        places = options[name_key(cand.mention.surface)]
        if cand.determined:  # "la Maison Blanche", "du Kremlin": not a town
            places = [p for p in places if p.feature != "town"]
        elif cand.article_in_name:  # "Le Havre" yes, "La Maison Blanche" (an Algerian suburb's old name) no
            places = [p for p in places if p.feature != "town" or p.country_code in countries
                      or p.population >= ARTICLE_NAME_MIN_POPULATION]
        if places:
            kept.append((cand, places))

    first = [(c, _choose(c, ps, article, kept, countries, anchors=[])) for c, ps in kept]
    anchors = [p for _, p in first if p.feature == "town"]
    result = []
    for cand, places in kept:
        others = [a for a in anchors if name_key(a.name) != name_key(cand.mention.surface)]
        place = _choose(cand, places, article, kept, countries, anchors=others)
        result.append(PlaceMention(cand.mention, place, role="country" if place.feature == "country" else "mentioned"))
    return tuple(result)


def _choose(cand: _Candidate, places: list[Place], article: Article,
            kept: list[tuple[_Candidate, list[Place]]], countries: set[str | None],
            anchors: list[Place]) -> Place:
    if len(places) == 1:
        return replace(places[0], confidence=1.0)
    apposed = _apposed_country(cand.mention, kept, article.text)
    scored = []
    for p in places[:200]:
        score = math.log10(p.population + 10)
        if p.feature in {"country", "continent"}:
            score += 4  # "Georgia", "Chad": the country unless the context says otherwise
        if apposed and p.country_code == apposed:
            score += 4
        elif p.country_code in countries:
            score += 1.5
        if anchors and p.feature == "town":
            nearest = min(_GEOD.inv(p.lon, p.lat, a.lon, a.lat)[2] for a in anchors) / 1000
            score += 3 * math.exp(-nearest / 500)
        scored.append((score, p))
    scored.sort(key=lambda sp: -sp[0])
    best_score, best = scored[0]
    margin = best_score - scored[1][0]
    confidence = round(1 - 0.5 * math.exp(-margin), 3)
    return replace(best, confidence=confidence, alternatives=tuple(p for _, p in scored[1:6]))


def _apposed_country(mention: Mention, kept: list[tuple[_Candidate, list[Place]]], text: str) -> str | None:
    """The country named right after a mention: "Dunay, en Russie" gives RU."""
    for cand, places in kept:
        m = cand.mention
        if m.start > mention.end and places[0].feature == "country":
            if _APPOSITION.match(text[mention.end:m.start]):
                return places[0].country_code
            if m.start - mention.end > 20:
                break
    return None


def _recognise(article: Article) -> list[_Candidate]:
    doc = parse(article.text, article.language)
    blocked = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _BLOCK_LABELS]
    person_words = {t.lower_ for e in doc.ents if e.label_ in {"PER", "PERSON"} for t in e if t.is_alpha}
    spans: list[Span] = [e for e in doc.ents if e.label_ in _PLACE_LABELS]
    taken = [(e.start_char, e.end_char) for e in spans] + blocked
    spans += [s for s in _gazetteer_scan(doc) if not _overlaps(s, taken)]

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


def _gazetteer_scan(doc: Doc) -> list[Span]:
    """Proper-noun sequences the model missed that the gazetteer knows, longest first."""
    found = []
    gaz = gazetteer()
    for sent in doc.sents:
        i = sent.start + 1  # a sentence's first word is capitalised anyway
        while i < sent.end:
            tok = doc[i]
            if _starts_line(doc, i):  # "Lien source", "Photo : AFP": captions and links
                i += 1
                continue
            if not (tok.is_title or tok.is_upper) or tok.pos_ not in {"PROPN", ""} or len(tok) < 3:
                i += 1
                continue
            best = None
            for j in range(min(sent.end, i + 5), i, -1):
                span = doc[i:j]
                if not (span[-1].is_title or span[-1].is_upper):
                    continue
                if any(not (t.is_title or t.is_upper) and t.lower_ not in _CONNECTORS for t in span):
                    continue
                if gaz.knows(span.text):
                    best = span
                    break
            if best is not None:
                found.append(doc.char_span(best.start_char, best.end_char, label="GAZ") or best)
                i = best.end
            else:
                i += 1
    return found


def _starts_line(doc: Doc, i: int) -> bool:
    prev = doc[i - 1]
    return prev.is_space and "\n" in prev.text or "\n" in prev.whitespace_


def _overlaps(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(span.start_char < end and start < span.end_char for start, end in ranges)
