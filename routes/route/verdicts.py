"""The article's figures set beside what the tool measured, each with a plain sentence.

A distance claim is compared with the measurement of what it describes: the border its
sentence names (``border:UA``), or the leg it tells (``leg:2``: the routed length). How it
holds depends on how it is said:

- "about 40 km", or a bare "40 km": the figure's own precision decides (a figure rounded to
  tens holds within ±5, "about 300 km" within ±50, "about 250 km" within ±25), and never
  less than :data:`MEASUREMENT_SHARE` of it, the part two honest measurements may differ by;
- "less than 60 km", "more than 2,500 km": a bound, which holds or not (with the same
  measurement margin).

When a border claim does not hold, the other readings of the same thing (other boundary
views, the land border alone, the coast alone) are listed, so a reader can see what the
article's figure may have measured, without inventing one. Counts and dates are kept, not
checked.
"""

from __future__ import annotations

from collections.abc import Sequence

from routes.model import BorderMeasurement, Claim, ClaimCheck, Leg, LegPlan

#: Two honest measurements of one distance may differ by this share (datasets, routes, points).
MEASUREMENT_SHARE = 0.05
#: Kilometres in each unit of distance.
KM_PER_UNIT = {"km": 1.0, "mi": 1.609344, "nmi": 1.852}


def check(claim: Claim, *, border: BorderMeasurement | None, readings: Sequence[BorderMeasurement] = (),
          legs: Sequence[Leg] = (), plans: Sequence[LegPlan] = ()) -> ClaimCheck:
    """Set a claim beside what was measured for the same thing: a distance to ``border`` (with every other
    reading of it: other views, the land border, the coast), or the length of the leg it tells (``plans``
    are the itinerary's legs, which ``leg:N`` counts; ``legs`` the ones routed)."""
    computed, what = _measured(claim, border, legs, plans)
    if claim.kind != "distance" or claim.claimed_km is None or computed is None:
        return ClaimCheck(claim, computed, None, None, None, _unchecked(claim))
    diff = computed - claim.claimed_km
    pct = 100 * diff / claim.claimed_km if claim.claimed_km else 0.0
    agrees = holds(claim, computed)
    border = border if claim.about.startswith("border") else None
    shown = tuple((f"{r.part}, {r.view}", r.distance_km) for r in readings) if border else ()
    return ClaimCheck(claim, computed, diff, pct, agrees,
                      _sentence(claim, computed, diff, pct, agrees, what, shown), shown)


def tolerance_km(claim: Claim) -> float:
    """How far from an "about" or bare figure a measurement may be and agree with it, km.

    Examples
    --------
    >>> tolerance_km(Claim("about 40 km", "", claimed_km=40.0, value=40.0, unit="km"))
    5.0
    >>> tolerance_km(Claim("environ 290 kilomètres", "", claimed_km=290.0, value=290.0, unit="kilomètres"))
    14.5
    """
    claimed = claim.claimed_km or 0.0
    value = claim.value if claim.value is not None else claimed
    per_unit = claimed / value if value else 1.0
    return max(precision(value) / 2 * per_unit, MEASUREMENT_SHARE * claimed)


def precision(value: float) -> float:
    """The step a figure is rounded to: 290 to 10, 300 to 100, 250 to 50, 6000 to 1000, 2.5 to 0.1.

    Examples
    --------
    >>> precision(290), precision(300), precision(250), precision(37), precision(2.5)
    (10, 100, 50, 1, 0.1)
    """
    if value != int(value):
        decimals = len(repr(float(value)).split(".")[1].rstrip("0"))
        return round(10 ** -decimals, decimals)
    n, step = int(value), 1
    while n and n % 10 == 0:
        n //= 10
        step *= 10
    return step * 5 if n % 10 == 5 and step > 1 else step


def holds(claim: Claim, computed: float) -> bool:
    """Whether a measurement bears the claim out: within :func:`tolerance_km` of it, or on the right side of a bound."""
    claimed = claim.claimed_km or 0.0
    if claim.qualifier == "less than":
        return computed <= claimed * (1 + MEASUREMENT_SHARE)
    if claim.qualifier == "more than":
        return computed >= claimed * (1 - MEASUREMENT_SHARE)
    return abs(computed - claimed) <= tolerance_km(claim)


def _measured(claim: Claim, border: BorderMeasurement | None, legs: Sequence[Leg],
              plans: Sequence[LegPlan]) -> tuple[float | None, str]:
    """What was measured for the thing ``claim`` measures, if anything, and in words."""
    if border is not None and claim.about == f"border:{border.country_code}":
        return border.distance_km, (f"the shortest distance from {border.from_name} to the border of "
                                    f"{border.country_name} ({border.view}, {border.boundary})")
    if claim.about.startswith("leg:"):
        number = int(claim.about[4:])
        plan = plans[number - 1] if 0 < number <= len(plans) else None
        leg = next((leg for leg in legs if leg.plan == plan), None)
        if leg is not None:
            how = "in a straight line" if leg.drawn_as == "direct" else f"along the route ({leg.network})"
            return leg.length_km, (f"the {leg.plan.mode} leg from {leg.plan.origin.name} to "
                                   f"{leg.plan.destination.name}, {how},")
    return None, ""


def _sentence(claim: Claim, computed: float, diff: float, pct: float, agrees: bool, what: str,
              readings: tuple[tuple[str, float], ...]) -> str:
    if claim.qualifier in ("less than", "more than"):
        verb = "holds" if agrees else "does not hold"
        return f"The article says “{claim.text}”; {what} is {computed:,.0f} km: the bound {verb}."
    if agrees:
        return (f"The article's “{claim.text}” agrees with {what}: {computed:,.0f} km "
                f"({pct:+.0f}%, within the figure's precision of ±{tolerance_km(claim):,.0f} km).")
    more_less = "more" if diff > 0 else "less"
    text = (f"The article says “{claim.text}”; {what} is {computed:,.0f} km, "
            f"{abs(diff):,.0f} km ({abs(pct):.0f}%) {more_less}.")
    if readings:
        close = [(w, km) for w, km in readings if holds(claim, km)]
        if close:
            text += " Readings that agree with the article's figure: " + "; ".join(
                f"{w}: {km:,.0f} km" for w, km in close) + "."
        else:
            span = f"{min(km for _, km in readings):,.0f}–{max(km for _, km in readings):,.0f} km"
            text += (f" None of the readings this tool can compute (other boundary views, the land border, the coast:"
                     f" {span}) is within ±{tolerance_km(claim):,.0f} km of it; the article's figure may measure "
                     "something else (a road distance, a front line, another point).")
    return text


def _unchecked(claim: Claim) -> str:
    if claim.kind == "distance":
        return f"The article says “{claim.text}”; the tool does not know what it measures from, so it is not checked."
    return f"The article says “{claim.text}” ({claim.kind}); not checkable from the map."
