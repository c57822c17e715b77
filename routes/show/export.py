"""Exports, one :func:`export` for all: images for publication, the map as a file, data files.

The app's download buttons and ``python -m routes export`` call the same function, with
the same :class:`~routes.model.ViewOptions` the page shows::

    >>> from routes.show.export import FORMATS
    >>> sorted(FORMATS)
    ['csv', 'geojson', 'gpkg', 'gpx', 'html', 'kml', 'kmz', 'pdf', 'png', 'svg']
    >>> FORMATS["kmz"].mime
    'application/vnd.google-earth.kmz'

Images: :mod:`routes.show.png` (Chromium), :mod:`routes.show.vector` (SVG, PDF); the map
as one file: :mod:`routes.show.page`; data: :mod:`routes.show.geojson` and
:mod:`routes.show.gisfiles`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from routes.analysis import for_view
from routes.errors import ExportError
from routes.model import Analysis, ViewOptions
from routes.show.captions import alt_text, default_title, file_stem

#: Sides of an image, in CSS pixels: at least, at most.
MIN_SIDE, MAX_SIDE = 200, 6000
#: Pixel densities offered (2 for "2x", retina and print).
SCALES = (1, 2, 3)
DEFAULT_SIZE = (1200, 800)


@dataclass(frozen=True)
class Preset:
    """An image size made for one place of publication."""

    label: str
    size: tuple[int, int]


#: The sizes an image is made for, by the name the command line's ``--size`` takes. An A4 page is
#: landscape (a map is wider than tall) at the 100 px an inch SVG and PDF are drawn at: 297 × 210 mm.
PRESETS: dict[str, Preset] = {
    "column": Preset("620 px column", (620, 560)),
    "full": Preset("1200 px full width", (1200, 800)),
    "square": Preset("1080 × 1080 square", (1080, 1080)),
    "a4": Preset("A4 page (landscape)", (1169, 827)),
}

@dataclass(frozen=True)
class Format:
    """What a format is, for download buttons and the command line."""

    mime: str
    extension: str
    description: str
    kind: str  # "image", "map" or "data"


#: Formats by name.
FORMATS: dict[str, Format] = {
    "png": Format("image/png", "png", "PNG image of the map, as the interactive map draws it", "image"),
    "svg": Format("image/svg+xml", "svg", "SVG vector image for publication (editable text)", "image"),
    "pdf": Format("application/pdf", "pdf", "PDF vector image for publication", "image"),
    "html": Format("text/html", "html", "the interactive map as one HTML file that opens from disk", "map"),
    "geojson": Format("application/geo+json", "geojson", "GeoJSON FeatureCollection (every feature)", "data"),
    "kml": Format("application/vnd.google-earth.kml+xml", "kml", "KML with styles and folders (Google Earth)",
                  "data"),
    "kmz": Format("application/vnd.google-earth.kmz", "kmz", "KMZ: the KML zipped (Google Earth)", "data"),
    "gpx": Format("application/gpx+xml", "gpx", "GPX: a track per leg, a waypoint per place", "data"),
    "csv": Format("text/csv", "csv", "CSV: one row per feature, geometry as WKT", "data"),
    "gpkg": Format("application/geopackage+sqlite3", "gpkg", "GeoPackage: one layer per kind of feature", "data"),
}


@dataclass(frozen=True)
class Export:
    """A file made by :func:`export`."""

    data: bytes
    mime: str
    filename: str
    alt_text: str = ""  # for images: a plain description to put beside it
    note: str = ""  # anything the caller should tell the user (e.g. the PNG was not drawn by Chromium)


def export(analysis: Analysis, fmt: str, view: ViewOptions | None = None) -> Export:
    """The analysis as a file of format ``fmt`` (a key of :data:`FORMATS`), as ``view`` shows it.

    Parameters
    ----------
    analysis
        What to export.
    fmt
        ``png``, ``svg``, ``pdf``, ``html``, ``geojson``, ``kml``, ``kmz``, ``gpx``, ``csv`` or ``gpkg``.
    view
        The speeds and year of the legs' times, the title and subtitle printed above an image
        or the HTML map (data files take the title as their document name), an image's size
        in CSS pixels (SVG and PDF at 100 px an inch) and a PNG's pixel density (2 gives an
        image of twice the size, as sharp as the screen's "2x").

    Raises
    ------
    ExportError
        Unknown format, or a size or scale out of range.
    """
    key = (fmt or "").strip().lower().lstrip(".")
    if key not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    spec = FORMATS[key]
    view = view or ViewOptions()
    view = replace(view, size=check_size(view.size), scale=check_scale(view.scale))
    analysis = for_view(analysis, view)
    note = ""
    if key == "png":
        from routes.show.png import png

        data, note = png(analysis, view)
    elif key in ("svg", "pdf"):
        from routes.show import vector

        data = vector.svg(analysis, view) if key == "svg" else vector.pdf(analysis, view)
    elif key == "html":
        from routes.show.page import map_page

        data = map_page(analysis, view).encode("utf-8")
    else:
        from routes.show.gisfiles import WRITERS

        data = WRITERS[key](analysis, default_title(analysis) if view.title is None else view.title)
    return Export(data, spec.mime, f"{file_stem(analysis)}.{spec.extension}",
                  alt_text(analysis) if spec.kind != "data" else "", note)


def parse_size(text: str) -> tuple[int, int]:
    """``"1200x800"`` as ``(1200, 800)``, checked; or a preset's name (:data:`PRESETS`) as its size.

    Examples
    --------
    >>> parse_size("1600x900")
    (1600, 900)
    >>> parse_size("column")
    (620, 560)
    >>> parse_size("abcx10")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    routes.errors.ExportError: Bad size 'abcx10': give WIDTHxHEIGHT in pixels, e.g. 1200x800, or one of column, ...
    """
    preset = PRESETS.get((text or "").strip().lower())
    if preset is not None:
        return preset.size
    m = re.fullmatch(r"\s*(\d{1,7})\s*[x×X*]\s*(\d{1,7})\s*", text or "")
    if not m:
        raise ExportError(f"Bad size {text!r}: give WIDTHxHEIGHT in pixels, e.g. 1200x800, "
                          f"or one of {', '.join(PRESETS)}")
    return check_size((int(m.group(1)), int(m.group(2))))


def check_size(size: tuple[int, int]) -> tuple[int, int]:
    """The size if both sides are whole pixels in [:data:`MIN_SIDE`, :data:`MAX_SIDE`]."""
    try:
        width, height = size
        ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (width, height))
    except (TypeError, ValueError):
        ok = False
    if not ok or not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        shown = f"{width}x{height}" if ok else repr(size)
        raise ExportError(f"Bad size {shown}: width and height must be whole pixels from {MIN_SIDE} to {MAX_SIDE}")
    return width, height


def check_scale(scale: int) -> int:
    """The scale if it is one of :data:`SCALES`."""
    if isinstance(scale, bool) or scale not in SCALES:
        raise ExportError(f"Bad scale {scale!r}: choose {', '.join(map(str, SCALES))}")
    return int(scale)
