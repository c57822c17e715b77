"""What CLDR (through Babel) knows of a language: month and weekday names, units, language names.

Nothing here is typed by hand: every word comes from Babel's copy of the Unicode CLDR, in
every form it has (format and stand-alone, wide and abbreviated; "мая" as well as "май").
"""

from __future__ import annotations

import functools
import re

from babel import Locale, UnknownLocaleError

#: CLDR's units of length the reader turns into a unit symbol.
UNITS = {"length-kilometer": "km", "length-mile": "mi", "length-nautical-mile": "nmi"}
#: CLDR's units that a number may be counted in without counting things: times and shares.
MEASURES = {"duration-year": "year", "duration-month": "month", "duration-week": "week", "duration-day": "day",
            "duration-night": "night", "duration-hour": "hour", "duration-minute": "minute",
            "concentr-percent": "percent"}


def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        return None


@functools.cache
def months(language: str) -> dict[str, int]:
    """Every name of every month in ``language``, lowercased, without a final period, to its number.

    Examples
    --------
    >>> months("ru")["мая"], months("fr")["sept"], months("en")["june"]
    (5, 9, 6)
    """
    locale = _locale(language)
    names: dict[str, int] = {}
    if locale is None:
        return names
    for context in locale.months.values():
        for width in ("wide", "abbreviated"):
            for number, name in context.get(width, {}).items():
                names.setdefault(str(name).lower().rstrip("."), int(number))
    return names


@functools.cache
def weekdays(language: str) -> frozenset[str]:
    """Every name of every weekday in ``language``, lowercased, without a final period."""
    locale = _locale(language)
    if locale is None:
        return frozenset()
    return frozenset(str(name).lower().rstrip(".") for context in locale.days.values()
                     for width in ("wide", "abbreviated") for name in context.get(width, {}).values())


@functools.cache
def unit_words(language: str, units: tuple[tuple[str, str], ...] = tuple(UNITS.items())) -> dict[str, str]:
    """The words and abbreviations CLDR writes after a number for each unit (by default :data:`UNITS`), lowercased.

    Examples
    --------
    >>> unit_words("de")["seemeilen"], unit_words("en")["km"], unit_words("es")["millas náuticas"]
    ('nmi', 'km', 'nmi')
    """
    locale = _locale(language)
    words: dict[str, str] = {}
    if locale is None:
        return words
    patterns = locale._data["unit_patterns"]
    for unit, symbol in units:
        for width in ("long", "short", "narrow"):
            forms = patterns.get(unit, {}).get(width, {})
            for count in forms:
                if count == "per":
                    continue
                word = re.sub(r"\s+", " ", str(forms[count]).replace("{0}", "")).strip().lower()
                if len(word) > 1 and not word[0].isdigit():  # not "m" (Spanish nautical miles, or metres?)
                    words.setdefault(word, symbol)
    return words


def measure_words(language: str) -> dict[str, str]:
    """The words CLDR writes after a number of years, days, hours… or percent (:data:`MEASURES`)."""
    return unit_words(language, tuple(MEASURES.items()))


@functools.cache
def country_names(language: str) -> dict[str, str]:
    """The names of the countries (ISO 3166-1 alpha-2 codes) in ``language``."""
    locale = _locale(language)
    if locale is None:
        return {}
    return {code: str(name) for code, name in locale.territories.items() if len(code) == 2 and code.isalpha()}


@functools.cache
def language_names(language: str) -> frozenset[str]:
    """One-word names of languages in ``language`` and in English, lowercased ("english", "français")."""
    names: set[str] = set()
    for lang in {language, "en"}:
        locale = _locale(lang)
        if locale is not None:
            names |= {str(n).lower() for n in locale.languages.values() if " " not in str(n)}
    return frozenset(names)
