"""Maps draw with no internet: every asset a folium page loads has a vendored copy.

No network and no browser: these tests render HTML and read it. (Points are (lon, lat)
as everywhere in the package; folium wants [lat, lon], hence ``_latlon``.)
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import folium
import folium.plugins
import pytest
from folium.elements import JSCSSMixin

from routes import settings
from routes.errors import OfflineAssetError
from routes.show import assets

BASE = assets.STREAMLIT_STATIC_URL
PORT, INLAND, FAR = (38.0, 45.0), (41.0, 46.5), (35.0, 44.0)
ZONE = {"type": "Polygon", "coordinates": [[[34, 43], [40, 43], [40, 47], [34, 47], [34, 43]]]}
TILE_TEMPLATE = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def _latlon(point: tuple[float, float]) -> list[float]:
    return [point[1], point[0]]


def _map(*, plugins: bool = True, online_tiles: bool = False) -> folium.Map:
    fmap = folium.Map(location=_latlon(PORT), zoom_start=5, tiles=None)
    folium.GeoJson(ZONE, name="zone").add_to(fmap)
    folium.CircleMarker(_latlon(PORT), radius=8, popup=folium.Popup("<b>Port</b>")).add_to(fmap)
    line = folium.PolyLine([_latlon(p) for p in (FAR, PORT, INLAND)], name="route").add_to(fmap)
    folium.Marker(_latlon(INLAND), icon=folium.Icon(icon="ship", prefix="fa")).add_to(fmap)
    folium.Marker(_latlon(FAR)).add_to(fmap)
    if plugins:
        folium.plugins.PolyLineTextPath(line, " > ", repeat=True).add_to(fmap)
        folium.plugins.AntPath([_latlon(FAR), _latlon(INLAND)]).add_to(fmap)
        folium.plugins.Fullscreen().add_to(fmap)
        folium.plugins.MeasureControl().add_to(fmap)
        folium.plugins.MiniMap(tile_layer=folium.TileLayer(tiles=TILE_TEMPLATE, attr="OSM")).add_to(fmap)
    if online_tiles:
        folium.TileLayer(TILE_TEMPLATE, attr="OSM", name="online", overlay=True, show=False).add_to(fmap)
    folium.LayerControl().add_to(fmap)
    return fmap


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        url = dict(attrs).get({"script": "src", "link": "href"}.get(tag, ""))
        self.links += [url] if url else []


def _asset_links(html: str) -> list[str]:
    """The URLs of the page's script and link tags (not of strings inside scripts)."""
    parser = _Links()
    parser.feed(html)
    return parser.links


def test_folium_alone_loads_from_cdns() -> None:
    assert len(assets.external_asset_urls(_map().get_root().render())) >= 15


@pytest.mark.parametrize("online_tiles", [False, True])
def test_localized_map_loads_only_vendored_files(online_tiles: bool) -> None:
    html = assets.localize(_map(online_tiles=online_tiles), base_url=BASE).get_root().render()
    links = _asset_links(html)
    assert assets.external_asset_urls(html) == []
    assert len(links) >= 18 and all(link.startswith(BASE) for link in links)
    assert all((settings.assets_dir / link.removeprefix(BASE)).is_file() for link in links)
    assert TILE_TEMPLATE in html  # tile templates are data for Leaflet, not assets


def test_localize_sets_instances_and_leaves_folium_classes_alone() -> None:
    assets.localize(_map(), base_url=BASE)
    assert folium.Map.default_js[0][1].startswith("https://")
    assert folium.plugins.Fullscreen.default_css[0][1].startswith("https://")
    assert assets.external_asset_urls(_map().get_root().render())


def test_localize_again_moves_to_the_new_base_and_pins_the_icon_path_once() -> None:
    fmap = assets.localize(assets.localize(_map(), base_url=BASE), base_url="/elsewhere")
    html = fmap.get_root().render()
    assert all(link.startswith("/elsewhere/") for link in _asset_links(html))
    assert html.count("L.Icon.Default.imagePath") == 1
    assert 'L.Icon.Default.imagePath = "/elsewhere/leaflet@1.9.3/images/"' in html
    assert html.index("L.Icon.Default.imagePath") < html.index("L.marker(")


class _Unvendored(JSCSSMixin):
    default_js = [("mystery", "https://cdn.example.invalid/mystery.js")]


def test_an_asset_without_a_copy_is_refused_or_reported() -> None:
    fmap = _map(plugins=False)
    _Unvendored().add_to(fmap)
    with pytest.raises(OfflineAssetError, match="mystery.js"):
        assets.localize(fmap, base_url=BASE)
    with pytest.warns(UserWarning, match="mystery.js"):
        assets.localize(fmap, base_url=BASE, strict=False)
    with pytest.raises(OfflineAssetError, match="mystery.js"):
        assets.standalone_html(fmap)


def test_standalone_html_inlines_every_asset() -> None:
    html = assets.standalone_html(_map(online_tiles=True))
    assert assets.external_asset_urls(html) == []
    assert _asset_links(html) == []
    leaflet = (settings.assets_dir / "leaflet@1.9.3" / "leaflet.js").read_text(encoding="utf-8")
    assert "Leaflet 1.9.3" in html and leaflet[:2000] in html  # the library itself, inline
    assert "data:font/woff2;base64," in html and "data:image/png;base64," in html
    assert "L.Icon.Default.include({_getIconUrl" in html


def test_standalone_html_accepts_a_localized_map() -> None:
    html = assets.standalone_html(assets.localize(_map(plugins=False), base_url=BASE))
    assert BASE not in re.sub(r"L\.Icon\.Default\.imagePath = [^;]*;", "", html)
    assert assets.external_asset_urls(html) == []


def test_external_asset_urls_reads_tags_and_css() -> None:
    html = """<link rel="stylesheet" href="//cdn.example/a.css"><script src="/local.js"></script>
    <style>@import "https://x.example/b.css"; .i{background:url('http://x.example/c.png')}</style>
    <div style="background:url(data:image/png;base64,AAAA)"></div><img src="https://x.example/d.png">
    <script>L.tileLayer("https://tile.example/{z}/{x}/{y}.png")</script>"""
    assert sorted(assets.external_asset_urls(html)) == [
        "//cdn.example/a.css", "http://x.example/c.png", "https://x.example/b.css", "https://x.example/d.png",
    ]


def test_every_vendored_url_and_css_reference_resolves() -> None:
    urls = json.loads((settings.assets_dir / "urls.json").read_text(encoding="utf-8"))
    assert all((settings.assets_dir / path).is_file() for path in urls.values())
    for css in settings.assets_dir.rglob("*.css"):
        for ref in re.findall(r"""url\(\s*['"]?([^'")]+)""", css.read_text(encoding="utf-8")):
            if ref.startswith(("data:", "#")) or ref.endswith((".ttf", ".eot")) or "#" in ref or "?" in ref:
                continue  # fallbacks that browsers skip once the woff2 above them loads
            assert (css.parent / ref).is_file(), f"{css.name} needs {ref}"
