from __future__ import annotations

import routes
from routes.read.article import read_article
from routes.read.itinerary import plan_itinerary
from routes.read.places import find_places


def plan(text: str) -> routes.Itinerary:
    article = read_article(text)
    return plan_itinerary(find_places(article), article.text, article.language)


def test_first_article_gives_a_sea_leg_then_a_rail_leg(first_analysis: routes.Analysis) -> None:
    legs = first_analysis.itinerary.legs
    assert [(leg.mode, leg.origin.place.geonames_id, leg.destination.place.geonames_id) for leg in legs] == [
        ("sea", 2042645, 2024800), ("rail", 2024800, 483029)]
    sea, rail = legs
    assert sea.mode_word == "cargo" and "transportés de Najin" in sea.sentence
    assert rail.mode_word == "train" and "acheminés par train" in rail.sentence
    assert rail.destination.label == "dépôt de munitions près de Tikhoretsk"
    assert sea.dates is not None and (sea.dates.start, sea.dates.end) == ("--09-07", "--10-01")


def test_first_article_names_the_ukrainian_border_and_290_km(first_analysis: routes.Analysis) -> None:
    border = first_analysis.itinerary.border
    assert border is not None and border.country_code == "UA"
    assert border.stop.place.geonames_id == 483029
    claims = [c for c in first_analysis.itinerary.claims if c.about == "border:UA"]
    assert [(c.text, c.claimed_km) for c in claims] == [("environ 290 kilomètres", 290.0)]


def test_english_journey_with_port_of_and_near() -> None:
    it = plan("The containers were shipped from Najin, North Korea, to the port of Dunay in Russia between "
              "September 7 and October 1. They were then moved by train to a depot near Tikhoretsk, "
              "about 180 miles from the border with Ukraine.")
    assert [(leg.mode, leg.origin.label, leg.destination.label) for leg in it.legs] == [
        ("sea", "Najin", "Dunay"), ("rail", "Dunay", "depot near Tikhoretsk")]
    assert it.legs[0].dates is not None and it.legs[0].dates.end == "--10-01"
    assert it.border is not None and it.border.country_code == "UA"
    (distance,) = [c for c in it.claims if c.kind == "distance"]
    assert (distance.about, round(distance.claimed_km or 0)) == ("border:UA", 290)  # 180 miles


def test_each_leg_takes_the_mode_word_before_it() -> None:
    it = plan("Arms were flown from Tehran to Moscow, then trucked to Kursk.")
    assert [(leg.mode, leg.origin.label, leg.destination.label) for leg in it.legs] == [
        ("air", "Tehran", "Moscow"), ("road", "Moscow", "Kursk")]


def test_french_genitive_is_not_an_origin() -> None:
    it = plan("Les camions sont partis de Vladivostok vers le port de Nakhodka.")
    assert [(leg.origin.label, leg.destination.label) for leg in it.legs] == [("Vladivostok", "Nakhodka")]


def test_text_with_places_but_no_journey_has_no_legs() -> None:
    it = plan("Le président s'est rendu à Moscou puis a parlé de la Russie.")
    assert it.legs == () and it.border is None


def test_analysis_without_journey_warns_instead_of_failing() -> None:
    analysis = routes.analyze("Moscou et Pyongyang ont démenti ces accusations.")
    assert analysis.legs == ()
    assert any("no journey" in w for w in analysis.warnings)


def test_spanish_german_journeys() -> None:
    es = plan("Los contenedores fueron enviados en barco desde Najin hasta Dunay, y luego en tren hasta Tijoretsk.")
    de = plan("Die Container wurden per Schiff von Najin nach Dunay gebracht und dann mit dem Zug nach Tichorezk.")
    for it in (es, de):
        assert [(leg.mode, leg.origin.place.geonames_id, leg.destination.place.geonames_id) for leg in it.legs] == [
            ("sea", 2042645, 2024800), ("rail", 2024800, 483029)]


def test_verbs_of_leaving_and_arriving_and_the_border_named_by_its_adjective() -> None:
    it = plan("The cargo ship left Tartus in Syria on May 3 and reached Novorossiysk a week later. From there "
              "the containers travelled by rail to Rostov-on-Don, about 170 miles from the Ukrainian border.")
    assert [(leg.mode, leg.origin.place.name, leg.destination.place.name) for leg in it.legs] == [
        ("sea", "Ţarţūs", "Novorossiysk"), ("rail", "Novorossiysk", "Rostov-on-Don")]
    assert it.border is not None and it.border.country_code == "UA"
    assert [c.about for c in it.claims if c.kind == "distance"] == ["border:UA"]


def test_a_city_before_its_namesake_region_and_transport_words_are_not_places() -> None:
    """Hamburg is a city and a German state; "Zug" is a train in German and a Swiss town."""
    article = read_article("Das Schiff fuhr von Hamburg nach Sankt Petersburg. "
                           "Von dort wurde die Ladung mit dem Zug nach Moskau gebracht.")
    places = find_places(article)
    assert "Zug" not in [pm.mention.surface for pm in places]
    it = plan_itinerary(places, article.text, article.language)
    assert [(leg.mode, leg.origin.place.name, leg.destination.place.name) for leg in it.legs] == [
        ("sea", "Hamburg", "Saint Petersburg"), ("rail", "Saint Petersburg", "Moscow")]


def test_loaded_at_is_where_a_leg_starts_and_sailing_is_by_sea() -> None:
    it = plan("The munitions were loaded at Rajin and shipped to Vladivostok, then sent by rail to Bryansk.")
    assert [(leg.mode, leg.origin.place.name, leg.destination.place.name) for leg in it.legs] == [
        ("sea", "Rajin", "Vladivostok"), ("rail", "Vladivostok", "Bryansk")]
    it = plan("The vessel left Odesa on Monday, sailing to Istanbul.")
    assert [(leg.mode, leg.destination.place.name) for leg in it.legs] == [("sea", "Istanbul")]


def test_a_region_named_as_the_place_is_a_stop_but_not_one_in_apposition() -> None:
    """ "by rail to a depot in Bryansk Oblast": the oblast is where the leg ends (at its middle,
    which the routed leg says); "to Dunay, in Primorsky Krai": the krai only says where Dunay is."""
    from routes.route.legs import _area_notes

    it = plan("The shells left Rajin by ship for Vostochny port, in Russia, then went by rail "
              "to a depot in Bryansk Oblast, near the Ukrainian border.")
    assert [(leg.mode, leg.destination.label, leg.destination.place.feature) for leg in it.legs] == [
        ("sea", "Vostochny", "town"), ("rail", "Bryansk Oblast", "region")]
    assert any("Bryansk Oblast is a region" in note for note in _area_notes(it.legs[1]))
    it = plan("The ship sailed from Najin to Dunay, in Primorsky Krai, in September.")
    assert [(leg.origin.label, leg.destination.label) for leg in it.legs] == [("Najin", "Dunay")]
