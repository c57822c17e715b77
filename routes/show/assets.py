"""Maps that draw with no internet: folium's CDN assets swapped for vendored copies.

``routes/assets`` holds Leaflet, jQuery, Bootstrap, Font Awesome and the plugins' files
taken from their npm packages (``MANIFEST.md`` there); ``urls.json`` maps each CDN URL
that folium uses to its copy. :func:`localize` points a map at a server (Streamlit serves
``routes/assets`` at :data:`STREAMLIT_STATIC_URL` through the ``static`` link beside
``app.py``); :func:`standalone_html` inlines everything into one page; and
:func:`external_asset_urls` lists what a page would still fetch from outside. Tile URLs
are not assets: an online tile layer is the caller's choice.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import folium
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from jinja2 import Template

from routes import settings
from routes.errors import OfflineAssetError

#: Where Streamlit serves the app's ``static/`` folder (``server.enableStaticServing``).
STREAMLIT_STATIC_URL = "/app/static/"

_EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_SCRIPT_TAG = re.compile(r"""<script\b[^>]*\bsrc=["']([^"']+)["'][^>]*>\s*</script>""", re.I)
_CSS_TAG = re.compile(r"""<link\b(?=[^>]*\bstylesheet\b)[^>]*\bhref=["']([^"']+)["'][^>]*>""", re.I)
_MIME = {".js": "text/javascript", ".css": "text/css", ".png": "image/png",
         ".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff"}
_URL_ATTRS = {"script": "src", "link": "href", "img": "src", "iframe": "src",
              "source": "src", "embed": "src", "object": "data"}
# Leaflet finds its marker images through leaflet.css; a data: URI defeats that guess.
_DATA_ICONS = ("\nL.Icon.Default.include({{_getIconUrl: function (name) {{"
               "return name === 'shadow' ? '{}' : (L.Browser.retina ? '{}' : '{}');}}}});")


class _IconPath(MacroElement):
    """Where Leaflet's marker images are: in st_folium its guess runs too early (Leaflet#4968)."""

    _template = Template("{% macro script(this, kwargs) %}L.Icon.Default.imagePath = {{ this.path }};"
                         "{% endmacro %}")

    def __init__(self) -> None:
        super().__init__()
        self._name = "OfflineIconPath"
        self.path = '""'


@functools.lru_cache(maxsize=4)
def _asset_map(assets_dir: Path) -> dict[str, str]:
    return json.loads((assets_dir / "urls.json").read_text(encoding="utf-8"))


def local_path(url: str) -> str | None:
    """Return the vendored copy of a CDN (or already localized) URL, relative to the assets."""
    urls = _asset_map(settings.assets_dir)
    if url in urls:
        return urls[url]
    return next((p for p in set(urls.values()) if url == p or url.endswith("/" + p)), None)


def _elements(root: Element) -> Iterator[Element]:
    yield root
    for child in list(root._children.values()):
        yield from _elements(child)


def _pin_icon_path(fmap: folium.Map, base_url: str) -> None:
    css = local_path(dict(fmap.default_css).get("leaflet_css", ""))
    if css is None:
        return
    pin = next((c for c in fmap._children.values() if isinstance(c, _IconPath)), None) or _IconPath()
    pin.path = json.dumps(base_url + css.rpartition("/")[0] + "/images/")
    fmap.add_child(pin, name=pin.get_name())
    fmap._children.move_to_end(pin.get_name(), last=False)  # before any marker is drawn


def _complain(urls: list[str], strict: bool) -> None:
    if urls:
        msg = f"no vendored copy in {settings.assets_dir} for: {', '.join(sorted(set(urls)))}"
        if strict:
            raise OfflineAssetError(msg + " (vendor it and list it in urls.json there)")
        warnings.warn(msg, stacklevel=3)


def localize(fmap: folium.Map, *, base_url: str, strict: bool = True) -> folium.Map:
    """Point every JS/CSS asset of a map, its children and plugins at local copies.

    Call it when the map is complete. Link lists are replaced on each instance, never on
    folium's classes. Leaflet's marker image path is pinned too (see :class:`_IconPath`).

    Parameters
    ----------
    fmap
        The map, changed in place and returned; the walk starts at its root figure.
    base_url
        URL of the served assets folder: :data:`STREAMLIT_STATIC_URL` in the app, or
        ``settings.assets_dir.as_uri() + "/"`` for a page kept on this machine.
    strict
        Raise :class:`OfflineAssetError` on an external asset with no vendored copy
        (else only warn).
    """
    base_url = base_url if not base_url or base_url.endswith("/") else base_url + "/"
    left: list[str] = []
    for element in _elements(fmap.get_root()):
        for attr in ("default_js", "default_css"):
            if links := getattr(element, attr, None):  # a new list on the instance
                links = [(name, base_url + path if (path := local_path(url)) else url) for name, url in links]
                setattr(element, attr, links)
                left += [url for _, url in links if _EXTERNAL.match(url)]
        if isinstance(element, (JavascriptLink, CssLink)) and (path := local_path(element.url)):
            element.url = base_url + path
        if isinstance(element, folium.Map):
            _pin_icon_path(element, base_url)
    _complain(left, strict)
    return fmap


def _data_uri(path: Path) -> str:
    mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(path: Path) -> str:
    def embed(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        target = path.parent / re.split(r"[?#]", ref)[0]
        if ref.startswith(("data:", "#")) or _EXTERNAL.match(ref):
            return match.group(0)
        if not target.is_file():  # a fallback we do not ship (.eot, .ttf beside the woff2): nothing to fetch
            return 'url("data:,")'
        return f'url("{_data_uri(target)}")'

    return "<style>\n" + _CSS_URL.sub(embed, path.read_text(encoding="utf-8")) + "\n</style>"


def _inline_js(path: Path) -> str:
    js = re.sub(r"</(script)", r"<\\/\1", path.read_text(encoding="utf-8"), flags=re.I)
    if path.name == "leaflet.js":
        images = path.parent / "images"
        js += _DATA_ICONS.format(*(_data_uri(images / f"marker-{n}.png") for n in ("shadow", "icon-2x", "icon")))
    return "<script>\n" + js + "\n</script>"


def _inline(render: Callable[[Path], str], match: re.Match[str]) -> str:
    path = local_path(match.group(1))
    return render(settings.assets_dir / path) if path else match.group(0)


def standalone_html(fmap: folium.Map, *, strict: bool = True, image_origins: Iterable[str] = ()) -> str:
    """Render a map as one HTML page that needs no server and no network.

    Scripts go inline in ``<script>``, stylesheets in ``<style>`` with their fonts and
    images as ``data:`` URIs (about 2 MB in all). The map itself is not changed.

    Parameters
    ----------
    fmap
        The map, with folium's CDN links or links rewritten by :func:`localize`.
    strict
        Raise :class:`OfflineAssetError` if the page would still fetch an asset from
        outside (else only warn).
    image_origins
        Hosts the page may load images from (the online tile layers); its Content Security
        Policy (:func:`content_security_policy`) forbids every other outside request.
    """
    html = _SCRIPT_TAG.sub(functools.partial(_inline, _inline_js), fmap.get_root().render())
    html = _CSS_TAG.sub(functools.partial(_inline, _inline_css), html)
    _complain(external_asset_urls(html), strict)
    return _with_policy(html, content_security_policy(image_origins))


def content_security_policy(image_origins: Iterable[str] = ()) -> str:
    """The Content Security Policy of a page that needs nothing from outside.

    Its scripts, styles, fonts and icons are inline (or ``data:``); images may also come from
    ``image_origins``, the hosts of the online tile layers the user may turn on (off by
    default, so nothing is fetched until they do). Whatever reaches the page from an article
    can therefore make no request: no image, frame, form, link prefetch or connection.
    (``'unsafe-eval'``: the measure control compiles its templates with ``Function``; it lets
    no request through.)
    """
    images = " ".join(["data:", "blob:", *sorted(set(image_origins))])
    return ("default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
            f"img-src {images}; font-src data:; connect-src 'none'; frame-src 'none'; "
            "base-uri 'none'; form-action 'none'")


def page_policy(image_origins: Iterable[str] = ()) -> str:
    """The Content Security Policy of the app's page (set by the page itself, as Streamlit sends none).

    What the server serves (``'self'``: its scripts, styles, components, the map's frame and its
    websocket), inline code and styles (Streamlit and folium write them), and images from
    ``data:``, ``blob:`` and the online tile layers' hosts; no other request leaves the page.
    """
    images = " ".join(["'self'", "data:", "blob:", *sorted(set(image_origins))])
    # blob: Streamlit loads its components' scripts from blob: URLs
    return ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
            f"style-src 'self' 'unsafe-inline'; img-src {images}; font-src 'self' data:; connect-src 'self'; "
            "frame-src 'self' blob: data:; worker-src 'self' blob:; base-uri 'self'; form-action 'self'")


def _with_policy(html: str, policy: str) -> str:
    """The page with its policy first in ``<head>``, so that it governs everything after it."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
    head = re.search(r"<head\b[^>]*>", html, re.IGNORECASE)
    if head is None:
        return meta + html
    return html[:head.end()] + meta + html[head.end():]


class _AssetParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values, self.tag = dict(attrs), tag
        self.urls += [values.get(_URL_ATTRS.get(tag, "")) or "", *_css_urls(values.get("style") or "")]

    def handle_endtag(self, tag: str) -> None:
        self.tag = ""

    def handle_data(self, data: str) -> None:
        self.urls += _css_urls(data) if self.tag == "style" else []


def _css_urls(css: str) -> list[str]:
    return [m.group(2) for m in _CSS_URL.finditer(css)] + re.findall(r"""@import\s+['"]([^'"]+)['"]""", css)


def external_asset_urls(html: str) -> list[str]:
    """List the outside URLs that a page fetches as it loads, each once.

    Reads ``src``/``href``/``data`` of script, link, img, iframe, source, embed and
    object tags, and CSS ``url()``/``@import`` in ``<style>`` and ``style=``. URLs that
    scripts build at run time (tile templates, popup HTML) are not looked at.

    Parameters
    ----------
    html
        A rendered page.

    Returns
    -------
    list of str
        The ``http(s)://`` and protocol-relative ``//`` URLs.
    """
    parser = _AssetParser()
    parser.feed(html)
    parser.close()
    return list(dict.fromkeys(u.strip() for u in parser.urls if _EXTERNAL.match(u)))
