"""The interactive map: a folium view of an :class:`~routes.model.Analysis`.

The map draws with no internet: the basemap is drawn from the shipped boundary data, and
Leaflet and its plugins come from the vendored assets (:mod:`routes.show.assets`). An online
OpenStreetMap layer is offered, off by default. Every piece of article text that reaches
a popup or a tooltip is escaped here (folium writes popup HTML raw).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from html import escape
from typing import Any
from urllib.parse import urlsplit

import folium
import folium.plugins
from branca.element import MacroElement
from folium.template import Template as FoliumTemplate
from jinja2 import Template

from routes import settings
from routes.analysis import for_view
from routes.geodesy import geodesic_circle
from routes.model import Analysis, Coord, Leg, LegTime, PlaceMention, ViewOptions
from routes.show import antimeridian, playback
from routes.show.captions import (
    BORDER_COLOUR,
    COUNTRY_LABEL,
    LAND_COLOUR,
    LAND_EDGE,
    MODE_COLOURS,
    MODE_NAMES,
    RING_COLOUR,
    SEA_COLOUR,
    journey_bounds,
)

Ring = tuple[str, Coord, Sequence[float]]

#: Online tile layers offered, off by default (xyzservices gives each its attribution). CARTO's
#: light and dark styles now need an API key: they are offered when ``settings.carto_api_key`` is set.
ONLINE_LAYERS = (("OpenStreetMap.Mapnik", "OpenStreetMap (online)"), ("Esri.WorldGrayCanvas", "Light, Esri (online)"),
                 ("Esri.WorldImagery", "Satellite, Esri (online)"))
CARTO_LAYERS = (("Positron", "CARTO light (online)"), ("DarkMatter", "CARTO dark (online)"))
#: Attribution of the offline basemap.
BASEMAP_ATTRIBUTION = "Boundaries: Natural Earth · Places: GeoNames"


def build_map(analysis: Analysis, view: ViewOptions | None = None, *, asset_base_url: str | None = None,
              height: int | str = "100%", at: tuple[Coord, int] | None = None) -> folium.Map:
    """A folium map of the analysis.

    Parameters
    ----------
    analysis
        What to draw.
    view
        How: the speeds and year of the times in the popups, the distance rings.
    asset_base_url
        Where the vendored Leaflet assets are served (``"/app/static/"`` in the app); when
        None the assets stay as folium's CDN links (use :func:`routes.show.assets.standalone_html`
        to inline them for a file).
    at
        ``((lon, lat), zoom)`` to open on; by default the map fits the whole journey.
    """
    view = view or ViewOptions()
    analysis = for_view(analysis, view)
    if antimeridian.crosses(analysis):  # one frame east of ±180°, so that the route is drawn the short way
        analysis = antimeridian.east_frame(analysis)
        view = replace(view, rings=tuple((label, antimeridian.eastward(c), radii) for label, c, radii in view.rings))
        at = None if at is None else (antimeridian.eastward(at[0]), at[1])
    fmap = folium.Map(tiles=None, control_scale=True, height=height, prefer_canvas=False,
                      zoom_snap=0.25, world_copy_jump=True)
    root: Any = fmap.get_root()  # branca's Figure
    root.header.add_child(folium.Element(
        f"<style>.leaflet-container.leaflet-container{{background:{SEA_COLOUR};}}"
        " .routes-stop{font:600 12px/22px sans-serif;"
        "text-align:center;color:#fff;border-radius:50%;border:2px solid #fff;box-shadow:0 0 3px #0006;}"
        f".routes-country{{font:italic 600 12px sans-serif;color:{COUNTRY_LABEL};text-align:center;"
        "letter-spacing:.08em;text-transform:uppercase;text-shadow:0 0 3px #fff}"
        ".routes-length{font:600 11px sans-serif;background:#fffd;border-radius:3px;padding:1px 4px;"
        "white-space:nowrap;box-shadow:0 0 2px #0005;display:inline-block}"
        ".leaflet-tooltip.routes-label,.leaflet-tooltip.routes-border-label{position:absolute;white-space:nowrap}"
        ".leaflet-tooltip.routes-label{background:none;border:none;box-shadow:none;padding:0 2px;"
        "font:600 12px sans-serif;color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}"
        ".leaflet-tooltip.routes-label:before{display:none}.leaflet-tooltip.routes-place-label{font-weight:400;color:#444}"
        ".routes-legend{max-width:230px}.routes-player{width:230px}.routes-player-row{display:flex;"
        "justify-content:space-between;align-items:center;gap:6px}.routes-scrub{width:100%;margin:6px 0 2px}"
        ".routes-date{font-weight:600}.routes-basis{color:#555;font-size:11px;line-height:14px;margin-top:4px}"
        ".routes-legend{max-width:230px}.routes-legend,.routes-panel{background:#fffe;padding:8px 10px;"
        "border-radius:4px;font:12px sans-serif;"
        "box-shadow:0 1px 4px #0004;line-height:18px}"
        # a leg's wide transparent line takes the pointer; the drawn line shows hover and keyboard focus
        "path.routes-leg-hit{outline:none}.leaflet-pane>svg text{pointer-events:none}"
        ".routes-legend summary{cursor:pointer;font-weight:700}"
        ".routes-ring-label{font:600 11px sans-serif;color:#555;white-space:nowrap;text-align:center;"
        "text-shadow:0 0 3px #fff,0 0 3px #fff}"
        ".routes-notice{background:#fff8e1;border:1px solid #e0b252;color:#5a4000;max-width:240px}"
        ".routes-notice button{float:right;border:none;background:none;font-size:14px;cursor:pointer;padding:0 0 0 6px}"
        # a popup never wider than the map leaves room for
        ".leaflet-popup-content{max-width:calc(100vw - 110px)}"
        ".leaflet-popup-content th{white-space:nowrap;vertical-align:top}"
        ".leaflet-popup-content td,.leaflet-popup-content blockquote{overflow-wrap:anywhere}</style>"))
    bounds = journey_bounds(analysis)
    _Accessible().add_to(fmap)  # first: the markers are made named
    _ClearOfControls().add_to(fmap)  # the controls and the fit use its measures
    for pane, z_index in (("routes-basemap", 300), ("routes-region", 320), ("routes-detail", 350)):  # under the legs
        folium.map.CustomPane(pane, z_index=z_index, pointer_events=False).add_to(fmap)
    _basemap(_view_bounds(at) if at else bounds, analysis).add_to(fmap)
    _graticule(_world_frame(bounds)).add_to(fmap)
    online = [folium.TileLayer(provider, name=name, overlay=True, show=False) for provider, name in _online_layers()]
    for layer in online:
        layer.add_to(fmap)
    _legs_layer(analysis).add_to(fmap)
    _border_layer(analysis).add_to(fmap)
    _places_layer(analysis).add_to(fmap)
    _stops_layer(analysis).add_to(fmap)
    if view.rings:
        _rings_layer(view.rings).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    folium.plugins.Fullscreen(position="topleft").add_to(fmap)
    folium.plugins.MeasureControl(position="topleft", primary_length_unit="kilometers",
                                  secondary_length_unit="miles", primary_area_unit="sqkilometers").add_to(fmap)
    if analysis.legs:
        _JourneyPlayer(_journey(analysis)).add_to(fmap)
    HtmlControl(_legend_html(analysis), position="bottomleft", css_class="routes-legend", name="Legend",
                summary="Legend").add_to(fmap)
    _TileErrorNotice(online).add_to(fmap)
    _Declutter().add_to(fmap)
    if at is not None:
        (lon, lat), zoom = at
        fmap.location, fmap.options["zoom"] = [lat, lon], zoom
    elif bounds:
        west, south, east, north = bounds
        fmap.location = [(south + north) / 2, (west + east) / 2]
    # after the view is set: the mini-map's first move would otherwise pull the map back to where it began
    _VectorMiniMap().add_to(fmap)
    if at is None and bounds:
        west, south, east, north = bounds
        _FitClearOfControls((south, west, north, east)).add_to(fmap)  # once every control has its size
    if asset_base_url is not None:
        from routes.show.assets import localize

        localize(fmap, base_url=asset_base_url)
    return fmap


def online_origins() -> list[str]:
    """The hosts the online tile layers load from (``https://tile.openstreetmap.org``...)."""
    origins = []
    for provider, _ in _online_layers():
        url = urlsplit(provider.build_url() if hasattr(provider, "build_url") else str(provider))
        origins.append(f"{url.scheme}://{url.netloc.replace('{s}', '*')}")
    return sorted(set(origins))


def _online_layers() -> list[tuple[object, str]]:
    import xyzservices.providers as xyz

    layers: list[tuple[object, str]] = [(xyz.query_name(p), n) for p, n in ONLINE_LAYERS]
    if settings.carto_api_key:
        layers += [(xyz.CartoDB[style](apikey=settings.carto_api_key), n) for style, n in CARTO_LAYERS]
    return layers


def _view_bounds(view: tuple[Coord, int], width_px: int = 900,
                 height_px: int = 700) -> tuple[float, float, float, float]:
    """Roughly what a web map shows at a centre and zoom (so the basemap is as fine as the view needs)."""
    (lon, lat), zoom = view
    half_lon = 360 / 2**zoom * width_px / 256 / 2
    half_lat = half_lon * height_px / width_px * max(0.3, math.cos(math.radians(lat)))
    return lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat


def _basemap(bounds: tuple[float, float, float, float] | None, analysis: Analysis) -> folium.FeatureGroup:
    """The world's land, borders and country names, offline, at the detail each zoom needs.

    Three levels, each over the last: the whole world at :data:`~routes.boundaries.WORLD_DETAIL`
    at every zoom (so that a map zoomed out, panned or full screen shows every continent);
    from zoom :data:`~routes.boundaries.REGION_DETAIL` ``.min_zoom``, the countries around the
    journey (:func:`_region_areas`) at about 1 km; from zoom :data:`DETAIL_MIN_ZOOM`, the sea
    router's own coast near the stops and along sea legs (:func:`_coast_detail`).
    """
    from routes.boundaries import REGION_DETAIL, world_geojson

    group = folium.FeatureGroup(name="Land and borders (offline)", control=True)
    frame = _world_frame(bounds)
    folium.GeoJson(
        antimeridian.geojson_across(world_geojson, frame),
        name="countries",
        style_function=lambda _: {"fillColor": LAND_COLOUR, "fillOpacity": 1, "color": LAND_EDGE, "weight": 0.8},
        interactive=False,
        attr=BASEMAP_ATTRIBUTION,
        pane="routes-basemap",
    ).add_to(group)
    _region_detail(_region_areas(bounds, analysis), group)
    _ShowPaneFromZoom("routes-region", REGION_DETAIL.min_zoom).add_to(group)
    _coast_detail(analysis, group)
    named = {pm.place.geonames_id: pm.place for pm in analysis.places if pm.place.feature == "country"}
    for country in named.values():
        folium.Marker((country.lat, country.lon), interactive=False, icon=folium.DivIcon(
            html=f"<div class='routes-country'>{escape(country.name)}</div>", icon_size=(140, 16),
            icon_anchor=(70, 8))).add_to(group)
    _CountryLabels(_country_labels(frame, {c.country_code for c in named.values()})).add_to(group)
    return group


def _world_frame(bounds: tuple[float, float, float, float] | None) -> tuple[float, float, float, float]:
    """The longitudes the world is drawn over: -180° to 180°, or to 360° on a map drawn east of ±180°
    (:mod:`routes.show.antimeridian`), so that the Americas lie east of the Pacific there."""
    return (-180.0, -90.0, 360.0 if bounds is not None and bounds[2] > 180 else 180.0, 90.0)


#: Around the journey, the finer countries reach this far (degrees) past the stops and the journey's box.
REGION_MARGIN_DEG = 8.0
#: A journey's box wider or taller than this (degrees) gets the finer countries around its stops only,
#: so that a voyage round Africa does not put half the world's coasts at 1 km into the page.
REGION_MAX_SPAN_DEG = 60.0


def _region_areas(bounds: tuple[float, float, float, float] | None,
                  analysis: Analysis) -> list[tuple[float, float, float, float]]:
    """Where the countries are drawn finer from zoom 5: around each stop and, when it is not too
    large, the whole box shown (the journey's, or the view asked for)."""
    m = REGION_MARGIN_DEG
    boxes = [(s.place.lon - m, s.place.lat - m, s.place.lon + m, s.place.lat + m) for s in analysis.itinerary.stops]
    if bounds is not None and max(bounds[2] - bounds[0], bounds[3] - bounds[1]) <= REGION_MAX_SPAN_DEG:
        boxes.append((bounds[0] - m, bounds[1] - m, bounds[2] + m, bounds[3] + m))
    return [(round(max(-180, w), 1), round(max(-85, s), 1), round(min(540, e), 1), round(min(85, n), 1))
            for w, s, e, n in _merged(boxes)]


def _region_detail(areas: Sequence[tuple[float, float, float, float]], group: folium.FeatureGroup) -> None:
    """The countries at :data:`~routes.boundaries.REGION_DETAIL` in each area, over the world's sea and
    coarse land (a box of sea first), their outlines drawn apart from their fills so that no cut shows."""
    import shapely

    from routes.boundaries import region_geojson

    styles = {"sea": {"stroke": False, "fillColor": SEA_COLOUR, "fillOpacity": 1},
              "land": {"stroke": False, "fillColor": LAND_COLOUR, "fillOpacity": 1},
              "line": {"color": LAND_EDGE, "weight": 0.8, "fill": False}}
    for area in areas:
        features = [{"type": "Feature", "properties": {"part": "sea"},
                     "geometry": shapely.geometry.mapping(shapely.box(*area))}]
        features += antimeridian.geojson_across(region_geojson, area)["features"]
        folium.GeoJson({"type": "FeatureCollection", "features": features}, interactive=False, pane="routes-region",
                       style_function=lambda feature: styles[feature["properties"]["part"]]).add_to(group)


def _country_labels(frame: tuple[float, float, float, float], named: set[str | None]) -> list[list[Any]]:
    """``[lon, lat, min_zoom, name]`` of every country not named in the article (those have their
    own label, always shown), within the world's frame (moved 360° east past ±180° if need be)."""
    from routes.boundaries import country_labels

    out = []
    for label in country_labels():
        if label["iso_a2"] in named:
            continue
        for lon in (label["lon"], label["lon"] + 360):
            if frame[0] <= lon <= frame[2] and (lon <= 180 or frame[2] > 180):
                out.append([lon, label["lat"], label["min_zoom"], escape(label["name"])])
    return out


def _merged(boxes: Sequence[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Boxes (west, south, east, north), overlapping ones joined."""
    merged: list[tuple[float, float, float, float]] = []
    for box in sorted(boxes):
        for i, other in enumerate(merged):
            if box[0] <= other[2] and other[0] <= box[2] and box[1] <= other[3] and other[1] <= box[3]:
                merged[i] = (min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3]))
                break
        else:
            merged.append(box)
    return merged


#: Zoom from which the coasts near the stops and along sea legs are drawn from the router's own land.
DETAIL_MIN_ZOOM = 6
DETAIL_MARGIN_DEG = 1.5


def _detail_areas(analysis: Analysis) -> list[tuple[float, float, float, float]]:
    """Boxes around the stops and the sea legs, overlapping ones joined."""
    m = DETAIL_MARGIN_DEG
    boxes = [(s.place.lon - m, s.place.lat - m, s.place.lon + m, s.place.lat + m) for s in analysis.itinerary.stops]
    for leg in analysis.legs:
        if leg.plan.mode == "sea" and leg.drawn_as != "direct" and len(leg.coords) > 1:
            lons, lats = zip(*leg.coords, strict=False)
            if max(lons) - min(lons) < 20 and max(lats) - min(lats) < 20:  # a long voyage: its ends only
                boxes.append((min(lons) - m, min(lats) - m, max(lons) + m, max(lats) + m))
    merged = _merged(boxes)
    # rounded as the land is cut (routes.route.sea.land_geojson), so that the box's edges are known for what they are
    return [(round(max(-180, w), 2), round(max(-85, s), 2), round(min(180 if w < 180 else 540, e), 2),
             round(min(85, n), 2)) for w, s, e, n in merged]  # past 180° E on a map across the antimeridian


def _coast_detail(analysis: Analysis, group: folium.FeatureGroup) -> None:
    """Around the stops and along sea legs, from zoom :data:`DETAIL_MIN_ZOOM`: the coast the
    sea router uses (OpenStreetMap, about 110 m) and the land borders, over the coarse basemap,
    so that a route that keeps to the water is seen to."""
    import shapely

    from routes.boundaries import land_borders_geojson
    from routes.route.sea import land_geojson

    styles = {"sea": {"stroke": False, "fillColor": SEA_COLOUR, "fillOpacity": 1},
              "land": {"stroke": False, "fillColor": LAND_COLOUR, "fillOpacity": 1},
              "coast": {"color": LAND_EDGE, "weight": 0.6, "fill": False},
              "border": {"color": LAND_EDGE, "weight": 0.8, "fill": False}}
    for west, south, east, north in _detail_areas(analysis):
        bounds = (west, south, east, north)
        box = shapely.box(*bounds)
        features = [{"type": "Feature", "properties": {"part": "sea"}, "geometry": shapely.geometry.mapping(box)}]
        for f in antimeridian.geojson_across(land_geojson, bounds)["features"]:
            land = shapely.geometry.shape(f["geometry"])
            coast = land.boundary.difference(box.exterior.buffer(1e-5))  # the box's own edges are no coast
            features.append({**f, "properties": {"part": "land"}})
            if not coast.is_empty:
                features.append({"type": "Feature", "properties": {"part": "coast"},
                                 "geometry": shapely.geometry.mapping(shapely.set_precision(coast, 1e-5))})
        features += [{**f, "properties": {"part": "border"}}
                     for f in antimeridian.geojson_across(land_borders_geojson, bounds)["features"]]
        folium.GeoJson({"type": "FeatureCollection", "features": features}, interactive=False, pane="routes-detail",
                       style_function=lambda feature: styles[feature["properties"]["part"]]).add_to(group)
    _ShowPaneFromZoom("routes-detail", DETAIL_MIN_ZOOM).add_to(group)


class _ShowPaneFromZoom(MacroElement):
    """Show a map pane only from a zoom on (plain Leaflet)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var map = {{ this._parent._parent.get_name() }};
          function toggle() {
            map.getPane({{ this.pane|tojson }}).style.display = map.getZoom() >= {{ this.zoom }} ? '' : 'none';
          }
          map.on('zoomend', toggle);
          map.whenReady(toggle);
        })();
        {% endmacro %}
    """)

    def __init__(self, pane: str, zoom: int) -> None:
        super().__init__()
        self._name = "ShowPaneFromZoom"
        self.pane, self.zoom = pane, zoom


class _CountryLabels(MacroElement):
    """The names of the world's countries, each written from its zoom on (plain Leaflet: one
    list of ``[lon, lat, min_zoom, name]`` in the page, not a marker's code each). They take
    the class of the article's country names, so :class:`_Declutter` hides those that collide."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var group = {{ this._parent.get_name() }}, map = {{ this._parent._parent.get_name() }};
          var labels = {{ this.labels|tojson }};
          labels.forEach(function (l) {
            L.marker([l[1], l[0]], {interactive: false, keyboard: false, icon: L.divIcon({
              className: '', iconSize: [140, 16], iconAnchor: [70, 8],
              html: "<div class='routes-country routes-world-country' data-min-zoom='" + l[2] + "'>" + l[3] + "</div>"
            })}).addTo(group);
          });
          function under(r, c) { return r.left < c.right && c.left < r.right && r.top < c.bottom && c.top < r.bottom; }
          function toggle() {
            var zoom = map.getZoom(), container = map.getContainer();
            // the legend and the mini-map are not opaque enough to write under
            var controls = Array.prototype.map.call(container.querySelectorAll('.leaflet-control'),
                                                    function (c) { return c.getBoundingClientRect(); });
            container.querySelectorAll('.routes-world-country').forEach(function (el) {
              el.style.display = '';
              var r = el.getBoundingClientRect();
              var hidden = zoom < +el.dataset.minZoom || controls.some(function (c) { return under(r, c); });
              el.style.display = hidden ? 'none' : '';
            });
          }
          // each registered before the declutter's, which then sees only the names shown
          map.on('zoomend moveend', toggle);
          map.whenReady(function () { setTimeout(toggle, 0); });  // once the names are in the page
          window.addEventListener('load', toggle);
        })();
        {% endmacro %}
    """)

    def __init__(self, labels: list[list[Any]]) -> None:
        super().__init__()
        self._name = "CountryLabels"
        self.labels = labels


#: The graticule's step, degrees.
GRATICULE_STEP_DEG = 10


def _graticule(frame: tuple[float, float, float, float]) -> folium.FeatureGroup:
    """Meridians and parallels every :data:`GRATICULE_STEP_DEG` degrees over the world's frame: a layer
    the user ticks in the layer control (off by default), over the land. Straight on the web map's Mercator, so two
    points make each line."""
    west, _, east, _ = frame
    step = GRATICULE_STEP_DEG
    meridians = [[[lon, -85.0], [lon, 85.0]] for lon in range(int(west), int(east) + 1, step)]
    parallels = [[[west, lat], [east, lat]] for lat in range(-80, 81, step)]
    group = folium.FeatureGroup(name=f"Graticule ({step}°)", show=False)
    folium.GeoJson({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": line}}
        for line in meridians + parallels]}, interactive=False,
        style_function=lambda _: {"color": "#7f95a8", "weight": 0.6, "opacity": 0.8}).add_to(group)
    return group


def _popup(title: str, rows: list[tuple[str, str]], sentence: str | None = None) -> folium.Popup:
    body = "".join(f"<tr><th style='text-align:left;padding-right:6px'>{escape(k)}</th><td>{escape(v)}</td></tr>"
                   for k, v in rows)
    quote = (f"<blockquote style='margin:6px 0 0;font-style:italic'>“{escape(sentence)}”</blockquote>"
             if sentence else "")
    return folium.Popup(f"<b>{escape(title)}</b><table>{body}</table>{quote}", max_width=360)


def _places_layer(analysis: Analysis) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Places named in the article")
    seen: set[tuple[int | None, str]] = set()
    stops = {(stop.place.geonames_id, stop.place.name) for stop in analysis.itinerary.stops}
    for pm in analysis.places:
        key = (pm.place.geonames_id, pm.place.name)
        if key in seen:
            continue
        seen.add(key)
        _place_marker(pm, label=key not in stops).add_to(group)
    return group


def _place_marker(pm: PlaceMention, *, label: bool = True) -> folium.CircleMarker:
    """A place's dot; a town's name is written beside it (``label``) unless a stop already names it."""
    p = pm.place
    rows = [("GeoNames", str(p.geonames_id or "—")), ("Country", p.country_code or "—"),
            ("Kind", p.feature), ("Named as", pm.mention.surface)]
    country = p.feature != "town"
    return folium.CircleMarker(
        location=(p.lat, p.lon), radius=4 if country else 5,
        color="#777" if country else "#333", weight=1, fill=True,
        fill_color="#fff" if country else "#333", fill_opacity=0.9,
        popup=_popup(p.name, rows, pm.mention.sentence),
        # labelled by the gazetteer's name, so that the map's names are in one language ("Moscow", not the
        # article's "Moscou" beside "Tikhoretsk"); the popup says how the article names it
        tooltip=folium.Tooltip(escape(p.name), permanent=True, direction="right", offset=(6, 0),
                               class_name="routes-label routes-place-label")
        if label and not country else escape(p.name),
    )


def _stops_layer(analysis: Analysis) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Stops (numbered)")
    for i, stop in enumerate(analysis.itinerary.stops, start=1):
        p = stop.place
        legs_in = [leg for leg in analysis.legs if leg.plan.destination == stop]
        colour = MODE_COLOURS[legs_in[0].plan.mode] if legs_in else "#333333"
        icon = folium.DivIcon(
            html=f"<div class='routes-stop' style='background:{colour};width:22px;height:22px'>{i}</div>",
            icon_size=(26, 26), icon_anchor=(13, 13), class_name="routes-stop-icon")
        rows = [("Place", p.name), ("GeoNames", str(p.geonames_id or "—")), ("Country", p.country_code or "—")]
        sentence = stop.mention.sentence if stop.mention else None
        side = _away(analysis, i - 1)
        folium.Marker((p.lat, p.lon), icon=icon, popup=_popup(f"{i}. {stop.label}", rows, sentence),
                      routesName=f"Stop {i}: {stop.name}",
                      tooltip=folium.Tooltip(escape(stop.name), permanent=True, direction=side,
                                             offset=_LABEL_OFFSET[side],
                                             class_name="routes-label routes-stop-label")).add_to(group)
    return group


_LABEL_OFFSET = {"left": (-12, 0), "right": (12, 0)}


def _away(analysis: Analysis, index: int) -> str:
    """The side of stop ``index`` its label goes on: away from the stop before it (the first: from the next)."""
    stops = analysis.itinerary.stops
    other = stops[index - 1] if index > 0 else stops[index + 1] if len(stops) > 1 else None
    if other is None:
        return "right"
    return "left" if other.place.lon > stops[index].place.lon else "right"


def _legs_layer(analysis: Analysis) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Legs")
    for leg, timing in zip(analysis.legs, analysis.times, strict=True):
        for line in _leg_lines(leg, timing):
            line.add_to(group)
        _length_label(leg).add_to(group)
    return group


def _length_label(leg: Leg) -> folium.Marker:
    lon, lat = leg.coords[len(leg.coords) // 2]
    text = f"{leg.length_km:,.0f} km" + (f" · {leg.length_nmi:,.0f} nmi" if leg.plan.mode == "sea" else "")
    return folium.Marker((lat, lon), interactive=False, icon=folium.DivIcon(
        html=f"<span class='routes-length' style='color:{MODE_COLOURS[leg.plan.mode]}'>{escape(text)}</span>",
        icon_size=(120, 18), icon_anchor=(-8, 9)))


def _leg_lines(leg: Leg, timing: LegTime) -> list[folium.Element]:
    """The leg as drawn (its network and inferred pieces, or its one line), arrows that show its
    direction, and on top of them a wide transparent line that takes the pointer along the whole
    leg: it carries the popup and the tooltip, and lights the drawn line on hover and keyboard focus."""
    colour = MODE_COLOURS[leg.plan.mode]
    stretches = ([(piece.coords, "6 6" if piece.inferred else None) for piece in leg.pieces]
                 or [(leg.coords, "8 6" if leg.drawn_as == "direct" else None)])
    drawn = [_inert(folium.PolyLine([(lat, lon) for lon, lat in coords], color=colour, weight=LEG_WEIGHT,
                                    opacity=0.9, dash_array=dash)) for coords, dash in stretches]
    arrows = _inert(folium.PolyLine([(lat, lon) for lon, lat in leg.coords], weight=0, opacity=0))
    text = folium.plugins.PolyLineTextPath(arrows, "      ►      ", repeat=True, offset=5,
                                           attributes={"fill": colour, "font-size": "13", "pointer-events": "none"})
    hit, label = _leg_line(leg, timing)
    return [*drawn, arrows, text, hit, _LegHighlight(hit, drawn, label)]


def _inert(line: folium.PolyLine) -> folium.PolyLine:
    """A line that lets the pointer through to what lies under it (folium's PolyLine drops the
    ``interactive`` argument, so it is set on the options Leaflet receives)."""
    line.options["interactive"] = False
    return line


#: A leg's drawn width, and its width when the pointer is on it or it has keyboard focus.
LEG_WEIGHT, LEG_HIGHLIGHT_WEIGHT = 4, 7
#: The width of the transparent line that takes the pointer along a leg (a finger's width on a phone).
LEG_HIT_WEIGHT = 18


def _leg_line(leg: Leg, timing: LegTime) -> tuple[folium.PolyLine, str]:
    """The leg's pointer line (transparent, wide, with the leg's popup and tooltip) and its name
    for a screen reader."""
    plan = leg.plan
    length = f"{leg.length_km:,.0f} km" + (f" ({leg.length_nmi:,.0f} nmi)" if plan.mode == "sea" else "")
    title = f"{MODE_NAMES[plan.mode]} leg: {plan.origin.label} → {plan.destination.label}"
    drawn = "direct line (not yet routed)" if leg.drawn_as == "direct" else leg.network
    rows = [("Length", length), ("Drawn as", drawn)]
    if plan.mode_word:
        rows.append(("Mode from", f"“{plan.mode_word}”"))
    if plan.dates:
        rows.append(("Dates", plan.dates.text))
    rows.append(("Time", timing.sentence))
    line = folium.PolyLine(
        [(lat, lon) for lon, lat in leg.coords], color=MODE_COLOURS[plan.mode], weight=LEG_HIT_WEIGHT, opacity=0,
        class_name="routes-leg-hit",
        tooltip=escape(f"{title} — {length}" + (" (direct)" if leg.drawn_as == "direct" else "")),
        popup=_popup(title, rows, plan.sentence),
    )
    return line, f"{title}, {length}"


class _LegHighlight(MacroElement):
    """A leg lit while the pointer is on its pointer line or the line has keyboard focus; Enter or
    Space on the focused line opens its popup (Tab reaches every leg, in order)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var hit = {{ this.hit.get_name() }};
          var drawn = [{% for line in this.drawn %}{{ line.get_name() }}{{ "," if not loop.last }}{% endfor %}];
          function light(on) {
            drawn.forEach(function (line) {
              line.setStyle({weight: on ? {{ this.lit }} : {{ this.weight }}, opacity: on ? 1 : 0.9});
            });
          }
          hit.on('mouseover', function () { light(true); });
          hit.on('mouseout', function () { light(false); });
          hit.on('add', setUp);
          if (hit._map) { setUp(); }
          function setUp() {
            var path = hit.getElement();
            if (!path || path.getAttribute('tabindex')) return;
            path.setAttribute('tabindex', '0');
            path.setAttribute('role', 'button');
            path.setAttribute('aria-label', {{ this.label|tojson }});  // an attribute: text, never HTML
            path.addEventListener('focus', function () { light(true); });
            path.addEventListener('blur', function () { light(false); });
            path.addEventListener('keydown', function (event) {
              if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); hit.openPopup(); }
            });
          }
        })();
        {% endmacro %}
    """)

    def __init__(self, hit: folium.PolyLine, drawn: Sequence[folium.PolyLine], label: str) -> None:
        super().__init__()
        self._name = "LegHighlight"
        self.hit, self.drawn, self.label = hit, list(drawn), label
        self.weight, self.lit = LEG_WEIGHT, LEG_HIGHLIGHT_WEIGHT


def _border_layer(analysis: Analysis) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Distance to the border")
    b = analysis.border
    if b is None:
        return group
    label = f"{b.distance_km:,.0f} km to the border of {b.country_name}"
    rows = [("From", b.from_name), ("Distance", f"{b.distance_km:,.1f} km (geodesic, WGS84)"),
            ("Nearest border point",
             f"{b.nearest[1]:.4f}, {b.nearest[0]:.4f}" + (f", near {b.near}" if b.near else "")),
            ("On the", b.border_kind or b.part), ("Boundary view", b.view), ("Boundary data", b.boundary)]
    rows += [(f"{r.part}, {r.view}", f"{r.distance_km:,.1f} km") for r in analysis.border_readings[1:]]
    for c in analysis.checks:
        if c.claim.about == f"border:{b.country_code}":
            rows.append(("The article says", c.sentence))
    folium.PolyLine([(b.point[1], b.point[0]), (b.nearest[1], b.nearest[0])], color=BORDER_COLOUR,
                    weight=3, dash_array="2 6", tooltip=escape(label), popup=_popup(label, rows)).add_to(group)
    # the label sits above the border end, in two short lines, so that it hides neither the place nor the line
    short = f"{b.distance_km:,.0f} km<br>{escape(f'to the border of {b.country_name}')}"
    folium.CircleMarker((b.nearest[1], b.nearest[0]), radius=4, color=BORDER_COLOUR, fill=True, fill_opacity=1,
                        tooltip=folium.Tooltip(short, permanent=True, direction="top", class_name="routes-border-label",
                                               style="text-align:center;padding:1px 5px;font:600 11px sans-serif"),
                        popup=_popup(f"Nearest point of the border ({b.border_kind}" +
                                            (f", near {b.near})" if b.near else ")"), rows)).add_to(group)
    return group


def _rings_layer(rings: Sequence[Ring]) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Distance rings")
    for label, centre, radii in rings:
        for km in sorted(radii):
            ring = geodesic_circle(centre, km)  # drawn round its centre, across ±180° if need be
            points = [(lat, lon + 360 * round((centre[0] - lon) / 360)) for lon, lat in ring]
            folium.PolyLine(points, color=RING_COLOUR, weight=1.5, dash_array="4 4",
                            tooltip=escape(f"{ring_label(km)} from {label}")).add_to(group)
            north = max(points)  # the ring's label sits on its northernmost point, across the line
            folium.Marker(north, interactive=False, icon=folium.DivIcon(
                html=f"<div class='routes-ring-label'>{escape(ring_label(km))}</div>", icon_size=(90, 14),
                icon_anchor=(45, 7), class_name="routes-ring-icon")).add_to(group)
    return group


def ring_label(km: float) -> str:
    """A distance ring's label: its radius (``"100 km"``, ``"2,500 km"``, ``"0.5 km"``)."""
    return f"{km:,g} km"


def _journey(analysis: Analysis) -> dict[str, Any]:
    """The legs in order for the journey player: their points, colour, label, dates and pacing
    (:mod:`routes.show.playback`)."""
    paced = playback.pacing(analysis)
    legs = []
    for i, (leg, t, p) in enumerate(zip(analysis.legs, analysis.times, paced.legs, strict=True), start=1):
        dates = leg.plan.dates
        when = (f"{t.start:%d %b %Y} → {t.end:%d %b %Y}" if t.start and t.end
                else dates.text if dates else "no dates in the article")
        legs.append({
            "points": [[round(lat, 5), round(lon, 5)] for lon, lat in leg.coords],
            "along": [round(a, 6) for a in p.along],
            "start": p.start, "end": p.end, "offset": p.offset, "amount": p.amount,
            "firstDay": p.first_day.isoformat() if p.first_day else None,
            "colour": MODE_COLOURS[leg.plan.mode],
            # text, set with textContent in the page: not escaped here
            "label": f"Leg {i} of {len(analysis.legs)}, {MODE_NAMES[leg.plan.mode].lower()}: "
                     f"{leg.plan.origin.label} → {leg.plan.destination.label}",
            "when": when,
        })
    return {"legs": legs, "basis": paced.basis, "unit": paced.unit, "total": paced.total,
            "sentence": paced.sentence, "seconds": playback.PLAYBACK_SECONDS, "speeds": list(playback.SPEEDS)}


def _legend_html(analysis: Analysis) -> str:
    modes = sorted({leg.plan.mode for leg in analysis.legs}, key=list(MODE_COLOURS).index)

    def line(mode: str) -> str:
        direct = all(leg.drawn_as == "direct" for leg in analysis.legs if leg.plan.mode == mode)
        return "dashed" if direct else "solid"

    rows = [f"<div><span style='display:inline-block;width:22px;border-top:4px {line(m)} {MODE_COLOURS[m]};"
            f"vertical-align:middle'></span> {MODE_NAMES[m]} leg</div>" for m in modes]
    if any(leg.drawn_as == "direct" for leg in analysis.legs):
        rows.append("<div style='color:#555'>dashed: direct line, not a routed path</div>")
    if any(piece.inferred for leg in analysis.legs for piece in leg.pieces):
        rows.append("<div style='color:#555'>dashed stretch: inferred (a gap bridged, a link from a stop to the "
                    "network)</div>")
    if analysis.border:
        rows.append(f"<div><span style='display:inline-block;width:22px;border-top:3px dotted {BORDER_COLOUR};"
                    "vertical-align:middle'></span> distance to the border</div>")
    rows.append("<div><span style='display:inline-block;width:10px;height:10px;border-radius:50%;background:#333'>"
                "</span> town named in the article</div>")
    if any(pm.place.feature != "town" for pm in analysis.places):  # the white dots: say what they are
        rows.append("<div><span style='display:inline-block;width:8px;height:8px;border-radius:50%;background:#fff;"
                    "border:1px solid #777'></span> country or region named in the article, at its middle</div>")
    return "".join(rows)


class _JourneyPlayer(MacroElement):
    """A "Play the journey" control: a marker runs along the legs in order, paced by the legs'
    dates when the article dates every leg, else by distance (:mod:`routes.show.playback`), with
    play and pause, a scrubber, a speed and a readout of the date (or the day, or the km) reached.

    Plain Leaflet, so it works inside streamlit-folium, where folium's TimestampedGeoJson does not
    render (streamlit-folium issue 208). Every text is set as text, never as HTML. The readout is
    a polite live region that speaks the leg when it changes, not every frame.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var map = {{ this._parent.get_name() }};
          var journey = {{ this.journey|tojson }}, legs = journey.legs;
          var t = 0, speed = 1, playing = false, last = null, shownLeg = -1, marker = null;
          var ui = {};
          var control = L.control({position: 'topright'});
          control.onAdd = function () {
            var div = L.DomUtil.create('div', 'routes-panel routes-player');
            div.setAttribute('role', 'group');
            div.setAttribute('aria-label', 'Journey player');
            function add(tag, cls, parent) { var el = L.DomUtil.create(tag, cls, parent || div); return el; }
            var row = add('div', 'routes-player-row');
            ui.play = add('button', 'routes-play', row);
            ui.play.type = 'button';
            var label = add('label', 'routes-speed-label', row);
            label.appendChild(document.createTextNode('Speed '));
            ui.speed = add('select', 'routes-speed', label);
            journey.speeds.forEach(function (s) {
              var option = add('option', '', ui.speed);
              option.value = s;
              option.textContent = s + '\u00d7';
              option.selected = s === 1;
            });
            ui.scrub = add('input', 'routes-scrub');
            ui.scrub.type = 'range';
            ui.scrub.min = 0; ui.scrub.max = 1000; ui.scrub.step = 1; ui.scrub.value = 0;
            ui.scrub.setAttribute('aria-label', 'Position in the journey');
            ui.date = add('div', 'routes-date');
            ui.now = add('div', 'routes-now');
            ui.now.setAttribute('aria-live', 'polite');
            ui.basis = add('div', 'routes-basis');
            ui.basis.textContent = journey.sentence;
            ui.play.onclick = function () { playing ? pause() : play(); };
            ui.speed.onchange = function () { speed = +ui.speed.value; };
            ui.scrub.oninput = function () { pause(); t = ui.scrub.value / 1000; show(); };
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
          };
          control.addTo(map);
          setButton();
          // where the marker is at share t of the playback: the leg, and the share of it done
          function position(t) {
            for (var i = 0; i < legs.length; i++) {
              var leg = legs[i];
              if (t < leg.end || i === legs.length - 1) {
                var width = leg.end - leg.start;
                return [i, width <= 0 ? 1 : Math.min(1, Math.max(0, (t - leg.start) / width))];
              }
            }
          }
          function pointAt(leg, f) {
            var a = leg.along, i = 0;
            while (i < a.length && a[i] <= f) { i++; }
            if (i >= a.length) { return leg.points[leg.points.length - 1]; }
            if (i === 0) { return leg.points[0]; }
            var k = a[i] === a[i - 1] ? 0 : (f - a[i - 1]) / (a[i] - a[i - 1]);
            var p = leg.points[i - 1], q = leg.points[i];
            return [p[0] + (q[0] - p[0]) * k, p[1] + (q[1] - p[1]) * k];
          }
          function number(x) { return Math.round(x).toLocaleString('en'); }
          function readout(leg, f) {
            var reached = leg.offset + f * leg.amount;
            if (journey.basis === 'dates' && leg.firstDay) {
              var day = new Date(leg.firstDay + 'T00:00:00Z');
              day.setUTCDate(day.getUTCDate() + Math.round(f * Math.max(0, leg.amount - 1)));
              return day.toLocaleDateString('en-GB', {day: 'numeric', month: 'short', year: 'numeric',
                                                      timeZone: 'UTC'})
                + ' (day ' + Math.min(journey.total, Math.floor(reached) + 1) + ' of ' + number(journey.total) + ')';
            }
            if (journey.basis === 'dates') {
              return 'Day ' + Math.min(journey.total, Math.floor(reached) + 1) + ' of ' + number(journey.total);
            }
            return number(reached) + ' km of ' + number(journey.total) + ' km';
          }
          function show() {
            var at = position(t), leg = legs[at[0]];
            if (!marker) {
              marker = L.circleMarker(leg.points[0], {radius: 8, color: '#000', weight: 2, fillColor: '#fff',
                                                      fillOpacity: 1, interactive: false}).addTo(map);
            }
            marker.setLatLng(pointAt(leg, at[1]));
            marker.setStyle({fillColor: leg.colour});
            ui.scrub.value = Math.round(t * 1000);
            var text = readout(leg, at[1]);
            ui.date.textContent = text;
            ui.scrub.setAttribute('aria-valuetext', text + ', ' + leg.label);
            var arrived = t >= 1;
            if (at[0] !== shownLeg || arrived !== ui.now.routesArrived) {
              shownLeg = at[0];
              ui.now.routesArrived = arrived;
              ui.now.textContent = '';
              L.DomUtil.create('b', '', ui.now).textContent = leg.label;
              L.DomUtil.create('div', '', ui.now).textContent = leg.when;
              if (arrived) { L.DomUtil.create('i', '', ui.now).textContent = 'arrived'; }
            }
          }
          function setButton() {
            ui.play.textContent = playing ? '\u275a\u275a Pause' : '\u25b6 Play the journey';
            ui.play.setAttribute('aria-label', playing ? 'Pause the journey' : 'Play the journey');
          }
          function frame(now) {
            if (!playing) return;
            if (last !== null) { t = Math.min(1, t + (now - last) / 1000 / journey.seconds * speed); }
            last = now;
            show();
            if (t >= 1) { pause(); return; }
            requestAnimationFrame(frame);
          }
          function play() {
            if (t >= 1) { t = 0; }
            playing = true; last = null;
            setButton();
            requestAnimationFrame(frame);
          }
          function pause() { playing = false; last = null; setButton(); }
          map.routesPlayer = {show: function (share) { pause(); t = share; show(); }};
        })();
        {% endmacro %}
    """)

    def __init__(self, journey: dict[str, Any]) -> None:
        super().__init__()
        self._name = "JourneyPlayer"
        self.journey = journey


#: The mini-map's zooms: the whole world (−1: 128 px wide) to about a continent (1.5: 160 px are 80° of longitude).
MINIMAP_ZOOMS = (-1, 1.5)
#: A map narrower than this (a phone) opens with its legend folded and its mini-map minimised.
FOLD_BELOW_PX = 480


class _VectorMiniMap(folium.plugins.MiniMap):
    """A locator mini-map drawn from the shipped world outline (no tiles: works offline)."""

    _template = FoliumTemplate("""
        {% macro header(this, kwargs) %}
          <style>.leaflet-control-minimap{background:""" + SEA_COLOUR + """;}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
          var {{ this.get_name() }}_layer = L.geoJson({{ this.outline|tojson }}, {
              style: {fillColor: '#f4f1ea', fillOpacity: 1, color: '#a9a49a', weight: 0.5}, interactive: false});
          var {{ this.get_name() }} = new L.Control.MiniMap({{ this.get_name() }}_layer,
              {{ this.options|tojavascript }});
          // a locator: the main map's zoom less the offset, but never closer than a continent
          {{ this.get_name() }}._decideZoom = function (fromMainToMini) {
            // the mini-map dragged: the main map keeps its zoom
            if (!fromMainToMini) { return this._mainMap.getZoom(); }
            return Math.max({{ this.zooms[0] }}, Math.min({{ this.zooms[1] }},
                                                           this._mainMap.getZoom() + this.options.zoomLevelOffset));
          };
          // a phone: the map's room first, the locator a tap away. Decided before the mini-map is added:
          // minimised afterwards, its own move would pull the main map to the mini-map's centre
          var {{ this.get_name() }}_width = {{ this._parent.get_name() }}.getSize().x;
          if ({{ this._parent.get_name() }}.options.routesFoldNarrow !== false
              && {{ this.get_name() }}_width > 0 && {{ this.get_name() }}_width < {{ this.fold_below }}) {
            {{ this.get_name() }}.options.minimized = true;
          }
          // the main map follows the mini-map only when the mini-map is dragged: its own moves (drawn in a
          // frame not laid out yet, minimised, resized) would pull the main map off the journey
          var {{ this.get_name() }}_moved = {{ this.get_name() }}._onMiniMapMoved;
          {{ this.get_name() }}._onMiniMapMoved = function (e) {
            if (this._routesDragged) { this._routesDragged = false; return {{ this.get_name() }}_moved.call(this, e); }
            this._mainMapMoving = false;
          };
          {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
          {{ this.get_name() }}._miniMap.on('dragstart', function () { {{ this.get_name() }}._routesDragged = true; });
        {% endmacro %}
    """)

    def __init__(self) -> None:
        from routes.boundaries import world_outline_geojson

        # zooms below 0 (the outline is vectors, not tiles), so that a continent-wide view
        # still shows as a small rectangle on the world
        super().__init__(position="bottomright", width=160, height=120, zoom_level_offset=-5,
                         toggle_display=True, map_options={"minZoom": MINIMAP_ZOOMS[0], "zoomSnap": 0.25})
        self.outline = world_outline_geojson()
        self.zooms, self.fold_below = MINIMAP_ZOOMS, FOLD_BELOW_PX


class _Declutter(MacroElement):
    """Labels that would overlap are hidden, the less important first, after every zoom; stops that
    would overlap are set side by side.

    Never hidden: the stop markers, their names and the border label. The others, by
    priority: the legs' lengths, the rings' radii, the other places' names, the countries' names. A hidden
    label comes back when the map zooms in enough."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var map = {{ this._parent.get_name() }};
          var order = ['.routes-stop', '.routes-stop-label', '.routes-border-label', '.routes-length',
                       '.routes-ring-label', '.routes-place-label', '.routes-country'];
          function overlaps(a, b) {
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          }
          // stops closer than a marker's width (Najin and Dunay at a continent's scale) are set side by
          // side, each moved the least from its place, so each stays a target a finger or a mouse can take
          function spreadStops() {
            var stops = [];
            map.eachLayer(function (layer) {
              var el = layer.getElement && layer.getElement();
              if (el && el.classList.contains('routes-stop-icon') && layer.getLatLng) stops.push([layer, el]);
            });
            stops.sort(function (a, b) { return (+a[1].textContent) - (+b[1].textContent); });
            var placed = [];
            stops.forEach(function (s) {
              var p = map.latLngToLayerPoint(s[0].getLatLng()), at = L.point(p.x, p.y);
              for (var tries = 0; tries < 8; tries++) {
                var near = placed.filter(function (q) { return q.distanceTo(at) < {{ this.gap }}; })[0];
                if (!near) break;
                var dx = at.x - near.x, dy = at.y - near.y, d = Math.sqrt(dx * dx + dy * dy);
                if (d < 0.5) { dx = 1; dy = 0; d = 1; }
                at = L.point(near.x + dx / d * {{ this.gap }}, near.y + dy / d * {{ this.gap }});
              }
              placed.push(at);
              var shift = (at.x - p.x).toFixed(1) + 'px ' + (at.y - p.y).toFixed(1) + 'px';
              s[1].style.translate = shift;
              var tip = s[0].getTooltip && s[0].getTooltip(), tipEl = tip && tip.getElement && tip.getElement();
              if (tipEl) tipEl.style.translate = shift;
            });
          }
          function declutter() {
            spreadStops();
            var box = map.getContainer().getBoundingClientRect(), kept = [];
            order.forEach(function (selector, rank) {
              map.getContainer().querySelectorAll(selector).forEach(function (el) {
                el.style.visibility = '';
                var r = el.getBoundingClientRect();
                if (!r.width) return;
                var clash = rank > 2 && kept.some(function (k) { return overlaps(r, k); });
                var outside = rank > 2 && (r.left < box.left || r.right > box.right || r.top < box.top
                                           || r.bottom > box.bottom);
                if (clash || outside) { el.style.visibility = 'hidden'; } else { kept.push(r); }
              });
            });
          }
          function refresh() {
            // a label placed before the page's styles arrived may be measured wrong: place it again
            map.eachLayer(function (layer) {
              var tip = layer.getTooltip && layer.getTooltip();
              if (tip && tip.options.permanent && tip.isOpen()) { tip.update(); }
            });
            declutter();
          }
          map.on('zoomend moveend overlayadd overlayremove', declutter);
          map.whenReady(function () { setTimeout(refresh, 0); });
          window.addEventListener('load', refresh);
          document.querySelectorAll('link[rel=stylesheet]').forEach(function (link) {
            link.addEventListener('load', refresh);
          });
          if (document.fonts) { document.fonts.ready.then(refresh); }
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Declutter"
        self.gap = 28  # px between two stops' middles: their 26 px markers, and a little air


class _TileErrorNotice(MacroElement):
    """A note on the map while an online layer is on and its tiles cannot load (no internet
    connection, a blocked address, the service down): the layer would otherwise stay blank."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var map = {{ this._parent.get_name() }};
          var layers = [{% for layer in this.layers %}[{{ layer.get_name() }}, {{ layer.layer_name|tojson }}]{{
                         "," if not loop.last }}{% endfor %}];
          var failing = [], dismissed = false, control = null;
          function show() {
            if (control) { control.remove(); control = null; }
            if (!failing.length || dismissed) return;
            control = L.control({position: 'topright'});
            control.onAdd = function () {
              var div = L.DomUtil.create('div', 'routes-panel routes-notice');
              div.setAttribute('role', 'status');
              var close = L.DomUtil.create('button', '', div);
              close.type = 'button';
              close.textContent = '×';
              close.setAttribute('aria-label', 'Dismiss');
              close.onclick = function () { dismissed = true; show(); };
              failing.forEach(function (name) {  // text, never HTML
                L.DomUtil.create('div', '', div).textContent = name + ': {{ this.sentence }}';
              });
              L.DomEvent.disableClickPropagation(div);
              return div;
            };
            control.addTo(map);
          }
          layers.forEach(function (pair) {
            var layer = pair[0], name = pair[1];
            layer.on('tileerror', function () {
              if (failing.indexOf(name) < 0) { failing.push(name); dismissed = false; show(); }
            });
            layer.on('remove', function () {
              if (failing.indexOf(name) >= 0) { failing.splice(failing.indexOf(name), 1); show(); }
            });
          });
        })();
        {% endmacro %}
    """)

    sentence = ("its tiles cannot be loaded (no internet connection, or the service is down). "
                "The offline map stays underneath.")

    def __init__(self, layers: Sequence[folium.TileLayer]) -> None:
        super().__init__()
        self._name = "TileErrorNotice"
        self.layers = list(layers)


#: The map frame's name for a screen reader (the page's frame is otherwise named after the component).
MAP_TITLE = "Map of the journey"


class _Accessible(MacroElement):
    """Names for the keyboard and screen readers: a marker given a ``routesName`` option is
    named by it (a stop reads "Stop 1: Najin", not "1") and opens its popup with Space as
    with Enter; a marker that takes no pointer takes no Tab either; the frame the map is
    drawn in (in the app) is named :data:`MAP_TITLE`.

    Added first, so that every marker is made after Leaflet's marker is taught this."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          try {  // the app's frame; a map opened as a file has none
            if (window.frameElement) { window.frameElement.title = {{ this.title|tojson }}; }
          } catch (e) { /* a frame of another origin: its name stays */ }
          document.title = document.title || {{ this.title|tojson }};
          document.documentElement.lang = document.documentElement.lang || 'en';  // the map's own words
          // folium's page forbids zooming the page, which a reader with low vision needs
          document.querySelectorAll('meta[name=viewport]').forEach(function (meta) {
            meta.content = 'width=device-width, initial-scale=1.0';
          });
          var proto = L.Marker.prototype;
          if (proto.routesNamed) return;  // once a page
          var init = proto._initIcon;
          L.Marker.include({
            routesNamed: true,
            _initIcon: function () {
              if (this.options.interactive === false) { this.options.keyboard = false; }
              init.apply(this, arguments);
              var icon = this._icon;
              if (this.options.routesName) {  // an attribute: text, never HTML
                icon.setAttribute('aria-label', this.options.routesName);
                icon.removeAttribute('title');
              }
              if (this.options.keyboard && !icon.routesSpace) {
                icon.routesSpace = true;
                var marker = this;
                icon.addEventListener('keydown', function (event) {
                  if (event.key === ' ' && marker.getPopup()) { event.preventDefault(); marker.openPopup(); }
                });
              }
            }
          });
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Accessible"
        self.title = MAP_TITLE


class _ClearOfControls(MacroElement):
    """Popups open clear of the map's controls and fit between them (scrolling when they must).

    The room the controls take is measured on the page when a popup opens, so a folded legend or
    a minimised mini-map takes less: the top-left column (zoom, full screen, measure) is narrow
    and tall, so it is cleared sideways; the other corners (layers and player at the top right,
    legend, scale and mini-map at the bottom) are wide and short, so they are cleared from above
    and below. ``map.routesRoom()`` gives that room to the fit (:class:`_FitClearOfControls`)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var map = {{ this._parent.get_name() }};
          // run fn once the map has a size: a map drawn in a frame not laid out yet has none, and
          // a fit or a fold decided then would be decided on nothing
          map.routesWhenSized = function (fn) {
            if (map.getSize().x > 0 && map.getSize().y > 0) { fn(); return; }
            map.on('resize', function once() {
              if (map.getSize().x > 0 && map.getSize().y > 0) { map.off('resize', once); fn(); }
            });
          };
          map.routesRoom = function () {
            var box = map.getContainer().getBoundingClientRect();
            function reach(corner, edge) {
              var most = 0;
              map._controlCorners[corner].querySelectorAll(':scope > .leaflet-control').forEach(function (c) {
                var r = c.getBoundingClientRect();
                if (!r.width || !r.height) return;
                most = Math.max(most, edge === 'left' ? r.right - box.left
                                      : edge === 'top' ? r.bottom - box.top : box.bottom - r.top);
              });
              return most + {{ this.margin }};
            }
            return {left: reach('topleft', 'left'), top: reach('topright', 'top'), right: {{ this.margin }},
                    bottom: Math.max(reach('bottomleft', 'bottom'), reach('bottomright', 'bottom'))};
          };
          var proto = L.Popup.prototype;
          if (proto.routesClearOfControls) return;  // once a page
          var layout = proto._updateLayout, pan = proto._adjustPan;
          L.Popup.include({
            routesClearOfControls: true,
            _updateLayout: function () {
              if (this._map && this._map.routesRoom) {
                var room = this._map.routesRoom();
                this.options.maxHeight = Math.max({{ this.min_height }},
                                                  this._map.getSize().y - room.top - room.bottom - {{ this.tip }});
              }
              return layout.apply(this, arguments);
            },
            _adjustPan: function () {
              if (this._map && this._map.routesRoom) {
                var room = this._map.routesRoom();
                this.options.autoPanPaddingTopLeft = [room.left, room.top];
                this.options.autoPanPaddingBottomRight = [room.right, room.bottom];
              }
              return pan.apply(this, arguments);
            }
          });
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "ClearOfControls"
        self.margin = 8  # px between a control and a popup
        self.tip = 30  # px of a popup's tip and margins, below its box
        self.min_height = 120  # px: a popup on a tiny map still shows a few lines, and scrolls


class _FitClearOfControls(MacroElement):
    """Fit the journey in the room the controls leave, with room beside it for the stops' names.

    Added after every control, so that each is drawn and measured. On a small map the margins
    shrink so that the journey keeps at least half the map's width and height."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }}, touched = false;
          function fit() {
            var room = map.routesRoom(), size = map.getSize();
            var tl = [room.left + {{ this.side }}, room.top + {{ this.top }}];
            var br = [room.right + {{ this.side }}, room.bottom + {{ this.bottom }}];
            var sx = Math.min(1, size.x / 2 / (tl[0] + br[0])), sy = Math.min(1, size.y / 2 / (tl[1] + br[1]));
            map.fitBounds({{ this.bounds|tojson }},
                {paddingTopLeft: [tl[0] * sx, tl[1] * sy], paddingBottomRight: [br[0] * sx, br[1] * sy],
                 animate: false});
          }
          map.routesFit = fit;  // a still image's page puts its own fit here (routes.show.page)
          map.routesWhenSized(function () { map.routesFit(); });
          // the page may lay the map's frame out again after the first fit (Streamlit sizes its
          // columns after the map has drawn): fit again at the new size, until the reader moves the map
          ['pointerdown', 'wheel', 'keydown', 'touchstart'].forEach(function (kind) {
            map.getContainer().addEventListener(kind, function () { touched = true; }, {passive: true});
          });
          map.on('resize', function () {
            if (!touched && map.getSize().x > 0 && map.getSize().y > 0) map.routesFit();
          });
          // and once the controls have their final size (styles and fonts applied, the legend folded or
          // not): measured before that, a tall unstyled legend pushed the journey out of view
          (document.fonts ? document.fonts.ready : Promise.resolve()).then(function () {
            requestAnimationFrame(function () { requestAnimationFrame(function () {
              if (!touched) map.routesWhenSized(function () { map.routesFit(); });
            }); });
          });
        })();
        {% endmacro %}
    """)

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        south, west, north, east = bounds
        super().__init__()
        self._name = "FitClearOfControls"
        self.bounds = [[south, west], [north, east]]
        self.side, self.top, self.bottom = 70, 30, 10  # px: a stop's name beside it, the border's label above


class HtmlControl(MacroElement):
    """A fixed box of our own HTML (already escaped) in one corner of the map: the legend, the north arrow.

    With a ``summary`` the box folds under it (a ``<details>``: the keyboard opens it too); it
    starts folded on a map narrower than :data:`FOLD_BELOW_PX`, unless the map's option
    ``routesFoldNarrow`` is false (a still image)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var map = {{ this._parent.get_name() }};
          var control = L.control({position: {{ this.position|tojson }}});
          control.onAdd = function () {
            var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
            {% if this.summary %}
            div.innerHTML = '<details open><summary>' + {{ this.summary|tojson }} + '</summary>'
              + {{ this.html|tojson }} + '</details>';
            (map.routesWhenSized || function (fn) { fn(); })(function () {
              if (map.options.routesFoldNarrow !== false && map.getSize().x < {{ this.fold_below }}) {
                div.querySelector('details').open = false;
              }
            });
            L.DomEvent.disableClickPropagation(div);
            {% else %}
            div.innerHTML = {{ this.html|tojson }};
            {% endif %}
            return div;
          };
          control.addTo(map);
        })();
        {% endmacro %}
    """)

    def __init__(self, html: str, *, position: str, css_class: str, name: str, summary: str | None = None) -> None:
        super().__init__()
        self._name = name
        self.html = html
        self.position = position
        self.css_class = css_class
        self.summary = None if summary is None else escape(summary)
        self.fold_below = FOLD_BELOW_PX
