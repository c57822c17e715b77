"""The journey player's pacing: a leg's share of the playback is its share of the journey's days
(when the article dates every leg) or km, checked against values worked out by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

import routes
from routes.model import LegTime
from routes.show.playback import along, pacing, point_at, position, shares


def _timed(analysis: routes.Analysis, *times: LegTime) -> routes.Analysis:
    return replace(analysis, times=times)


def test_shares_of_the_playback_are_shares_of_the_amounts() -> None:
    assert shares([1, 3]) == [(0.0, 0.25), (0.25, 1.0)]
    assert shares([207, 19_293]) == [(0.0, pytest.approx(0.010615, abs=1e-6)), (pytest.approx(0.010615, abs=1e-6), 1.0)]
    assert shares([0, 0]) == [(0.0, 0.5), (0.5, 1.0)]  # nothing to pace by: equal


def test_an_undated_journey_is_paced_by_distance(first_analysis: routes.Analysis) -> None:
    # the first article dates the sea leg only: the playback goes by km
    sea, rail = first_analysis.legs
    p = pacing(first_analysis)
    assert (p.basis, p.unit) == ("distance", "km")
    assert p.total == pytest.approx(sea.length_km + rail.length_km)
    # 193.391 km of 10,110.171 km (the routed lengths): 1.913 % of the playback
    assert sea.length_km == pytest.approx(193.391, abs=0.01) and rail.length_km == pytest.approx(9916.78, abs=0.01)
    assert p.legs[0].end == pytest.approx(0.019128, abs=1e-5) == p.legs[1].start
    assert p.legs[1].offset == pytest.approx(193.391, abs=0.01)
    assert "distance" in p.sentence and "does not date every leg" in p.sentence
    # half the playback: the rail leg, (0.5 − 0.019128) / 0.980872 = 0.49025 of the way along it
    leg, done = position(p, 0.5)
    assert leg == 1 and done == pytest.approx(0.49025, abs=1e-4)
    assert position(p, 0.0) == (0, 0.0) and position(p, 1.0) == (1, 1.0)


def test_a_journey_dated_leg_by_leg_is_paced_by_its_days(first_analysis: routes.Analysis) -> None:
    sea = LegTime(dt.date(2023, 9, 7), dt.date(2023, 9, 10), 0.4, 22.2, None, span_days=4)
    rail = LegTime(dt.date(2023, 9, 12), dt.date(2023, 9, 23), 10.3, 40.0, None, span_days=12)
    p = pacing(_timed(first_analysis, sea, rail))
    # 4 days and 12 days: the short sea leg takes a quarter of the playback, whatever its km
    assert (p.basis, p.unit, p.total) == ("dates", "days", 16.0)
    assert [(leg.start, leg.end) for leg in p.legs] == [(0.0, 0.25), (0.25, 1.0)]
    assert p.legs[1].first_day == dt.date(2023, 9, 12) and p.legs[1].amount == 12
    assert position(p, 0.625) == (1, 0.5)
    assert "dates" in p.sentence and "16 days" in p.sentence
    # day and month only (no year): the days the dates span still pace it
    undated = [replace(sea, start=None, end=None), replace(rail, start=None, end=None, span_days=4)]
    p = pacing(_timed(first_analysis, *undated))
    assert p.basis == "dates" and [leg.end for leg in p.legs] == [0.5, 1.0] and p.legs[0].first_day is None


def test_the_marker_moves_evenly_along_a_leg() -> None:
    # three points on the equator, 1° then 3° apart: a quarter and the whole of the length
    line = [(0.0, 0.0), (1.0, 0.0), (4.0, 0.0)]
    reached = along(line)
    assert reached == pytest.approx((0.0, 0.25, 1.0))
    assert point_at(line, reached, 0.625) == pytest.approx((2.5, 0.0))
    assert point_at(line, reached, 0.0) == (0.0, 0.0) and point_at(line, reached, 1.0) == (4.0, 0.0)
