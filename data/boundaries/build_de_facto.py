"""Build ``countries_10m_de_facto.parquet``: the de facto boundary view.

Source: Natural Earth 1:10m admin-0 countries v4.1.0, default edition, as redistributed
(TopoJSON, coordinates quantised to about 280 × 190 m) in the npm package
``world-atlas`` 2.0.2. The default edition draws de facto control: Crimea inside Russia,
Northern Cyprus and Somaliland as entities of their own. Run once, by hand::

    (cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
    .venv/bin/python data/boundaries/build_de_facto.py /tmp/package/countries-10m.json

``iso_a2`` comes from the feature ids (ISO 3166-1 numeric) through the ISO table that
``countryinfo`` ships; features with no ISO id (Northern Cyprus, Somaliland, Kosovo,
Siachen…) are kept out, as no ISO code names them. Same columns and metadata key as
``build.py``'s file; the geometry is not simplified.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import geopandas
import pyarrow.parquet as pq
import shapely

#: Must equal the de facto entry of ``routes.boundaries.BOUNDARY_VIEWS``; the loader checks it.
DATASET = "Natural Earth 10m admin-0 countries v4.1.0, default (de facto) edition (world-atlas 2.0.2)"
OUTPUT = Path(__file__).resolve().parent / "countries_10m_de_facto.parquet"


def _numeric_to_alpha2() -> dict[str, str]:
    from countryinfo import all_countries

    table = {}
    for country in all_countries():
        iso = country.info().get("ISO") or {}
        if iso.get("numeric") and iso.get("alpha2"):
            table[str(iso["numeric"]).zfill(3)] = iso["alpha2"]
    return table


def convert(path: Path) -> geopandas.GeoDataFrame:
    src = geopandas.read_file(path, layer="countries", engine="pyogrio")
    codes = _numeric_to_alpha2()
    src["iso_a2"] = [codes.get(str(i).zfill(3)) if i is not None else None for i in src["id"]]
    src = src[src["iso_a2"].notna()]
    src["geometry"] = shapely.make_valid(src.geometry.values)
    merged = src.dissolve(by="iso_a2", aggfunc={"name": "first"}, as_index=False)
    merged["geometry"] = [
        g if g.geom_type == "MultiPolygon" else shapely.MultiPolygon(
            [p for p in shapely.get_parts(g) if p.geom_type == "Polygon"])
        for g in merged.geometry
    ]
    return merged[["iso_a2", "name", "geometry"]].sort_values("iso_a2").reset_index(drop=True)


def write(gdf: geopandas.GeoDataFrame, path: Path) -> None:
    gdf.to_parquet(path, index=False, compression="zstd")
    table = pq.read_table(path)
    metadata = dict(table.schema.metadata or {})
    metadata[b"routes:dataset"] = DATASET.encode()
    pq.write_table(table.replace_schema_metadata(metadata), path, compression="zstd")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="world-atlas 2.0.2's countries-10m.json")
    args = parser.parse_args(argv)
    print(f"source sha256 {hashlib.sha256(args.source.read_bytes()).hexdigest()}", file=sys.stderr)
    gdf = convert(args.source)
    write(gdf, OUTPUT)
    print(f"{len(gdf)} countries -> {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
