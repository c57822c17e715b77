"""Claims as a table: each way an article states a distance, read from its words, then set beside
measurements on each side of where it stops holding. Every boundary is hand-computed from the
figure's precision (a figure rounded to tens holds within ±5 of its unit, "about 300" within ±50),
the 5% two honest measurements may differ by, and the units' definitions (1 mi = 1.609344 km,
1 nmi = 1.852 km); none is taken from the code under test.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routes.model import Claim
from routes.read.claims import extract_claims
from routes.route.verdicts import holds


def claim_of(sentence: str, language: str) -> Claim:
    (claim,) = [c for c in extract_claims([(0, sentence)], language) if c.kind == "distance"]
    return claim


@pytest.mark.parametrize(("sentence", "language", "qualifier", "km", "agree", "disagree"), [
    # about: the figure's precision (tens: ±5 km), at least 5%
    ("The depot lies about 40 km from the border.", "en", "about", 40.0, [35.4, 44.6], [34.6, 45.4]),
    ("El depósito está a unos 40 km de la frontera.", "es", "about", 40.0, [35.4, 44.6], [34.6, 45.4]),
    ("Das Lager liegt rund 40 Kilometer von der Grenze.", "de", "about", 40.0, [35.4, 44.6], [34.6, 45.4]),
    # tens, but 5% of 290 is more: ±14.5 km
    ("Le dépôt est à environ 290 kilomètres de la frontière.", "fr", "about", 290.0, [275.6, 304.4],
     [275.4, 304.6]),
    # hundreds: ±50 km
    ("The camp is about 300 km from the border.", "en", "about", 300.0, [250.5, 349.5], [249.5, 350.5]),
    # a bare figure rounded to fifties: ±25 km
    ("The base is 250 km from the border.", "en", "", 250.0, [225.5, 274.5], [224.5, 275.5]),
    # miles: ±5 mi is 8.05 km, 5% of 289.68 km is 14.48 km
    ("The port is about 180 miles from the border.", "en", "about", 289.68192, [275.3, 304.1], [275.1, 304.3]),
    # bounds, with the 5% margin: less than 100 km holds up to 105 km
    ("Рота стоит менее чем в 100 километрах от границы.", "ru", "less than", 100.0, [3.0, 104.9], [105.1, 400.0]),
    ("The yard is less than 60 nautical miles from the border.", "en", "less than", 111.12, [20.0, 116.6],
     [116.7]),
    ("The line runs more than 2,500 km from the border.", "en", "more than", 2500.0, [2375.5, 9000.0],
     [2374.5, 100.0]),
])
def test_a_claim_holds_on_one_side_of_its_bounds_only(sentence: str, language: str, qualifier: str, km: float,
                                                     agree: list[float], disagree: list[float]) -> None:
    claim = claim_of(sentence, language)
    assert claim.qualifier == qualifier and claim.claimed_km == pytest.approx(km, abs=1e-3)
    assert [holds(claim, x) for x in agree] == [True] * len(agree)
    assert [holds(claim, x) for x in disagree] == [False] * len(disagree)


ABOUT_40 = Claim("about 40 km", "", claimed_km=40.0, value=40.0, unit="km", qualifier="about")
UNDER_60 = Claim("less than 60 km", "", claimed_km=60.0, value=60.0, unit="km", qualifier="less than")
OVER_60 = Claim("more than 60 km", "", claimed_km=60.0, value=60.0, unit="km", qualifier="more than")
measured = st.floats(min_value=0.0, max_value=20_000.0, allow_nan=False)


@settings(derandomize=True, max_examples=200)
@given(measured, measured)
def test_a_verdict_is_monotonic_in_the_measurement(a: float, b: float) -> None:
    """A bound that holds for a measurement holds for any closer to its side; "about" holds on one interval."""
    low, high = sorted((a, b))
    if holds(UNDER_60, high):
        assert holds(UNDER_60, low)
    if holds(OVER_60, low):
        assert holds(OVER_60, high)
    if holds(ABOUT_40, low) and holds(ABOUT_40, high):
        assert holds(ABOUT_40, (low + high) / 2)
