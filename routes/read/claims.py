"""The article's checkable figures, and how they compare with what the tool computes.

Extraction works on sentences, in French and English: distances ("environ 290
kilomètres", "about 180 miles"), counts ("plus de 1 000 conteneurs"), dates and date
ranges ("entre le 7 septembre et le 1er octobre"). A distance is tied to what it measures
when the sentence says so: a border ("de la frontière avec l'Ukraine") or a place
("à 100 km de Rostov").

:mod:`routes.route.verdicts` sets each claim beside what the tool measured.
"""

from __future__ import annotations

import re

from routes.model import Claim

_NUMBER = r"(\d{1,3}(?:[ \u202f\u00a0.,]\d{3})+|\d+(?:[.,]\d+)?)"
_QUALIFIER = (r"((?:environ|près de|quelque|plus de|moins de|au moins|about|around|some|roughly|"
              r"approximately|nearly|almost|more than|less than|at least|over|under)\s+)?")
_DISTANCE = re.compile(_QUALIFIER + _NUMBER + r"\s*(kilomètres|kilometres|kilometers|km|miles|milles|mi)\b",
                       re.IGNORECASE)
_KM_PER_UNIT = {"miles": 1.609344, "mi": 1.609344, "milles": 1.609344}
MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "january": 1, "february": 2, "march": 3, "april": 4,
    "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10,
    "november": 11, "december": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = rf"(?:le\s+)?(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({_MONTH})(?:\s+(\d{{4}}))?"
_MONTH_DAY = rf"({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"
DATE_RANGE = re.compile(
    rf"(?:entre|between|du|from)\s+(?:{_DAY_MONTH}|{_MONTH_DAY})\s+(?:et|and|au|to|until)\s+"
    rf"(?:{_DAY_MONTH}|{_MONTH_DAY})",
    re.IGNORECASE,
)
_DATE = re.compile(rf"\b(?:{_DAY_MONTH}|{_MONTH_DAY})\b", re.IGNORECASE)
_COUNT = re.compile(_QUALIFIER + _NUMBER + r"\s+(?!(?:" + _MONTH + r")\b)([^\W\d_]{3,})", re.IGNORECASE)
_NOT_COUNTED = {"kilomètres", "kilometres", "kilometers", "miles", "milles", "km", "ans", "years", "jours",
                "days", "heures", "hours", "minutes", "semaines", "weeks", "mois", "months", "pour", "per",
                "percent", "cent"}
BORDER_WORDS = re.compile(r"\b(frontières?|borders?|fronteras?|grenzen?|границ[аыеу]?)\b", re.IGNORECASE)


def extract_claims(sentences: list[str]) -> list[Claim]:
    """Distances, counts and dates in ``sentences``, in text order.

    Examples
    --------
    >>> [(c.kind, c.text) for c in extract_claims(["Plus de 1 000 conteneurs, à environ 290 kilomètres."])]
    [('count', 'Plus de 1 000 conteneurs'), ('distance', 'environ 290 kilomètres')]
    """
    claims: list[tuple[int, int, Claim]] = []
    for i, sentence in enumerate(sentences):
        for m in _DISTANCE.finditer(sentence):
            km = _number(m.group(2)) * _KM_PER_UNIT.get(m.group(3).lower(), 1.0)
            about = "border" if BORDER_WORDS.search(sentence[m.end():m.end() + 40]) else ""
            claims.append((i, m.start(), Claim(m.group(0).strip(), sentence, "distance", round(km, 3), about,
                                               value=_number(m.group(2)), unit=m.group(3).lower())))
        ranges = list(DATE_RANGE.finditer(sentence))
        for m in ranges:
            claims.append((i, m.start(), Claim(m.group(0).strip(), sentence, "date range")))
        dates = [m for m in _DATE.finditer(sentence) if not any(r.start() <= m.start() < r.end() for r in ranges)]
        for m in dates:
            claims.append((i, m.start(), Claim(m.group(0).strip(), sentence, "date")))
        for m in _COUNT.finditer(sentence):
            if (m.group(3).lower() in _NOT_COUNTED or _looks_like_year(m.group(2))
                    or any(d.start() <= m.start(2) < d.end() for d in [*ranges, *dates])):
                continue
            claims.append((i, m.start(), Claim(m.group(0).strip(), sentence, "count", None, "",
                                               value=_number(m.group(2)), unit=m.group(3).lower())))
    return [c for _, _, c in sorted(claims, key=lambda t: (t[0], t[1]))]


def _number(text: str) -> float:
    digits = re.sub(r"[ \u202f\u00a0]", "", text)
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        digits = re.sub(r"[.,]", "", digits)
    return float(digits.replace(",", "."))


def _looks_like_year(text: str) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", text))
