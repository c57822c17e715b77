"""Data files for analysts' tools through GDAL (pyogrio): CSV, GeoPackage, KML, KMZ and GPX.

Each holds the features of :func:`routes.show.geojson.to_geojson`. Files other than GeoJSON have no lists:
``via`` and ``notes`` become one string joined
with ``"; "`` and ``readings`` a JSON string. Per format:

- **GeoJSON**: the collection as it is.
- **CSV** (GDAL, UTF-8 with a byte-order mark for spreadsheets): one row per feature of every
  kind, the geometry as WKT in the first column ``WKT`` (empty for claims), and ``lon``,
  ``lat`` columns for places. Every cell holds fewer than 32,767 characters (Excel's limit): a
  line whose WKT is longer is simplified (coordinates rounded to about a metre, then
  Douglas–Peucker at growing tolerances) until it fits, and the column ``WKT_simplified_m``
  says by how many metres at most it strays from the routed line (empty: the line as routed;
  the whole line is in the GeoJSON, GeoPackage, KML and GPX).
- **GeoPackage** (GDAL): one layer per kind (``places``, ``legs``, ``leg_pieces``,
  ``border_distance``) and the claims as an attribute table (``claims``, no geometry).
- **KML** (GDAL's KML driver, a layer per folder, each a ``<Document>``; Google Earth): *Legs*,
  *Stretches of the legs*, *Distance to the border*, *Places named in the article* and
  *Claims in the article* (placemarks without geometry, shown in the list only). Places
  are one placemark per distinct place (with ``mentions``, the number of times the article
  names it) rather than one per mention. Lines take the map's colours by mode; inferred
  stretches are drawn thin and half transparent (KML has no dashes). Every placemark has a
  ``name`` and an HTML description (article text escaped); the document's description
  holds the alt text and the credits. **KMZ** is the same ``doc.kml``, zipped.
- **GPX** (GDAL's GPX driver, extensions in the ``ogr:`` namespace): a waypoint per
  distinct place (``type`` = role), a track per leg (``type`` = mode) and one for the
  distance to the border (``type`` = ``border_distance``). GPX has no place for features
  without geometry: the claims are in the file's ``<metadata><desc>``; the leg pieces are
  summed in each track's ``inferred_km`` and ``inferred_share``.

GDAL's GPX driver cannot add a layer to an existing file, and its KML and KMZ drivers
rewrite or drop the file's other layers when one is appended (KML through LIBKML, which
also writes ``]]>`` inside CDATA unescaped). So each layer is written by GDAL on its own,
in one session each, and the finished layers are put together into one document here.
"""

from __future__ import annotations

import io
import json
import math
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from routes.errors import ExportError
from routes.model import Analysis
from routes.show.captions import (
    BORDER_COLOUR,
    MODE_COLOURS,
    MODE_NAMES,
    PLACE_COLOUR,
    alt_text,
    credits,
    km_text,
    leg_length,
    source_line,
)
from routes.show.geojson import geojson_text, to_geojson

#: Layer names of the GeoPackage (and CSV order) by kind.
LAYERS = {"place": "places", "leg": "legs", "leg_piece": "leg_pieces", "border_distance": "border_distance",
          "claim": "claims"}


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return "; ".join(value)
        return json.dumps(value, ensure_ascii=False)
    return value


def _frame(features: list[dict[str, Any]], extra: list[dict[str, Any]] | None = None) -> Any:
    """A GeoDataFrame of features (lists flattened), with nullable integer and boolean columns."""
    import geopandas
    import pandas as pd
    import shapely.geometry

    rows = [{k: _flat(v) for k, v in f["properties"].items()} for f in features]
    for row, more in zip(rows, extra or [{} for _ in rows], strict=True):
        row.update(more)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    frame = pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=columns)
    for c in columns:
        values = [v for v in frame[c] if v is not None and not (isinstance(v, float) and math.isnan(v))]
        if values and all(isinstance(v, bool) for v in values):
            frame[c] = pd.array([row.get(c) for row in rows], dtype="boolean")
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            small = all(abs(v) < 2**31 for v in values)
            frame[c] = pd.array([row.get(c) for row in rows], dtype="Int32" if small else "Int64")
        elif values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            frame[c] = pd.array([row.get(c) for row in rows], dtype="Float64").astype("float64")
        elif not values:
            frame[c] = pd.array([None] * len(rows), dtype="string").astype(object)
    geometry = [shapely.geometry.shape(f["geometry"]) if f["geometry"] else None for f in features]
    return geopandas.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def _by_kind(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    kinds: dict[str, list[dict[str, Any]]] = {k: [] for k in LAYERS}
    for f in to_geojson(analysis)["features"]:
        kinds.setdefault(f["properties"]["kind"], []).append(f)
    return {k: v for k, v in kinds.items() if v}


def _write(frame: Any, path: Path | io.BytesIO, **kwargs: Any) -> None:
    import pyogrio

    pyogrio.write_dataframe(frame, path, **kwargs)


def _geojson(analysis: Analysis, title: str) -> bytes:
    return geojson_text(analysis).encode("utf-8")


#: The most characters a spreadsheet cell holds (Excel's limit; LibreOffice's is larger).
CELL_LIMIT = 32_767
#: Simplification tolerances tried in turn for a line whose WKT is longer than a cell, in degrees
#: (0: coordinates rounded to 1e-5°, about a metre, only; then about 10 m, 50 m, 200 m, 1 km, 5 km…).
_TOLERANCES = (0.0, 0.0001, 0.0005, 0.002, 0.01, 0.05, 0.2, 1.0)
_METRES_PER_DEGREE = 111_320


def _wkt_for_a_cell(geometry: Any) -> tuple[Any, float | None]:
    """The geometry, or its simplest version whose WKT fits a spreadsheet cell, and how far (m) it may
    stray from the original (None: untouched).

    The whole line stays in the GeoJSON, GeoPackage, KML and GPX; the CSV is for spreadsheets, whose
    cells cut (Excel) or refuse a longer text. The length is measured as GDAL writes it (15
    significant digits, trailing zeros dropped) with a margin for its formatting.
    """
    import shapely

    if geometry is None or len(shapely.to_wkt(geometry, rounding_precision=15, trim=True)) < CELL_LIMIT - 500:
        return geometry, None
    for tolerance in _TOLERANCES:
        simpler = shapely.set_precision(geometry, 1e-5)
        if tolerance:
            simpler = shapely.simplify(simpler, tolerance, preserve_topology=False)
        if len(shapely.to_wkt(simpler, rounding_precision=15, trim=True)) < CELL_LIMIT - 500:
            # an upper bound: the tolerance and the rounding, at a degree's greatest length on the ground
            return simpler, math.ceil((tolerance + 1e-5) * _METRES_PER_DEGREE)
    raise ExportError("A line of the journey is too long for a spreadsheet cell even simplified to "
                      f"{_TOLERANCES[-1]}°: export GeoJSON or GeoPackage instead")


def _csv(analysis: Analysis, title: str) -> bytes:
    import pandas as pd

    features = [f for fs in _by_kind(analysis).values() for f in fs]
    extra = [{"lon": f["geometry"]["coordinates"][0], "lat": f["geometry"]["coordinates"][1]}
             if f["properties"]["kind"] == "place" else {} for f in features]
    frame = _frame(features, extra)
    simplified: list[float | None] = []
    geometries = []
    for geometry in frame.geometry:
        geometry, metres = _wkt_for_a_cell(geometry)
        geometries.append(geometry)
        simplified.append(metres)
    frame = frame.set_geometry(geometries, crs="EPSG:4326")
    if any(m is not None for m in simplified):
        # said in the file itself: a reader of the spreadsheet sees which lines are not the routed ones
        frame["WKT_simplified_m"] = pd.array([None if m is None else int(m) for m in simplified], dtype="Int32")
    for column in frame.columns:  # text too (a note, a sentence): cut, and said to be cut
        if column != frame.geometry.name and any(isinstance(v, str) and len(v) >= CELL_LIMIT for v in frame[column]):
            frame[column] = [v[:CELL_LIMIT - 1] + "…" if isinstance(v, str) and len(v) >= CELL_LIMIT else v
                             for v in frame[column]]
    with tempfile.TemporaryDirectory(prefix="routes-csv-") as tmp:
        path = Path(tmp) / "features.csv"
        _write(frame, path, driver="CSV", layer="features", geometry_type="Unknown",
               layer_options={"GEOMETRY": "AS_WKT", "WRITE_BOM": "YES"})
        return path.read_bytes()


def _gpkg(analysis: Analysis, title: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="routes-gpkg-") as tmp:
        path = Path(tmp) / "analysis.gpkg"
        for n, (kind, features) in enumerate(_by_kind(analysis).items()):
            frame = _frame(features)
            if kind == "claim":
                frame = frame.drop(columns="geometry")  # an attribute table (GeoPackage "attributes")
            _write(frame, path, driver="GPKG", layer=LAYERS[kind], append=n > 0,
                   metadata={"title": title, "credits": " · ".join(credits(analysis)),
                             "source": source_line(analysis)} if n == 0 else None)
        return path.read_bytes()


# --- KML and KMZ ---------------------------------------------------------------------------------

KML_NS = "http://www.opengis.net/kml/2.2"
#: KML folders by kind: their names, in the order they are listed.
KML_FOLDERS = {"leg": "Legs", "leg_piece": "Stretches of the legs (network and inferred)",
               "border_distance": "Distance to the border", "place": "Places named in the article",
               "claim": "Claims in the article (no location)"}


def _kml_colour(hex_rgb: str, alpha: float = 1.0) -> str:
    """An OGR style colour ``#RRGGBBAA``."""
    return f"{hex_rgb}{round(alpha * 255):02X}"


def _html_rows(rows: list[tuple[str, Any]]) -> str:
    body = "".join(f"<tr><th align='left'>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
                   for k, v in rows if v not in (None, "", []))
    return f"<table>{body}</table>"


def _quote(sentence: str | None) -> str:
    return f"<p><i>“{escape(sentence)}”</i></p>" if sentence else ""


def _kml_tables(analysis: Analysis) -> dict[str, Any]:
    """One GeoDataFrame per folder, each with ``name``, an HTML ``kml_description`` and an ``OGR_STYLE``."""
    kinds = _by_kind(analysis)
    legs = {f["properties"]["order"]: f["properties"] for f in kinds.get("leg", [])}
    out: dict[str, Any] = {}
    if "leg" in kinds:
        names, descriptions, styles = [], [], []
        for f, leg in zip(kinds["leg"], analysis.legs, strict=True):
            p = f["properties"]
            names.append(f"{p['order']}. {MODE_NAMES[p['mode']]}: {p['from']} → {p['to']}")
            descriptions.append(_html_rows([
                ("Length", leg_length(leg)), ("Drawn as", "a straight line, not a routed path"
                                               if leg.drawn_as == "direct" else leg.network),
                ("Inferred", f"{km_text(p['inferred_km'])} ({100 * p['inferred_share']:.1f}%)"),
                ("Via", ", ".join(leg.via)), ("Dates", p.get("dates_text")), ("Mode from", p["mode_word"]),
            ]) + "".join(f"<p>{escape(n)}</p>" for n in leg.notes) + _quote(p["sentence"]))
            alpha = 0.55 if leg.drawn_as == "direct" else 1.0
            styles.append(f"PEN(c:{_kml_colour(MODE_COLOURS[p['mode']], alpha)},w:4px)")
        out["leg"] = _with_kml(kinds["leg"], names, descriptions, styles)
    if "leg_piece" in kinds:
        names, descriptions, styles = [], [], []
        for f in kinds["leg_piece"]:
            p = f["properties"]
            leg = legs.get(p["order"], {})
            names.append(f"{p['order']}.{p['piece']} {p['piece_kind']}" + (" (inferred)" if p["inferred"] else ""))
            descriptions.append(_html_rows([("Leg", f"{p['order']}. {leg.get('from')} → {leg.get('to')}"),
                                            ("Stretch", p["note"]), ("Length", km_text(p["length_km"]))]))
            # the leg draws the line; an inferred stretch puts a white core on it, a network one adds nothing
            styles.append(f"PEN(c:{_kml_colour('#FFFFFF', 0.85)},w:1.5px)" if p["inferred"]
                          else f"PEN(c:{_kml_colour(MODE_COLOURS[p['mode']], 0)},w:1px)")
        out["leg_piece"] = _with_kml(kinds["leg_piece"], names, descriptions, styles)
    if "border_distance" in kinds:
        (f,) = kinds["border_distance"]
        p = f["properties"]
        b = analysis.border
        said = [c.sentence for c in analysis.checks
                if b is not None and c.claim.about == f"border:{b.country_code}"]
        description = _html_rows([
            ("From", p["from"]), ("Distance", f"{p['distance_km']:,.1f} km (geodesic, WGS84)"),
            ("Nearest point on the", p["border_kind"]), ("Near", p["near"]), ("Boundary view", p["view"]),
            ("Boundary data", p["boundary"])] + [(f"{r['part']}, {r['view']}", f"{r['distance_km']:,.1f} km")
                                                 for r in p["readings"][1:]]) + "".join(
            f"<p>{escape(s)}</p>" for s in said)
        out["border_distance"] = _with_kml(
            [f], [f"{km_text(p['distance_km'])} to the border of {p['country']}"], [description],
            [f"PEN(c:{_kml_colour(BORDER_COLOUR)},w:3px)"])
    if "place" in kinds:
        groups: dict[tuple[Any, str], list[dict[str, Any]]] = {}
        for f in kinds["place"]:
            groups.setdefault((f["properties"]["geonames_id"], f["properties"]["name"]), []).append(f)
        stops = {(s.place.geonames_id, s.place.name): (i, s) for i, s in enumerate(analysis.itinerary.stops, 1)}
        arriving = {leg.plan.destination.place.name: leg.plan.mode for leg in analysis.legs}
        firsts, names, descriptions, styles, counts = [], [], [], [], []
        for key, fs in groups.items():
            p = fs[0]["properties"]
            stop = stops.get(key)
            firsts.append(fs[0])
            counts.append({"mentions": len(fs)})
            shown = stop[1].name if stop else p["name"]
            names.append((f"{stop[0]}. {shown}" + (f" ({p['name']})" if shown != p["name"] else "")) if stop
                         else p["name"])
            words = list(dict.fromkeys(g["properties"]["mention"] for g in fs))
            descriptions.append(_html_rows([
                ("Named in the article as", ", ".join(f"“{w}”" for w in words)), ("Times named", len(fs)),
                ("Stop", f"{stop[0]}. {stop[1].label}" if stop else None), ("Role", p["role"]),
                ("Country", p["country_code"]), ("Kind", p["feature"]), ("GeoNames", p["geonames_id"]),
            ]) + _quote(p["sentence"]))
            colour = (MODE_COLOURS.get(arriving.get(p["name"], ""), PLACE_COLOUR) if stop else
                      "#777777" if p["feature"] != "town" else PLACE_COLOUR)
            size = 1.2 if stop else 0.8
            styles.append(f"SYMBOL(c:{_kml_colour(colour)},s:{size});LABEL(c:{_kml_colour('#FFFFFF')},s:{size})")
        out["place"] = _with_kml(firsts, names, descriptions, styles, counts)
    if "claim" in kinds:
        fs = kinds["claim"]
        out["claim"] = _with_kml(fs, [f["properties"]["text"] for f in fs],
                                 [f"<p>{escape(f['properties']['verdict'])}</p>" + _quote(f["properties"]["sentence"])
                                  for f in fs], [None] * len(fs))
    return out


def _with_kml(features: list[dict[str, Any]], names: list[str], descriptions: list[str], styles: Sequence[str | None],
              extra: list[dict[str, Any]] | None = None) -> Any:
    frame = _frame(features, extra)
    frame["name"] = names  # the placemark's <name> (for places, the gazetteer name it already is)
    frame["kml_description"] = descriptions
    if any(styles):
        frame["OGR_STYLE"] = styles
    return frame


def _kml(analysis: Analysis, title: str) -> bytes:
    """One KML document: each layer written by GDAL's KML driver in a session of its own, then joined.

    Each layer becomes a ``<Document>`` inside the main one, with its own ``<Schema>``: GDAL's
    LIBKML driver reads the typed data back from a KMZ only when the schema sits there.
    """
    ET.register_namespace("", KML_NS)
    ns = {"k": KML_NS}
    main = ET.Element(f"{{{KML_NS}}}Document", {"id": "root_doc"})
    for tag, text in (("name", title), ("open", "1"), ("description", _kml_about(analysis))):
        ET.SubElement(main, f"{{{KML_NS}}}{tag}").text = text
    for kind, frame in _kml_tables(analysis).items():
        buffer = io.BytesIO()
        _write(frame, buffer, driver="KML", layer=LAYERS[kind], geometry_type="Unknown",
               dataset_options={"NameField": "name", "DescriptionField": "kml_description"})
        doc = ET.fromstring(buffer.getvalue()).find("k:Document", ns)
        folder = doc.find("k:Folder", ns) if doc is not None else None
        if doc is None or folder is None:
            raise ExportError(f"GDAL wrote no KML folder for the {LAYERS[kind]}")
        for data_parent in doc.iter(f"{{{KML_NS}}}SchemaData"):  # the style is in <Style>, not in the data
            for data in data_parent.findall("k:SimpleData", ns):
                if data.get("name") == "OGR_STYLE":
                    data_parent.remove(data)
        used = {data.get("name") for data in doc.iter(f"{{{KML_NS}}}SimpleData")}
        layer = ET.SubElement(main, f"{{{KML_NS}}}Document", {"id": LAYERS[kind]})
        ET.SubElement(layer, f"{{{KML_NS}}}name").text = KML_FOLDERS[kind]
        for schema in doc.findall("k:Schema", ns):
            for field in schema.findall("k:SimpleField", ns):
                if field.get("name") not in used:
                    schema.remove(field)
            layer.append(schema)
        layer.extend(child for child in folder if child.tag != f"{{{KML_NS}}}name")
    root = ET.Element(f"{{{KML_NS}}}kml")
    root.append(main)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _kml_about(analysis: Analysis) -> str:
    return (f"<p>{escape(alt_text(analysis))}</p><p>{escape(source_line(analysis))}</p>"
            + "".join(f"<p><small>{escape(line)}</small></p>" for line in credits(analysis)))


def _kmz(analysis: Analysis, title: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", _kml(analysis, title))
    return buffer.getvalue()


# --- GPX -----------------------------------------------------------------------------------------

GPX_NS = "http://www.topografix.com/GPX/1/1"


def _gpx_tables(analysis: Analysis) -> tuple[Any, Any]:
    import shapely

    kinds = _by_kind(analysis)
    groups: dict[tuple[Any, str], list[dict[str, Any]]] = {}
    for f in kinds.get("place", []):
        groups.setdefault((f["properties"]["geonames_id"], f["properties"]["name"]), []).append(f)
    points = None
    if groups:
        firsts = [fs[0] for fs in groups.values()]
        points = _frame(firsts, [{"mentions": len(fs)} for fs in groups.values()])
        points["desc"] = [f"{p['properties']['role']}: named as “{p['properties']['mention']}”" for p in firsts]
        points["type"] = points.pop("role")
    lines = [*kinds.get("leg", []), *kinds.get("border_distance", [])]
    tracks = None
    if lines:
        tracks = _frame(lines)
        names, descs, types = [], [], []
        for f in lines:
            p = f["properties"]
            if p["kind"] == "leg":
                names.append(f"{p['order']}. {MODE_NAMES[p['mode']]}: {p['from']} → {p['to']}")
                descs.append(f"{p['length_km']:,.1f} km, {p['drawn_as']}; inferred {p['inferred_km']:,.1f} km")
                types.append(p["mode"])
            else:
                names.append(f"{p['distance_km']:,.0f} km to the border of {p['country']}")
                descs.append(f"From {p['from']} to the nearest point of the border ({p['border_kind']})")
                types.append("border_distance")
        tracks["name"], tracks["desc"], tracks["type"] = names, descs, types
        if "order" in tracks:  # GPX's <number>; as text, as the driver reads it (an integer with gaps warns)
            import pandas as pd

            tracks["number"] = [None if pd.isna(v) else str(int(v)) for v in tracks.pop("order")]
        tracks = tracks.set_geometry([g if g.geom_type == "MultiLineString" else shapely.MultiLineString([g])
                                      for g in tracks.geometry.values], crs=tracks.crs)
    return points, tracks


def _gpx(analysis: Analysis, title: str) -> bytes:
    """Waypoints and tracks, each written by GDAL's GPX driver on its own, joined into one file."""
    points, tracks = _gpx_tables(analysis)
    if points is None and tracks is None:
        raise ExportError("Nothing to write: the analysis has no places or legs")
    options = {"GPX_USE_EXTENSIONS": "YES", "METADATA_NAME": title, "METADATA_DESCRIPTION": alt_text(analysis),
               "METADATA_COPYRIGHT_AUTHOR": "; ".join(credits(analysis)),
               "METADATA_KEYWORDS": "shipment route"}
    ET.register_namespace("", GPX_NS)
    ET.register_namespace("ogr", "http://osgeo.org/gdal")
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    roots = []
    for layer, frame in (("waypoints", points), ("tracks", tracks)):
        if frame is not None:
            buffer = io.BytesIO()
            _write(_decimal_text(frame), buffer, driver="GPX", layer=layer, dataset_options=options)
            roots.append(ET.fromstring(buffer.getvalue()))
    root = roots[0]
    for other in roots[1:]:
        root.extend(child for child in other if child.tag != f"{{{GPX_NS}}}metadata")
    lats = [float(e.get("lat", "nan")) for e in root.iter() if e.get("lat") is not None]
    lons = [float(e.get("lon", "nan")) for e in root.iter() if e.get("lon") is not None]
    bounds = root.find(f"{{{GPX_NS}}}metadata/{{{GPX_NS}}}bounds")
    if bounds is not None and lats:
        bounds.attrib.update(minlat=f"{min(lats):.6f}", minlon=f"{min(lons):.6f}", maxlat=f"{max(lats):.6f}",
                             maxlon=f"{max(lons):.6f}")
        bounds.tail = "\n"
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _decimal_text(frame: Any) -> Any:
    """Floats as their shortest decimal text (GPX extensions are text; GDAL would print 17 digits)."""
    frame = frame.copy()
    for c in frame.columns:
        if c != frame.geometry.name and frame[c].dtype.kind == "f":
            frame[c] = [None if math.isnan(v) else repr(float(v)) for v in frame[c]]
    return frame


#: The writers by format; each takes the analysis and the document's title.
WRITERS = {"geojson": _geojson, "csv": _csv, "gpkg": _gpkg, "kml": _kml, "kmz": _kmz, "gpx": _gpx}
