"""The article's checkable figures: distances, counts and dates, each tied to its sentence.

A distance is a number, maybe with a word for a thousand ("6 тыс. км"), and a unit (CLDR's
words for kilometres, miles and nautical miles, in every form, and the language module's
others), maybe qualified before ("about", "less than", "more than": the language module's
words). It is tied to a border when a border word follows it ("à 290 km de la frontière");
:mod:`routes.read.itinerary` ties the others to the leg they describe, and
:mod:`routes.route.verdicts` sets each beside what the tool measured.

Counts ("plus de 1 000 conteneurs") and dates (:mod:`routes.read.dates`) are kept with
their sentence: nothing on a map checks them.
"""

from __future__ import annotations

import re

from routes.model import Claim
from routes.read.dates import find_dates
from routes.read.lang import Lexicon, lemma, lexicon

#: Kilometres in each unit of distance.
KM_PER_UNIT = {"km": 1.0, "mi": 1.609344, "nmi": 1.852}

_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[ \u202f\u00a0.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d])")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|[^\s\w]")


def extract_claims(sentences: list[tuple[int, str]], language: str) -> list[Claim]:
    """Distances, counts and dates in ``sentences`` (``(offset in the text, sentence)``), in text order.

    Examples
    --------
    >>> sentence = "Plus de 1 000 conteneurs, à environ 290 kilomètres."
    >>> [(c.kind, c.text, c.qualifier) for c in extract_claims([(0, sentence)], "fr")]
    [('count', 'Plus de 1 000 conteneurs', 'more than'), ('distance', 'environ 290 kilomètres', 'about')]
    """
    words = lexicon(language)
    claims: list[Claim] = []
    for offset, sentence in sentences:
        dates = find_dates(sentence, language)
        for d in dates:
            claims.append(Claim(d.text, sentence, "date range" if d.is_range else "date", start=offset + d.start))
        for m in _NUMBER.finditer(sentence):
            if any(d.start <= m.start() < d.end for d in dates):
                continue
            claim = _figure(sentence, m, words, language, offset)
            if claim is not None:
                claims.append(claim)
        claims += _worded_distances(sentence, words, language, offset)
    return sorted(claims, key=lambda c: c.start)


def _figure(sentence: str, m: re.Match[str], words: Lexicon, language: str, offset: int) -> Claim | None:
    """The distance or count a number in a sentence is, if any."""
    try:
        value = parse_number(m.group(1))
    except ValueError:  # "1,000,0001,000": digits and separators as no one writes a number
        return None
    after = sentence[m.end():]
    thousand = _phrase_at(after, words.thousand)
    if thousand:
        value *= 1000
        after_unit = after[len(thousand):]
    else:
        after_unit = after
    qualifier, begin = _qualifier(sentence[:m.start()], words)
    unit_text, unit = _unit(after_unit, words, language)
    if unit is not None:
        end = m.end() + len(thousand) + len(unit_text)
        text = sentence[begin:end].strip()
        about = "border" if _border_follows(sentence[end:], words, language) else ""
        return Claim(text, sentence, "distance", round(value * KM_PER_UNIT[unit], 3), about, value=value,
                     unit=unit_text.strip().lower(), qualifier=qualifier, start=offset + begin)
    counted = re.match(r"\s+([^\W\d_]{3,})", after)
    if thousand or not counted or _looks_like_year(m.group(1)):
        return None
    noun = counted.group(1).lower()
    if noun in words.months or noun in words.measures or lemma(noun, language) in words.measures:
        return None
    end = m.end() + counted.end()
    return Claim(sentence[begin:end].strip(), sentence, "count", None, "", value=value, unit=noun,
                 qualifier=qualifier, start=offset + begin)


def _worded_distances(sentence: str, words: Lexicon, language: str, offset: int) -> list[Claim]:
    """Distances given by a number word ("une vingtaine de kilomètres", "a dozen miles"): approximate."""
    if not words.number_words:
        return []
    alternatives = "|".join(re.escape(w) for w in sorted(words.number_words, key=len, reverse=True))
    out = []
    for m in re.finditer(rf"\b(?:\w+\s+)?({alternatives})\w*\s+(?:(?:{'|'.join(map(re.escape, words.genitive))})\s+)?",
                         sentence, re.IGNORECASE):
        unit_text, unit = _unit(sentence[m.end():], words, language)
        if unit is None:
            continue
        value = float(words.number_words[m.group(1).lower()])
        begin, end = m.start(), m.end() + len(unit_text)
        about = "border" if _border_follows(sentence[end:], words, language) else ""
        out.append(Claim(sentence[begin:end].strip(), sentence, "distance", round(value * KM_PER_UNIT[unit], 3), about,
                         value=value, unit=unit_text.strip().lower(), qualifier="about", start=offset + begin))
    return out


def _phrase_at(text: str, phrases: tuple[str, ...]) -> str:
    """The longest of ``phrases`` that ``text`` starts with (after spaces), with the spaces; else ""."""
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    for p in sorted(phrases, key=len, reverse=True):
        if stripped.lower().startswith(p) and (len(stripped) == len(p) or not stripped[len(p)].isalnum()
                                               or p.endswith((".", "'", "’"))):
            return text[:lead + len(p)]
    return ""


def _unit(text: str, words: Lexicon, language: str) -> tuple[str, str | None]:
    """The unit written at the start of ``text`` ("kilomètres", "km", "морских миль"), as written and as a symbol."""
    found = _phrase_at(text, tuple(words.units))
    if found:
        return found, words.units[found.strip().lower()]
    first = re.match(r"\s*([^\W\d_]+)", text)
    if first and language == "ru" and (unit := words.units.get(lemma(first.group(1), language))):
        return text[:first.end()], unit  # "километрах" → километр
    return "", None


def _qualifier(before: str, words: Lexicon) -> tuple[str, int]:
    """The qualifier right before a number ("about", "less than", "more than"; "" when exact) and where it starts.

    A short word of place may stand between them: "примерно в 90 км", "à moins de 60 km".
    """
    tokens = [(t.group(0).lower(), t.start()) for t in _WORD.finditer(before)]
    small = {w for w in (*words.at, *words.destination) if len(w) <= 2}
    if tokens and tokens[-1][0] in small and before[tokens[-1][1]:].strip().lower() == tokens[-1][0]:
        tokens = tokens[:-1]
    for kind, phrases in (("less than", words.less_than), ("more than", words.more_than), ("about", words.about)):
        for n in (3, 2, 1):
            if len(tokens) >= n and " ".join(t for t, _ in tokens[-n:]) in phrases:
                tail = before[tokens[-n][1]:]
                if tail.strip().lower().startswith(tokens[-n][0]):
                    return kind, tokens[-n][1]
    return "", len(before)


def _border_follows(text: str, words: Lexicon, language: str) -> bool:
    """Whether a border word follows within a few words ("km from the border", "км от границы")."""
    for t in _WORD.findall(text)[:8]:
        if t in ".;":
            return False
        t = t.rstrip(".")
        if t.lower() in words.border or lemma(t, language) in words.border:
            return True
    return False


def parse_number(text: str) -> float:
    """A number as news writes it: "1 000", "1,000" and "1.000" are a thousand; "2,5" and "2.5" two and a half.

    Examples
    --------
    >>> parse_number("1 000"), parse_number("2.500"), parse_number("2,5"), parse_number("290")
    (1000.0, 2500.0, 2.5, 290.0)

    Raises
    ------
    ValueError
        If the digits and separators make no number ("1,000,0001").
    """
    digits = re.sub(r"[ \u202f\u00a0]", "", text)
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        digits = re.sub(r"[.,]", "", digits)
    return float(digits.replace(",", "."))


def _looks_like_year(text: str) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", text))
