"""Dates in an article's sentences, in the five languages read: single days and ranges.

"on June 2", "le 1er octobre", "el 3 de mayo de 2024", "am 3. Mai", "3 мая"; ranges "between 2
and 19 November", "du 3 au 7 mai", "del 3 al 7 de mayo", "vom 3. bis 7. Mai", "с 3 по 7 мая",
"from May 3 to May 7", "2–8 June". Month names are CLDR's (:mod:`routes.read.lang`), in every
form it has; a day and month without a year is kept as ``--MM-DD``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from routes.read.lang import lexicon


@dataclass(frozen=True)
class DateMention:
    """A date or a range of dates in a sentence (offsets in the sentence)."""

    start: int
    end: int
    text: str
    first: str  # YYYY-MM-DD, or --MM-DD with no year
    last: str | None = None  # the end of a range

    @property
    def is_range(self) -> bool:
        return self.last is not None


_TOKEN = re.compile(r"\d+|[^\W\d_]+\.?|[-–—]|[^\s\w]")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    kind: str  # num, year, month, ord, open, join, filler, other
    value: int = 0


def _tokens(sentence: str, language: str) -> list[_Tok]:
    words = lexicon(language)
    fillers = {*words.date_before, *words.articles, *words.genitive, "of"} if language != "ru" else set()
    ordinals = {o.lstrip("-") for o in words.ordinal}
    out: list[_Tok] = []
    for m in _TOKEN.finditer(sentence):
        text, low = m.group(0), m.group(0).lower()
        kind, value = "other", 0
        if text.isdecimal():  # not "²": a digit int() cannot read
            if _YEAR.fullmatch(text):
                kind, value = "year", int(text)
            elif 1 <= int(text) <= 31 and len(text) <= 2:
                kind, value = "num", int(text)
        elif low.rstrip(".") in words.months and (len(low.rstrip(".")) > 2 or low.endswith(".")):
            kind, value = "month", words.months[low.rstrip(".")]
        elif low.endswith(".") and len(low) >= 4 and (number := _abbreviated_month(low[:-1], words.months)):
            kind, value = "month", number  # "Sept.", "Febr.": a month's name cut short, with its period
        elif low in ordinals or low == "." and language == "de" or low.rstrip(".") in ordinals:
            kind = "ord"
        elif low in words.range_open:
            kind = "open"
        elif low in words.range_join:
            kind = "join"
        elif low in fillers:
            kind = "filler"
        out.append(_Tok(text, m.start(), m.end(), kind, value))
    # an ordinal written onto its number ("1er", "22nd", "3-го") comes as one token: split it
    split: list[_Tok] = []
    for t in out:
        glued = re.fullmatch(r"(\d{1,2})([^\W\d_]+)", t.text)
        if t.kind == "other" and glued and 1 <= int(glued.group(1)) <= 31 and glued.group(2).lower() in ordinals:
            day, suffix = glued.group(1), glued.group(2)
            split.append(_Tok(day, t.start, t.start + len(day), "num", int(day)))
            split.append(_Tok(suffix, t.start + len(day), t.end, "ord"))
        else:
            split.append(t)
    return split


def _abbreviated_month(prefix: str, months: dict[str, int]) -> int | None:
    """The month whose name starts with ``prefix``, if only one does."""
    found = {n for name, n in months.items() if name.startswith(prefix) and len(name) > len(prefix)}
    return found.pop() if len(found) == 1 else None


def _skip(toks: list[_Tok], i: int, *kinds: str) -> int:
    while i < len(toks) and toks[i].kind in kinds:
        i += 1
    return i


def _day_month(toks: list[_Tok], i: int) -> tuple[int, int | None, int | None, int] | None:
    """A date at token ``i``: (day, month or None for a bare day, year or None, next token)."""
    if i >= len(toks):
        return None
    if toks[i].kind == "num":  # 3 May, 3. Mai, 3 de mayo (de 2024), 1er octobre 2023
        day = toks[i].value
        j = _skip(toks, i + 1, "ord")
        k = _skip(toks, j, "filler", "open")  # "3 de mayo": a word that may open a range joins day and month
        if k < len(toks) and toks[k].kind == "month":
            month = toks[k].value
            y = _skip(toks, k + 1, "filler", "open")
            y = y + 1 if y < len(toks) and toks[y].text == "," else y
            if y < len(toks) and toks[y].kind == "year":
                return day, month, toks[y].value, y + 1
            return day, month, None, k + 1
        return day, None, None, j
    if toks[i].kind == "month":  # May 3, Dec. 27, 2023
        j = i + 1
        if j < len(toks) and toks[j].kind == "num":
            day = toks[j].value
            k = _skip(toks, j + 1, "ord")
            y = k + 1 if k < len(toks) and toks[k].text == "," else k
            if y < len(toks) and toks[y].kind == "year":
                return day, toks[i].value, toks[y].value, y + 1
            return day, toks[i].value, None, k
    return None


def find_dates(sentence: str, language: str) -> list[DateMention]:
    """Every date and range of dates in ``sentence``, in order.

    Examples
    --------
    >>> [(d.first, d.last) for d in find_dates("Entre le 2 et le 19 novembre, le cargo a fait trois voyages.", "fr")]
    [('--11-02', '--11-19')]
    >>> [(d.first, d.last) for d in find_dates("It left Taman on June 2 and docked on June 8, 2024.", "en")]
    [('--06-02', None), ('2024-06-08', None)]
    """
    toks = _tokens(sentence, language)
    found: list[DateMention] = []
    i = 0
    while i < len(toks):
        opened = toks[i].kind == "open"
        start = _skip(toks, i + 1 if opened else i, "filler")
        first = _day_month(toks, start)
        if first is None:
            i += 1
            continue
        day, month, year, nxt = first
        j = _skip(toks, nxt, "filler")
        if j < len(toks) and toks[j].kind == "join" and (opened or toks[j].text in "-–—"):
            second = _day_month(toks, _skip(toks, j + 1, "filler"))
            if second is not None and second[1] is None and month is not None:
                second = (second[0], month, second[2] or year, second[3])  # "June 2-8", "between October 3 and 6"
            if second is not None and second[1] is not None:
                d2, m2, y2, end = second
                first_text = _iso(day, month or m2, year or y2)
                last_text = _iso(d2, m2, y2 or year)
                if first_text and last_text:
                    begin, stop = toks[i].start if opened else toks[start].start, _end(toks[end - 1], sentence)
                    found.append(DateMention(begin, stop, sentence[begin:stop], first_text, last_text))
                    i = end
                    continue
        if month is not None and (text := _iso(day, month, year)):
            end = _end(toks[nxt - 1], sentence)
            begin = toks[start].start
            if start > 0 and toks[start - 1].text.lower() in lexicon(language).date_before:
                begin = toks[start - 1].start  # "le 13 octobre", "on June 2": the word that dates it
            found.append(DateMention(begin, end, sentence[begin:end], text))
            i = nxt
            continue
        i += 1
    return found


def _end(tok: _Tok, sentence: str = "") -> int:
    """Where a date ends: a month's full name ends before the sentence's period ("1er octobre.", "le 7 mai.
    De là"), an abbreviation keeps its own ("Dec. 27")."""
    if tok.kind != "month" or not tok.text.endswith("."):
        return tok.end
    rest = sentence[tok.end:tok.end + 2]
    ends_sentence = not rest.strip() or rest[:1].isspace() and rest[1:2].isupper()
    return tok.end - 1 if len(tok.text) > 5 or ends_sentence else tok.end


def _iso(day: int, month: int | None, year: int | None) -> str | None:
    if month is None:
        return None
    try:
        dt.date(year or 2000, month, day)  # 2000: a leap year, so "29 February" without a year stands
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
