from __future__ import annotations

import re
from pathlib import Path

import routes
from routes.model import ViewOptions
from routes.show.assets import STREAMLIT_STATIC_URL, external_asset_urls, standalone_html
from routes.show.mapview import build_map

DATA = Path(__file__).resolve().parents[1] / "data"


def test_map_draws_places_legs_border_and_controls(first_analysis: routes.Analysis) -> None:
    html = build_map(first_analysis, asset_base_url=STREAMLIT_STATIC_URL).get_root().render()
    pieces = sum(len(leg.pieces) for leg in first_analysis.legs)
    assert pieces >= 3  # the rail leg: access link, network lines, bridges
    # two legs, their pieces, the arrow paths along them, the border line
    assert html.count("L.polyline(") == 5 + pieces
    assert html.count("dashArray\": \"6 6\"") == sum(p.inferred for leg in first_analysis.legs for p in leg.pieces)
    assert html.count(".setText(") == 2  # direction arrows on both legs
    sea, rail = first_analysis.legs
    # length labels (JSON-escaped in the page)
    assert f"{sea.length_km:,.0f} km \\u00b7 {sea.length_nmi:,.0f} nmi" in html and f"{rail.length_km:,.0f} km" in html
    assert "L.control.fullscreen(" in html and "L.Control.Measure(" in html
    assert html.count("L.circleMarker(") >= 8  # the places named, and the nearest border point
    assert "L.control.layers(" in html and "routes-legend" in html
    assert "Tikhoretsk" in html and "dépôt de munitions près de Tikhoretsk" in html
    assert "km to the border of Ukraine" in html


def test_localized_map_fetches_nothing_from_outside(first_analysis: routes.Analysis) -> None:
    html = build_map(first_analysis, asset_base_url=STREAMLIT_STATIC_URL).get_root().render()
    assert external_asset_urls(html) == []
    assert "/app/static/leaflet@1.9.3/leaflet.js" in html


def test_standalone_html_inlines_everything(first_analysis: routes.Analysis) -> None:
    html = standalone_html(build_map(first_analysis))
    assert external_asset_urls(html) == []
    assert "cdn.jsdelivr" not in html and "L.map(" in html


def test_article_text_is_escaped_in_the_map() -> None:
    analysis = routes.analyze((DATA / "script-article.txt").read_bytes(), name="script-article.txt")
    assert [leg.plan.mode for leg in analysis.legs] == ["sea", "rail"]  # the article still works
    html = build_map(analysis, asset_base_url=STREAMLIT_STATIC_URL).get_root().render()
    assert 'alert("pwned")' not in html and "alert(&quot;pwned&quot;)" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>Angara</b>" not in html
    # the only <script> tags are folium's own and the vendored assets
    scripts = re.findall(r"<script[^>]*>", html)
    assert all(s == "<script>" or "/app/static/" in s for s in scripts), scripts


def test_rings_and_journey_player(first_analysis: routes.Analysis) -> None:
    tikhoretsk = first_analysis.itinerary.stops[-1].place
    view = ViewOptions(rings=(("Tikhoretsk", tikhoretsk.coord, (100, 290)),))
    html = build_map(first_analysis, view).get_root().render()
    assert "100 km from Tikhoretsk" in html and "290 km from Tikhoretsk" in html
    assert "Play the journey" in html and "entre le 7 septembre et le 1er octobre" in html


def test_border_popup_gives_view_kind_place_and_claim(first_analysis: routes.Analysis) -> None:
    html = build_map(first_analysis).get_root().render()
    assert "internationally recognised borders" in html and "de facto control" in html
    assert "coastline" in html and "Siedove" in html
    assert "environ 290 kilomètres" in html


def test_coasts_near_the_stops_and_the_sea_leg_come_from_the_routers_land(first_analysis: routes.Analysis) -> None:
    import shapely

    from routes.boundaries import land_borders_geojson
    from routes.route import sea
    from routes.show import mapview

    areas = mapview._detail_areas(first_analysis)
    leg = first_analysis.legs[0]
    line = shapely.LineString(leg.coords)
    assert any(shapely.box(*area).contains(line) for area in areas)  # the whole sea leg has a detailed coast
    assert all(any(shapely.box(*area).contains(shapely.Point(s.place.coord)) for area in areas)
               for s in first_analysis.itinerary.stops)
    area = next(a for a in areas if shapely.box(*a).contains(line))
    land = shapely.geometry.shape(sea.land_geojson(area)["features"][0]["geometry"])
    water = [p for p in leg.pieces if p.kind == "network"]
    # the water stretches keep off that land, but for its simplification (0.0015°)
    assert all(not shapely.LineString(p.coords).intersects(land.buffer(-0.002)) for p in water)
    borders = land_borders_geojson(area)["features"]  # Russia, North Korea and China meet on the Tumen
    assert len(borders) >= 2 and all(f["geometry"]["type"] in {"LineString", "MultiLineString"} for f in borders)
    html = build_map(first_analysis).get_root().render()
    assert '"pane": "routes-detail"' in html and 'getPane("routes-detail")' in html


def test_a_route_across_the_antimeridian_is_drawn_the_short_way_on_the_map_and_the_image_page() -> None:
    """Issue 16: the page, the standalone HTML and the PNG drew Vladivostok → Anchorage across the whole world."""
    import json

    from routes.show.page import map_page

    analysis = routes.analyze("The freighter sailed from Vladivostok on May 2 and docked in Anchorage on May 14.")
    (leg,) = analysis.legs
    assert any(abs(b[0] - a[0]) > 180 for a, b in zip(leg.coords, leg.coords[1:], strict=False))  # it crosses
    html = build_map(analysis, ViewOptions(rings=(("Anchorage", (-149.9, 61.2), (100.0,)),))).get_root().render()
    lines = [json.loads(m) for m in re.findall(r"L\.polyline\(\s*(\[\[.*?\]\])", html, re.S)]
    assert lines and all(abs(q[1] - p[1]) < 180 for line in lines for p, q in zip(line, line[1:], strict=False))
    (fit,) = [json.loads(m) for m in re.findall(r"fitBounds\(\s*(\[\[.*?\]\])", html, re.S)]
    (south, west), (north, east) = fit
    assert 0 < east - west < 180 and west < 180 < east  # one frame east of ±180°: Anchorage at 210° E
    page = map_page(analysis, for_image=True)
    refits = [json.loads(m) for m in re.findall(r"map\.fitBounds\((\[\[.*?\]\])", page)]  # the map's, the image's
    assert refits and all(0 < refit[1][1] - refit[0][1] < 180 for refit in refits)
    land = re.findall(r'"coordinates": \[\[\[\[?(-?[\d.]+)', html)
    assert any(float(x) > 180 for x in land)  # the basemap east of ±180° moved into the same frame


#: Places far from the first article's journey (Najin → Dunay → Tikhoretsk), GeoNames' points (lon, lat),
#: and a point of open sea in each ocean basin shown: not taken from the code under test.
FAR_LAND = {"Tokyo": (139.69, 35.69), "Washington": (-77.04, 38.90), "Delhi": (77.21, 28.61),
            "Bengaluru": (77.59, 12.97), "Bangkok": (100.50, 13.75), "Riyadh": (46.72, 24.69),
            "São Paulo": (-46.64, -23.55), "Nairobi": (36.82, -1.28), "Sydney": (151.21, -33.87)}
FAR_SEA = {"Bay of Bengal": (88.0, 15.0), "Arabian Sea": (65.0, 15.0), "North Atlantic": (-40.0, 40.0),
           "Sea of Japan": (135.0, 40.0)}


def _page_geojson(html: str) -> list[dict]:
    """Every GeoJSON layer folium wrote into the page."""
    import json

    return [json.loads(m) for m in re.findall(r"geo_json_\w+_add\((\{.*?\})\);\n", html, re.S)]


def test_the_basemap_covers_the_world_far_outside_the_journey(first_analysis: routes.Analysis) -> None:
    """Issue 15: the basemap ended at the journey's box: zoomed out, Washington stood in the sea, Japan was gone."""
    import shapely

    html = build_map(first_analysis, asset_base_url=STREAMLIT_STATIC_URL).get_root().render()
    layers = [layer for layer in _page_geojson(html)  # the world's countries: drawn at every zoom, no pane toggled
              if layer["features"] and all("iso_a2" in f["properties"] and "part" not in f["properties"]
                                           for f in layer["features"])]
    assert len(layers) == 1 and 'getPane("routes-basemap")' not in html
    land = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in layers[0]["features"]])
    assert all(land.contains(shapely.Point(p)) for p in FAR_LAND.values())
    assert not any(land.contains(shapely.Point(p)) for p in FAR_SEA.values())
    assert {"JP", "US", "IN", "BR", "AU", "AQ"} <= {f["properties"]["iso_a2"] for f in layers[0]["features"]}


def test_country_names_region_detail_and_graticule(first_analysis: routes.Analysis) -> None:
    import shapely

    from routes.boundaries import region_geojson
    from routes.show import mapview

    html = build_map(first_analysis).get_root().render()
    # every country is named, from a zoom that grows as it shrinks; the article's own are named apart
    assert '"Japan"' in html and '"India"' in html and '"Russia"' not in html
    labels = {label[3]: label[2] for label in mapview._country_labels((-180, -90, 180, 90), {"RU"})}
    assert labels["India"] < labels["Japan"] < labels["South Korea"] < labels["Luxembourg"]
    # around the journey, finer countries from zoom 5, with no outline along the cut of their box
    areas = mapview._region_areas(None, first_analysis)
    assert all(any(a[0] <= s.place.lon <= a[2] and a[1] <= s.place.lat <= a[3] for a in areas)
               for s in first_analysis.itinerary.stops)
    assert 'getPane("routes-region")' in html
    lines = [shapely.geometry.shape(f["geometry"]) for f in region_geojson(areas[0])["features"]
             if f["properties"]["part"] == "line"]
    edges = shapely.box(*areas[0]).exterior.buffer(1e-4)
    assert lines and all(line.intersection(edges).length < 0.01 for line in lines)  # crossings, no run along it
    assert "Graticule (10\\u00b0)" in html  # a layer to tick (JSON-escaped in the page)
def test_a_leg_takes_the_pointer_along_its_whole_length_and_lights_on_hover(first_analysis: routes.Analysis) -> None:
    """Issue 15, point 2: the drawn pieces and the arrows' text sat above the line that carried the
    popup, so only a click a few pixels beside a leg opened it."""
    import json

    from routes.show import mapview

    html = build_map(first_analysis).get_root().render()
    lines = re.findall(r"var (poly_line_\w+) = L\.polyline\(\s*(\[\[.*?\]\]),\s*(\{.*?\})\s*\)", html, re.S)
    options = {name: json.loads(opts) for name, _, opts in lines}
    hits = [name for name, o in options.items() if o.get("className") == "routes-leg-hit"]
    assert len(hits) == len(first_analysis.legs)
    order = [name for name, _, _ in lines]
    for leg, hit in zip(first_analysis.legs, hits, strict=True):
        o = options[hit]
        assert o["opacity"] == 0 and o["weight"] >= 12 and o.get("interactive", True)  # wide, invisible, on
        coords = json.loads(dict((n, c) for n, c, _ in lines)[hit])
        assert len(coords) == len(leg.coords)  # the whole leg, end to end
        assert f"{hit}.bindPopup(" in html and f"{hit}.bindTooltip(" in html
        # every other line of the leg (its drawn pieces, the arrows' path) lies under it and takes no pointer
        assert all(options[n].get("interactive") is False for n in order[:order.index(hit)]
                   if options[n].get("className") != "routes-leg-hit")
    assert html.count('"pointer-events": "none"') == len(first_analysis.legs)  # the arrows' text lets clicks through
    drawn = [n for n, o in options.items() if o.get("interactive") is False and o.get("weight") == mapview.LEG_WEIGHT]
    assert len(drawn) == sum(len(leg.pieces) for leg in first_analysis.legs)
    # hover and keyboard focus light the drawn line; Enter opens the popup; no focus box on the path
    assert html.count("hit.on('mouseover'") == len(first_analysis.legs)
    assert f"weight: on ? {mapview.LEG_HIGHLIGHT_WEIGHT}" in html and "hit.openPopup()" in html
    assert "path.setAttribute('tabindex', '0')" in html and "path.routes-leg-hit{outline:none}" in html


def test_popups_and_the_fit_keep_clear_of_the_controls(first_analysis: routes.Analysis) -> None:
    """Issue 15, point 6: popups slid under the zoom, measure and play controls; stops under the mini-map."""
    from routes.show import mapview

    html = build_map(first_analysis).get_root().render()
    # popups: padded by the room the controls take, measured when the popup opens, and no taller than it
    assert "this.options.autoPanPaddingTopLeft = [room.left, room.top]" in html
    assert "this.options.autoPanPaddingBottomRight = [room.right, room.bottom]" in html
    assert "this.options.maxHeight = Math.max(" in html
    # the fit comes after every control (so that each is measured), with the controls' room as padding
    fit = html.index(".fitBounds(")
    assert html.index("map.routesWhenSized = function") < html.index("L.control.fullscreen(")
    for control in ("L.control.fullscreen(", "L.Control.Measure(", "L.control.layers(", "new L.Control.MiniMap(",
                    "routes-legend", "routes-play"):
        assert html.index(control) < fit, control
    assert "paddingTopLeft: [tl[0] * sx, tl[1] * sy]" in html and "room.left +" in html
    # the mini-map is a locator: never closer than a continent; legend and mini-map fold on a phone
    assert f"Math.max({mapview.MINIMAP_ZOOMS[0]}, Math.min({mapview.MINIMAP_ZOOMS[1]}," in html
    assert mapview.MINIMAP_ZOOMS[1] <= 2
    assert '"toggleDisplay": true' in html and ".options.minimized = true" in html
    assert "'<details open><summary>' + \"Legend\"" in html and "div.querySelector('details').open = false" in html
    assert "map.options.routesFoldNarrow !== false" in html
    from routes.show.page import map_page

    assert "routesFoldNarrow: false" in map_page(first_analysis, for_image=True)  # an image keeps both open


def test_an_online_layer_says_on_the_map_when_its_tiles_cannot_load(first_analysis: routes.Analysis) -> None:
    """Issue 15, point 7: an online layer chosen offline stayed blank with no word."""
    html = build_map(first_analysis).get_root().render()
    names = re.findall(r"\[(tile_layer_\w+), (\"[^\"]+\")\]", html)
    assert {n for _, n in names} >= {'"OpenStreetMap (online)"', '"Satellite, Esri (online)"'}
    assert all(f"var {layer} = L.tileLayer(" in html for layer, _ in names)
    assert "layer.on('tileerror'" in html and "its tiles cannot be loaded" in html
    assert ".textContent = name + " in html  # the layer's name as text, never HTML


def test_distance_rings_are_labelled_with_their_radius(first_analysis: routes.Analysis) -> None:
    """Issue 15, point 9: the rings carried no labels."""
    tikhoretsk = first_analysis.itinerary.stops[-1].place
    view = ViewOptions(rings=(("Tikhoretsk", tikhoretsk.coord, (100, 290, 2500)),))
    html = build_map(view=view, analysis=first_analysis).get_root().render()
    import json

    icons = [json.loads(m) for m in re.findall(r'"html": ("(?:[^"\\]|\\.)*")', html)]
    labels = [m for icon in icons for m in re.findall(r"<div class='routes-ring-label'>([^<]*)</div>", icon)]
    assert labels == ["100 km", "290 km", "2,500 km"]
    assert "'.routes-ring-label'" in html  # decluttered with the other labels


def test_stops_and_the_map_frame_are_named_for_a_screen_reader(first_analysis: routes.Analysis) -> None:
    html = build_map(first_analysis).get_root().render()
    for i, name in enumerate(["Najin", "Dunay", "Tikhoretsk"], start=1):
        assert f'"routesName": "Stop {i}: {name}"' in html
    # markers that take no pointer (country names, lengths, ring labels) take no Tab either
    assert "this.options.interactive === false" in html and "Map of the journey" in html


def test_place_names_in_one_language_and_every_mark_in_the_legend(first_analysis: routes.Analysis) -> None:
    """Issue 15: "Moscou" stood among English names, and a white dot near Pyongyang was in no legend."""
    html = build_map(first_analysis).get_root().render()
    labels = re.findall(r'bindTooltip\(\s*`<div>\s*(.*?)\s*</div>`,\s*\{[^}]*"permanent": true', html, re.S)
    assert "Moscow" in labels and "Moscou" not in labels
    assert any(pm.place.feature == "country" for pm in first_analysis.places)  # North Korea, Russia: white dots
    assert "country or region named in the article" in html
