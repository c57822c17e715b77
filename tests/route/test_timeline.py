from __future__ import annotations

import datetime as dt

import pytest

import routes
from routes import settings
from routes.model import ViewOptions
from routes.route.timeline import leg_time


def test_dates_wait_for_a_year(first_analysis: routes.Analysis) -> None:
    sea = first_analysis.legs[0]
    assert first_analysis.article.year is None
    timing = leg_time(sea, None)
    assert (timing.start, timing.end) == (None, None)
    assert timing.implied_kmh == pytest.approx(sea.length_km / (25 * 24))  # 7 Sept to 1 Oct: 25 days
    dated = routes.for_view(first_analysis, ViewOptions(year=2023))
    assert leg_time(dated.legs[0], dated.article.year).start == dt.date(2023, 9, 7)
    legs = [f["properties"] for f in routes.to_geojson(dated)["features"] if f["properties"]["kind"] == "leg"]
    assert (legs[0]["start_date"], legs[0]["end_date"]) == ("2023-09-07", "2023-10-01")


def test_year_from_the_article_metadata() -> None:
    html = ('<html><head><meta property="article:published_time" content="2023-10-14T08:00:00Z"></head><body>'
            "<p>Les conteneurs ont été transportés de Najin à Dunay par cargo entre le 7 septembre et le 1er "
            "octobre.</p></body></html>")
    analysis = routes.analyze(html.encode(), name="a.html")
    assert analysis.article.year == 2023
    assert leg_time(analysis.legs[0], 2023).end == dt.date(2023, 10, 1)


def test_travel_days_follow_the_speed_setting(first_analysis: routes.Analysis, monkeypatch: pytest.MonkeyPatch) -> None:
    sea = first_analysis.legs[0]
    monkeypatch.setattr(settings, "speed_knots", 10.0)
    assert leg_time(sea, None).travel_days == pytest.approx(sea.length_km / 18.52 / 24)
    assert "10 knots" in leg_time(sea, None).sentence


def test_implied_speed_is_explained_when_dates_span_more_than_a_trip(first_analysis: routes.Analysis) -> None:
    text = first_analysis.times[0].sentence
    assert "25 days" in text and "more than one trip" in text
