"""The border measurement: exact geodesic distance to a country's boundary (offline)."""

from __future__ import annotations

import geopandas
import numpy as np
import pyproj
import pytest
import shapely

from routes import boundaries, settings
from routes.boundaries import BOUNDARY_DATASET, country_shape, load_boundaries
from routes.errors import BorderError, DataError
from routes.model import BorderMeasurement
from routes.route.border import distance_to_border

pytestmark = pytest.mark.filterwarnings("error")

GEOD = pyproj.Geod(ellps="WGS84")
TIKHORETSK = (40.1262, 45.8546)
KYIV = (30.5234, 50.4501)
PARIS = (2.3522, 48.8566)
LODZ = (19.4560, 51.7592)
GENEVA = (6.1432, 46.2044)


def brute_force_km(point: tuple[float, float], code: str, step_deg: float = 0.001) -> float:
    """Geodesic distance to every vertex of the boundary densified every ``step_deg``."""
    boundary = shapely.segmentize(country_shape(code).boundary, step_deg)
    xy = shapely.get_coordinates(boundary)
    n = len(xy)
    _, _, dist = GEOD.inv(np.full(n, point[0]), np.full(n, point[1]), xy[:, 0], xy[:, 1])
    return float(dist.min()) / 1000


def test_tikhoretsk_to_ukraine() -> None:
    m = distance_to_border(TIKHORETSK, "UA", from_name="Tikhoretsk")
    print(f"\nTikhoretsk → UA: {m.distance_km:.2f} km, nearest {m.nearest}")
    assert isinstance(m, BorderMeasurement)
    assert m.from_name == "Tikhoretsk"
    assert m.point == TIKHORETSK
    assert (m.country_code, m.country_name) == ("UA", "Ukraine")
    assert m.boundary == BOUNDARY_DATASET
    # Donetsk oblast, where the Ukrainian-Russian land border meets the Sea of Azov
    assert 195 < m.distance_km < 210
    assert 37.8 < m.nearest[0] < 38.5 and 46.9 < m.nearest[1] < 47.3


@pytest.mark.parametrize(
    ("point", "code"),
    [
        (TIKHORETSK, "UA"),
        (LODZ, "DE"),  # from Poland to Germany
        (PARIS, "BE"),
        (GENEVA, "FR"),  # a few km from the border
        (KYIV, "UA"),  # from inside: to the Belarusian border
    ],
)
def test_agrees_with_brute_force(point: tuple[float, float], code: str) -> None:
    measured = distance_to_border(point, code).distance_km
    expected = brute_force_km(point, code)
    print(f"\n{point} → {code}: {measured:.4f} km, brute force {expected:.4f} km")
    assert measured == pytest.approx(expected, abs=0.1)
    assert measured <= expected + 1e-6  # the brute force only sees vertices


@pytest.mark.parametrize(
    ("point", "code"),
    [(TIKHORETSK, "UA"), (PARIS, "BE"), (KYIV, "UA"), ((179.9, 67.5), "RU"), ((-74.0, 40.7), "RU")],
)
def test_nearest_point_lies_on_the_boundary(point: tuple[float, float], code: str) -> None:
    m = distance_to_border(point, code)
    assert shapely.distance(country_shape(code).boundary, shapely.Point(m.nearest)) < 1e-9
    _, _, dist = GEOD.inv(point[0], point[1], *m.nearest)
    assert m.distance_km == pytest.approx(dist / 1000, abs=1e-9)


def test_unknown_code_raises() -> None:
    for code in ("ZZ", "", "UKR", "-99"):
        with pytest.raises(BorderError, match=r"No boundary for country .* in Natural Earth"):
            distance_to_border(TIKHORETSK, code)
    with pytest.raises(BorderError, match=r"No boundary for country 'ZZ' in " + BOUNDARY_DATASET[:20]):
        country_shape("ZZ")
    with pytest.raises(LookupError):  # BorderError is a LookupError
        country_shape("XX")


def test_code_is_case_insensitive() -> None:
    assert distance_to_border(PARIS, " be ").country_code == "BE"


def test_bad_point_raises() -> None:
    for point in [(200.0, 0.0), (0.0, 91.0), (float("nan"), 0.0), ("a", "b"), (1.0,)]:
        with pytest.raises(BorderError):
            distance_to_border(point, "UA")  # type: ignore[arg-type]


def test_crimea_is_in_ukraine() -> None:
    simferopol = shapely.Point(34.10, 44.95)
    assert country_shape("UA").contains(simferopol)
    assert not country_shape("RU").contains(simferopol)


def test_antimeridian_cut_is_not_a_border() -> None:
    # Chukotka is cut at 180°; the point is 4 km from the cut but far from any coast.
    m = distance_to_border((179.9, 67.5), "RU")
    assert abs(abs(m.nearest[0]) - 180) > 0.01
    assert m.distance_km > 50


def test_dataset_columns_and_codes() -> None:
    gdf = load_boundaries()
    assert load_boundaries() is gdf  # loaded once
    assert list(gdf.columns) == ["iso_a2", "name", "geometry"]
    assert gdf["iso_a2"].is_unique
    assert gdf["iso_a2"].str.fullmatch(r"[A-Z]{2}").all()
    assert set(gdf.geom_type) == {"MultiPolygon"}
    names = dict(zip(gdf["iso_a2"], gdf["name"], strict=True))
    for code, name in [("FR", "France"), ("NO", "Norway"), ("XK", "Kosovo"), ("TW", "Taiwan"),
                       ("CX", "Christmas Island"), ("UA", "Ukraine")]:
        assert names[code] == name
    assert isinstance(country_shape("ua"), shapely.MultiPolygon)


def test_missing_or_foreign_file_raises_data_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    load_boundaries.cache_clear()
    try:
        with pytest.raises(DataError, match="missing"):
            load_boundaries()
        (tmp_path / "boundaries").mkdir()
        other = tmp_path / boundaries.BOUNDARY_FILE
        country_frame = geopandas.GeoDataFrame(
            {"iso_a2": ["AA"], "name": ["A"]}, geometry=[shapely.box(0, 0, 1, 1)], crs="EPSG:4326"
        )
        country_frame.to_parquet(other)
        with pytest.raises(DataError, match="expected"):
            load_boundaries()
    finally:
        load_boundaries.cache_clear()
