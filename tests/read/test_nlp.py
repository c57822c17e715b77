"""Recognition and resolution on short texts, one language at a time."""

from __future__ import annotations

import pytest

from routes.model import Article
from routes.read.places import find_places


def _found(text: str, language: str) -> dict[str, tuple[str | None, str]]:
    return {pm.mention.surface: (pm.place.country_code, pm.place.feature)
            for pm in find_places(Article(text, language=language))}


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "Russian warships left Vladivostok for Busan, South Korea, last week.",
     {"Russian": ("RU", "country"), "Vladivostok": ("RU", "town"), "Busan": ("KR", "town"),
      "South Korea": ("KR", "country")}),
    ("fr", "Le cargo a quitté Najin, en Corée du Nord, pour Dunay, en Russie.",
     {"Najin": ("KP", "town"), "Corée du Nord": ("KP", "country"), "Dunay": ("RU", "town"),
      "Russie": ("RU", "country")}),
    ("es", "El barco zarpó de Callao, en Perú, rumbo a Guayaquil.",
     {"Callao": ("PE", "town"), "Perú": ("PE", "country"), "Guayaquil": ("EC", "town")}),
    ("de", "Das Schiff fuhr von Rotterdam nach Danzig in Polen.",
     {"Rotterdam": ("NL", "town"), "Danzig": ("PL", "town"), "Polen": ("PL", "country")}),
    ("ru", "Поезд отправился из Новороссийска в Тихорецк, а затем в Москву.",
     {"Новороссийска": ("RU", "town"), "Тихорецк": ("RU", "town"), "Москву": ("RU", "town")}),
])
def test_each_language_is_recognised(language: str, text: str, expected: dict) -> None:
    found = _found(text, language)
    for surface, want in expected.items():
        assert found.get(surface) == want, (surface, found)


def test_people_titles_months_and_acronyms_are_not_places() -> None:
    text = ("On Thursday, President Donald Trump met Kelly in March. NATO and CNN reported it. "
            "The police said Mr. Paris would return in May.")
    assert _found(text, "en") == {}


def test_georgia_follows_the_context() -> None:
    us = find_places(Article("The truck went from Atlanta, Georgia, to Savannah. Georgia's ports grew.", language="en"))
    assert {pm.place.feature for pm in us if pm.mention.surface == "Georgia"} == {"region"}
    caucasus = find_places(Article("Tbilisi said Georgia would protest to Moscow.", language="en"))
    assert next(pm.place for pm in caucasus if pm.mention.surface == "Georgia").feature == "country"


def test_paris_texas_and_washington_the_capital() -> None:
    found = {pm.mention.surface: pm.place for pm in find_places(
        Article("The cargo reached Paris, Texas, and officials in Washington were told.", language="en"))}
    assert found["Paris"].country_code == "US" and found["Texas"].feature == "region"
    assert found["Washington"].geonames_id == 4140963  # the capital, not the state


def test_regions_krais_and_oblasts() -> None:
    found = _found("Ammunition reached Krasnodar Krai and Rostov Oblast by rail.", "en")
    assert found["Krasnodar Krai"] == ("RU", "region") and found["Rostov Oblast"] == ("RU", "region")


def test_kremlin_and_white_house_are_not_towns() -> None:
    found = _found("The Kremlin denied it; the White House said the ship left Odesa.", "en")
    assert "Kremlin" not in found and "White House" not in found
    assert found["Odesa"] == ("UA", "town")


def test_iso_codes_count_only_with_their_country_named() -> None:
    assert "BA" not in _found("She holds a BA in history from a college in Ohio.", "en")
    found = _found("The U.S. and the UK sent ships; US officials said the United States would pay.", "en")
    assert found["U.S."] == found["US"] == ("US", "country") and found["UK"] == ("GB", "country")


def test_rejected_alternatives_are_kept() -> None:
    paris = next(pm.place for pm in find_places(Article("Trucks left Paris, Texas, at dawn.", language="en"))
                 if pm.mention.surface == "Paris")
    assert any(alt.country_code == "FR" for alt in paris.alternatives)
