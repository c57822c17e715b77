from __future__ import annotations

import pytest

import routes
from routes.read.claims import extract_claims
from routes.route.border import border_readings, distance_to_border
from routes.route.verdicts import check


def kinds(sentence: str, language: str = "fr") -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in extract_claims([(0, sentence)], language)]


def test_french_claims() -> None:
    assert kinds("La Corée du Nord a fourni plus de 1 000 conteneurs entre le 7 septembre et le 1er octobre, "
                 "à environ 290 kilomètres de la frontière.") == [
        ("count", "plus de 1 000 conteneurs"),
        ("date range", "entre le 7 septembre et le 1er octobre"),
        ("distance", "environ 290 kilomètres")]


def test_english_claims_and_miles() -> None:
    claims = extract_claims([(0, "More than 1,000 containers moved between September 7 and October 1 to a depot "
                                  "about 180 miles from the border, officials said on October 13.")], "en")
    assert [(c.kind, c.text) for c in claims] == [
        ("count", "More than 1,000 containers"), ("date range", "between September 7 and October 1"),
        ("distance", "about 180 miles"), ("date", "on October 13")]
    distance = claims[2]
    assert (distance.value, distance.unit, distance.about) == (180, "miles", "border")
    assert distance.claimed_km == pytest.approx(289.68, abs=0.01)
    assert claims[0].value == 1000


def test_years_and_durations_are_not_counts() -> None:
    assert kinds("En 2023, la visite de six jours a duré 6 jours.") == []


def test_first_article_claim_is_set_beside_the_border(first_analysis: routes.Analysis) -> None:
    (claim,) = [c for c in first_analysis.itinerary.claims if c.kind == "distance"]
    result = check(claim, border=first_analysis.border, readings=first_analysis.border_readings)
    assert result.computed_km == pytest.approx(first_analysis.border.distance_km)
    assert result.difference_km == pytest.approx(result.computed_km - 290)
    assert result.agrees is False
    assert "290 kilomètres" in result.sentence and "Tikhoretsk" in result.sentence
    assert "internationally recognised" in result.sentence
    assert len(result.readings) == 6  # two views × (whole border, land border, coast)


def test_border_measurement_says_view_dataset_kind_and_where(first_analysis: routes.Analysis) -> None:
    b = first_analysis.border
    assert b is not None
    assert b.view == "internationally recognised borders" and "v5.1.1" in b.boundary
    assert b.border_kind in {"land border", "coastline"}
    assert b.near.endswith("(UA)")


def test_views_disagree_on_crimea() -> None:
    simferopol = (34.1, 44.95)
    recognised = distance_to_border(simferopol, "UA")
    de_facto = distance_to_border(simferopol, "UA", view="de_facto")
    assert recognised.distance_km < 60  # inside Ukraine, near its (Crimean) coast
    assert de_facto.distance_km > 100  # the de facto border is at Perekop, to the north
    assert de_facto.view == "de facto control" and "v4.1.0" in de_facto.boundary


def test_land_border_and_coast_are_told_apart() -> None:
    readings = {r.part: r for r in border_readings((40.11874, 45.85307), "UA")[:3]}
    assert readings["land border"].border_kind == "land border"
    assert readings["coastline"].border_kind == "coastline"
    assert readings["land border"].distance_km >= readings["border (land or coast)"].distance_km


def test_unknown_view_is_a_clear_error() -> None:
    with pytest.raises(routes.BorderError, match="No boundary view 'nope'"):
        distance_to_border((40.1, 45.8), "UA", view="nope")


def test_article_with_no_border_and_no_dates() -> None:
    analysis = routes.analyze("Les conteneurs ont été transportés de Najin à Dunay par cargo.")
    assert analysis.border is None and analysis.border_readings == ()
    assert analysis.legs[0].plan.dates is None
    assert routes.to_geojson(analysis)["features"]  # and the export still works
