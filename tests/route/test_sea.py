"""Sea legs on water: the land is never crossed, ends are where they should be (offline).

The land every check uses is the router's own (``data/sea/land.bin``, OpenStreetMap at
about 110 m): "on water" means that no straight lon/lat piece of the line, as returned,
meets that land. Random pairs come from seeded generators, so every run is the same.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import routes
from routes import geodesy, settings
from routes.errors import DataError, RoutingError
from routes.model import LegPlan, Place, RouteOptions, Stop
from routes.read import ports
from routes.route import legs, sea
from routes.route.sea.exact import visibility_shortest

pytestmark = pytest.mark.filterwarnings("error")

NAJIN = (130.28308, 42.25559)  # Rajin, GeoNames 2042645
DUNAY = (132.33542, 42.87879)  # Dunay, Primorsky Krai, GeoNames 2024800
NAJIN_PORT = (130.3, 42.2333)  # KPNJN in searoute's port list
ARTICLE = Path(__file__).resolve().parents[2] / "data" / "articles" / "najin-dunay-tikhoretsk.fr.txt"


def assert_on_water(route: sea.SeaRoute | tuple[tuple[float, float], ...] | np.ndarray) -> None:
    """Every straight piece of the line, as drawn, stays off the land (canals through land aside)."""
    coords = route.coords if isinstance(route, sea.SeaRoute) else route
    p = np.asarray(coords, dtype=float)
    if len(p) < 2:
        assert not sea.on_land(p).any()
        return
    clear = sea.segments_clear(p[:-1], p[1:])
    if isinstance(route, sea.SeaRoute):
        clear |= ~route.water_segments()
    assert clear.all(), f"{int((~clear).sum())} pieces cross land, the first at {p[int(np.argmin(clear))]}"


def assert_not_shorter_than_geodesic(route: sea.SeaRoute) -> None:
    a, b = route.coords[0], route.coords[-1]
    assert route.length_km >= geodesy.distance_km(a, b) - 1e-6
    assert route.length_km == pytest.approx(geodesy.length_km(route.coords), abs=1e-6)


def plan(a: Place, b: Place) -> LegPlan:
    return LegPlan(Stop(a, a.name), Stop(b, b.name), "sea", "(test)", "cargo")


@pytest.fixture(scope="module")
def najin_dunay() -> sea.SeaRoute:
    return sea.sea_route(NAJIN, DUNAY, origin_name="Najin", destination_name="Dunay")


# --------------------------------------------------------------------------- Najin → Dunay


def test_najin_dunay_ends_near_the_ports(najin_dunay: sea.SeaRoute) -> None:
    r = najin_dunay
    assert geodesy.distance_km(r.coords[0], NAJIN_PORT) < 3.0
    assert geodesy.distance_km(r.coords[0], NAJIN) < 3.0
    assert geodesy.distance_km(r.coords[-1], DUNAY) < 3.0
    assert 0 < r.origin_moved_km < 3.0 and 0 < r.destination_moved_km < 3.0
    assert r.origin_moved_km == pytest.approx(geodesy.distance_km(NAJIN, r.coords[0]), abs=0.01)
    assert any("Najin's point is on land" in n for n in r.notes)
    assert any("Dunay's point is on land" in n for n in r.notes)


def test_najin_dunay_stays_on_water(najin_dunay: sea.SeaRoute) -> None:
    assert_on_water(najin_dunay)
    assert_not_shorter_than_geodesic(najin_dunay)
    assert najin_dunay.length_nmi == pytest.approx(najin_dunay.length_km / 1.852)
    # drawn densely enough for the map, and every drawn piece is what was checked
    steps = [geodesy.distance_km(p, q) for p, q in zip(najin_dunay.coords[:-1], najin_dunay.coords[1:], strict=False)]
    assert max(steps) <= sea.STEP_KM + 1e-6


def test_najin_dunay_within_3_percent_of_the_shortest_water_path(najin_dunay: sea.SeaRoute) -> None:
    """The exact shortest path at the land's resolution: a visibility graph (see its docstring)."""
    r = najin_dunay
    line, shortest, considered = visibility_shortest(r.coords[0], r.coords[-1], r.length_km)
    assert considered > 100  # corners of the coast really were considered
    assert math.isfinite(shortest)
    assert tuple(line[0]) == r.coords[0] and tuple(line[-1]) == r.coords[-1]
    assert shortest <= r.length_km + 1e-6
    assert r.length_km <= 1.03 * shortest, (r.length_km, shortest)


def test_the_reference_is_exact_in_open_water() -> None:
    a, b = (131.0, 42.0), (131.5, 42.1)  # the open Sea of Japan
    line, km, _ = visibility_shortest(a, b, 100.0)
    assert len(line) == 2 and km == pytest.approx(geodesy.distance_km(a, b))
    assert visibility_shortest(NAJIN, DUNAY, 150.0)[1] == math.inf  # no water path that short


# --------------------------------------------------------------------------- the leg


def test_sea_leg_pieces_and_notes() -> None:
    najin = Place("Najin", *NAJIN, geonames_id=2042645, country_code="KP")
    dunay = Place("Dunay", *DUNAY, geonames_id=2024800, country_code="RU")
    leg = sea.sea_leg(plan(najin, dunay))
    assert leg.drawn_as == "sea"
    assert leg.coords[0] == NAJIN and leg.coords[-1] == DUNAY
    kinds = [p.kind for p in leg.pieces]
    assert kinds == ["access", "network", "access"]
    assert all(p.inferred for p in leg.pieces if p.kind == "access")
    water = leg.pieces[1]
    assert not water.inferred
    assert_on_water(water.coords)
    assert water.coords[0] == leg.pieces[0].coords[-1] and water.coords[-1] == leg.pieces[2].coords[0]
    assert leg.pieces[0].coords[1] == NAJIN_PORT  # the town, its port, the water
    assert leg.length_km == pytest.approx(geodesy.length_km(leg.coords), abs=0.01)
    assert 0 < leg.inferred_km < 10
    assert "OpenStreetMap" in leg.network and "marnet" in leg.network and "searoute 1.6.0" in leg.network
    assert leg.via == ()
    assert any("KPNJN" in n and "Najin" in n for n in leg.notes)
    assert any("Dunay's point is on land" in n and "km away" in n for n in leg.notes)
    assert any("nmi" in n and "km" in n for n in leg.notes)


def test_sea_leg_accepts_route_options_and_names_passages() -> None:
    odesa = Place("Odesa", 30.7326, 46.4825, country_code="UA")
    piraeus = Place("Piraeus", 23.6290, 37.9420, country_code="GR")
    leg = sea.sea_leg(plan(odesa, piraeus), options=RouteOptions())
    assert leg.via == ("the Bosphorus", "the Dardanelles")  # in the order passed
    assert_on_water(next(p for p in leg.pieces if p.kind == "network").coords)


def test_sea_leg_through_a_canal() -> None:
    balboa = Place("Balboa", -79.5650, 8.9490, country_code="PA")
    kingston = Place("Kingston", -76.7936, 17.9714, country_code="JM")
    leg = sea.sea_leg(plan(balboa, kingston))
    assert "the Panama Canal" in leg.via
    canal = [p for p in leg.pieces if p.kind == "canal"]
    assert len(canal) == 1 and canal[0].inferred
    for piece in leg.pieces:
        if piece.kind == "network":
            assert_on_water(piece.coords)
    assert any("through the Panama Canal" in n and "not checked" in n for n in leg.notes)


def test_sea_leg_errors_name_the_places() -> None:
    baku = Place("Baku", 49.8671, 40.3777, country_code="AZ")
    odesa = Place("Odesa", 30.7326, 46.4825, country_code="UA")
    ulaanbaatar = Place("Ulaanbaatar", 106.9, 47.9, country_code="MN")
    with pytest.raises(RoutingError, match="No sea route from Baku to Odesa: their waters do not connect"):
        sea.sea_leg(plan(baku, odesa))
    with pytest.raises(RoutingError, match=r"^Ulaanbaatar \(.*\) is more than 25 km from navigable water"):
        sea.sea_leg(plan(ulaanbaatar, odesa))


def test_sea_leg_between_one_place_and_itself() -> None:
    najin = Place("Najin", *NAJIN, country_code="KP")
    leg = sea.sea_leg(plan(najin, najin))
    assert leg.coords[0] == leg.coords[-1] == NAJIN
    assert leg.length_km == pytest.approx(geodesy.length_km(leg.coords), abs=0.001)


def test_the_article_routes_its_sea_leg_on_water(monkeypatch) -> None:
    monkeypatch.setitem(legs.ROUTERS, "sea", sea.sea_leg)
    analysis = routes.analyze(ARTICLE.read_text(encoding="utf-8"), name=ARTICLE.name)
    leg = next(leg for leg in analysis.legs if leg.plan.mode == "sea")
    assert leg.drawn_as == "sea"
    assert geodesy.distance_km(leg.coords[0], NAJIN) < 3 and geodesy.distance_km(leg.coords[-1], DUNAY) < 3
    water = next(p for p in leg.pieces if p.kind == "network")
    assert_on_water(water.coords)
    assert 180 < geodesy.length_km(water.coords) < 200  # the shortest water path is 188 km
    assert any("KPNJN" in n for n in leg.notes)
    assert not any("Leg " in w and "Dunay" in w for w in analysis.warnings)


# --------------------------------------------------------------------------- anywhere


@pytest.mark.parametrize(
    ("a", "b", "passages"),
    [
        ((30.7326, 46.4825), (23.6290, 37.9420), ("the Bosphorus", "the Dardanelles")),  # Odesa → Piraeus
        ((23.6290, 37.9420), (30.7326, 46.4825), ("the Dardanelles", "the Bosphorus")),  # and back
        ((39.1728, 21.4858), (29.8850, 31.1880), ("the Suez Canal",)),  # Jeddah → Alexandria
        ((39.1728, 21.4858), (37.2200, 19.6100), ()),  # Jeddah → Port Sudan: not through Suez
        ((39.1728, 21.4858), (33.0800, 28.3600), ()),  # Jeddah → Ras Gharib, up the Gulf of Suez
        ((-5.8000, 35.7900), (-5.3500, 36.1400), ("the Strait of Gibraltar",)),  # Tangier → Gibraltar
    ],
    ids=["bosphorus-dardanelles", "dardanelles-bosphorus", "suez", "red-sea", "gulf-of-suez", "gibraltar"],
)
def test_straits_and_canals(a, b, passages) -> None:
    r = sea.sea_route(a, b)
    assert r.passages == passages
    assert r.canal_km == 0 and r.canal_spans == ()
    assert_on_water(r)
    assert_not_shorter_than_geodesic(r)


def test_panama() -> None:
    r = sea.sea_route((-79.5650, 8.9490), (-76.7936, 17.9714))  # Balboa → Kingston
    assert r.passages == ("the Panama Canal",)
    assert 50 < r.canal_km < 90  # the canal is 82 km from deep water to deep water
    assert r.canals == (("the Panama Canal", r.canal_km),)
    assert any("Panama Canal" in n for n in r.notes)
    # everything but the canal is on water, and the canal is where Panama is
    assert_on_water(r)
    (first, last), = r.canal_spans
    assert all(-80.1 < x < -79.4 and 8.8 < y < 9.4 for x, y in r.coords[first : last + 1])
    p = np.asarray(r.coords)
    assert not sea.segments_clear(p[first:last], p[first + 1 : last + 1]).all()
    # straight into the canal from Balboa: no detour out into the Gulf of Panama first
    assert min(y for _, y in r.coords) > 8.9
    assert r.length_km < 1.1 * geodesy.distance_km(r.coords[0], r.coords[-1]) + 100


def test_inside_the_caspian() -> None:
    r = sea.sea_route((49.8671, 40.3777), (51.1980, 43.6480))  # Baku → Aktau
    assert_on_water(r)
    assert_not_shorter_than_geodesic(r)
    assert all(46 < x < 55 and 36 < y < 48 for x, y in r.coords)


def test_around_a_cape() -> None:
    r = sea.sea_route((18.4241, -33.9249), (31.0218, -29.8587))  # Cape Town → Durban
    assert_on_water(r)
    assert_not_shorter_than_geodesic(r)
    assert min(y for _, y in r.coords) < -34.8  # round Cape Agulhas (34.83° S)
    assert r.passages == ("the Cape of Good Hope",)


def test_across_the_antimeridian() -> None:
    r = sea.sea_route((178.44, -18.14), (-171.76, -13.83))  # Suva → Apia
    assert_on_water(r)
    assert_not_shorter_than_geodesic(r)
    assert r.length_km < 1.3 * geodesy.distance_km(r.coords[0], r.coords[-1])  # not round the world


def test_waters_that_do_not_connect() -> None:
    with pytest.raises(RoutingError, match="Baku.*Odesa.*do not connect"):
        sea.sea_route((49.8671, 40.3777), (30.7326, 46.4825), origin_name="Baku", destination_name="Odesa")


def test_far_from_water() -> None:
    with pytest.raises(RoutingError, match="Ulaanbaatar.*km"):
        sea.sea_route((106.9, 47.9), (130.3, 42.2), origin_name="Ulaanbaatar")


@pytest.mark.parametrize("bad", [(200.0, 0.0), ("x", 1.0), (float("nan"), 3.0), (1.0,)])
def test_bad_points(bad) -> None:
    with pytest.raises(RoutingError, match="lon, lat"):
        sea.sea_route(bad, (0.0, 0.0))


def test_arctic_left_out_unless_asked() -> None:
    rotterdam, shanghai = (4.12, 51.95), (121.49, 31.24)
    r = sea.sea_route(rotterdam, shanghai)
    assert r.passages == ("the Strait of Gibraltar", "the Suez Canal", "Bab-el-Mandeb", "the Strait of Malacca")
    assert not sea.in_arctic(np.array(r.coords)).any()
    assert_on_water(r)
    assert 18_500 < r.length_km < 20_000  # about 10,500 nmi by Suez


def test_ports_up_estuaries_and_in_sounds() -> None:
    """Water that reaches the sea only beyond the finest window, or through a narrow sound."""
    for a, b in [((145.2167, -38.3000), (-122.8833, 47.0500)),  # Hastings (Western Port) → Olympia (Puget Sound)
                 ((10.7390, 59.9045), (10.1500, 54.3300))]:  # Oslo → Kiel
        r = sea.sea_route(a, b)
        assert r.origin_moved_km < 2 and r.destination_moved_km < 2
        assert_on_water(r)
        assert_not_shorter_than_geodesic(r)


# --------------------------------------------------------------------------- generated pairs


def _water_points(n: int, seed: int, box: tuple[float, float, float, float]) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out: list[list[float]] = []
    while len(out) < n:
        p = np.column_stack((rng.uniform(box[0], box[2], 64), rng.uniform(box[1], box[3], 64)))
        out.extend(p[~sea.on_land(p)].tolist())
    return np.array(out[:n])


def _check_pair(a: tuple[float, float], b: tuple[float, float]) -> sea.SeaRoute | None:
    """Route a generated pair: on water and not shorter than the geodesic, or a clear error."""
    try:
        r = sea.sea_route(a, b, origin_name="A", destination_name="B")
    except RoutingError as exc:
        assert "do not connect" in str(exc) or "km from navigable water" in str(exc), str(exc)
        return None
    assert_on_water(r)
    assert_not_shorter_than_geodesic(r)
    # points on water start and end where they are; others move at most MAX_ACCESS_KM
    for moved, end, point in ((r.origin_moved_km, r.coords[0], a), (r.destination_moved_km, r.coords[-1], b)):
        if moved == 0:
            assert end == pytest.approx(point)
        assert geodesy.distance_km(end, point) == pytest.approx(moved, abs=0.01)
        assert moved <= sea.MAX_ACCESS_KM
    return r


# coastal seas with islands, straits, fjords and peninsulas
REGIONS = {
    "peter-the-great-gulf": (130.0, 41.8, 133.0, 43.3),
    "aegean": (22.5, 36.0, 28.5, 41.0),
    "baltic": (9.0, 53.5, 30.0, 66.0),
    "north-sea-and-channel": (-6.0, 48.0, 10.0, 60.0),
    "norwegian-fjords": (4.0, 58.0, 16.0, 69.0),
    "japan": (128.0, 30.0, 146.0, 46.0),
    "indonesia": (95.0, -10.0, 141.0, 6.0),
    "caribbean": (-90.0, 8.0, -60.0, 24.0),
    "chilean-fjords": (-76.0, -56.0, -70.0, -42.0),
    "persian-gulf-red-sea": (32.0, 12.0, 57.0, 30.0),
    "canadian-arctic-archipelago": (-100.0, 68.0, -75.0, 76.0),
    "philippines": (118.0, 5.0, 127.0, 19.0),
}


@pytest.mark.parametrize("region", list(REGIONS))
def test_generated_pairs_stay_on_water(region) -> None:
    pts = _water_points(16, seed=len(region), box=REGIONS[region])
    routed = sum(_check_pair(tuple(a), tuple(b)) is not None for a, b in zip(pts[0::2], pts[1::2], strict=False))
    assert routed >= 5


def test_generated_pairs_worldwide() -> None:
    """Water points anywhere (the Arctic and the Caspian included): on water, or a clear error."""
    pts = _water_points(40, seed=7, box=(-180.0, -70.0, 180.0, 80.0))
    routed = sum(_check_pair(tuple(a), tuple(b)) is not None for a, b in zip(pts[0::2], pts[1::2], strict=False))
    assert routed >= 15


def test_generated_short_pairs_near_the_shortest_path() -> None:
    """Pairs less than 150 km apart in an archipelago, against the exact visibility graph."""
    pts = _water_points(40, seed=11, box=REGIONS["peter-the-great-gulf"])
    checked = 0
    for a, b in zip(pts[0::2], pts[1::2], strict=False):
        if geodesy.distance_km(tuple(a), tuple(b)) > 150:
            continue
        r = _check_pair(tuple(a), tuple(b))
        assert r is not None
        _, shortest, _ = visibility_shortest(r.coords[0], r.coords[-1], r.length_km)
        assert shortest <= r.length_km + 1e-6
        assert r.length_km <= 1.05 * shortest, (a, b, r.length_km, shortest)
        checked += 1
    assert checked >= 5


def test_generated_port_pairs_worldwide() -> None:
    """Pairs of UN/LOCODE ports drawn at random: on water, or a clear error naming the port."""
    rng = np.random.default_rng(2024)
    listed = ports.load_ports()
    routed = 0
    for _ in range(16):
        p, q = (listed[i] for i in rng.choice(len(listed), 2, replace=False))
        try:
            r = sea.sea_route(p.coord, q.coord, origin_name=p.name, destination_name=q.name)
        except RoutingError as exc:  # an inland port (UN/LOCODE lists dry ports and river ports)
            assert f"{p.name} (" in str(exc) or f"{q.name} (" in str(exc) or "do not connect" in str(exc), str(exc)
            continue
        routed += 1
        assert_on_water(r)
        assert_not_shorter_than_geodesic(r)
        assert geodesy.distance_km(r.coords[0], p.coord) <= sea.MAX_ACCESS_KM + 0.01
        assert geodesy.distance_km(r.coords[-1], q.coord) <= sea.MAX_ACCESS_KM + 0.01
    assert routed >= 8


def test_generated_ports_on_land_move_to_water() -> None:
    """Ports of searoute's list drawn at random: those whose point is on land start on water."""
    rng = np.random.default_rng(5)
    listed = [p for p in ports.load_ports() if -10 < p.lon < 30 and 35 < p.lat < 60]
    pts = np.array([p.coord for p in listed])
    inland = [p for p, land in zip(listed, sea.on_land(pts), strict=False) if land]
    picked = [inland[i] for i in rng.choice(len(inland), 8, replace=False)]
    done = 0
    for p, q in zip(picked[0::2], picked[1::2], strict=False):
        try:
            r = sea.sea_route(p.coord, q.coord, origin_name=p.name, destination_name=q.name)
        except RoutingError as exc:
            assert p.name in str(exc) or q.name in str(exc)
            continue
        for moved, end, port in ((r.origin_moved_km, r.coords[0], p), (r.destination_moved_km, r.coords[-1], q)):
            assert 0 < moved <= sea.MAX_ACCESS_KM
            assert geodesy.distance_km(end, port.coord) == pytest.approx(moved, abs=0.01)
        assert any(f"{p.name}'s point is on land" in n for n in r.notes)
        assert_on_water(r)
        assert_not_shorter_than_geodesic(r)
        done += 1
    assert done >= 3


# --------------------------------------------------------------------------- pieces


def test_densify_and_checks_agree() -> None:
    line = sea.densify([(0.0, 0.0), (10.0, 10.0)])
    steps = [geodesy.distance_km(tuple(p), tuple(q)) for p, q in zip(line[:-1], line[1:], strict=False)]
    assert max(steps) <= sea.STEP_KM + 1e-6
    assert geodesy.length_km(line) == pytest.approx(geodesy.distance_km((0, 0), (10, 10)), rel=1e-9)
    # across the antimeridian: a short line, not one around the world
    assert sea.segments_clear(np.array([[179.9, 0.0]]), np.array([[-179.9, 0.0]]))[0]
    assert not sea.segments_clear(np.array([[0.0, 45.0]]), np.array([[10.0, 48.0]]))[0]  # France, Alps
    # a long straight segment over a small island (kept as a box) is caught
    land = sea.load_land()
    lo, hi = land.box_lo[0], land.box_hi[0]
    mid = (lo + hi) / 2
    assert not sea.segments_clear(mid[None] - [3.0, 0.0], mid[None] + [3.0, 0.0])[0]
    assert sea.on_land(mid[None])[0]


def test_passages_on_a_line() -> None:
    through = [(29.15, 41.25), (29.06, 41.09), (28.98, 40.97)]  # down the Bosphorus
    assert sea.passages_on(through) == ("the Bosphorus",)
    assert sea.passages_on([(28.0, 43.0), (29.5, 42.0)]) == ()  # the Black Sea, off its mouth


def test_find_port() -> None:
    port = ports.find_port("Najin", near=NAJIN)
    assert port is not None and port.locode == "KPNJN"
    assert ports.find_port("Najin", near=(0.0, 0.0)) is None
    assert ports.find_port("") is None


def test_data_files_are_checked(tmp_path) -> None:
    with pytest.raises(DataError, match="missing"):
        sea.read_container(tmp_path / "land.bin")
    (tmp_path / "land.bin").write_bytes(b"not ours")
    with pytest.raises(DataError, match="format"):
        sea.read_container(tmp_path / "land.bin")
    meta = {"dataset": "x"}
    arrays = {"a": np.arange(10, dtype=np.int32).reshape(5, 2), "b": np.array([1.5, -2.0])}
    sea.write_container(tmp_path / "c.bin", meta, arrays, delta=("a",))
    got_meta, got = sea.read_container(tmp_path / "c.bin")
    assert got_meta == meta
    assert np.array_equal(got["a"], arrays["a"]) and np.array_equal(got["b"], arrays["b"])


def test_shipped_files_are_compact_and_described() -> None:
    for name in (sea.LAND_FILE, sea.NETWORK_FILE, ports.PORTS_FILE):
        assert (settings.data_dir / name).stat().st_size < 12_000_000
    net = sea.load_network()
    assert net.meta["dataset"] == sea.NETWORK_DATASET and net.meta["land"] == sea.LAND_DATASET
    assert {g.passage for g in net.gates} >= {"bosporus", "dardanelles", "suez", "panama", "gibraltar"}
    assert (np.abs(net.lonlat[:, 0]) <= 180).all()
