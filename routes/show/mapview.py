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
from routes.show import antimeridian
from routes.show.captions import (
    BORDER_COLOUR,
    LAND_COLOUR,
    LAND_EDGE,
    MODE_COLOURS,
    MODE_NAMES,
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
        ".routes-country{font:italic 600 12px sans-serif;color:#8a8478;text-align:center;letter-spacing:.08em;"
        "text-transform:uppercase;text-shadow:0 0 3px #fff}"
        ".routes-length{font:600 11px sans-serif;background:#fffd;border-radius:3px;padding:1px 4px;"
        "white-space:nowrap;box-shadow:0 0 2px #0005;display:inline-block}"
        ".leaflet-tooltip.routes-label,.leaflet-tooltip.routes-border-label{position:absolute;white-space:nowrap}"
        ".leaflet-tooltip.routes-label{background:none;border:none;box-shadow:none;padding:0 2px;"
        "font:600 12px sans-serif;color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}"
        ".leaflet-tooltip.routes-label:before{display:none}.leaflet-tooltip.routes-place-label{font-weight:400;color:#444}"
        ".routes-legend{max-width:230px}.routes-legend,.routes-panel{background:#fffe;padding:8px 10px;"
        "border-radius:4px;font:12px sans-serif;"
        "box-shadow:0 1px 4px #0004;line-height:18px}</style>"))
    bounds = journey_bounds(analysis)
    for pane, z_index in (("routes-basemap", 300), ("routes-region", 320), ("routes-detail", 350)):  # under the legs
        folium.map.CustomPane(pane, z_index=z_index, pointer_events=False).add_to(fmap)
    _basemap(_view_bounds(at) if at else bounds, analysis).add_to(fmap)
    _graticule(_world_frame(bounds)).add_to(fmap)
    for provider, name in _online_layers():
        folium.TileLayer(provider, name=name, overlay=True, show=False).add_to(fmap)
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
    HtmlControl(_legend_html(analysis), position="bottomleft", css_class="routes-legend", name="Legend").add_to(fmap)
    _Declutter().add_to(fmap)
    if at is not None:
        (lon, lat), zoom = at
        fmap.location, fmap.options["zoom"] = [lat, lon], zoom
    elif bounds:
        west, south, east, north = bounds
        fmap.location = [(south + north) / 2, (west + east) / 2]
        # room for labels, and at the bottom for the legend (left) and the mini-map (right)
        fmap.fit_bounds([[south, west], [north, east]], padding_top_left=(70, 40), padding_bottom_right=(70, 140))
    # after the view is set: the mini-map's first move would otherwise pull the map back to where it began
    _VectorMiniMap().add_to(fmap)
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
        tooltip=folium.Tooltip(escape(pm.mention.surface), permanent=True, direction="right", offset=(6, 0),
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
    """The leg's line (its network and inferred pieces), and arrows that show its direction."""
    popup_line = _leg_line(leg, timing)
    lines: list[folium.Element] = [popup_line]
    if leg.pieces:
        popup_line.options["opacity"] = 0  # the whole line carries the popup; its pieces are drawn
        popup_line.options["weight"] = 12
        for piece in leg.pieces:
            lines.append(folium.PolyLine(
                [(lat, lon) for lon, lat in piece.coords], color=MODE_COLOURS[leg.plan.mode], weight=4,
                opacity=0.9, dash_array="6 6" if piece.inferred else None, interactive=False))
    arrows = folium.PolyLine([(lat, lon) for lon, lat in leg.coords], weight=0, opacity=0, interactive=False)
    lines += [arrows, folium.plugins.PolyLineTextPath(
        arrows, "      ►      ", repeat=True, offset=5,
        attributes={"fill": MODE_COLOURS[leg.plan.mode], "font-size": "13"})]
    return lines


def _leg_line(leg: Leg, timing: LegTime) -> folium.PolyLine:
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
    return folium.PolyLine(
        [(lat, lon) for lon, lat in leg.coords], color=MODE_COLOURS[plan.mode], weight=4, opacity=0.9,
        dash_array="8 6" if leg.drawn_as == "direct" else None,
        tooltip=escape(f"{title} — {length}" + (" (direct)" if leg.drawn_as == "direct" else "")),
        popup=_popup(title, rows, plan.sentence),
    )


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
            folium.PolyLine(points, color="#6a6a6a", weight=1.5, dash_array="4 4",
                            tooltip=escape(f"{km:,.0f} km from {label}")).add_to(group)
    return group


def _journey(analysis: Analysis) -> list[dict[str, Any]]:
    """The legs in order, for the journey player: points, colour, label, dates."""
    out = []
    for i, (leg, t) in enumerate(zip(analysis.legs, analysis.times, strict=True), start=1):
        dates = leg.plan.dates
        when = (f"{t.start:%d %b %Y} → {t.end:%d %b %Y}" if t.start and t.end
                else dates.text if dates else "no dates in the article")
        out.append({
            "points": [[round(lat, 5), round(lon, 5)] for lon, lat in leg.coords],
            "colour": MODE_COLOURS[leg.plan.mode],
            "label": escape(f"{i}. {MODE_NAMES[leg.plan.mode]}: {leg.plan.origin.label} → "
                            f"{leg.plan.destination.label}"),
            "when": escape(when),
        })
    return out


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
                "</span> place named in the article</div>")
    return "<b>Legend</b>" + "".join(rows)


class _JourneyPlayer(MacroElement):
    """A "Play the journey" control: a marker runs along the legs in order, with each leg's
    dates. Plain Leaflet, so it works inside streamlit-folium, where folium's
    TimestampedGeoJson does not render (streamlit-folium issue 208)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var map = {{ this._parent.get_name() }};
          var legs = {{ this.legs|tojson }};
          var control = L.control({position: 'topright'});
          control.onAdd = function () {
            var div = L.DomUtil.create('div', 'routes-panel routes-player');
            div.innerHTML = "<button type='button' class='routes-play'>&#9654; Play the journey</button>"
              + "<div class='routes-now' style='max-width:230px'></div>";
            L.DomEvent.disableClickPropagation(div);
            div.querySelector('button').onclick = play;
            return div;
          };
          control.addTo(map);
          var marker = null, running = false;
          function play() {
            if (running) return;
            running = true;
            var now = document.querySelector('.routes-now');
            var leg = 0, step = 0;
            if (!marker) {
              marker = L.circleMarker(legs[0].points[0], {radius: 8, color: '#000', weight: 2,
                                                          fillColor: '#fff', fillOpacity: 1}).addTo(map);
            }
            function tick() {
              var l = legs[leg];
              var stride = Math.max(1, Math.floor(l.points.length / 60));
              marker.setLatLng(l.points[Math.min(step, l.points.length - 1)]);
              marker.setStyle({fillColor: l.colour});
              now.innerHTML = '<b>' + l.label + '</b><br>' + l.when;
              step += stride;
              if (step >= l.points.length) { leg += 1; step = 0; }
              if (leg < legs.length) { setTimeout(tick, 40); }
              else { marker.setLatLng(l.points[l.points.length - 1]); running = false;
                     now.innerHTML += '<br><i>arrived</i>'; }
            }
            tick();
          }
        })();
        {% endmacro %}
    """)

    def __init__(self, legs: list[dict[str, object]]) -> None:
        super().__init__()
        self._name = "JourneyPlayer"
        self.legs = legs


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
          {{ this._parent.get_name() }}.addControl({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        from routes.boundaries import world_outline_geojson

        # zooms below 0 (the outline is vectors, not tiles), so that a continent-wide view
        # still shows as a small rectangle on the world
        super().__init__(position="bottomright", width=160, height=120, zoom_level_offset=-5,
                         toggle_display=True, map_options={"minZoom": -1, "zoomSnap": 0.25})
        self.outline = world_outline_geojson()


class _Declutter(MacroElement):
    """Labels that would overlap are hidden, the less important first, after every zoom.

    Never hidden: the stop markers, their names and the border label. The others, by
    priority: the legs' lengths, the other places' names, the countries' names. A hidden
    label comes back when the map zooms in enough."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var map = {{ this._parent.get_name() }};
          var order = ['.routes-stop', '.routes-stop-label', '.routes-border-label', '.routes-length',
                       '.routes-place-label', '.routes-country'];
          function overlaps(a, b) {
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          }
          function declutter() {
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


class HtmlControl(MacroElement):
    """A fixed box of our own HTML (already escaped) in one corner of the map: the legend, the north arrow."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function(){
          var control = L.control({position: {{ this.position|tojson }}});
          control.onAdd = function () {
            var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
            div.innerHTML = {{ this.html|tojson }};
            return div;
          };
          control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, html: str, *, position: str, css_class: str, name: str) -> None:
        super().__init__()
        self._name = name
        self.html = html
        self.position = position
        self.css_class = css_class
