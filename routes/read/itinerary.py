"""Working out the journey an article describes: stops, legs, dates, border, claims.

Everything comes from the text. Per sentence:

- a transport word from a small French and English lexicon ("cargo", "train", "truck"...)
  gives the mode of the legs told in that sentence;
- the preposition or verb before each town gives its role: "de Najin" / "from Najin" /
  "left Tartus" an origin, "à Dunay" / "to Dunay" / "jusqu'à" / "reached Novorossiysk" a
  destination; "près de Tikhoretsk" / "near" makes the
  town the landmark of the destination noun before it ("un dépôt de munitions");
- a leg with no origin in its sentence starts where the previous leg ended ("ensuite");
- "entre le 7 septembre et le 1er octobre" gives the dates of the sentence's legs;
- "à environ 290 kilomètres de la frontière avec l'Ukraine" (or "the Ukrainian border")
  names the border and a claim.
"""

from __future__ import annotations

import re
from dataclasses import replace

from routes.model import AREA_FEATURES, BorderQuestion, DateRange, Itinerary, LegPlan, PlaceMention, Stop
from routes.read.claims import BORDER_WORDS, DATE_RANGE, MONTHS, extract_claims
from routes.read.lang import TRANSPORT_MODES, lemma, lexicon
from routes.read.nlp import parse

#: What a journey may start, stop or end at: a town, or a district or region named as the
#: place itself ("a depot in Bryansk Oblast"), at its middle; never a country.
STOP_FEATURES = {"town", *AREA_FEATURES}
_ORIGIN_WORDS = {"de", "d'", "d’", "du", "des", "depuis", "from", "desde", "von", "aus", "из", "от"}
_DESTINATION_WORDS = {"à", "a", "au", "aux", "vers", "jusqu'à", "jusqu’à", "pour", "to", "towards", "into", "for",
                      "hasta", "hacia", "nach", "bis", "в", "во", "до"}
#: Verbs of leaving, right before the place left: "a quitté Novorossiisk", "left Odesa", "loaded at Rajin".
_LEAVE_WORDS = {"quitté", "quittant", "quitte", "quitter", "left", "leaving", "leaves", "departed", "departing",
                "loaded", "chargés", "chargées", "chargé", "cargados", "cargado", "verladen", "погружены"}
#: Verbs of arriving, before the place reached: "reached Novorossiysk", "arrived in Busan", "erreichte Kiel".
_ARRIVE_WORDS = {"reached", "reaching", "reaches", "arrived", "arriving", "arrives", "docked", "docking",
                 "unloaded", "atteint", "rejoint", "llegó", "llegaron", "alcanzó", "erreichte", "erreichten",
                 "прибыло", "прибыл", "прибыла", "прибыли"}
_NEAR = re.compile(r"(près de|non loin de|à proximité de|aux abords de|near|outside|close to)\s*$", re.IGNORECASE)
_DEST_NOUN = re.compile(
    r"(?:jusqu['’]à|vers|à|au|to|towards)\s+(?:un|une|le|la|l['’]|les|a|an|the)?\s*([^,;]{2,60}?)\s*$",
    re.IGNORECASE,
)

def plan_itinerary(places: tuple[PlaceMention, ...], text: str, language: str) -> Itinerary:
    """The itinerary the article describes, from its resolved place mentions."""
    legs: list[LegPlan] = []
    by_sentence: dict[int, list[PlaceMention]] = {}
    for pm in places:
        by_sentence.setdefault(pm.mention.sentence_start, []).append(pm)

    border = None
    for _sentence_start, mentions in sorted(by_sentence.items()):
        sentence = mentions[0].mention.sentence
        if _mode(sentence, language)[0]:
            legs += _legs_in_sentence(mentions, text, language, sentence, previous=legs[-1] if legs else None)
        question = _border_question(mentions, sentence, legs)
        if question and border is None:
            border = question
    claims = extract_claims([s.text for s in parse(text, language).sents])
    if border is not None:  # "290 km de la frontière" in the sentence that names the border
        claims = [replace(c, about=f"border:{border.country_code}")
                  if c.about == "border" and c.sentence == border.sentence else c for c in claims]
    return Itinerary(stops=_stops(legs), legs=tuple(legs), border=border, claims=tuple(claims))


def _mode(sentence: str, language: str, at: int = 0) -> tuple[str | None, str]:
    """The transport word that governs position ``at`` of the sentence: the last one
    before it ("flown to Moscow, then trucked to Kursk"), else the first one after it."""
    words = lexicon(language)
    lowered = sentence.lower()
    hits = []
    for mode in TRANSPORT_MODES:
        table = {*words.mode_words[mode], *words.mode_verbs[mode]}
        for w in (w for w in table if " " in w):  # phrases: "chemin de fer"
            for m in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", lowered):
                hits.append((m.start(), -len(w), mode, sentence[m.start():m.end()]))
        for m in re.finditer(r"[^\W\d_][\w'-]*", sentence):
            if m.group(0).lower() in table or lemma(m.group(0), language) in table:
                hits.append((m.start(), -len(m.group(0)), mode, m.group(0)))
    if not hits:
        return None, ""
    hits.sort()
    before = [h for h in hits if h[0] < at]
    _, _, mode, word = before[-1] if before else hits[0]
    return mode, word


def _role(pm: PlaceMention, text: str, language: str) -> str:
    """origin, destination, near (landmark of the destination), or context.

    Walks back from the name through its clause to the preposition that governs it:
    "de Najin" and "from Najin" give an origin, "à Dunay", "to the port of Dunay" and
    "jusqu'à" a destination; a French "de" after a noun ("le port de Nakhodka") is a
    genitive and the walk goes on.
    """
    before = text[max(0, pm.mention.start - 60):pm.mention.start]
    if _NEAR.search(before):
        return "near"
    doc = parse(text, language)
    span = doc.char_span(pm.mention.start, pm.mention.end, alignment_mode="expand")
    first = span.start if span is not None else 0
    found = "context"
    for k in range(first - 1, max(first - 8, span.sent.start - 1 if span is not None else -1), -1):
        tok = doc[k]
        word = tok.lower_
        if tok.is_punct and word not in {"'", "’"}:
            break
        if word in _DESTINATION_WORDS:
            return "destination"
        if word in _LEAVE_WORDS:
            return "origin"
        if word in _ARRIVE_WORDS:
            return "destination"
        if word in _ORIGIN_WORDS:
            if word.startswith("d") and k > 0 and doc[k - 1].pos_ in {"NOUN", "PROPN"}:
                found = "origin"  # "au port de Nakhodka": maybe a genitive; a "à" further back wins
                continue
            return "origin"
    return found


def _legs_in_sentence(mentions: list[PlaceMention], text: str, language: str, sentence: str,
                      previous: LegPlan | None) -> list[LegPlan]:
    dates = _dates(sentence)
    origin = previous.destination if previous else None
    legs = []
    for pm in mentions:
        if pm.place.feature not in STOP_FEATURES:
            continue
        role = _role(pm, text, language)
        if role == "origin":
            origin = Stop(pm.place, pm.mention.surface, pm.mention)
        elif role in {"destination", "near"} and origin is not None:
            label = pm.mention.surface
            if role == "near":
                label = _near_label(pm, text) or label
            destination = Stop(pm.place, label, pm.mention)
            mode, word = _mode(sentence, language, at=pm.mention.start - pm.mention.sentence_start)
            legs.append(LegPlan(origin, destination, mode or "direct", sentence, word, dates))
            origin = destination
    return legs


def _near_label(pm: PlaceMention, text: str) -> str | None:
    """ "jusqu'à un dépôt de munitions près de Tikhoretsk" gives "dépôt de munitions près de Tikhoretsk"."""
    before = text[max(0, pm.mention.start - 120):pm.mention.start]
    near = _NEAR.search(before)
    if not near:
        return None
    noun = _DEST_NOUN.search(before[:near.start()])
    if not noun:
        return None
    return f"{noun.group(1).strip()} {near.group(1)} {pm.mention.surface}"


def _stops(legs: list[LegPlan]) -> tuple[Stop, ...]:
    stops: list[Stop] = []
    for leg in legs:
        for stop in (leg.origin, leg.destination):
            if not stops or stops[-1] != stop:
                stops.append(stop)
    return tuple(stops)


def _dates(sentence: str) -> DateRange | None:
    m = DATE_RANGE.search(sentence)
    if not m:
        return None
    g = m.groups()
    start = _iso(g[0:3], g[3:6])
    end = _iso(g[6:9], g[9:12])
    return DateRange(start, end, m.group(0))


def _iso(day_month: tuple, month_day: tuple) -> str:
    if day_month[0]:
        day, month, year = day_month
    else:
        month, day, year = month_day
    return f"{year or '-'}-{MONTHS[month.lower()]:02d}-{int(day):02d}"


def _border_question(mentions: list[PlaceMention], sentence: str, legs: list[LegPlan]) -> BorderQuestion | None:
    word = BORDER_WORDS.search(sentence)
    if not word:
        return None
    countries = [pm for pm in mentions if pm.place.feature == "country"]
    after = [pm for pm in countries if pm.mention.start - pm.mention.sentence_start > word.start()]
    # "the border with Ukraine", else "the Ukrainian border" (the country's adjective right before the word)
    before = [pm for pm in countries if 0 <= word.start() - (pm.mention.end - pm.mention.sentence_start) <= 2]
    if not after and not before:
        return None
    country = min(after, key=lambda pm: pm.mention.start) if after else before[-1]
    towns = [pm for pm in mentions if pm.place.feature == "town"]
    stop = None
    for leg in reversed(legs):
        if leg.destination.mention and leg.destination.mention.sentence_start == country.mention.sentence_start:
            stop = leg.destination
            break
    if stop is None and towns:
        stop = Stop(towns[-1].place, towns[-1].mention.surface, towns[-1].mention)
    if stop is None and legs:
        stop = legs[-1].destination
    if stop is None:
        return None
    return BorderQuestion(country.place.country_code or "", country.place.name, sentence, stop)
