from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pyogrio
import pytest

import routes
from routes import settings
from routes.__main__ import main
from routes.errors import ExportError
from routes.model import LegPiece, Place, Stop, ViewOptions
from routes.show.captions import alt_text, default_subtitle, default_title, journey_bounds
from routes.show.export import FORMATS, export, parse_size

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = '<script>alert("x")</script> ]]> & “quotes”'


def kinds_of(collection: dict) -> dict[str, list[dict]]:
    kinds: dict[str, list[dict]] = {}
    for f in collection["features"]:
        kinds.setdefault(f["properties"]["kind"], []).append(f)
    return kinds


def test_geojson_schema(first_analysis: routes.Analysis) -> None:
    collection = routes.to_geojson(first_analysis)
    kinds = kinds_of(collection)
    assert {"place", "leg", "border_distance", "claim"} <= set(kinds) <= {"place", "leg", "leg_piece",
                                                                          "border_distance", "claim"}
    for f in kinds["place"]:
        assert f["geometry"]["type"] == "Point"
        p = f["properties"]
        assert {"name", "mention", "start", "end", "geonames_id", "country_code", "role"} <= set(p)
        assert first_analysis.article.text[p["start"]:p["end"]] == p["mention"]
    sea, rail = kinds["leg"]
    assert (sea["properties"]["mode"], rail["properties"]["mode"]) == ("sea", "rail")
    assert sea["properties"]["length_nmi"] == pytest.approx(sea["properties"]["length_km"] / 1.852, abs=0.1)
    assert "length_nmi" not in rail["properties"]
    assert sea["properties"]["drawn_as"] in {"direct", "sea"}
    lon, lat = sea["geometry"]["coordinates"][0]
    assert (round(lon), round(lat)) == (130, 42)  # lon, lat order (RFC 7946)
    for leg in kinds["leg"]:  # the inferred stretches are flagged on every leg
        p = leg["properties"]
        assert {"inferred_km", "inferred_share", "via", "notes"} <= set(p)
        assert 0 <= p["inferred_share"] <= 1 and isinstance(p["via"], list) and isinstance(p["notes"], list)
        if p["drawn_as"] == "direct":
            assert p["inferred_share"] == 1
    (border,) = kinds["border_distance"]
    assert border["geometry"]["type"] == "LineString"
    assert border["properties"]["country_code"] == "UA"
    assert 150 < border["properties"]["distance_km"] < 300
    assert "Natural Earth" in border["properties"]["boundary"]
    (claim,) = [c for c in kinds["claim"] if c["properties"]["claim_kind"] == "distance"]
    assert claim["geometry"] is None
    assert claim["properties"]["claimed_km"] == 290
    assert claim["properties"]["computed_km"] == border["properties"]["distance_km"]


@pytest.fixture(scope="module")
def pieced(first_analysis: routes.Analysis) -> routes.Analysis:
    """The first analysis with a sea leg cut into known pieces (access, network, access) and text to escape."""
    sea = first_analysis.legs[0]
    coords = sea.coords
    pieces = (LegPiece(coords[:2], inferred=True, kind="access"), LegPiece(coords[1:-1], kind="network"),
              LegPiece(coords[-2:], inferred=True, kind="access"))
    sea = dataclasses.replace(sea, drawn_as="sea", network="test network", pieces=pieces, via=("Strait A", "Cape B"),
                              notes=("First note.", "Second; note."))
    stops = first_analysis.itinerary.stops
    label = dataclasses.replace(stops[2], label="dépôt " + SCRIPT)
    rail = dataclasses.replace(first_analysis.legs[1], plan=dataclasses.replace(
        first_analysis.legs[1].plan, destination=label, sentence="Rail " + SCRIPT))
    article = dataclasses.replace(first_analysis.article, title="Title " + SCRIPT)
    return dataclasses.replace(first_analysis, article=article, legs=(sea, rail))


def test_leg_pieces_flag_the_inferred_stretches(pieced: routes.Analysis) -> None:
    kinds = kinds_of(routes.to_geojson(pieced))
    sea_pieces = [f for f in kinds["leg_piece"] if f["properties"]["order"] == 1]
    assert [(f["properties"]["piece"], f["properties"]["piece_kind"], f["properties"]["inferred"])
            for f in sea_pieces] == [(1, "access", True), (2, "network", False), (3, "access", True)]
    assert all(f["geometry"]["type"] == "LineString" and f["properties"]["note"] for f in sea_pieces)
    sea = kinds["leg"][0]["properties"]
    inferred = sum(f["properties"]["length_km"] for f in sea_pieces if f["properties"]["inferred"])
    assert sea["inferred_km"] == pytest.approx(inferred, abs=0.1) and sea["inferred_km"] > 0
    assert sea["inferred_share"] == pytest.approx(sea["inferred_km"] / sea["length_km"], abs=0.001)
    assert sea["via"] == ["Strait A", "Cape B"] and sea["notes"] == ["First note.", "Second; note."]


def test_formats_are_described() -> None:
    assert set(FORMATS) == {"png", "svg", "pdf", "html", "geojson", "kml", "kmz", "gpx", "csv", "gpkg"}
    assert all(f.mime and f.extension and f.description for f in FORMATS.values())


def test_geojson_export_is_the_collection(pieced: routes.Analysis) -> None:
    out = export(pieced, "geojson")
    # the headline names the file, its markup reduced to words
    assert out.mime == "application/geo+json" and out.filename == "title-script-alert-x-script-quotes.geojson"
    assert json.loads(out.data) == routes.to_geojson(pieced)


def write(tmp_path: Path, analysis: routes.Analysis, fmt: str) -> Path:
    out = export(analysis, fmt)
    assert out.mime == FORMATS[fmt].mime and out.filename.endswith("." + fmt)
    path = tmp_path / out.filename
    path.write_bytes(out.data)
    return path


def test_geopackage_has_a_layer_per_kind(tmp_path: Path, pieced: routes.Analysis) -> None:
    path = write(tmp_path, pieced, "gpkg")
    kinds = kinds_of(routes.to_geojson(pieced))
    layers = dict(pyogrio.list_layers(path))
    assert set(layers) == {"places", "legs", "leg_pieces", "border_distance", "claims"}
    assert layers["claims"] is None  # an attribute table
    for layer, kind in [("places", "place"), ("legs", "leg"), ("leg_pieces", "leg_piece"),
                        ("border_distance", "border_distance"), ("claims", "claim")]:
        frame = pyogrio.read_dataframe(path, layer=layer, read_geometry=layer != "claims")
        assert len(frame) == len(kinds[kind])
        assert set(kinds[kind][0]["properties"]) <= set(frame.columns)
    legs = pyogrio.read_dataframe(path, layer="legs")
    assert legs["via"][0] == "Strait A; Cape B" and legs["inferred_share"][0] > 0
    pieces = pyogrio.read_dataframe(path, layer="leg_pieces")
    assert pieces["inferred"].tolist()[:3] == [True, False, True]
    border = pyogrio.read_dataframe(path, layer="border_distance")
    assert json.loads(border["readings"][0])[0]["view"]


def test_csv_has_a_row_per_feature_with_wkt(tmp_path: Path, pieced: routes.Analysis) -> None:
    path = write(tmp_path, pieced, "csv")
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    features = routes.to_geojson(pieced)["features"]
    assert len(rows) == len(features)
    assert [r["kind"] for r in rows] == [f["properties"]["kind"] for f in features]
    assert rows[0]["WKT"].startswith("POINT") and rows[0]["lon"] and rows[0]["lat"]
    assert next(r for r in rows if r["kind"] == "leg")["WKT"].startswith("LINESTRING")
    assert all(r["WKT"] == "" for r in rows if r["kind"] == "claim")
    assert len(pyogrio.read_dataframe(path)) == len(features)  # GDAL reads it back


def distinct_places(analysis: routes.Analysis) -> int:
    return len({(pm.place.geonames_id, pm.place.name) for pm in analysis.places})


@pytest.mark.parametrize("fmt", ["kml", "kmz"])
def test_kml_and_kmz_open_in_gdal_with_folders_styles_and_escaped_text(
        tmp_path: Path, pieced: routes.Analysis, fmt: str) -> None:
    path = write(tmp_path, pieced, fmt)
    kinds = kinds_of(routes.to_geojson(pieced))
    layers = [name for name, _ in pyogrio.list_layers(path)]
    assert layers == ["Legs", "Stretches of the legs (network and inferred)", "Distance to the border",
                      "Places named in the article", "Claims in the article (no location)"]
    counts = {name: len(pyogrio.read_dataframe(path, layer=name)) for name in layers}
    assert list(counts.values()) == [len(kinds["leg"]), len(kinds["leg_piece"]), 1, distinct_places(pieced),
                                     len(kinds["claim"])]
    legs = pyogrio.read_dataframe(path, layer="Legs")
    assert {"mode", "length_km", "inferred_km", "inferred_share", "via", "notes"} <= set(legs.columns)
    text = (zipfile.ZipFile(path).read("doc.kml") if fmt == "kmz" else path.read_bytes()).decode("utf-8")
    root = ET.fromstring(text)  # well-formed, whatever the article says
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    assert root.find("k:Document/k:name", ns).text == "Title " + SCRIPT
    colours = {e.text.lower() for e in root.iter("{http://www.opengis.net/kml/2.2}color")}
    assert "ffb27200" in colours and "ff005ed5" in colours  # sea #0072B2, rail #D55E00 (aabbggrr)
    assert "<script>" not in text  # descriptions are HTML with the article's text escaped, then XML-escaped
    assert "&amp;lt;script&amp;gt;" in text
    assert "OGR_STYLE" not in text


def test_gpx_has_waypoints_and_tracks(tmp_path: Path, pieced: routes.Analysis) -> None:
    path = write(tmp_path, pieced, "gpx")
    layers = dict(pyogrio.list_layers(path))
    assert {"waypoints", "tracks"} <= set(layers)
    waypoints = pyogrio.read_dataframe(path, layer="waypoints")
    tracks = pyogrio.read_dataframe(path, layer="tracks")
    assert len(waypoints) == distinct_places(pieced)
    assert len(tracks) == len(pieced.legs) + 1  # the legs and the distance to the border
    assert tracks["type"].tolist() == ["sea", "rail", "border_distance"]
    assert "Najin" in " ".join(waypoints["desc"])
    root = ET.fromstring(path.read_bytes())
    tags = [child.tag.rsplit("}", 1)[1] for child in root]
    assert tags[0] == "metadata" and tags.index("trk") > max(i for i, t in enumerate(tags) if t == "wpt")
    assert "<script>" not in path.read_text(encoding="utf-8")


def test_alt_text_describes_route_lengths_border_and_claim(first_analysis: routes.Analysis) -> None:
    text = alt_text(first_analysis)
    sea, rail = first_analysis.legs
    assert "Najin" in text and "Dunay" in text and "Tikhoretsk" in text
    assert f"{sea.length_km:,.0f} km" in text and f"{rail.length_km:,.0f} km" in text
    assert f"{first_analysis.border.distance_km:,.0f} km from the border of Ukraine" in text
    assert "environ 290 kilomètres" in text


def test_a_leg_that_could_not_be_routed_is_said_and_its_ends_are_in_the_frame(
        first_analysis: routes.Analysis) -> None:
    """Ulaanbaatar is 1,000 km from any sea: a sea leg from it cannot be routed. The title keeps the journey
    told, the subtitle and the alt text say that leg is not drawn, and the frame still holds Ulaanbaatar."""
    first = first_analysis.itinerary.stops
    ulaanbaatar = Stop(Place("Ulaanbaatar", 106.92, 47.92, country_code="MN"), "Ulaanbaatar")
    edited = routes.with_stops(first_analysis, [ulaanbaatar, first[0], first[1]], ["sea", "sea"])
    assert [leg.plan.origin.name for leg in edited.legs] == [first[0].name]
    assert [plan.origin.name for plan in edited.unrouted] == ["Ulaanbaatar"]
    assert default_title(edited).startswith("Ulaanbaatar → ")
    assert "Sea, Ulaanbaatar → " in default_subtitle(edited) and "not routed" in default_subtitle(edited)
    assert "could not be routed and is not drawn" in alt_text(edited)
    west, south, east, north = journey_bounds(edited)
    assert west <= 106.92 <= east and south <= 47.92 <= north


@pytest.mark.parametrize(("fmt", "view", "message"), [
    ("bmp", {}, "Unknown export format 'bmp'"),
    ("png", {"size": (0, 800)}, "Bad size 0x800"),
    ("svg", {"size": (6001, 800)}, "Bad size 6001x800"),
    ("pdf", {"scale": 4}, "Bad scale 4"),
])
def test_bad_requests_are_refused_with_a_message(first_analysis: routes.Analysis, fmt: str, view: dict,
                                                 message: str) -> None:
    with pytest.raises(ExportError, match=message):
        export(first_analysis, fmt, ViewOptions(**view))


@pytest.mark.parametrize("text", ["abcx10", "1200", "0x10", "10x7000", "-5x10", ""])
def test_parse_size_refuses_bad_sizes(text: str) -> None:
    with pytest.raises(ExportError):
        parse_size(text)
    assert parse_size(" 1600 x 900 ") == (1600, 900)


def test_command_line_writes_geojson(tmp_path: Path) -> None:
    out = tmp_path / "out.geojson"
    assert main(["analyze", str(settings.first_article), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert sum(f["properties"]["kind"] == "leg" for f in data["features"]) == 2


def test_command_line_exports_kml_with_the_format_from_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "route.kml"
    assert main(["export", str(settings.first_article), "-o", str(out)]) == 0
    assert "Legs" in [name for name, _ in pyogrio.list_layers(out)]


@pytest.mark.parametrize(("args", "message"), [
    (("--format", "bmp"), "Unknown export format 'bmp'"),
    (("--format", "png", "--size", "abcx10"), "Bad size 'abcx10'"),
    (("--format", "png", "--size", "0x10"), "Bad size 0x10"),
    (("--format", "png", "--scale", "two"), "Bad scale 'two'"),
    (("-o", "x.unknown"), "Say which format"),
])
def test_command_line_export_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 args: tuple[str, ...], message: str) -> None:
    assert main(["export", str(settings.first_article), *args]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and message in err and len(err.splitlines()) == 1


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "routes", *args], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=120, check=False)


def test_command_line_reads_stdin() -> None:
    done = run_cli("analyze", "-", stdin="Les conteneurs ont été transportés de Najin à Dunay par cargo.".encode())
    assert done.returncode == 0, done.stderr
    legs = [f for f in json.loads(done.stdout)["features"] if f["properties"]["kind"] == "leg"]
    assert legs[0]["properties"]["mode"] == "sea"


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("analyze", "-"), b"", "holds no text"),
    (("analyze", "-"), b"Il pleut depuis trois jours sur la ville.", "No place names"),
    (("analyze", "-"), b"\x00\x01\x02binary\x00", "binary"),
    (("analyze", "does-not-exist.txt"), b"", "does-not-exist.txt"),
    (("export", "-", "--format", "png", "--size", "7000x10"), b"", "Bad size 7000x10"),
    (("export", "-", "--format", "png", "-o", "map.svg"), b"", "does not end in .png"),  # issue 16, point 10
])
def test_bad_input_exits_non_zero_with_one_line(args: tuple[str, ...], stdin: bytes, message: str) -> None:
    done = run_cli(*args, stdin=stdin)
    assert done.returncode == 1
    err = done.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err
    assert done.stdout == b""


def test_odd_standard_input_gets_one_line_and_no_traceback() -> None:
    """Issue 16: a closed standard input, and an endless stream read only up to the limit."""
    closed = subprocess.run([sys.executable, "-m", "routes", "analyze", "-"], stdin=subprocess.DEVNULL,
                            capture_output=True, cwd=ROOT, timeout=120, check=False, pass_fds=())
    assert closed.returncode == 1 and b"Traceback" not in closed.stderr  # empty: "holds no text"
    shut = subprocess.run(f"{sys.executable} -m routes analyze - <&-", shell=True, capture_output=True, cwd=ROOT,
                          timeout=120, check=False)
    assert shut.returncode == 1 and b"Standard input is closed" in shut.stderr and b"Traceback" not in shut.stderr
    endless = subprocess.run(f"yes 'Najin' | {sys.executable} -m routes analyze -", shell=True, capture_output=True,
                             cwd=ROOT, timeout=120, check=False)
    assert endless.returncode == 1 and b"too large" in endless.stderr and len(endless.stderr.splitlines()) == 1


def test_the_speeds_set_reach_every_file(first_analysis: routes.Analysis, tmp_path: Path) -> None:
    """A train at 80 km/h: the GeoJSON, the HTML map and the map page say the same time, worked out by hand."""
    view = ViewOptions(speeds=routes.Speeds(sea_knots=12, rail_kmh=80, road_kmh=60, air_kmh=750))
    rail = first_analysis.legs[1]
    assert rail.plan.mode == "rail"
    days = rail.length_km / 80 / 24  # the oracle: length over speed
    legs = [f["properties"] for f in json.loads(export(first_analysis, "geojson", view).data)["features"]
            if f["properties"]["kind"] == "leg"]
    assert legs[1]["speed_kmh"] == 80 and legs[1]["travel_days"] == pytest.approx(days, abs=0.01)
    assert legs[0]["speed_kmh"] == pytest.approx(12 * 1.852, abs=0.1)
    html = export(first_analysis, "html", view).data.decode("utf-8")
    assert f"about {days:.1f} days at 80 km/h" in html and "at 40 km/h" not in html
    out = tmp_path / "map.geojson"
    assert main(["analyze", str(settings.first_article), "-o", str(out), "--rail-kmh", "80"]) == 0
    cli = [f["properties"] for f in json.loads(out.read_text())["features"] if f["properties"]["kind"] == "leg"]
    assert cli[1]["travel_days"] == legs[1]["travel_days"]


def test_a_year_set_dates_every_file(first_analysis: routes.Analysis) -> None:
    legs = [f["properties"] for f in json.loads(export(first_analysis, "geojson", ViewOptions(year=2023)).data)
            ["features"] if f["properties"]["kind"] == "leg"]
    assert (legs[0]["start_date"], legs[0]["end_date"]) == ("2023-09-07", "2023-10-01")
    html = export(first_analysis, "html", ViewOptions(year=2023)).data.decode("utf-8")
    assert "07 Sep 2023" in html


@pytest.fixture(scope="module")
def pacific() -> routes.Analysis:
    """A sea leg across the antimeridian."""
    return routes.analyze("The freighter sailed from Vladivostok on May 2 and docked in Anchorage on May 14.")


def test_a_line_across_the_antimeridian_is_cut_there_in_every_data_file(pacific: routes.Analysis,
                                                                          tmp_path: Path) -> None:
    """Issue 16: the LineString jumped from +180 to -180 across the whole world (RFC 7946 §3.1.9)."""
    import pyproj

    (leg,) = pacific.legs
    assert leg.plan.mode == "sea" and leg.drawn_as != "direct"
    (feature,) = [f for f in json.loads(export(pacific, "geojson").data)["features"]
                  if f["properties"]["kind"] == "leg"]
    parts = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "MultiLineString" and len(parts) == 2
    assert {parts[0][-1][0], parts[1][0][0]} == {180.0, -180.0} and parts[0][-1][1] == parts[1][0][1]
    assert all(-180 <= lon <= 180 for part in parts for lon, _ in part)
    assert all(abs(a[0] - b[0]) < 180 for part in parts for a, b in zip(part, part[1:], strict=False))
    geod = pyproj.Geod(ellps="WGS84")  # the oracle: the cut keeps the length of the line as routed
    whole = geod.line_length([c[0] for c in leg.coords], [c[1] for c in leg.coords]) / 1000
    cut = sum(geod.line_length([c[0] for c in p], [c[1] for c in p]) for p in parts) / 1000
    assert cut == pytest.approx(whole, abs=0.01)
    for fmt, layer in (("gpkg", "legs"), ("gpx", "tracks")):
        path = tmp_path / f"pacific.{fmt}"
        path.write_bytes(export(pacific, fmt).data)
        lines = [g for g in pyogrio.read_dataframe(path, layer=layer).geometry if g.geom_type == "MultiLineString"]
        assert any(len(g.geoms) == 2 and max(abs(x) for x, _ in g.geoms[0].coords) == 180 for g in lines), fmt
    kml = ET.fromstring(export(pacific, "kml").data)
    k = "{http://www.opengis.net/kml/2.2}"
    assert any(len(m.findall(f"{k}LineString")) == 2 for m in kml.iter(f"{k}MultiGeometry"))


def test_a_pasted_article_is_exported_under_its_headline(first_analysis: routes.Analysis) -> None:
    """Issue 15: pasted articles downloaded as ``route.png``."""
    headline = "Des obus nord-coréens livrés à Tikhoretsk : 290 km/l’Ukraine <b>?</b>"
    pasted = dataclasses.replace(first_analysis, article=dataclasses.replace(
        first_analysis.article, source="pasted", title=headline))
    out = export(pasted, "geojson")
    assert out.filename == "des-obus-nord-coreens-livres-a-tikhoretsk-290-km-l-ukraine-b-b.geojson"
    untitled = dataclasses.replace(pasted, article=dataclasses.replace(pasted.article, title=None))
    assert export(untitled, "geojson").filename == "najin-dunay-tikhoretsk-by-sea-and-rail.geojson"


def _cells(data: bytes) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)  # read what is there, however long, to measure it
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_cells_fit_a_spreadsheet_and_say_what_was_simplified(first_analysis: routes.Analysis) -> None:
    """Issue 15: a CSV cell held 48,835 characters (Excel's limit is 32,767). A rail leg three times
    as detailed (its points and the midpoints between them) must fit too, and say it was simplified."""
    import shapely

    rail = first_analysis.legs[1]
    dense = [p for a, b in zip(rail.coords, rail.coords[1:], strict=False)
             for p in (a, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), (a[0] * 0.7 + b[0] * 0.3, a[1] * 0.7 + b[1] * 0.3))]
    long = dataclasses.replace(first_analysis, legs=(first_analysis.legs[0],
                                                     dataclasses.replace(rail, coords=(*dense, rail.coords[-1]))))
    assert len(shapely.LineString(long.legs[1].coords).wkt) > 3 * 32_767  # a long route indeed
    for analysis in (first_analysis, long):
        rows = _cells(export(analysis, "csv").data)
        assert max(len(v or "") for row in rows for v in row.values()) < 32_767
        leg = [r for r in rows if r["kind"] == "leg"][1]
        line = shapely.from_wkt(leg["WKT"])
        original = shapely.LineString(analysis.legs[1].coords)
        assert line.coords[0] == pytest.approx(original.coords[0], abs=1e-5)  # the ends are kept
        assert line.coords[-1] == pytest.approx(original.coords[-1], abs=1e-5)
        strays_m = float(leg["WKT_simplified_m"])  # said in the file
        assert original.hausdorff_distance(line) * 111_320 <= strays_m
        assert all(r["WKT_simplified_m"] == "" for r in rows if r["kind"] == "place")
