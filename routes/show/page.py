"""The map as a page: title, subtitle and credits around the interactive map, as one HTML file.

This is the standalone HTML export, and the page Chromium photographs for the PNG
(:mod:`routes.show.png`) with the controls a still image cannot use hidden and a north arrow
added. The map is :func:`routes.show.mapview.build_map`, made standalone by
:func:`routes.show.assets.standalone_html` (every script, style, font and icon inlined).
Every piece of text is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any

from routes.analysis import for_view
from routes.model import Analysis, Coord, ViewOptions
from routes.show import antimeridian
from routes.show.captions import (
    SCALE_BAR_TOLERANCE,
    credits,
    default_subtitle,
    default_title,
    journey_bounds,
    source_line,
)

_PAGE_CSS = """<style>
html,body{display:flex;flex-direction:column;background:#fff}
.routes-head{order:0;flex:0 0 auto;padding:10px 16px 8px;border-bottom:1px solid #d9d9d9;background:#fff}
.routes-head h1{margin:0;font:700 22px/1.25 'DejaVu Sans',Arial,sans-serif;color:#111}
.routes-head p{margin:4px 0 0;font:14px/1.35 'DejaVu Sans',Arial,sans-serif;color:#444}
.folium-map{order:1;flex:1 1 auto;height:auto!important;min-height:0}
.routes-foot{order:2;flex:0 0 auto;padding:5px 16px 6px;border-top:1px solid #d9d9d9;background:#fff;
  font:11px/1.45 'DejaVu Sans',Arial,sans-serif;color:#555}
.folium-map.leaflet-container{background:#dbe9f4}
.routes-north{background:#fffe;border-radius:4px;box-shadow:0 1px 4px #0004;padding:4px 6px 2px;
  font:700 12px 'DejaVu Sans',Arial,sans-serif;text-align:center;color:#222}
</style>"""
# A still image has no use for controls; the credits are in the foot.
_IMAGE_CSS = """<style>
.leaflet-control-layers,.leaflet-control-zoom,.leaflet-control-fullscreen,.leaflet-control-measure,
.routes-player,.leaflet-control-attribution,
.minimap-toggle-display,.leaflet-control-minimap-toggle-display{display:none!important}
.leaflet-control-scale{margin-bottom:12px!important;background:#fffc;padding:2px 3px}
.routes-legend summary{list-style:none}.routes-legend summary::-webkit-details-marker{display:none}
</style>"""
_NORTH_SVG = ("<svg width='16' height='26' viewBox='0 0 16 26' aria-hidden='true'>"
              "<path d='M8 0 L15 24 L8 19 L1 24 Z' fill='#222'/></svg><div>N</div>")


def _refit(bounds: tuple[float, float, float, float] | None) -> Any:
    """Fit the journey again, clear of the legend and scale (bottom) and of the labels (right)."""
    from branca.element import MacroElement
    from jinja2 import Template

    class Refit(MacroElement):
        _template = Template("""
            {% macro script(this, kwargs) %}
            (function(){
              var map = {{ this._parent.get_name() }};
              {% if this.bounds %}
              // the image's own fit, also the one the map's later re-fits (styles applied, frame resized) use
              map.routesFit = function () {
                var legend = document.querySelector('.routes-legend');
                var bottom = 60 + (legend ? legend.offsetHeight : 0);
                map.fitBounds({{ this.bounds|tojson }}, {paddingTopLeft: [130, 50],
                                                         paddingBottomRight: [140, bottom], animate: false});
              };
              map.routesFit();
              {% endif %}
            })();
            {% endmacro %}
        """)

        def __init__(self) -> None:
            super().__init__()
            self._name = "Refit"
            self.bounds = None if bounds is None else [[bounds[1], bounds[0]], [bounds[3], bounds[2]]]

    return Refit()


def _scale_where_true() -> Any:
    """Hide Leaflet's scale bar when the map's scale varies across it by more than
    :data:`~routes.show.captions.SCALE_BAR_TOLERANCE` (a continent in Web Mercator): a bar true at one
    latitude would mislead at another. The rule is :func:`~routes.show.captions.mercator_scale_variation`'s."""
    from branca.element import MacroElement
    from jinja2 import Template

    class ScaleWhereTrue(MacroElement):
        _template = Template("""
            {% macro script(this, kwargs) %}
            (function(){
              var map = {{ this._parent.get_name() }}, rad = Math.PI / 180;
              function check() {
                var b = map.getBounds(), s = b.getSouth(), n = b.getNorth();
                var nearest = (s <= 0 && 0 <= n) ? 0 : Math.min(Math.abs(s), Math.abs(n));
                var farthest = Math.min(89.9, Math.max(Math.abs(s), Math.abs(n)));
                var varies = Math.cos(nearest * rad) / Math.cos(farthest * rad) - 1;
                var bar = map.getContainer().querySelector('.leaflet-control-scale');
                if (bar) { bar.style.display = varies > {{ this.tolerance }} ? 'none' : ''; }
              }
              map.on('moveend zoomend resize', check);
              check();
            })();
            {% endmacro %}
        """)

        def __init__(self) -> None:
            super().__init__()
            self._name = "ScaleWhereTrue"
            self.tolerance = SCALE_BAR_TOLERANCE

    return ScaleWhereTrue()


def map_page(analysis: Analysis, view: ViewOptions | None = None, *, for_image: bool = False,
             at: tuple[Coord, int] | None = None) -> str:
    """The map as one HTML page that opens from disk with no server and no network.

    The view's title and subtitle (by default the analysis's) above the map and the
    credits below it; every piece of text is escaped. ``for_image`` hides the controls and
    adds a north arrow, for a still image; ``at`` (``((lon, lat), zoom)``) opens the map
    there instead of on the whole journey.
    """
    from branca.element import Element

    from routes.show.assets import standalone_html
    from routes.show.mapview import HtmlControl, build_map, online_origins

    view = view or ViewOptions()
    analysis = for_view(analysis, view)
    title = default_title(analysis) if view.title is None else view.title
    subtitle = default_subtitle(analysis) if view.subtitle is None else view.subtitle
    fmap = build_map(analysis, view, at=at)
    root: Any = fmap.get_root()  # branca's Figure
    root.title = escape(title)  # branca writes the title raw
    root.header.add_child(Element(_PAGE_CSS + (_IMAGE_CSS if for_image else "")), name="routes_page_css")
    head = f"<header class='routes-head'><h1>{escape(title)}</h1>" + (
        f"<p>{escape(subtitle)}</p>" if subtitle else "") + "</header>"
    foot = "<footer class='routes-foot'>" + "<br>".join(
        escape(line) for line in [*credits(analysis), source_line(analysis)]) + "</footer>"
    root.html.add_child(Element(head), name="routes_head")
    root.html.add_child(Element(foot), name="routes_foot")  # CSS order puts it below the map
    if for_image:
        _drop_assets(fmap)
        # a still image is taken once the map has drawn: no zoom or fade animation to wait for; and
        # however small, it shows its legend and locator map (no fold a reader could open)
        root.html.add_child(Element("<script>L.Map.mergeOptions({zoomAnimation: false, fadeAnimation: false,"
                                    " markerZoomAnimation: false, routesFoldNarrow: false});</script>"),
                            name="routes_still")
        HtmlControl(_NORTH_SVG, position="topright", css_class="routes-north", name="NorthArrow").add_to(fmap)
        if at is None:
            _refit(journey_bounds(antimeridian.for_map(analysis))).add_to(fmap)
        _scale_where_true().add_to(fmap)  # after the fit: it checks the view the image shows
    return standalone_html(fmap, image_origins=() if for_image else online_origins())


#: Assets a still image does not use (icon fonts and widgets; popups still need jQuery): 1.6 MB less to parse.
_STILL_UNUSED = {"bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
                 "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css"}


def _drop_assets(fmap: Any) -> None:
    """Leave out the scripts and styles that only popups and controls use (lists replaced on the map only)."""
    for attr in ("default_js", "default_css"):
        links = getattr(fmap, attr, None)
        if links:
            setattr(fmap, attr, [(name, url) for name, url in links if name not in _STILL_UNUSED])
