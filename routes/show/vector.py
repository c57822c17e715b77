"""SVG and PDF for print and editing (and the PNG without a browser): a true vector map.

Drawn by geopandas and matplotlib from the shipped layers (the Natural Earth boundaries of
:mod:`routes.route.border`), in a Lambert azimuthal equal-area projection centred on the
journey: title, subtitle, legend, scale bar (true at the centre), north arrow, graticule,
numbered stops, lengths, the distance to the border, and the credits. SVG text stays text
(``<text>``, editable); PDF embeds its fonts. Labels are placed where they overlap no
other label, mark or corner furniture, or left out. The palette is the map's
(:mod:`routes.show.captions`): Okabe–Ito, safe for colour-blind readers.
"""

from __future__ import annotations

import functools
import io
import math
import re
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from routes.analysis import for_view
from routes.errors import ExportError
from routes.model import Analysis, Coord, Leg, LegPiece, ViewOptions
from routes.show.captions import (
    BORDER_COLOUR,
    COUNTRY_LABEL,
    LAND_COLOUR,
    LAND_EDGE,
    MODE_COLOURS,
    MODE_NAMES,
    PLACE_COLOUR,
    RING_COLOUR,
    SCALE_BAR_TOLERANCE,
    SEA_COLOUR,
    alt_text,
    credits,
    default_subtitle,
    default_title,
    distinct_places,
    journey_points,
    km_text,
    metadata,
    source_line,
    text_scale,
)

FONT = "DejaVu Sans"
#: The smallest text, in points at 100 dpi: :data:`~routes.show.captions.MIN_TEXT_PX` (11 px) and a little more.
SMALL_PT = 8.0



def svg(analysis: Analysis, view: ViewOptions | None = None) -> bytes:
    """The map as SVG: text as ``<text>``, with ``<title>`` and ``<desc>`` (the alt text)."""
    view = view or ViewOptions()
    analysis = for_view(analysis, view)
    title = default_title(analysis) if view.title is None else view.title
    data = render(analysis, view, "svg")
    text = data.decode("utf-8")
    m = re.search(r"<svg\b[^>]*>", text)
    if m:
        extra = f"\n <title>{xml_escape(title)}</title>\n <desc>{xml_escape(alt_text(analysis))}</desc>"
        text = text[:m.end()] + extra + text[m.end():]
    return text.encode("utf-8")


def pdf(analysis: Analysis, view: ViewOptions | None = None) -> bytes:
    """The map as PDF (fonts embedded, text selectable)."""
    return render(analysis, view or ViewOptions(), "pdf")


_RC = {"svg.fonttype": "none", "pdf.fonttype": 42, "font.family": FONT, "svg.hashsalt": "routes",
       "path.simplify": True, "axes.unicode_minus": False}


#: matplotlib's rc settings are global: one drawing at a time (the app serves many sessions).
_MATPLOTLIB = threading.Lock()


def render(analysis: Analysis, view: ViewOptions, fmt: str) -> bytes:
    """The vector map in ``fmt`` (``svg``, ``pdf`` or ``png``) at the view's size (and scale, for PNG)."""
    analysis = for_view(analysis, view)
    title = default_title(analysis) if view.title is None else view.title
    subtitle = default_subtitle(analysis) if view.subtitle is None else view.subtitle
    with _MATPLOTLIB:
        return _save(draw(analysis, size=view.size, title=title, subtitle=subtitle, rings=view.rings), fmt,
                     analysis, title,
                     view.scale if fmt == "png" else 1)


def _save(fig: Any, fmt: str, analysis: Analysis, title: str, scale: int = 1) -> bytes:
    import matplotlib

    meta = metadata(analysis, title)
    by_format: dict[str, dict[str, Any]] = {
        "svg": {"Title": title, "Description": meta["Description"], "Source": meta["Source"],
                "Rights": meta["Copyright"], "Creator": meta["Software"], "Date": None},
        "pdf": {"Title": title, "Subject": meta["Description"], "Author": meta["Copyright"],
                "Creator": meta["Software"], "CreationDate": None},
        "png": dict(meta),
    }
    fields = by_format[fmt]
    buffer = io.BytesIO()
    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        fig.savefig(buffer, format=fmt, dpi=100 * scale, metadata=fields, facecolor="white")
    return buffer.getvalue()


class _Placer:
    """Boxes already taken on the figure, in pixels; labels go where they overlap none."""

    def __init__(self, fig: Any, ax: Any) -> None:
        self.fig, self.ax = fig, ax
        self.renderer = fig.canvas.get_renderer()
        self.taken: list[tuple[float, float, float, float]] = []
        self.points: Any = None  # route samples in pixels (labels should not cover the lines)
        box = ax.get_window_extent(self.renderer)
        self.frame = (box.x0 + 2, box.y0 + 2, box.x1 - 2, box.y1 - 2)

    def take(self, box: tuple[float, float, float, float], pad: float = 0.0) -> None:
        x0, y0, x1, y1 = box
        self.taken.append((x0 - pad, y0 - pad, x1 + pad, y1 + pad))

    def inside(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        fx0, fy0, fx1, fy1 = self.frame
        return x0 >= fx0 and y0 >= fy0 and x1 <= fx1 and y1 <= fy1

    def free(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        return self.inside(box) and not any(x0 < b[2] and x1 > b[0] and y0 < b[3] and y1 > b[1] for b in self.taken)

    def crossings(self, box: tuple[float, float, float, float]) -> int:
        if self.points is None or not len(self.points):
            return 0
        x0, y0, x1, y1 = box
        p = self.points
        return int(((p[:, 0] > x0) & (p[:, 0] < x1) & (p[:, 1] > y0) & (p[:, 1] < y1)).sum())

    def place(self, xy: tuple[float, float], lines: Sequence[tuple[str, dict[str, Any]]], *,
              gap: float = 7.0, pad: float = 2.0, candidates: Sequence[tuple[int, int]] | None = None,
              optional: bool = True) -> bool:
        """Put a stack of text lines beside a data point, on the first free side (fewest lines crossed).

        ``lines`` are (text, matplotlib text properties). Returns False when no side is free
        (the label is then left out, unless ``optional`` is False: then the least bad side).
        """
        from matplotlib.transforms import offset_copy

        sides = candidates or [(1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1)]
        best: tuple[int, list[Any], tuple[float, float, float, float]] | None = None
        for sx, sy in sides:
            texts, box = self._stack(xy, lines, sx, sy, gap, offset_copy)
            box = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
            # worst: cut by the frame; then: over another label or mark; then: over the lines
            score = self.crossings(box) + (0 if self.free(box) else 10_000 if self.inside(box) else 1_000_000)
            if best is None or score < best[0]:
                for t in best[1] if best is not None else []:
                    t.remove()
                best = (score, texts, box)
            else:
                for t in texts:
                    t.remove()
            if score == 0:
                break
        assert best is not None
        score, texts, box = best
        if score >= 10_000 and optional:
            for t in texts:
                t.remove()
            return False
        self.take(box)
        return True

    def _stack(self, xy: tuple[float, float], lines: Sequence[tuple[str, dict[str, Any]]], sx: int, sy: int,
               gap: float, offset_copy: Any) -> tuple[list[Any], tuple[float, float, float, float]]:
        ha = {1: "left", -1: "right", 0: "center"}[sx]
        texts, boxes = [], []
        y_off = 0.0
        heights = []
        for text, props in lines:  # measure first
            t = self.ax.text(0, 0, text, parse_math=False, **props)
            bb = t.get_window_extent(self.renderer)
            heights.append(bb.height)
            t.remove()
        total = sum(heights)
        # vertical start (pixels, top of the stack, relative to the point)
        top = {1: gap + total, -1: -gap, 0: total / 2}[sy]
        for (text, props), h in zip(lines, heights, strict=True):
            dx = sx * gap
            dy = top - y_off
            tr = offset_copy(self.ax.transData, fig=self.fig, x=dx * 72 / self.fig.dpi, y=dy * 72 / self.fig.dpi,
                             units="points")
            t = self.ax.text(xy[0], xy[1], text, transform=tr, ha=ha, va="top", parse_math=False, **props)
            texts.append(t)
            bb = t.get_window_extent(self.renderer)
            boxes.append((bb.x0, bb.y0, bb.x1, bb.y1))
            y_off += h
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        return texts, box


def _projection(points: Sequence[Coord]) -> Any:
    lons = [math.radians(p[0]) for p in points]
    lon0 = math.degrees(math.atan2(sum(math.sin(v) for v in lons), sum(math.cos(v) for v in lons)))
    lats = [p[1] for p in points]
    lat0 = (min(lats) + max(lats)) / 2
    return f"+proj=laea +lat_0={lat0:.3f} +lon_0={lon0:.3f} +datum=WGS84 +units=m +no_defs", (lon0, lat0)


def _nice(value: float) -> float:
    """The largest 1, 2 or 5 × 10ⁿ not above ``value``.

    >>> _nice(1830), _nice(7.2), _nice(0.4)
    (1000.0, 5.0, 0.2)
    """
    exp = math.floor(math.log10(value))
    for m in (5, 2, 1):
        if m * 10**exp <= value:
            return float(m * 10**exp)
    return float(10**exp)


@functools.lru_cache(maxsize=16)
def _land(bbox: tuple[float, float, float, float], tolerance: float, crs_text: str) -> Any:
    """Countries within a lon/lat box, simplified to ``tolerance`` degrees, in a projection (cached)."""
    import shapely

    from routes.boundaries import load_boundaries

    frame = load_boundaries()
    clipped = frame.clip(shapely.box(*bbox))
    clipped = clipped[~clipped.geometry.is_empty].copy()
    clipped["geometry"] = shapely.simplify(clipped.geometry.values, tolerance, preserve_topology=True)
    return clipped.to_crs(crs_text)


def _view_lonlat(transformer: Any, xlim: tuple[float, float], ylim: tuple[float, float]) -> tuple[float, ...]:
    import numpy as np

    xs = np.linspace(*xlim, 41)
    ys = np.linspace(*ylim, 41)
    edge_x = np.concatenate([xs, xs, np.full(41, xlim[0]), np.full(41, xlim[1])])
    edge_y = np.concatenate([np.full(41, ylim[0]), np.full(41, ylim[1]), ys, ys])
    lon, lat = transformer.transform(edge_x, edge_y, direction="INVERSE")
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon, lat = lon[ok], lat[ok]
    north = transformer.transform(0.0, 90.0)
    south = transformer.transform(0.0, -90.0)
    west, east = float(lon.min()), float(lon.max())
    lo_lat, hi_lat = float(lat.min()), float(lat.max())
    if xlim[0] < north[0] < xlim[1] and ylim[0] < north[1] < ylim[1]:
        west, east, hi_lat = -180.0, 180.0, 90.0
    if xlim[0] < south[0] < xlim[1] and ylim[0] < south[1] < ylim[1]:
        west, east, lo_lat = -180.0, 180.0, -90.0
    if east - west > 300:  # the view crosses the antimeridian
        west, east = -180.0, 180.0
    return max(-180.0, west - 2), max(-90.0, lo_lat - 2), min(180.0, east + 2), min(90.0, hi_lat + 2)


def _pieces(leg: Leg) -> tuple[LegPiece, ...]:
    return leg.pieces or (LegPiece(leg.coords, inferred=leg.drawn_as == "direct",
                                   kind="network" if leg.drawn_as != "direct" else "direct"),)


def _wrap(fig: Any, text: str, width_px: float, props: dict[str, Any], max_lines: int) -> list[str]:
    renderer = fig.canvas.get_renderer()
    probe = fig.text(0, 0, "", parse_math=False, **props)

    def width(s: str) -> float:
        probe.set_text(s)
        return float(probe.get_window_extent(renderer).width)

    lines: list[str] = []
    current = ""
    for word in text.split():
        attempt = f"{current} {word}".strip()
        if current and width(attempt) > width_px:
            lines.append(current)
            current = word
        else:
            current = attempt
    if current:
        lines.append(current)
    probe.remove()
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.;:") + " …"
    return lines or [""]


def draw(analysis: Analysis, *, size: tuple[int, int], title: str, subtitle: str,
         rings: Sequence[tuple[str, Coord, Sequence[float]]] = ()) -> Any:
    """The publication map as a matplotlib Figure (``size`` in pixels at 100 dpi), with the distance
    ``rings`` chosen in the view (``(label, (lon, lat), radii in km)``), each labelled with its radius."""
    import matplotlib

    with matplotlib.rc_context(_RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        return _draw(analysis, size, title, subtitle, rings)


def _draw(analysis: Analysis, size: tuple[int, int], title: str, subtitle: str,
          rings: Sequence[tuple[str, Coord, Sequence[float]]] = ()) -> Any:
    import numpy as np
    import pyproj
    from matplotlib import patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    width, height = size
    fig = Figure(figsize=(width / 100, height / 100), dpi=100, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    f = text_scale(size)  # text grows with the image as the PNG's does; never under SMALL_PT at a column
    pad = 16 * f
    pt = 100 / 72  # pixels per point at 100 dpi

    def fy(px_from_top: float) -> float:
        return 1 - px_from_top / height

    # the head: title and subtitle, wrapped to the width
    title_props: dict[str, Any] = {"fontsize": 19 * f, "fontweight": "bold", "color": "#111111"}
    sub_props: dict[str, Any] = {"fontsize": 11.5 * f, "color": "#444444"}
    y = pad * 0.8
    for line in _wrap(fig, title, width - 2 * pad, title_props, 2):
        fig.text(pad / width, fy(y), line, va="top", ha="left", parse_math=False, **title_props)
        y += 19 * f * pt * 1.22
    y += 3 * f
    for line in _wrap(fig, subtitle, width - 2 * pad, sub_props, 3) if subtitle else []:
        fig.text(pad / width, fy(y), line, va="top", ha="left", parse_math=False, **sub_props)
        y += 11.5 * f * pt * 1.3
    head = y + pad * 0.5

    # the foot: legend, then credits and source
    handles = _legend_handles(analysis, f, Line2D)
    legend_props = {"size": 9.5 * f}
    legend = None
    for ncol in range(len(handles), 0, -1):
        if legend is not None:
            legend.remove()
        legend = fig.legend(handles=handles, ncol=ncol, loc="lower left", frameon=False, prop=legend_props,
                            handlelength=2.6, columnspacing=1.6 * f, handletextpad=0.6, borderaxespad=0,
                            bbox_to_anchor=(pad / width, 0), bbox_transform=fig.transFigure)
        if legend.get_window_extent(renderer).width <= width - 2 * pad:
            break
    assert legend is not None
    for text in legend.get_texts():
        text.set_parse_math(False)
    credit_props: dict[str, Any] = {"fontsize": SMALL_PT * f, "color": "#555555"}
    projection_crs, (lon0, lat0) = _projection(journey_points(analysis) or [(0.0, 0.0)])
    notes = [*credits(analysis),
             f"Projection: Lambert azimuthal equal-area centred on {_deg(lon0, 'E', 'W')} {_deg(lat0, 'N', 'S')}"
             "; grey lines: meridians (to north) and parallels · "
             + source_line(analysis)]
    credit_lines = [w for line in notes for w in _wrap(fig, line, width - 2 * pad, credit_props, 2)]
    y = pad * 0.6
    for line in reversed(credit_lines):
        fig.text(pad / width, y / height, line, va="bottom", ha="left", parse_math=False, **credit_props)
        y += SMALL_PT * f * pt * 1.35
    y += 4 * f
    legend.set_bbox_to_anchor((pad / width, y / height), transform=fig.transFigure)
    foot = y + legend.get_window_extent(renderer).height + pad * 0.6

    # the map
    map_w, map_h = width - 2 * pad, height - head - foot
    if map_h < 60:

        raise ExportError(f"The image is too small for its title, legend and credits ({width}x{height} px): "
                          "make it taller")
    ax = fig.add_axes((pad / width, foot / height, map_w / width, map_h / height))
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.6)
        spine.set_color("#999999")
    ax.set_facecolor(SEA_COLOUR)
    transformer = pyproj.Transformer.from_crs("EPSG:4326", projection_crs, always_xy=True)

    def project(coords: Sequence[Coord]) -> Any:
        arr = np.asarray(coords, dtype=float).reshape(-1, 2)
        x, y = transformer.transform(arr[:, 0], arr[:, 1])
        return np.column_stack([x, y])

    extent_points = project(journey_points(analysis) or [(0.0, 0.0)])
    x0, y0 = extent_points.min(axis=0)
    x1, y1 = extent_points.max(axis=0)
    span = max(x1 - x0, y1 - y0, 60_000.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = max(x1 - x0, span * 0.25) * 1.18 + 40_000, max(y1 - y0, span * 0.25) * 1.18 + 40_000
    if dx / dy > map_w / map_h:
        dy = dx * map_h / map_w
    else:
        dx = dy * map_w / map_h
    xlim, ylim = (cx - dx / 2, cx + dx / 2), (cy - dy / 2, cy + dy / 2)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("auto")
    ax.set_autoscale_on(False)

    # land, borders, graticule
    bbox = _view_lonlat(transformer, xlim, ylim)
    tolerance = max(0.002, (bbox[2] - bbox[0]) / 2500)
    land = _land(tuple(round(v, 1) for v in bbox), round(tolerance, 4), projection_crs)
    if len(land):
        land.plot(ax=ax, color=LAND_COLOUR, edgecolor=LAND_EDGE, linewidth=0.5 * f, zorder=2)
    ax.set_aspect("auto")  # geopandas asks for "equal", which would move the box after the labels are placed
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("")
    ax.set_ylabel("")
    _graticule(ax, project, bbox, f)

    # legs, border distance, stops, places: lines first, then marks, then labels
    placer = _Placer(fig, ax)
    samples = []
    for leg in analysis.legs:
        colour = MODE_COLOURS[leg.plan.mode]
        for piece in _pieces(leg):
            xy = project(piece.coords)
            style = (0, (3.2, 2.2)) if piece.inferred else "-"
            ax.plot(xy[:, 0], xy[:, 1], color=colour, lw=2.4 * f, ls=style, solid_capstyle="round", zorder=5,
                    path_effects=[patheffects.Stroke(linewidth=4.2 * f, foreground="white", alpha=0.85),
                                  patheffects.Normal()])
            samples.append(ax.transData.transform(xy))
        _arrow(ax, project(leg.coords), colour, f)
    b = analysis.border
    if b is not None:
        xy = project([b.point, b.nearest])
        ax.plot(xy[:, 0], xy[:, 1], color=BORDER_COLOUR, lw=2.2 * f, ls=(0, (1, 1.6)), dash_capstyle="round",
                zorder=6, path_effects=[patheffects.Stroke(linewidth=4 * f, foreground="white", alpha=0.8),
                                        patheffects.Normal()])
        ax.plot(*xy[1], marker="o", ms=6 * f, color=BORDER_COLOUR, mec="white", mew=1 * f, zorder=7)
        samples.append(ax.transData.transform(_densify(xy)))
    _rings(ax, rings, project, f, patheffects)
    placer.points = np.concatenate(samples) if samples else None

    # the corners: scale bar and north arrow where the map is emptiest
    counts = _corners(ax, placer, analysis, project)
    bar = min(("lower left", "lower right", "upper left", "upper right"), key=lambda k: counts[k])
    north = min((k for k in ("upper right", "upper left", "lower right", "lower left") if k != bar),
                key=lambda k: counts[k])
    if _scale_variation(projection_crs, xlim, ylim) <= SCALE_BAR_TOLERANCE:  # the PNG's rule
        _scale_bar(ax, placer, bar, xlim, f)
    if _north_varies(ax, transformer) < 8:  # on a small-scale map north turns across it: the graticule says it
        _north(ax, placer, north, transformer, f)

    stop_xy, label_stops = _stops(ax, placer, analysis, project, f)
    _leg_labels(ax, placer, analysis, project, f)  # the lengths first: they are what the map is for
    label_stops()
    _place_labels(ax, placer, analysis, project, stop_xy, f)
    return fig


def _rings(ax: Any, rings: Sequence[tuple[str, Coord, Sequence[float]]], project: Any, f: float,
           patheffects: Any) -> None:
    """Distance rings: geodesic circles (every point at the radius from the centre on the ellipsoid),
    each labelled with its radius at its northernmost point, as on the interactive map."""
    import numpy as np

    from routes.geodesy import GEOD

    azimuths = np.linspace(0.0, 360.0, 181)
    for _, (lon, lat), radii in rings:
        for km in radii:
            lons, lats, _ = GEOD.fwd(np.full(azimuths.size, lon), np.full(azimuths.size, lat), azimuths,
                                     np.full(azimuths.size, km * 1000.0))
            xy = project(list(zip(lons, lats, strict=True)))
            ax.plot(xy[:, 0], xy[:, 1], color=RING_COLOUR, lw=1.1 * f, ls=(0, (4, 3)), zorder=4)
            ax.text(xy[0, 0], xy[0, 1], f"{km:,.0f} km", fontsize=SMALL_PT * f, color=RING_COLOUR, ha="center",
                    va="bottom", zorder=8, clip_on=True, parse_math=False,
                    path_effects=[patheffects.withStroke(linewidth=2.5 * f, foreground="white")])


def _deg(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.0f}°{positive if value >= 0 else negative}"


def _densify(xy: Any, n: int = 30) -> Any:
    import numpy as np

    t = np.linspace(0, 1, n)[:, None]
    return xy[0] + (xy[1] - xy[0]) * t


def _legend_handles(analysis: Analysis, f: float, Line2D: Any) -> list[Any]:
    handles = []
    for mode in dict.fromkeys(leg.plan.mode for leg in analysis.legs):
        legs = [leg for leg in analysis.legs if leg.plan.mode == mode]
        routed = [leg for leg in legs if leg.drawn_as != "direct"]
        label = f"{MODE_NAMES[mode]} leg" + ("" if routed else ": straight line, not a routed path")
        handles.append(Line2D([], [], color=MODE_COLOURS[mode], lw=2.4 * f, ls="-" if routed else (0, (3.2, 2.2)),
                              label=label))
    if any(p.inferred for leg in analysis.legs if leg.drawn_as != "direct" for p in leg.pieces):
        handles.append(Line2D([], [], color="#666666", lw=2.4 * f, ls=(0, (3.2, 2.2)),
                              label="dashed: inferred (gap bridged, link to the network)"))
    if analysis.border:
        handles.append(Line2D([], [], color=BORDER_COLOUR, lw=2.2 * f, ls=(0, (1, 1.6)),
                              label=f"shortest distance to the border of {analysis.border.country_name}"))
    if analysis.itinerary.stops:
        handles.append(Line2D([], [], ls="none", marker="o", ms=10 * f, mfc="#555555", mec="white",
                              label="stop, in order"))
    handles.append(Line2D([], [], ls="none", marker="o", ms=4.5 * f, mfc=PLACE_COLOUR, mec="white", mew=0.6,
                          label="other place named"))
    return handles


def _arrow(ax: Any, xy: Any, colour: str, f: float) -> None:
    """An arrowhead half-way along a line, pointing the way the leg runs."""
    import numpy as np

    if len(xy) < 2:
        return
    px = ax.transData.transform(xy)
    steps = np.hypot(*np.diff(px, axis=0).T)
    total = steps.sum()
    if total < 40 * f:
        return
    along = np.concatenate([[0], np.cumsum(steps)])
    at = total / 2
    i = int(np.searchsorted(along, at)) - 1
    i = max(0, min(i, len(steps) - 1))
    t = (at - along[i]) / steps[i] if steps[i] else 0
    mid = px[i] + (px[i + 1] - px[i]) * t
    direction = (px[i + 1] - px[i]) / (steps[i] or 1)
    tail, head = ax.transData.inverted().transform([mid - direction * 6 * f, mid + direction * 6 * f])
    ax.annotate("", xy=head, xytext=tail, zorder=8,
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 0, "mutation_scale": 16 * f,
                            "shrinkA": 0, "shrinkB": 0})


def _corners(ax: Any, placer: _Placer, analysis: Analysis, project: Any) -> dict[str, int]:
    """How many marks and line points each corner of the map holds."""
    import numpy as np

    box = ax.get_window_extent(placer.renderer)
    pts = [placer.points] if placer.points is not None else []
    stops = [pm.place.coord for pm in analysis.places]
    if stops:
        pts.append(ax.transData.transform(project(stops)))
    allp = np.concatenate(pts) if pts else np.zeros((0, 2))
    w, h = box.width * 0.34, box.height * 0.22
    regions = {"lower left": (box.x0, box.y0), "lower right": (box.x1 - w, box.y0),
               "upper right": (box.x1 - w, box.y1 - h), "upper left": (box.x0, box.y1 - h)}
    counts = {k: int(((allp[:, 0] > x) & (allp[:, 0] < x + w) & (allp[:, 1] > y) & (allp[:, 1] < y + h)).sum())
              for k, (x, y) in regions.items()}
    return counts


def _scale_bar(ax: Any, placer: _Placer, corner: str, xlim: tuple[float, float], f: float) -> None:
    from matplotlib.patches import Rectangle

    box = ax.get_window_extent(placer.renderer)
    metres_per_px = (xlim[1] - xlim[0]) / box.width
    km = _nice(box.width * 0.22 * metres_per_px / 1000)
    bar_px = km * 1000 / metres_per_px
    margin, bar_h = 14 * f, 6 * f
    label_h = 13 * f
    left = corner.endswith("left")
    lower = corner.startswith("lower")
    x = box.x0 + margin if left else box.x1 - margin - bar_px
    y = box.y0 + margin + label_h if lower else box.y1 - margin - bar_h
    inv = ax.transAxes.inverted()
    to_axes = lambda px, py: inv.transform((px, py))  # noqa: E731
    frame_pad = 6 * f
    (fx0, fy0), (fx1, fy1) = to_axes(x - frame_pad, y - label_h - frame_pad / 2), \
        to_axes(x + bar_px + frame_pad + 10 * f, y + bar_h + frame_pad)
    ax.add_patch(Rectangle((fx0, fy0), fx1 - fx0, fy1 - fy0, transform=ax.transAxes, facecolor="white",
                           alpha=0.85, edgecolor="none", zorder=9))
    halves = 4
    for k in range(halves):
        (ax0, ay0), (ax1, ay1) = to_axes(x + bar_px * k / halves, y), to_axes(x + bar_px * (k + 1) / halves, y + bar_h)
        ax.add_patch(Rectangle((ax0, ay0), ax1 - ax0, ay1 - ay0, transform=ax.transAxes, zorder=10, lw=0.6 * f,
                               facecolor="#222222" if k % 2 == 0 else "white", edgecolor="#222222"))
    for value, at in ((0, 0.0), (km / 2, 0.5), (km, 1.0)):
        tx, ty = to_axes(x + bar_px * at, y - 2 * f)
        text = (f"{value:,.0f}" if value >= 1 or value == 0 else f"{value:g}") + (" km" if at == 1 else "")
        ax.text(tx, ty, text, transform=ax.transAxes, ha="center", va="top", fontsize=SMALL_PT * f, color="#222222",
                zorder=11, parse_math=False)
    placer.take((x - frame_pad, y - label_h - frame_pad, x + bar_px + frame_pad + 12 * f, y + bar_h + frame_pad))


def _scale_variation(crs: str, xlim: tuple[float, float], ylim: tuple[float, float]) -> float:
    """How much the map's scale varies across it: its largest over its smallest linear scale (the axes of
    Tissot's indicatrix, in any direction) at a grid of points of the view, less 1 (0.1: 10 %)."""
    import numpy as np
    import pyproj

    xs, ys = np.meshgrid(np.linspace(*xlim, 7), np.linspace(*ylim, 7))
    proj = pyproj.Proj(crs)
    lons, lats = proj(xs.ravel(), ys.ravel(), inverse=True)
    ok = np.isfinite(lons) & np.isfinite(lats) & (np.abs(lats) < 89.9)
    factors = proj.get_factors(lons[ok], lats[ok])
    scales = np.concatenate([np.asarray(factors.tissot_semimajor), np.asarray(factors.tissot_semiminor)])
    scales = scales[np.isfinite(scales) & (scales > 0)]
    return float(scales.max() / scales.min() - 1) if len(scales) else math.inf


def _north_angle(ax: Any, transformer: Any, px: Any) -> float:
    """Degrees from straight up to north at a point of the axes (pixels)."""
    import numpy as np

    data = ax.transData.inverted().transform(px)
    lon, lat = transformer.transform(data[0], data[1], direction="INVERSE")
    if not (np.isfinite(lon) and np.isfinite(lat)):
        return 180.0
    up = transformer.transform(lon, min(89.9, lat + 0.05))
    vec = ax.transData.transform(up) - ax.transData.transform(data)
    return float(np.degrees(np.arctan2(vec[0], vec[1])))


def _north_varies(ax: Any, transformer: Any) -> float:
    """The largest angle between north and straight up at the corners of the map, degrees."""
    box = ax.get_window_extent(ax.figure.canvas.get_renderer())
    return max(abs(_north_angle(ax, transformer, (x, y))) for x in (box.x0, box.x1) for y in (box.y0, box.y1))


def _north(ax: Any, placer: _Placer, corner: str, transformer: Any, f: float) -> None:
    import numpy as np

    box = ax.get_window_extent(placer.renderer)
    margin, length = 16 * f, 30 * f
    cx = box.x0 + margin + 8 * f if corner.endswith("left") else box.x1 - margin - 8 * f
    base_y = box.y0 + margin + 4 * f if corner.startswith("lower") else box.y1 - margin - length - 14 * f
    # north at this point of the projection
    data = ax.transData.inverted().transform((cx, base_y + length / 2))
    lon, lat = transformer.transform(data[0], data[1], direction="INVERSE")
    if not (np.isfinite(lon) and np.isfinite(lat)):
        return
    up = transformer.transform(lon, min(89.9, lat + 0.2))
    vec = ax.transData.transform(up) - ax.transData.transform(data)
    vec = vec / (np.hypot(*vec) or 1)
    mid = np.array([cx, base_y + length / 2])
    tail, head = mid - vec * length / 2, mid + vec * length / 2
    inv = ax.transAxes.inverted()
    ax.annotate("", xy=inv.transform(head), xytext=inv.transform(tail), xycoords="axes fraction",
                textcoords="axes fraction", zorder=10,
                arrowprops={"arrowstyle": "-|>", "color": "#222222", "lw": 1.6 * f, "mutation_scale": 20 * f,
                            "shrinkA": 0, "shrinkB": 0})
    label = inv.transform(head + vec * 9 * f)
    ax.text(*label, "N", transform=ax.transAxes, ha="center", va="center", fontsize=10 * f, fontweight="bold",
            color="#222222", zorder=10, parse_math=False, path_effects=_halo(f))
    placer.take((cx - 14 * f, base_y - 4 * f, cx + 14 * f, base_y + length + 22 * f))


def _graticule(ax: Any, project: Any, bbox: tuple[float, ...], f: float) -> None:
    import numpy as np

    west, south, east, north = bbox
    span = max(east - west, north - south)
    step = next(s for s in (1, 2, 5, 10, 15, 20, 30, 45) if span / s <= 9)
    lats = np.linspace(max(-89.0, south), min(89.0, north), 90)
    lons = np.linspace(west, east, 180)
    for lon in np.arange(math.ceil(west / step) * step, east + 1e-9, step):
        xy = project(np.column_stack([np.full_like(lats, lon), lats]))
        ax.plot(xy[:, 0], xy[:, 1], color="#8a8a8a", lw=0.35 * f, alpha=0.35, zorder=3)
    for lat in np.arange(math.ceil(south / step) * step, north + 1e-9, step):
        if abs(lat) >= 89.9:
            continue
        xy = project(np.column_stack([lons, np.full_like(lons, lat)]))
        ax.plot(xy[:, 0], xy[:, 1], color="#8a8a8a", lw=0.35 * f, alpha=0.35, zorder=3)


def _inside(ax: Any, xy: Any) -> bool:
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return bool(x0 < xy[0] < x1 and y0 < xy[1] < y1)


def _stops(ax: Any, placer: _Placer, analysis: Analysis, project: Any,
           f: float) -> tuple[dict[tuple[int | None, str], Any], Callable[[], None]]:
    """Numbered circles for the stops (coloured by the mode they are reached by); and a function that
    puts their names beside them, to be called once the more important labels are placed."""
    done: dict[tuple[int | None, str], Any] = {}
    marks = []
    for i, stop in enumerate(analysis.itinerary.stops, start=1):
        xy = project([stop.place.coord])[0]
        if not _inside(ax, xy):
            continue
        arriving = [leg for leg in analysis.legs if leg.plan.destination == stop]
        colour = MODE_COLOURS[arriving[0].plan.mode] if arriving else "#444444"
        ax.plot(*xy, marker="o", ms=13 * f, mfc=colour, mec="white", mew=1.5 * f, zorder=12)
        ax.text(*xy, str(i), ha="center", va="center_baseline", fontsize=8 * f, fontweight="bold", color="white",
                zorder=13, parse_math=False)
        px = ax.transData.transform(xy)
        r = 7.5 * f * 100 / 72
        placer.take((px[0] - r, px[1] - r, px[0] + r, px[1] + r))
        marks.append((i, stop, xy, px))
        done[(stop.place.geonames_id, stop.place.name)] = xy
    # stops whose circles (nearly) touch share one label: "1. Najin", "2. Dunay"
    groups: list[list[tuple[int, Any, Any, Any]]] = []
    for mark in marks:
        near = next((g for g in groups if any(math.dist(mark[3], m[3]) < 3.2 * r for m in g)), None)
        (near.append(mark) if near is not None else groups.append([mark]))
    return done, functools.partial(_stop_labels, ax, placer, groups, f)


def _stop_labels(ax: Any, placer: _Placer, groups: list[list[tuple[int, Any, Any, Any]]], f: float) -> None:
    for group in groups:
        lines = []
        for i, stop, _, _ in group:
            name = stop.name
            lines.append((f"{i}. {name}" if len(group) > 1 else name,
                          {"fontsize": 10 * f, "fontweight": "bold", "color": "#111111", "zorder": 14,
                           "path_effects": _halo(f)}))
            if stop.label != name:
                label = stop.label if len(stop.label) <= 42 else stop.label[:40].rstrip() + "…"
                lines.append((label, {"fontsize": 8 * f, "style": "italic", "color": "#333333", "zorder": 14,
                                      "path_effects": _halo(f)}))
        centre = sum(m[3] for m in group) / len(group)
        spread = max(math.dist(centre, m[3]) for m in group)
        anchor = ax.transData.inverted().transform(centre)
        placer.place(tuple(anchor), lines, gap=15 * f + spread, optional=False)


def _halo(f: float) -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=3 * f, foreground="white")]


def _place_labels(ax: Any, placer: _Placer, analysis: Analysis, project: Any, stops: dict[Any, Any],
                  f: float) -> None:
    for pm in distinct_places(analysis):
        p = pm.place
        key = (p.geonames_id, p.name)
        if key in stops:
            continue
        xy = project([p.coord])[0]
        if not _inside(ax, xy):
            continue
        if p.feature == "town":
            px = ax.transData.transform(xy)
            r = 3 * f
            if not placer.free((px[0] - r, px[1] - r, px[0] + r, px[1] + r)):
                continue
            ax.plot(*xy, marker="o", ms=4.5 * f, mfc=PLACE_COLOUR, mec="white", mew=0.6 * f, zorder=11)
            placer.place(tuple(xy), [(p.name, {"fontsize": 8.5 * f, "color": PLACE_COLOUR, "zorder": 11,
                                               "path_effects": _halo(f)})], gap=5 * f, pad=1)
            placer.take((px[0] - r, px[1] - r, px[0] + r, px[1] + r))
    for pm in distinct_places(analysis):  # country names last, only where there is room
        p = pm.place
        xy = project([p.coord])[0]
        if p.feature != "country" or not _inside(ax, xy):
            continue
        placer.place(tuple(xy), [(p.name.upper(), {"fontsize": 9 * f, "style": "italic", "fontweight": "bold",
                                                   "color": COUNTRY_LABEL, "zorder": 4, "path_effects": _halo(f)})],
                     gap=0, candidates=[(0, 0), (0, 1), (0, -1)])


def _leg_labels(ax: Any, placer: _Placer, analysis: Analysis, project: Any, f: float) -> None:
    import numpy as np

    bbox = {"boxstyle": "round,pad=0.25", "facecolor": "white", "alpha": 0.92, "lw": 0.6 * f}
    for leg in analysis.legs:
        colour = MODE_COLOURS[leg.plan.mode]
        text = km_text(leg.length_km) + (f" · {leg.length_nmi:,.0f} nmi" if leg.plan.mode == "sea" else "")
        xy = project(leg.coords)
        px = ax.transData.transform(xy)
        along = np.concatenate([[0], np.cumsum(np.hypot(*np.diff(px, axis=0).T))])
        props = {"fontsize": 9 * f, "fontweight": "bold", "color": colour, "zorder": 15,
                 "bbox": {**bbox, "edgecolor": colour}}
        for share in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.05, 0.95):
            i = int(np.searchsorted(along, along[-1] * share))
            point = tuple(xy[min(i, len(xy) - 1)])
            if _inside(ax, point) and placer.place(point, [(text, props)], gap=9 * f, pad=4 * f):
                break
    b = analysis.border
    if b is not None:
        xy = project([b.point, b.nearest])
        text = f"{km_text(b.distance_km)} to the border of {b.country_name}"
        props = {"fontsize": 9 * f, "fontweight": "bold", "color": "#00664a", "zorder": 15,
                 "bbox": {**bbox, "edgecolor": BORDER_COLOUR}}
        for t in (0.5, 0.3, 0.7, 0.0, 1.0):
            point = tuple(xy[0] + (xy[1] - xy[0]) * t)
            if placer.place(point, [(text, props)], gap=9 * f, pad=4 * f):
                break
