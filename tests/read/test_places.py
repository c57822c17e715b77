from __future__ import annotations

import re

from pyproj import Geod

import routes
from routes.read.article import read_article
from routes.read.places import find_places

GEOD = Geod(ellps="WGS84")

# name in the article -> (GeoNames id, lon, lat of the GeoNames point)
EXPECTED = {
    "Najin": (2042645, 130.28308, 42.25559),
    "Dunay": (2024800, 132.33542, 42.87879),
    "Tikhoretsk": (483029, 40.11874, 45.85307),
    "Washington": (4140963, -77.03637, 38.89511),
    "Moscou": (524901, 37.61781, 55.75204),
    "Pyongyang": (1871859, 125.75432, 39.03385),
    "Corée du Nord": (1873107, 127.0, 40.0),
    "Russie": (2017370, 100.0, 60.0),
    "Ukraine": (690791, 32.0, 49.0),
    "États-Unis": (6252001, None, None),  # GeoNames 39.76 N 98.5 W; the Factbook's point is 215 km away
}


def test_first_article_places_resolve_to_their_geonames_ids(first_analysis: routes.Analysis) -> None:
    found = {pm.mention.surface: pm.place for pm in first_analysis.places}
    for surface, (gid, lon, lat) in EXPECTED.items():
        assert surface in found, f"{surface} was not found"
        assert found[surface].geonames_id == gid, (surface, found[surface])
        if lon is not None:
            km = GEOD.inv(lon, lat, found[surface].lon, found[surface].lat)[2] / 1000
            assert km < 10, (surface, km)


def test_institutions_and_people_are_not_drawn_as_towns(first_analysis: routes.Analysis) -> None:
    surfaces = " ".join(pm.mention.surface for pm in first_analysis.places)
    for word in ("Maison", "Blanche", "Kremlin", "Nations", "Kirby", "Poutine", "Kim", "AFP", "Lien", "Angara"):
        assert word not in surfaces


def test_spans_are_offsets_into_the_text(first_analysis: routes.Analysis) -> None:
    text = first_analysis.article.text
    assert first_analysis.places
    for pm in first_analysis.places:
        assert text[pm.mention.start:pm.mention.end] == pm.mention.surface
        assert pm.mention.surface in pm.mention.sentence


def test_countries_are_countries(first_analysis: routes.Analysis) -> None:
    kinds = {pm.mention.surface: pm.place.feature for pm in first_analysis.places}
    assert kinds["Russie"] == kinds["Ukraine"] == kinds["Corée du Nord"] == "country"
    assert kinds["Dunay"] == "town"


def test_namesakes_keep_their_alternatives(first_analysis: routes.Analysis) -> None:
    washington = next(pm.place for pm in first_analysis.places if pm.mention.surface == "Washington")
    assert washington.alternatives, "the other Washingtons should be kept for the app to offer"
    assert all(alt.geonames_id != washington.geonames_id for alt in washington.alternatives)


def test_apposition_chooses_the_country() -> None:
    places = find_places(read_article("Les camions sont arrivés à Alexandria, en Roumanie, puis à Bucarest."))
    alexandria = next(pm.place for pm in places if pm.mention.surface == "Alexandria")
    assert alexandria.country_code == "RO"  # not the Egyptian city, forty times bigger
    assert any(alt.country_code == "EG" for alt in alexandria.alternatives)


def test_a_town_named_with_its_article_is_kept() -> None:
    places = find_places(read_article("Le navire a quitté Le Havre pour New York."))
    assert [pm.place.name for pm in places] == ["Le Havre", "New York City"]


def test_english_text_is_recognised_from_the_gazetteer() -> None:
    places = find_places(read_article("The freighter sailed from Vladivostok to Busan, South Korea, last week."))
    assert [pm.place.geonames_id for pm in places][:2] == [2013348, 1838524]


def test_a_country_code_counts_only_in_capitals() -> None:
    """ "US" and "U.S." are codes; "Md." and "Ga." (US states, AP style) are not Moldova and Gabon."""
    from routes.read.places import resolve_spans

    text = "Officials in Baltimore, Md., and Atlanta, Ga., met U.S. envoys from the US embassy."
    article = read_article(text)
    spans = [(m.start(), m.end()) for m in (re.search(r"Md\.", text), re.search(r"Ga\.", text),
                                            re.search(r"U\.S\.", text), re.search(r"\bUS\b", text))]
    md, ga, us_dotted, us = resolve_spans(article, spans)
    assert all(pm is None or pm.place.country_code == "US" for pm in (md, ga))
    assert us_dotted is not None and us_dotted.place.country_code == "US" and us_dotted.place.feature == "country"
    assert us is not None and us.place.country_code == "US"


def test_a_region_named_with_generic_words_needs_its_country() -> None:
    """ "West" is a region of Cameroon and "Gulf" one of Papua New Guinea: not in a text about neither."""
    from routes.read.places import resolve_spans

    text = "Storms hit the West and the Gulf, and the West Coast braced for more."
    spans = [(m.start(), m.end()) for m in re.finditer(r"West Coast|West|Gulf", text)]
    for pm in resolve_spans(read_article(text), spans):
        assert pm is None or pm.place.feature != "region", pm
    text = "In Cameroon, the West region voted on Sunday."
    _, west = resolve_spans(read_article(text), [(3, 11), (text.index("West"), text.index("West") + 4)])
    assert west is not None and west.place.feature == "region" and west.place.country_code == "CM"


def test_a_capital_by_another_of_its_names_does_not_outrank_the_town_so_called() -> None:
    """GeoNames calls Washington, Pennsylvania, also "Liverpool": the capital's bonus is the capital's alone."""
    from routes.read.places import resolve_spans

    text = "Fans from Pittsburgh flew to Liverpool for the match."  # Washington, Pennsylvania is near Pittsburgh
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Pittsburgh", "Liverpool")]
    _, liverpool = resolve_spans(read_article(text), spans)
    assert liverpool is not None and liverpool.place.country_code == "GB"
    text = "Officials in Washington said so on Monday."
    (washington,) = resolve_spans(read_article(text), [(text.index("Washington"), text.index("Washington") + 10)])
    assert washington is not None and washington.place.name == "Washington" and washington.place.feature == "town"


def test_a_place_by_its_own_name_before_its_country_by_another() -> None:
    """GeoNames lists "England" and "Tunis" among the names of the United Kingdom and Tunisia."""
    from routes.read.places import resolve_spans

    text = "The match in England was moved; the minister flew to Tunis."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("England", "Tunis")]
    england, tunis = resolve_spans(read_article(text), spans)
    assert england is not None and (england.place.name, england.place.feature) == ("England", "region")
    assert tunis is not None and (tunis.place.name, tunis.place.feature) == ("Tunis", "town")
    text = "Trade between Mexico and Canada grew."
    mexico, _ = resolve_spans(read_article(text), [(14, 20), (25, 31)])
    assert mexico is not None and mexico.place.feature == "country"  # the country by its own name


def test_a_direction_is_not_a_town_by_another_name() -> None:
    """ "North Korean": "North" is an alternate name of North Salt Lake and a region of Cameroon."""
    article = read_article("North Korean munitions were loaded at Rajin and shipped to the east.")
    found = [(pm.mention.surface, pm.place.country_code, pm.place.feature) for pm in find_places(article)]
    assert found == [("North Korean", "KP", "country"), ("Rajin", "KP", "town")]  # a demonym, as "Syrian" is


def test_a_port_of_the_unlocode_list_where_the_article_says_port() -> None:
    """Vostochny, the port near Nakhodka, is no GeoNames town (a Vostochny in the Caucasus is)."""
    text = "The munitions were loaded at Rajin and shipped to Vostochny port, in Russia."
    vostochny = next(pm for pm in find_places(read_article(text)) if pm.mention.surface == "Vostochny")
    assert vostochny.place.country_code == "RU" and abs(vostochny.place.lon - 133.05) < 0.1
    text = "The munitions were loaded at Rajin and shipped to the port of Vostochny, in Russia."
    assert any(abs(pm.place.lon - 133.05) < 0.1 for pm in find_places(read_article(text)))
    text = "Pearl Harbor and the Vostochny district of the town, in Russia."  # no port word beside it
    assert all(abs(pm.place.lon - 133.05) > 0.1 for pm in find_places(read_article(text)))


def test_counties_and_districts_are_places_of_their_own() -> None:
    """Second-level divisions (GeoNames ADM2): a county by its name, but not by a short form
    that a town or a surname bears, and a district named after its town means the town."""
    text = "Deputies in Orange County, California, and police in Kent, England, made arrests."
    places = {pm.mention.surface: pm.place for pm in find_places(read_article(text))}
    orange, kent = places["Orange County"], places["Kent"]
    assert (orange.feature, orange.geonames_id) == ("district", 5379524)  # GeoNames' Orange County, CA
    assert GEOD.inv(orange.lon, orange.lat, -117.77, 33.68)[2] < 30_000  # near GeoNames' point for it
    assert (kent.feature, kent.country_code) == ("district", "GB")
    text = "Fans drove to Orange, California, to hear Senator Johnson speak."
    places = {pm.mention.surface: pm.place for pm in find_places(read_article(text))}
    assert places["Orange"].feature == "town" and "Johnson" not in places
    text = "Floods hit Pune, in India, on Monday."  # Pune district is named after the city
    assert {pm.mention.surface: pm.place.feature for pm in find_places(read_article(text))}["Pune"] == "town"


def test_names_with_commas_and_the_european_union() -> None:
    """A marked span "Washington, D.C." is the capital; "European Union" is placed as "EU" is."""
    from routes.read.places import resolve_spans

    text = "Envoys met in Washington, D.C., and at the European Union."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Washington, D.C.", "European Union")]
    dc, eu = resolve_spans(read_article(text), spans)
    assert dc is not None and dc.place.geonames_id == 4140963
    assert eu is not None and eu.place.feature == "continent" and eu.place.name == "Europe"


def test_states_and_provinces_by_their_codes_and_news_abbreviations() -> None:
    """ "Santa Fe, N.M.", "Jackson, Miss.", "Vancouver, BC": a region by its ISO code where the
    article places something in its country, and a US state by its news-style abbreviation
    after a town and a comma; not "Miss. Smith", nor "HB 200" (a bill), nor a code elsewhere."""
    text = "The fire near Santa Fe, N.M., spread to Jackson, Miss., on Monday. Miss. Smith said HB 200 failed."
    found = [(pm.mention.surface, pm.place.name) for pm in find_places(read_article(text))]
    assert ("N.M.", "New Mexico") in found and ("Miss.", "Mississippi") in found
    assert [s for s, _ in found].count("Miss.") == 1 and "HB" not in [s for s, _ in found]
    found = [(pm.mention.surface, pm.place.name)
             for pm in find_places(read_article("Officials in Vancouver, BC, agreed."))]
    assert ("BC", "British Columbia") in found
    found = [(pm.mention.surface, pm.place.name)
             for pm in find_places(read_article("SEVERN, Md. (ABC7) — A man was held."))]
    assert ("Md.", "Maryland") in found  # the code, written as news style writes it
    text = "Officials in BC and N.M. said so."  # no place of either country: the codes say nothing
    assert find_places(read_article(text)) == ()


def test_words_of_direction_and_language_names_are_not_small_towns() -> None:
    """ "Middle East", "Western", "English" name towns in GeoNames (Middle East, Ohio; English,
    Indiana): such a town only by its own name and if big, or followed by its state."""
    from routes.read.places import resolve_spans

    text = "Leaders from the Middle East met English and Western diplomats in Cairo, Egypt, and in the US."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("Middle East", "English", "Western")]
    for pm in resolve_spans(read_article(text), spans):
        assert pm is None or pm.place.feature != "town", pm
    text = "A fertiliser plant exploded in West, Texas, on Wednesday."
    (west,) = resolve_spans(read_article(text), [(text.index("West"), text.index("West") + 4)])
    assert west is not None and (west.place.name, west.place.country_code) == ("West", "US")


def test_a_namesake_by_its_own_name_before_a_town_by_another() -> None:
    """GeoNames gives Dayton the other name "Venice": Venice by its own name comes first, but
    New York City (a city of millions) stays "New York" before the state of that name."""
    from routes.read.places import resolve_spans

    text = "Tourists crowded Venice and Rome this summer."
    (venice,) = resolve_spans(read_article(text), [(text.index("Venice"), text.index("Venice") + 6)])
    assert venice is not None and venice.place.name == "Venice"
    text = "Stocks fell in New York on Monday."
    (ny,) = resolve_spans(read_article(text), [(text.index("New York"), text.index("New York") + 8)])
    assert ny is not None and ny.place.feature == "town" and ny.place.population > 5_000_000


def test_a_sentence_s_first_word_is_not_part_of_the_name_after_it() -> None:
    """ "In Klamath Falls", "A Nenagh councillor": the capital of a sentence's first word does
    not make the town's name part of a longer one; a road number before a town is no first name."""
    found = [pm.mention.surface for pm in find_places(read_article(
        "In Klamath Falls, Oregon, a brewery uses the heat. A Nenagh councillor spoke in Ireland. "
        "The A429 Cirencester junction will close; traffic to Cirencester goes by the A40."))]
    assert {"Klamath Falls", "Oregon", "Nenagh", "Cirencester"} <= set(found)
    article = read_article("On Jan. 5, in Jackson, Miss., it snowed.")
    assert "Jan." not in [pm.mention.surface for pm in find_places(article)]


def test_a_name_s_own_qualifier_decides_even_when_the_name_recurs() -> None:
    """ "Paris, Texas, not Paris, France": each mention keeps what its apposition says, though
    one sense per article holds for the unqualified ones."""
    found = [(pm.mention.surface, pm.place.country_code)
             for pm in find_places(read_article("The film is set in Paris, Texas, not Paris, France."))]
    assert found == [("Paris", "US"), ("Texas", "US"), ("Paris", "FR"), ("France", "FR")]


def test_a_word_for_a_region_beside_a_name_means_the_region() -> None:
    """ "Washington state", "le kraï de Krasnodar" (which the French model reads as one unknown
    place, so the gazetteer looks inside it)."""
    found = {pm.mention.surface: pm.place for pm in find_places(read_article(
        "Seattle is the largest city in Washington state, far from the capital."))}
    assert (found["Washington"].feature, found["Washington"].country_code) == ("region", "US")
    found = {pm.mention.surface: pm.place for pm in find_places(read_article(
        "Les munitions russes sont arrivées dans le kraï de Krasnodar, selon le Kremlin."))}
    assert (found["Krasnodar"].feature, found["Krasnodar"].country_code) == ("region", "RU")


def test_a_port_named_with_the_word_port_needs_no_other_support() -> None:
    found = [pm.place for pm in find_places(read_article("The ship left Vostochny port for Busan, South Korea."))]
    assert any(p.country_code == "RU" and abs(p.lon - 133.05) < 0.1 for p in found)


def test_a_big_city_s_other_name_inside_a_longer_name_is_no_place() -> None:
    """GeoNames gives Damascus the name "Sham", Jaén "Jae", Yinchuan "Inc": inside a run of
    capitalised words they are people and firms. "Centre" and "Center" are words of places."""
    text = ("Sam Smith met Moon Jae-in at the Barclays Center in Brooklyn, New York, "
            "then flew to the Centre of Apple Inc. in Cupertino, California.")
    found = [(pm.mention.surface, pm.place.name) for pm in find_places(read_article(text))]
    assert not any(s in {"Sam", "Jae", "Inc.", "Center", "Centre"} for s, _ in found), found
    assert ("Cupertino", "Cupertino") in found


def test_given_names_of_a_person_are_no_towns_later() -> None:
    """ "Chef Jae Jung ... Jae told": "Jae" (an other name of Jaén) is her given name; but a
    city's own name at the head of a longer name stays a city ("the Honolulu Star ... in Honolulu")."""
    found = [pm.mention.surface for pm in find_places(read_article(
        "Chef Jae Jung has cooked in Seoul. Jae told reporters in New York that she will stay.")) ]
    assert "Jae" not in found and "Seoul" in found
    found = [pm.place.name for pm in find_places(read_article(
        "Reporters of the Honolulu Star wrote that flights to Honolulu, Hawaii, were cancelled."))]
    assert "Honolulu" in found


def test_names_joined_by_connectors_and_german_nouns() -> None:
    """ "Ростов-на-Дону" is one name (three connector tokens inside it); in German every noun is
    capitalised, so "in Richtung Danzig" is no longer name and "Richtung" no first name."""
    found = [(pm.mention.surface, pm.place.name) for pm in find_places(read_article(
        "По данным Минобороны, эшелон прибыл из Хабаровска в Ростов-на-Дону через Новосибирск."))]
    assert ("Ростов-на-Дону", "Rostov-on-Don") in found and not any(s == "Дону" for s, _ in found)
    found = [(pm.mention.surface, pm.place.country_code) for pm in find_places(read_article(
        "Der Frachter verließ Rotterdam in Richtung Danzig und erreichte später Sankt Petersburg."))]
    assert found == [("Rotterdam", "NL"), ("Danzig", "PL"), ("Sankt Petersburg", "RU")]


def test_a_region_after_its_town_keeps_its_reading_against_one_sense_per_article() -> None:
    """ "Tacoma, Washington": the state, whatever the other "Washington"s of the article mean."""
    text = ("Officials in Washington, D.C., said Congress would vote on Tuesday. "
            "A baker in Tacoma, Washington shares tips for cookies.")
    readings = [(pm.mention.surface, pm.place.feature) for pm in find_places(read_article(text))]
    assert ("Washington", "region") in readings[readings.index(("Tacoma", "town")):]


def test_a_quoted_name_after_a_word_for_a_vehicle_is_the_vehicle_s() -> None:
    """Ships and trains are named after places: «Волгоград», „Berlin Express“, “Lisboa”. The quoted name
    after a word for the vehicle is no stop; a quoted name with no vehicle before it may be a place."""
    cases = [
        ("Теплоход «Волгоград» вышел из Астрахани в Баку.", "Волгоград", "Астрахани"),
        ("Das Schiff „Berlin Express“ hat den Hafen von Hamburg verlassen.", "Berlin", "Hamburg"),
        ("The bulk carrier “Lisboa” sailed from Santos to Rotterdam.", "Lisboa", "Santos"),
        ("El buque «Cordillera Sur» zarpó de Arica rumbo a Panamá.", "Cordillera", "Arica"),
    ]
    for text, ship, port in cases:
        found = [pm.mention.surface for pm in find_places(read_article(text))]
        assert ship not in found and port in found, (text, found)
    found = [pm.mention.surface for pm in find_places(read_article("The talks in “Geneva” ended on Friday."))]
    assert "Geneva" in found


def test_a_german_part_of_a_month_is_no_place() -> None:
    """ "Mitte Juni": Mitte is a district of Berlin, but before a month it is the middle of the month."""
    text = "Das Schiff soll Mitte Juni in Alexandria anlegen."
    found = [pm.mention.surface for pm in find_places(read_article(text))]
    assert found == ["Alexandria"]
