"""Reading the journey of short shipment reports, one phenomenon at a time, in the languages it occurs in.

Each text is written for the test (not taken from the development set); the expected answers are
what a reader sees in the text. Place names are checked by GeoNames name or id, never by a figure
copied from the tool's output.
"""

from __future__ import annotations

import pytest

import routes
from routes.model import Itinerary
from routes.read.article import read_article
from routes.read.itinerary import plan_itinerary
from routes.read.places import find_places


def plan(text: str) -> Itinerary:
    article = read_article(text)
    return plan_itinerary(find_places(article), article.text, article.language)


def legs(it: Itinerary) -> list[tuple[str, str, str]]:
    return [(leg.mode, leg.origin.place.name, leg.destination.place.name) for leg in it.legs]


def dates(it: Itinerary) -> list[tuple[str | None, str | None]]:
    return [(leg.dates.start, leg.dates.end) if leg.dates else (None, None) for leg in it.legs]


# --- legs in order, "from there", modes by nouns and verbs -------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The freighter sailed from Valencia on May 3 and docked in Genoa on May 7. From there the containers "
     "went by train to Milan.", [("sea", "Valencia", "Genoa"), ("rail", "Genoa", "Milan")]),
    ("Le cargo a quitté Valence, en Espagne, le 3 mai et a accosté à Gênes le 7 mai. De là, les conteneurs ont "
     "rejoint Milan par le train.", [("sea", "Valencia", "Genoa"), ("rail", "Genoa", "Milan")]),
    ("El carguero zarpó de Valencia el 3 de mayo y atracó en Génova el 7 de mayo. Desde allí, los contenedores "
     "viajaron en tren hasta Milán.", [("sea", "Valencia", "Genoa"), ("rail", "Genoa", "Milan")]),
    ("Der Frachter legte am 3. Mai in Valencia ab und erreichte am 7. Mai Genua. Von dort brachte ein Güterzug "
     "die Container nach Mailand.", [("sea", "Valencia", "Genoa"), ("rail", "Genoa", "Milan")]),
    ("Сухогруз вышел из Валенсии 3 мая и 7 мая прибыл в Геную. Оттуда контейнеры по железной дороге "
     "доставили в Милан.", [("sea", "Valencia", "Genoa"), ("rail", "Genoa", "Milan")]),
])
def test_a_sea_leg_then_a_rail_leg_from_there(text: str, expected: list[tuple[str, str, str]]) -> None:
    it = plan(text)
    assert legs(it) == expected
    assert dates(it)[0] == ("--05-03", "--05-07")  # a departure day and an arrival day make the leg's range


@pytest.mark.parametrize("text", [
    "Trains brought the coal from Kemerovo to Nakhodka, where it was loaded onto a bulk carrier that left "
    "Nakhodka on March 2 and reached Busan on March 6.",
    "Les trains ont acheminé le charbon de Kemerovo à Nakhodka, où il a été chargé sur un vraquier qui a quitté "
    "Nakhodka le 2 mars et a atteint Busan le 6 mars.",
])
def test_a_rail_leg_then_a_sea_leg_with_its_days(text: str) -> None:
    it = plan(text)
    assert legs(it) == [("rail", "Kemerovo", "Nakhodka"), ("sea", "Nakhodka", "Busan")]
    assert dates(it)[1] == ("--03-02", "--03-06")


@pytest.mark.parametrize("text", [
    "The grain was unloaded at Gdańsk. Trucks then took it by road to Białystok.",
    "Le grain a été déchargé à Gdańsk. Des camions l'ont ensuite acheminé par la route jusqu'à Białystok.",
    "Der Weizen wurde in Danzig entladen. Lastwagen brachten ihn dann nach Białystok.",
])
def test_an_implicit_origin_is_the_place_unloaded_at_and_none_is_invented(text: str) -> None:
    it = plan(text)
    assert legs(it) == [("road", "Gdańsk", "Białystok")]  # the ship's own origin is unknown: no leg for it


@pytest.mark.parametrize("text", [
    "The wheat left Odessa by ship for Alexandria, where trucks picked it up and drove it to Cairo.",
    "The containers were shipped from Shanghai to Rotterdam, then moved by rail from Rotterdam to Duisburg.",
])
def test_a_stop_named_twice_is_one_stop(text: str) -> None:
    it = plan(text)
    names = [s.place.name for s in it.stops]
    assert len(names) == len(set(names)) == 3 and len(it.legs) == 2


@pytest.mark.parametrize("text", [
    "The grain, which had come by rail from Voronezh, left Novorossiysk on the bulk carrier Ivan on June 2 "
    "and arrived in Alexandria on June 9. The train had brought it to Novorossiysk in May.",
    "El tren que llegó el martes a Madrid había salido de Yiwu el 19 de noviembre.",
])
def test_a_journey_told_backwards_is_put_in_order(text: str) -> None:
    it = plan(text)
    assert it.legs and it.legs[0].origin.place.name in ("Voronezh", "Yiwu")


@pytest.mark.parametrize("text", [
    "Food aid reached Gao on Friday. Unloaded at the port of Dakar, the sacks went by rail to Bamako and were "
    "then trucked to Gao.",
    "L'aide alimentaire est arrivée vendredi à Gao. Déchargés au port de Dakar, les sacs ont été acheminés par "
    "train jusqu'à Bamako, puis par camion jusqu'à Gao.",
])
def test_a_lead_that_tells_the_end_first_does_not_start_the_journey(text: str) -> None:
    assert legs(plan(text)) == [("rail", "Dakar", "Bamako"), ("road", "Bamako", "Gao")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Trucks hauled the timber from Lahti, some 100 km from Helsinki, to the port of Kotka.",
     [("road", "Lahti", "Kotka")]),
    ("Los camiones llevaron el maíz desde Pergamino, una ciudad a unos 220 kilómetros al noroeste de Buenos "
     "Aires, hasta el puerto de Rosario.", [("road", "Pergamino", "Rosario")]),
    ("Грузовики доставили зерно из Ельца, города в 150 километрах от Воронежа, в порт Азова.",
     [("road", "Yelets", "Azov")]),
    # the landmark of a stop told with a distance is where that stop is, near enough to draw
    ("Les obus ont été acheminés par camion de Belgorod jusqu'à un dépôt situé à 30 km de Koursk.",
     [("road", "Belgorod", "Kursk")]),
])
def test_a_place_a_distance_is_measured_from_is_a_landmark_not_a_stop(text: str, expected: list) -> None:
    assert legs(plan(text)) == expected


@pytest.mark.parametrize("text", [
    "The freighter docked in Durban on March 9 after a voyage of some 6,000 km from Singapore.",
    "El carguero atracó en Durban el 9 de marzo tras una travesía de unos 6.000 km desde Singapur.",
])
def test_a_journey_measured_from_a_place_starts_there(text: str) -> None:
    assert legs(plan(text)) == [("sea", "Singapore", "Durban")]


@pytest.mark.parametrize("text", [
    "Von Triest brachte ein Frachter die Ladung durch die Straße von Otranto nach Haifa.",
    "From Trieste a freighter took the cargo through the Strait of Otranto and across the Ionian Sea to Haifa.",
])
def test_a_word_inside_the_name_of_a_waterway_gives_no_mode(text: str) -> None:
    """"Straße" (road, and strait) and "Sea" name the waterways passed; the freighter is the mode."""
    assert legs(plan(text)) == [("sea", "Trieste", "Haifa")]


@pytest.mark.parametrize("text", [
    "Der Zug hat am 2. April Wien verlassen und ist am 3. April in Pressburg, der slowakischen Hauptstadt, "
    "eingetroffen.",
    "Le train a quitté Vienne le 2 avril et il est arrivé le 3 avril à Bratislava, la capitale slovaque.",
])
def test_each_verb_governs_the_places_of_its_own_clause(text: str) -> None:
    it = plan(text)
    assert legs(it) == [("rail", "Vienna", "Bratislava")]
    assert dates(it) == [("--04-02", "--04-03")]


@pytest.mark.parametrize("text", [
    "Le minéralier a quitté Sept-Îles, sur la Côte-Nord du Québec, le 5 juin et a accosté à Anvers le 14 juin.",
    "The ore carrier left Sept-Îles, on the Côte-Nord of Quebec, on June 5 and docked in Antwerp on June 14.",
])
def test_a_place_inside_the_name_of_a_region_is_no_stop(text: str) -> None:
    assert legs(plan(text)) == [("sea", "Sept-Îles", "Antwerp")]


@pytest.mark.parametrize("text", [
    "A tanker unloaded 30,000 tonnes of diesel at the port of Mombasa after sailing from Jeddah on March 2. "
    "Trucks then took the fuel to Nairobi.",
    "Un pétrolier a déchargé 30 000 tonnes de gazole dans le port de Mombasa après être parti de Djeddah le "
    "2 mars. Des camions ont ensuite acheminé le carburant jusqu'à Nairobi.",
])
def test_a_verb_after_a_place_governs_it_only_when_no_other_place_follows_it(text: str) -> None:
    it = plan(text)
    assert legs(it) == [("sea", "Jeddah", "Mombasa"), ("road", "Mombasa", "Nairobi")]
    assert dates(it)[0][0] == "--03-02"


@pytest.mark.parametrize("text", [
    "A chartered vessel has offloaded 18,000 tonnes of donated Thai rice at the port of Nacala after sailing "
    "from Bangkok on May 4.",
    "Un navire affrété a débarqué 18 000 tonnes de riz thaïlandais au port de Nacala après avoir quitté "
    "Bangkok le 4 mai.",
])
def test_a_country_that_qualifies_the_cargo_does_not_cut_the_place_from_its_verb(text: str) -> None:
    it = plan(text)
    assert legs(it) == [("sea", "Bangkok", "Nacala")] and dates(it) == [("--05-04", None)]


@pytest.mark.parametrize("text", [
    "A freight train left Moscow on June 17 and reached Kaliningrad, the former Königsberg, on June 20.",
    "Ein Güterzug hat am 17. Juni Moskau verlassen und ist am 20. Juni in Kaliningrad, dem früheren Königsberg, "
    "eingetroffen.",
])
def test_a_place_named_twice_by_two_names_is_the_place_both_names_share(text: str) -> None:
    """Korolev, beside Moscow, was once called Kaliningrad too; Königsberg names only the Baltic city."""
    it = plan(text)
    assert [leg.destination.place.geonames_id for leg in it.legs] == [554234]  # GeoNames: Kaliningrad
    assert dates(it) == [("--06-17", "--06-20")]


# --- ports, regions, straits, countries passed -------------------------------------------------------

def test_a_place_named_as_a_port_is_the_port_town() -> None:
    """Bar (Montenegro) has a UN/LOCODE port; the other Bars (Ukraine, France's Bar-le-Duc) have none."""
    it = plan("Steel pipes unloaded in the port of Bar were taken by rail to Belgrade.")
    assert [s.place.country_code for s in it.stops] == ["ME", "RS"]


@pytest.mark.parametrize("text", [
    "Сухогруз вышел из Новороссийска, а зерно поступило в порт по железной дороге из Ставропольского края.",
    "The coal, mined in Kemerovo Oblast, travelled by rail to the port of Vanino.",
])
def test_a_region_as_an_end_of_a_leg(text: str) -> None:
    it = plan(text)
    assert any(s.place.feature == "region" for s in it.stops)


@pytest.mark.parametrize(("text", "passed"), [
    ("The tanker sailed from Odesa to Piraeus through the Bosphorus and the Dardanelles.",
     ["Bosphorus", "Dardanelles"]),
    ("Le navire a quitté Marseille pour Djeddah par le canal de Suez.", ["canal de Suez"]),
    ("A freight train left Xi'an for Duisburg via Kazakhstan.", ["Kazakhstan"]),
])
def test_what_a_leg_passes_is_no_stop(text: str, passed: list[str]) -> None:
    it = plan(text)
    assert len(it.legs) == 1 and list(it.legs[0].via) == passed
    assert len(it.stops) == 2


def test_a_rail_leg_via_a_country_passes_it_and_says_so() -> None:
    analysis = routes.analyze("A freight train left Xi'an on Sept. 1 and pulled into Duisburg on Sept. 17 "
                              "via Kazakhstan.")
    (leg,) = analysis.legs
    assert any("passes Kazakhstan; the route does" in note for note in leg.notes)


# --- the border and the claims ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "country", "stop"), [
    ("Trucks took the aid from Gdańsk to Białystok, less than 60 km from the Belarusian border.", "BY", "Białystok"),
    ("Des camions ont acheminé l'aide de Gdańsk jusqu'à Białystok, à moins de 60 km de la frontière biélorusse.",
     "BY", "Białystok"),
    ("Los camiones llevaron la ayuda de Gdańsk a Białystok, a menos de 60 km de la frontera bielorrusa.",
     "BY", "Białystok"),
    ("Lastwagen brachten die Hilfe von Danzig nach Białystok, weniger als 60 Kilometer von der belarussischen "
     "Grenze.", "BY", "Białystok"),
    # Russian: Беларусь's adjective (белорусский) shares too little of its name to be read; Lithuania's does
    ("Грузовики доставили помощь из Гданьска в Сувалки, менее чем в 60 км от литовской границы.", "LT",
     "Сувалки"),
])
def test_the_border_named_by_its_adjective_measured_from_the_stop_named_before(text: str, country: str,
                                                                              stop: str) -> None:
    it = plan(text)
    assert it.border is not None and it.border.country_code == country and it.border.stop.name == stop
    (claim,) = [c for c in it.claims if c.kind == "distance"]
    assert claim.about == f"border:{country}" and claim.qualifier == "less than" and claim.value == 60


def test_a_border_claim_as_a_bound_holds_or_fails_as_a_bound() -> None:
    """Białystok to Belarus: about 45 km by a brute-force reading of the map (Natural Earth); "less than 60"
    holds, "more than 100" does not."""
    holds = routes.analyze("Trucks took the aid from Gdańsk to Białystok, less than 60 km from the Belarusian border.")
    fails = routes.analyze("Trucks took the aid from Gdańsk to Białystok, more than 100 km from the Belarusian border.")
    assert [c.agrees for c in holds.checks if c.claim.kind == "distance"] == [True]
    assert [c.agrees for c in fails.checks if c.claim.kind == "distance"] == [False]
    assert "the bound does not hold" in [c.sentence for c in fails.checks if c.claim.kind == "distance"][0]


@pytest.mark.parametrize(("text", "language"), [
    ("A journey of about 220 km by road took the trucks from Gdańsk to Białystok.", "en"),
    ("Los camiones recorrieron unos 220 km por carretera de Gdańsk a Białystok.", "es"),
])
def test_a_distance_said_of_a_leg_is_checked_against_the_leg(text: str, language: str) -> None:
    analysis = routes.analyze(text)
    (check,) = [c for c in analysis.checks if c.claim.kind == "distance"]
    assert analysis.article.language == language
    assert check.claim.about == "leg:1" and check.computed_km == analysis.legs[0].length_km
    assert check.agrees is not None


def test_a_report_with_no_journey_says_so_and_lists_its_places() -> None:
    analysis = routes.analyze("Officials in Kyiv and Warsaw discussed grain prices on Monday.")
    assert analysis.legs == ()
    (warning,) = [w for w in analysis.warnings if "no journey" in w]
    assert "Kyiv" in warning and "Warsaw" in warning and "stops table" in warning


def test_dates_as_a_range_in_french() -> None:
    it = plan("Entre le 2 et le 19 novembre, le cargo a fait la navette entre Calais et Douvres.")
    claims = [c for c in it.claims if c.kind == "date range"]
    assert [c.text for c in claims] == ["Entre le 2 et le 19 novembre"]


@pytest.mark.parametrize(("text", "label"), [
    ("Trains brought the shells from Kursk to an ammunition depot near Tikhoretsk.",
     "ammunition depot near Tikhoretsk"),
    ("Les trains ont acheminé les obus de Koursk jusqu'à une base près de Tikhoretsk.", "base près de Tikhoretsk"),
    ("Les camions ont livré le blé de Rouen vers les entrepôts près de Lille.", "entrepôts près de Lille"),
])
def test_a_stop_near_a_landmark_keeps_every_letter_of_its_label(text: str, label: str) -> None:
    """Issue 16: "n ammunition depot", "e base", "s entrepôts" came from the order of the article alternatives."""
    it = plan(text)
    assert [s.label for s in it.stops][-1] == label


@pytest.mark.parametrize(("text", "mode"), [
    ("A freight train with 60 tractors left Minsk on May 4 and reached Tashkent on May 15.", "rail"),
    ("Состав с 80 грузовиками КамАЗ вышел из Набережных Челнов 3 мая и прибыл в Алма-Ату 12 мая.", "rail"),
    ("Un train chargé de voitures et de camions a quitté Valenciennes le 2 juin pour Barcelone.", "rail"),
    ("An Antonov freighter took off from Leipzig on June 3 and touched down in Karachi on June 4.", "air"),
    ("Un avion a décollé de Toulouse le 5 mai et a atterri à Dakar le même jour.", "air"),
])
def test_the_vehicle_gives_the_mode_not_the_goods_it_carries(text: str, mode: str) -> None:
    """Cars, trucks and tractors counted or loaded are cargo; taking off and touching down are flying."""
    it = plan(text)
    assert len(it.legs) == 1 and it.legs[0].mode == mode


@pytest.mark.parametrize("text", [
    "According to the press service of the Far Eastern Railway, the containers were brought to Vladivostok by "
    "ship from Busan.",
    "Как сообщили в пресс-службе Дальневосточной железной дороги, контейнеры доставили во Владивосток судном из "
    "Пусана.",
])
def test_a_transport_word_in_an_organisations_name_gives_no_mode(text: str) -> None:
    """The railway that reports the voyage is no rail leg; «судном» (instrumental of судно) is the ship."""
    assert legs(plan(text)) == [("sea", "Busan", "Vladivostok")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The tanker left Primorsk on May 3 and reached Rotterdam on May 9. The oil had come to the port by rail "
     "from Yaroslavl.", [("rail", "Yaroslavl", "Primorsk"), ("sea", "Primorsk", "Rotterdam")]),
    ("Танкер вышел из Усть-Луги 3 мая и 9 мая прибыл в Роттердам. Нефть поступила в порт по железной дороге "
     "из Ярославля.", [("rail", "Yaroslavl", "Ust’-Luga"), ("sea", "Ust’-Luga", "Rotterdam")]),
    ("El buque zarpó de Valparaíso el 2 de marzo rumbo a Shanghái. La fruta, cosechada cerca de Rancagua, fue "
     "llevada en camiones hasta la terminal portuaria.",
     [("road", "Rancagua", "Valparaíso"), ("sea", "Valparaíso", "Shanghai")]),
])
def test_goods_brought_to_the_port_unnamed_go_to_the_port_the_ship_left(text: str, expected: list) -> None:
    assert legs(plan(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("A freight train pulled into Budapest on April 9, three days after the containers were unloaded from a ship "
     "at Koper. The vessel had sailed from Singapore on March 10.",
     [("sea", "Singapore", "Koper"), ("rail", "Koper", "Budapest")]),
    ("Los contenedores descargados en el puerto de Manzanillo salieron el 6 de abril por ferrocarril y llegaron "
     "a Guadalajara.", [("rail", "Manzanillo", "Guadalajara")]),
    ("Die Container, die am 3. Mai per Schiff in Gdingen angekommen waren, sind am 5. Mai per Lkw in Posen "
     "eingetroffen.", [("road", "Gdynia", "Poznań")]),  # the ship's own origin is not told: no leg for it
])
def test_a_leg_told_before_the_one_it_follows_starts_where_that_one_ends(text: str, expected: list) -> None:
    assert legs(plan(text)) == expected


@pytest.mark.parametrize("text", [
    "Steel pipes unloaded at the port of Bar were taken by rail to Belgrade. The train made the trip between "
    "October 1 and October 3.",
    "Les tubes débarqués au port de Bar ont été acheminés par le rail jusqu'à Belgrade. Le convoi a effectué le "
    "trajet entre le 1er et le 3 octobre.",
    "Die im Hafen von Bar entladenen Rohre wurden per Bahn nach Belgrad gebracht. Der Zug war vom 1. bis "
    "3. Oktober unterwegs.",
])
def test_a_range_of_days_said_of_the_trip_dates_the_leg_told_before(text: str) -> None:
    it = plan(text)
    assert legs(it) == [("rail", "Bar", "Belgrade")] and dates(it) == [("--10-01", "--10-03")]


@pytest.mark.parametrize(("text", "leg"), [
    ("Ein Frachter brachte die Container von Shanghai nach Hamburg. Von dort fuhr ein Güterzug sie nach Prag. "
     "Die Bahnstrecke ist rund 650 Kilometer lang.", "leg:2"),
    ("Ein Frachter brachte die Hilfe von Istanbul nach Danzig. Lastwagen brachten sie dann nach Lemberg. "
     "Die Straßenverbindung ist rund 95 Kilometer lang.", "leg:2"),
])
def test_a_distance_said_of_a_german_compound_of_mode_and_route_is_that_legs(text: str, leg: str) -> None:
    """"Bahnstrecke" (rail + route), "Straßenverbindung" (road + link): the figure is the leg of that mode."""
    (claim,) = [c for c in plan(text).claims if c.kind == "distance"]
    assert claim.about == leg


# --- the ends of the Earth: poles, a continent, a country told as an end --------------------------------

@pytest.mark.parametrize(("text", "pole"), [
    ("The expedition flew from Christchurch to the South Pole on a ski-equipped Hercules.", -90.0),
    ("Der Eisbrecher fuhr von Murmansk zum Nordpol.", 90.0),
    ("Le brise-glace a quitté Mourmansk pour le pôle Nord.", 90.0),
])
def test_a_pole_is_a_stop_at_ninety_degrees_not_poland(text: str, pole: float) -> None:
    it = plan(text)
    assert len(it.legs) == 1
    end = it.legs[0].destination.place
    assert (end.lat, end.feature) == (pole, "point") and end.country_code != "PL"


@pytest.mark.parametrize("text", [
    "The Oden icebreaker left Longyearbyen on July 2.",
    "Le navire a quitté Longyearbyen le 2 juillet.",
])
def test_a_small_capital_is_placed_on_its_own(text: str) -> None:
    """Longyearbyen (2,400 people, the capital of Svalbard) needs no other place of the article near it."""
    article = read_article(text)
    assert [pm.place.geonames_id for pm in find_places(article)] == [2729907]


@pytest.mark.parametrize(("text", "wide"), [
    ("The supply ship sailed from Hobart to Antarctica.", "Antarctica"),
    ("Das Versorgungsschiff fuhr von Hobart in die Antarktis.", "Antarctica"),
    ("Trucks carried the aid from Lviv to Russia.", "Russia"),
    ("Les camions ont transporté l'aide de Lviv vers la Russie.", "Russia"),
])
def test_a_continent_or_country_told_as_the_end_is_said_not_dropped(text: str, wide: str) -> None:
    analysis = routes.analyze(text)
    assert [pm.place.name for pm in analysis.itinerary.wide_ends] == [wide]
    assert any("too wide to be a stop" in w and wide in w for w in analysis.warnings)


def test_a_country_with_a_stop_of_the_journey_in_it_is_no_wide_end() -> None:
    it = plan("Trains carried the ammunition from Rason to Tikhoretsk, in Russia, and then to Russia's army.")
    assert it.wide_ends == ()


def test_a_sea_leg_to_a_pole_is_a_warning_with_its_reason() -> None:
    analysis = routes.analyze("The icebreaker sailed from Murmansk to the North Pole.")
    assert analysis.legs == () or all(leg.mode != "sea" for leg in analysis.legs)
    assert any("Murmansk" in w and "pole" in w and "not routed" in w for w in analysis.warnings)


@pytest.mark.parametrize("text", [
    "El granelero zarpó del puerto de Constanza el 4 de marzo y atracó en Túnez el 9 de marzo.",
    "The bulk carrier left the port of Constanza on March 4 and docked in Tunis on March 9.",
])
def test_a_port_named_in_the_article_s_language_is_the_port_not_an_inland_namesake(text: str) -> None:
    """"Constanza" is the Spanish (and Italian) name of Constanța, listed in UN/LOCODE as "Constanta";
    the port word beside it weighs for the town with a port of its own name, not for Constanza (DO), inland."""
    it = plan(text)
    assert [(leg.mode, leg.origin.place.country_code) for leg in it.legs] == [("sea", "RO")]
