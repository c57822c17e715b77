"""The article's figures set beside what the tool measured, each with a plain sentence.

A distance claim is checked against the measurement of what it describes (the border the
sentence names); when they disagree, the other readings of the same thing (other boundary
views, the land border alone, the coast alone) are listed, so a reader can see what the
article's figure may have measured, without inventing one. Counts and dates are kept,
not checked.
"""

from __future__ import annotations

from collections.abc import Sequence

from routes.model import BorderMeasurement, Claim, ClaimCheck

#: A computed value within this share of the claimed one "agrees" with it.
AGREEMENT = 0.10


def check(claim: Claim, *, border: BorderMeasurement | None,
          readings: Sequence[BorderMeasurement] = ()) -> ClaimCheck:
    """Set a claim beside what was measured for the same thing: a distance to ``border``, with
    every other reading of it (``readings``: other views, the land border, the coast)."""
    computed = _computed_km(claim, border)
    if claim.kind != "distance" or claim.claimed_km is None or computed is None:
        return ClaimCheck(claim, computed, None, None, None, _unchecked(claim))
    diff = computed - claim.claimed_km
    pct = 100 * diff / claim.claimed_km if claim.claimed_km else 0.0
    agrees = abs(diff) <= AGREEMENT * claim.claimed_km
    border = border if claim.about.startswith("border") else None
    shown = tuple((_reading_label(r), r.distance_km) for r in readings) if border else ()
    return ClaimCheck(claim, computed, diff, pct, agrees, _sentence(claim, computed, diff, pct, agrees, border,
                                                                     shown), shown)


def _computed_km(claim: Claim, border: BorderMeasurement | None) -> float | None:
    """What was measured for the thing ``claim`` measures, if anything."""
    if border is not None and claim.about == f"border:{border.country_code}":
        return border.distance_km
    return None


def _sentence(claim: Claim, computed: float, diff: float, pct: float, agrees: bool,
              border: BorderMeasurement | None, readings: tuple[tuple[str, float], ...]) -> str:
    what = (f"the shortest distance from {border.from_name} to the border of {border.country_name} "
            f"({border.view}, {border.boundary})") if border else "the computed distance"
    if agrees:
        return (f"The article's “{claim.text}” agrees with {what}: {computed:,.0f} km "
                f"({pct:+.0f}%).")
    more_less = "more" if diff > 0 else "less"
    text = (f"The article says “{claim.text}”; {what} is {computed:,.0f} km, "
            f"{abs(diff):,.0f} km ({abs(pct):.0f}%) {more_less}.")
    if readings:
        close = [(w, km) for w, km in readings if abs(km - (claim.claimed_km or 0)) <= AGREEMENT * (claim.claimed_km or 1)]
        if close:
            text += " Readings within 10% of the article's figure: " + "; ".join(
                f"{w}: {km:,.0f} km" for w, km in close) + "."
        else:
            span = f"{min(km for _, km in readings):,.0f}–{max(km for _, km in readings):,.0f} km"
            text += (f" None of the readings this tool can compute (other boundary views, the land border, the coast:"
                     f" {span}) is within 10% of it; the article's figure may measure something else"
                     " (a road distance, a front line, another point).")
    return text


def _unchecked(claim: Claim) -> str:
    if claim.kind == "distance":
        return f"The article says “{claim.text}”; the tool does not know what it measures from, so it is not checked."
    return f"The article says “{claim.text}” ({claim.kind}); not checkable from the map."


def _reading_label(r: BorderMeasurement) -> str:
    return f"{r.part}, {r.view}"


