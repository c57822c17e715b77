"""Time on the legs: the dates the article gives, travel times at set speeds, implied speeds.

The article often gives day and month only ("entre le 7 septembre et le 1er octobre"):
those dates are kept as ``--MM-DD`` and become real dates once a year is known, from the
article's own date or set by the user (``ViewOptions.year``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from routes.model import DateRange, Leg, LegTime, Speeds


def resolve_dates(dates: DateRange | None, year: int | None) -> tuple[dt.date | None, dt.date | None]:
    """Real dates for a range; a range that ends before it starts runs into the next year.

    Examples
    --------
    >>> resolve_dates(DateRange("--12-28", "--01-03"), 2023)
    (datetime.date(2023, 12, 28), datetime.date(2024, 1, 3))
    >>> resolve_dates(DateRange("--09-07", "--10-01"), None)
    (None, None)
    """
    if dates is None:
        return None, None
    start, end = _date(dates.start, year), _date(dates.end, year)
    if start and end and end < start and (dates.end or "").startswith("--"):
        end = end.replace(year=end.year + 1)
    return start, end


def leg_time(leg: Leg, year: int | None, speeds: Speeds | None = None) -> LegTime:
    """Dates, travel time at the set speed, the speed the article's dates imply, and all of it in a sentence."""
    speeds = speeds or Speeds.default()
    start, end = resolve_dates(leg.plan.dates, year)
    kmh = speeds.kmh(leg.plan.mode)
    implied, span = None, None
    if leg.plan.dates and leg.plan.dates.start and leg.plan.dates.end:
        s, e = resolve_dates(leg.plan.dates, year if year is not None else 2001)  # any non-leap year
        if s and e:
            span = (e - s).days + 1
            implied = leg.length_km / (span * 24)
    timing = LegTime(start, end, leg.length_km / kmh / 24, kmh, implied, span)
    return replace(timing, sentence=_sentence(leg, timing, speeds))


def _sentence(leg: Leg, t: LegTime, speeds: Speeds) -> str:
    text = f"{_days(t.travel_days)} at {speeds.describe(leg.plan.mode)}."
    if t.implied_kmh is not None and leg.plan.dates:
        speed = (f"{t.implied_knots:.2f} knots" if leg.plan.mode == "sea" else f"{t.implied_kmh:.1f} km/h")
        text += (f" The article's dates ({leg.plan.dates.text}) span {t.span_days} days: "
                 f"{speed} on average over {leg.length_km:,.0f} km, so they cover more than one trip or the "
                 "waiting time." if t.travel_days < (t.span_days or 0) / 2 else
                 f" The article's dates imply {speed} on average.")
    return text


def _days(days: float) -> str:
    return f"about {days * 24:.0f} hours" if days < 2 else f"about {days:.1f} days"


def _date(text: str | None, year: int | None) -> dt.date | None:
    if not text:
        return None
    y, m, d = text.rsplit("-", 2) if not text.startswith("--") else (None, *text[2:].split("-"))
    chosen = int(y) if y and y.strip("-") else year
    if chosen is None:
        return None
    try:
        return dt.date(chosen, int(m or 0), int(d or 0))
    except ValueError:
        return None
