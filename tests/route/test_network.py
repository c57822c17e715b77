"""Rail and road legs on OpenStreetMap's networks (``routes.route.network``), offline."""

from __future__ import annotations

import json
import time

import numpy as np
import pyproj
import pytest
import shapely

from routes import settings
from routes.boundaries import country_shape
from routes.errors import DataError, RoutingError
from routes.geodesy import line_length_km
from routes.model import Coord, Leg, LegPlan, Place, RouteOptions, Stop
from routes.route import network
from routes.route.network import load_network, rail_leg, road_leg
from routes.route.timeline import leg_time

pytestmark = pytest.mark.filterwarnings("error")

GEOD = pyproj.Geod(ellps="WGS84")
# GeoNames points (lon, lat)
DUNAY = (132.33542, 42.87879)  # 2024800, Primorsky Krai
TIKHORETSK = (40.11874, 45.85307)  # 483029
VLADIVOSTOK = (131.87353, 43.10562)
MOSCOW = (37.61556, 55.75222)
KHABARAVSK = (135.0838, 48.48271)
KRASNOYARSK = (92.87, 56.01)
NOVOSIBIRSK = (82.93, 55.04)
OMSK = (73.37, 54.99)
CHITA = (113.5, 52.03)
YUZHNO_SAKHALINSK = (142.73, 46.95)
TOKYO = (139.69, 35.69)
SEOUL = (126.98, 37.57)
KALININGRAD = (20.51, 54.71)
#: The Trans-Siberian's published length, Moscow (Yaroslavsky station) to Vladivostok, km.
TRANS_SIBERIAN_KM = 9288.0


def km(a: Coord, b: Coord) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000


def nearest_km(leg: Leg, point: Coord) -> float:
    """Distance from a point to the nearest vertex of a leg's line."""
    xy = np.array(leg.coords)
    n = len(xy)
    return float(GEOD.inv(np.full(n, point[0]), np.full(n, point[1]), xy[:, 0], xy[:, 1])[2].min()) / 1000


def plan(a: Coord, b: Coord, a_name: str = "A", b_name: str = "B", mode: str = "rail") -> LegPlan:
    return LegPlan(Stop(Place(a_name, *a), a_name), Stop(Place(b_name, *b), b_name), mode, "par train")


@pytest.fixture(scope="module")
def dunay_leg() -> Leg:
    return rail_leg(plan(DUNAY, TIKHORETSK, "Dunay", "Tikhoretsk"))


# --------------------------------------------------------------------------- the data


def test_graph_loads_and_names_its_source() -> None:
    t = time.perf_counter()
    net = load_network.__wrapped__("rail")  # uncached: the real load
    seconds = time.perf_counter() - t
    print(f"\nrail graph: {len(net.lonlat):,} nodes, {len(net.edges):,} edges, loaded in {seconds:.2f} s")
    assert net.meta["dataset"] == network.NETWORKS["rail"].dataset
    assert "OpenStreetMap" in net.meta["licence"] and "ODbL" in net.meta["licence"]
    assert net.meta["bridge_tolerance_km"] == network.BRIDGE_TOLERANCE_KM
    # 787 components in scgraph-data; the bridges join most of them
    assert net.meta["components"] == 787 and net.meta["components_bridged"] < 150
    assert 0 < net.length_km[net.bridge].max() <= network.BRIDGE_TOLERANCE_KM
    assert not net.lonlat.flags.writeable and not net.edges.flags.writeable
    for key in network.NETWORKS:
        size = (settings.data_dir / network.NETWORKS[key].file).stat().st_size
        assert size < 10_000_000


def test_missing_or_foreign_file_is_a_data_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    with pytest.raises(DataError, match="missing"):
        load_network.__wrapped__("rail")
    (tmp_path / "networks").mkdir()
    np.savez(tmp_path / "networks" / "railways.npz", meta=np.array(json.dumps({"dataset": "something else"})))
    with pytest.raises(DataError, match="something else"):
        load_network.__wrapped__("rail")
    with pytest.raises(DataError, match="'tram'"):
        load_network.__wrapped__("tram")


# --------------------------------------------------------------------------- Dunay → Tikhoretsk


def test_dunay_to_tikhoretsk_stays_in_russia(dunay_leg: Leg) -> None:
    russia = country_shape("RU")
    xy = np.array(dunay_leg.coords)
    assert shapely.contains_xy(russia, xy[:, 0], xy[:, 1]).all()
    assert russia.contains(shapely.LineString(dunay_leg.coords))  # every segment too, not only vertices
    assert any("kept within Russia" in note for note in dunay_leg.notes)


def test_dunay_to_tikhoretsk_ends(dunay_leg: Leg) -> None:
    start, end = dunay_leg.coords[0], dunay_leg.coords[-1]
    print(f"\nstart {km(start, DUNAY):.2f} km from Dunay, end {km(end, TIKHORETSK):.2f} km from Tikhoretsk; "
          f"first network point {dunay_leg.pieces[0].coords[-1]}, {km(dunay_leg.pieces[0].coords[-1], DUNAY):.1f} km")
    assert km(start, DUNAY) <= 5
    assert km(end, TIKHORETSK) <= 10
    # the dataset has no line within 40 km of Dunay: the leg says so and marks the link inferred
    first = dunay_leg.pieces[0]
    assert (first.kind, first.inferred) == ("access", True)
    assert any(note.startswith("Dunay is ") and "inferred link" in note for note in dunay_leg.notes)
    assert km(first.coords[-1], DUNAY) <= network.NETWORKS["rail"].max_access_km


def test_dunay_to_tikhoretsk_follows_the_trans_siberian(dunay_leg: Leg) -> None:
    print(f"\n{dunay_leg.length_km:,.0f} km via {', '.join(dunay_leg.via)}")
    for name, point in (("Khabarovsk", KHABARAVSK), ("Chita", CHITA), ("Krasnoyarsk", KRASNOYARSK),
                        ("Novosibirsk", NOVOSIBIRSK), ("Omsk", OMSK)):
        assert nearest_km(dunay_leg, point) < 15, name
    towns = [t for t in ("Khabarovsk", "Chita", "Irkutsk", "Novosibirsk", "Omsk") if t in dunay_leg.via]
    assert towns == ["Khabarovsk", "Chita", "Irkutsk", "Novosibirsk", "Omsk"]
    assert any(n.startswith("It follows the Trans-Siberian Railway for ") for n in dunay_leg.notes)
    assert [dunay_leg.via.index(t) for t in towns] == sorted(dunay_leg.via.index(t) for t in towns)
    assert "Harbin" not in dunay_leg.via
    assert 9_300 < dunay_leg.length_km < 10_000


def test_dunay_to_tikhoretsk_reports_its_figures(dunay_leg: Leg) -> None:
    assert dunay_leg.drawn_as == "rail"
    assert "scgraph-data 2.0.0" in dunay_leg.network
    # the pieces join end to end and make up the line
    joined = [dunay_leg.pieces[0].coords[0]]
    for piece in dunay_leg.pieces:
        assert piece.coords[0] == joined[-1]
        joined += piece.coords[1:]
    assert tuple(joined) == dunay_leg.coords
    kinds = {p.kind for p in dunay_leg.pieces}
    assert kinds <= {"network", "bridge", "access"} and "network" in kinds
    assert all(p.inferred == (p.kind != "network") for p in dunay_leg.pieces)
    # length: the network's track length plus the inferred pieces, more than the simplified drawn line
    assert dunay_leg.length_km > line_length_km(dunay_leg.coords)
    share = 100 * dunay_leg.inferred_km / dunay_leg.length_km
    print(f"\ninferred {dunay_leg.inferred_km:.1f} km ({share:.2f}%); notes: {dunay_leg.notes}")
    assert 0 < share < 1
    assert dunay_leg.notes[0].startswith(f"{share:.1f}% of this leg ({dunay_leg.inferred_km:,.0f} km) is inferred")
    # days at a given speed, through the timeline
    assert leg_time(dunay_leg, None).travel_days == pytest.approx(dunay_leg.length_km / settings.speed_rail_kmh / 24)


def test_main_lines_are_preferred_unless_lifted(dunay_leg: Leg) -> None:
    # the plain shortest path takes the Baikal-Amur Mainline (no Chita, no Irkutsk): shorter on the map
    shortest = rail_leg(plan(DUNAY, TIKHORETSK, "Dunay", "Tikhoretsk"),
                        options=RouteOptions(prefer_main_lines=False))
    print(f"\nshortest {shortest.length_km:,.0f} km via {shortest.via}; main lines {dunay_leg.length_km:,.0f} km")
    assert shortest.length_km < dunay_leg.length_km < shortest.length_km * network.MAIN_LINE_PREFERENCE
    assert nearest_km(shortest, CHITA) > 100
    assert not any("Trans-Siberian" in n for n in shortest.notes)


def test_trans_siberian_length_against_the_published_figure() -> None:
    # Vladivostok → Moscow (Yaroslavsky station), with no via point: the main line is preferred
    leg = rail_leg(plan(VLADIVOSTOK, (37.6564, 55.7765), "Vladivostok", "Moscow"))
    ratio = leg.length_km / TRANS_SIBERIAN_KM
    print(f"\nVladivostok → Moscow (Yaroslavsky) by the Trans-Siberian: {leg.length_km:,.0f} km, "
          f"{ratio:.3f} × 9,288 km; drawn line {line_length_km(leg.coords):,.0f} km")
    assert 0.97 < ratio < 1.03
    assert {"Khabarovsk", "Chita", "Ulan-Ude", "Irkutsk", "Novosibirsk", "Yekaterinburg", "Perm"} <= set(leg.via)


# --------------------------------------------------------------------------- country rules and via points


def test_same_country_stays_in_it_unless_lifted() -> None:
    kept = rail_leg(plan(VLADIVOSTOK, TIKHORETSK, "Vladivostok", "Tikhoretsk"))
    free = rail_leg(plan(VLADIVOSTOK, TIKHORETSK, "Vladivostok", "Tikhoretsk"),
                    options=RouteOptions(stay_in_country=False))
    china = country_shape("CN")
    print(f"\nkept in Russia: {kept.length_km:,.0f} km; free: {free.length_km:,.0f} km via {free.via}")
    assert "Harbin" in free.via and "Harbin" not in kept.via
    assert shapely.contains_xy(china, *np.array(free.coords).T).any()
    assert not shapely.contains_xy(china, *np.array(kept.coords).T).any()
    assert free.length_km < kept.length_km
    assert not any("kept within" in note for note in free.notes)


def test_avoid_countries() -> None:
    leg = rail_leg(plan(VLADIVOSTOK, TIKHORETSK, "Vladivostok", "Tikhoretsk"),
                   options=RouteOptions(stay_in_country=False, avoid_countries=("cn",)))
    assert not shapely.intersects(country_shape("CN"), shapely.LineString(leg.coords))
    assert any("avoiding People's Republic of China" in note for note in leg.notes)
    with pytest.raises(RoutingError, match="'XX'"):
        rail_leg(plan(VLADIVOSTOK, TIKHORETSK), options=RouteOptions(avoid_countries=("XX",)))
    with pytest.raises(RoutingError, match="a tuple of country codes, not 'CN'"):
        rail_leg(plan(VLADIVOSTOK, TIKHORETSK), options=RouteOptions(avoid_countries="CN"))  # type: ignore[arg-type]
    with pytest.raises(RoutingError, match="Vladivostok is in Russia, which the route must avoid"):
        rail_leg(plan(VLADIVOSTOK, TIKHORETSK, "Vladivostok"), options=RouteOptions(avoid_countries=("RU",)))


def test_via_points_force_the_route() -> None:
    leg = rail_leg(plan(DUNAY, TIKHORETSK, "Dunay", "Tikhoretsk"), options=RouteOptions(via=(CHITA,)))
    assert nearest_km(leg, CHITA) < 5
    assert {"Chita", "Ulan-Ude", "Irkutsk"} <= set(leg.via)
    with pytest.raises(RoutingError, match="via point 1"):
        rail_leg(plan(DUNAY, TIKHORETSK), options=RouteOptions(via=("Chita",)))  # type: ignore[arg-type]


def test_options_leave_the_cached_graph_alone() -> None:
    before = rail_leg(plan(VLADIVOSTOK, TIKHORETSK))
    rail_leg(plan(VLADIVOSTOK, TIKHORETSK), options=RouteOptions(stay_in_country=False, avoid_countries=("KZ",)))
    assert rail_leg(plan(VLADIVOSTOK, TIKHORETSK)) == before


# --------------------------------------------------------------------------- no connection


def test_no_rail_connection_names_the_gap() -> None:
    with pytest.raises(RoutingError) as err:
        rail_leg(plan(KHABARAVSK, YUZHNO_SAKHALINSK, "Khabarovsk", "Yuzhno-Sakhalinsk"))
    message = str(err.value)
    print(f"\n{message}")
    assert message.startswith("No railway connection from Khabarovsk to Yuzhno-Sakhalinsk")
    assert "come no closer than" in message and "a gap between" in message and "30 km" in message
    with pytest.raises(RoutingError, match="No railway connection from Tokyo to Seoul"):
        rail_leg(plan(TOKYO, SEOUL, "Tokyo", "Seoul"))


def test_a_country_rule_that_cuts_the_route_says_so() -> None:
    with pytest.raises(RoutingError, match="kept within Russia.*only through.*stay_in_country=False"):
        rail_leg(plan(MOSCOW, KALININGRAD, "Moscow", "Kaliningrad"))
    leg = rail_leg(plan(MOSCOW, KALININGRAD, "Moscow", "Kaliningrad"), options=RouteOptions(stay_in_country=False))
    assert "Minsk" in leg.via or "Vilnius" in leg.via


def test_a_stop_far_from_any_line() -> None:
    with pytest.raises(RoutingError, match=r"No railway near Gulf of Guinea \(0.0, 0.0\).*km away"):
        rail_leg(plan((0.0, 0.0), TIKHORETSK, "Gulf of Guinea"))


# --------------------------------------------------------------------------- roads, junctions, speed


def test_road_leg_on_the_highways() -> None:
    leg = road_leg(plan(MOSCOW, TIKHORETSK, "Moscow", "Tikhoretsk", mode="road"))
    print(f"\nroad Moscow → Tikhoretsk: {leg.length_km:,.0f} km via {leg.via}")
    assert leg.drawn_as == "road" and "highways" in leg.network
    assert 1_100 < leg.length_km < 1_400
    assert "Voronezh" in leg.via
    assert km(leg.coords[0], MOSCOW) < 1 and km(leg.coords[-1], TIKHORETSK) < 1


def test_junctions_are_the_gazetteers_nearest_towns(dunay_leg: Leg) -> None:
    from routes.read.gazetteer import gazetteer

    names, lonlat, _ = network._towns(network.JUNCTION_MIN_POPULATION)
    for name in dunay_leg.via:
        town = lonlat[names.index(name)]
        assert nearest_km(dunay_leg, (town[0], town[1])) <= network.JUNCTION_TOWN_KM + 1
    # the one-read town list gives what nearest_town gives
    for point in ((135.07, 48.48), (82.9, 55.0), (60.6, 56.85), (40.1, 45.9)):
        expected = gazetteer().nearest_town(*point, min_population=network.JUNCTION_MIN_POPULATION)
        chord, k = network._town_tree(network.JUNCTION_MIN_POPULATION).query(network._unit_xyz(np.array([point])))
        assert expected is not None and names[int(k[0])] == expected.name


def test_degenerate_legs() -> None:
    node = (40.115, 45.851)  # a node of the network at Tikhoretsk
    leg = rail_leg(plan(node, node))
    assert leg.coords == (node, node) and leg.length_km == 0 and leg.pieces == ()
    leg = rail_leg(plan(TIKHORETSK, TIKHORETSK))
    assert {p.kind for p in leg.pieces} == {"access"} and leg.length_km < 1
