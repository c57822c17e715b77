"""The command line.

``python -m routes analyze FILE|- [-o OUT]`` writes the analysis as GeoJSON;
``python -m routes export FILE|- --format png|svg|pdf|html|geojson|kml|kmz|gpx|csv|gpkg -o OUT
[--size WxH|column|full|square|a4] [--scale 2] [--title T] [--subtitle S] [--alt-text]`` writes an image, the map or a
data file (the format may also come from OUT's extension; ``-o -`` writes to standard output).
Both take ``--year`` (for dates given as day and month) and the speeds of the legs' times
(``--ship-knots``, ``--rail-kmh``, ``--road-kmh``).

Every warning of the analysis (no journey found, a stop read with low confidence, a leg that could
not be routed) is printed on stderr as ``warning: ...``, and is in the GeoJSON's ``warnings``.
Bad input exits with status 1 and one line on stderr; nothing else is printed on failure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from routes import settings
from routes.analysis import analyze
from routes.errors import ArticleError, ExportError, RoutesError
from routes.model import Article, Speeds, ViewOptions
from routes.read.article import read_article, read_article_file
from routes.show.export import DEFAULT_SIZE, FORMATS, PRESETS, check_scale, export, parse_size
from routes.show.geojson import geojson_text


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m routes", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    a = commands.add_parser("analyze", help="write the article's analysis as GeoJSON")
    a.add_argument("file", help="the article (txt, md or html), or - for standard input")
    a.add_argument("-o", "--output", help="GeoJSON file to write (default: standard output)")
    a.add_argument("--geocoder", default="offline", help="offline (default) or a geopy service name")
    _journey_arguments(a)
    commands.add_parser("build-data", help="build the gazetteer index (done on first use otherwise)")
    e = commands.add_parser("export", help="write an image (png, svg, pdf), the map (html) or a data file")
    e.add_argument("file", help="the article (txt, md or html), or - for standard input")
    e.add_argument("-f", "--format", help=f"what to write: {', '.join(FORMATS)} (default: from the extension of -o)")
    e.add_argument("-o", "--output", help="file to write, or - for standard output (default: a name from the article)")
    e.add_argument("--size", default="x".join(map(str, DEFAULT_SIZE)),
                   help="image size in CSS pixels, WIDTHxHEIGHT, or a preset: "
                        + ", ".join(f"{k} ({v.size[0]}x{v.size[1]}, {v.label})" for k, v in PRESETS.items())
                        + " (default: %(default)s)")
    e.add_argument("--scale", default="1", help="pixel density of a PNG: 1, 2 (\"2x\") or 3 (default: 1)")
    e.add_argument("--title", help="title above an image or the map (default: the journey)")
    e.add_argument("--subtitle", help="subtitle (default: the lengths and the border distance)")
    e.add_argument("--alt-text", action="store_true", help="also print the image's alt text on standard error")
    e.add_argument("--geocoder", default="offline", help="offline (default) or a geopy service name")
    _journey_arguments(e)
    args = parser.parse_args(argv)

    try:
        if args.command == "build-data":
            from routes.read.gazetteer import gazetteer

            print(f"gazetteer: {gazetteer().path} {gazetteer().size()}")
            return 0
        if args.command == "export":
            return _export(args)
        analysis = analyze(_article(args), geocoder=args.geocoder, year=args.year, speeds=_speeds(args))
        _warn(analysis.warnings)
        text = geojson_text(analysis)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    except RoutesError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        where = err.filename or args.output or "standard output"
        print(f"error: cannot write {where!r}: {err.strerror or err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 0


#: Extensions a file of a format may also have.
OTHER_EXTENSIONS = {"geojson": ("json",), "html": ("htm",)}


def _export(args: argparse.Namespace) -> int:
    fmt = args.format
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output and args.output != "-" else ""
    if fmt is None:
        if suffix not in FORMATS:
            raise ExportError(f"Say which format to write: --format {'|'.join(FORMATS)} (or give -o a known extension)")
        fmt = suffix
    size = parse_size(args.size)  # checked before the slow part
    if not args.scale.strip().isdecimal():
        raise ExportError(f"Bad scale {args.scale!r}: choose 1, 2 or 3")
    check_scale(int(args.scale))
    if fmt.lower().lstrip(".") not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    extension = FORMATS[fmt.lower().lstrip(".")].extension
    if suffix and suffix not in {extension, *OTHER_EXTENSIONS.get(extension, ())}:  # not PNG bytes in an .svg
        raise ExportError(f"{args.output!r} does not end in .{extension}, the extension of --format {fmt}: "
                          f"name the file .{extension}, or drop --format to write .{suffix}")
    view = ViewOptions(speeds=_speeds(args), year=args.year, title=args.title, subtitle=args.subtitle,
                       size=size, scale=int(args.scale))
    analysis = analyze(_article(args), geocoder=args.geocoder)
    _warn(analysis.warnings)
    export_ = export(analysis, fmt, view)
    if args.output == "-":
        sys.stdout.buffer.write(export_.data)
        sys.stdout.buffer.flush()
    else:
        Path(args.output or export_.filename).write_bytes(export_.data)
    if export_.note:
        print(f"note: {export_.note}", file=sys.stderr)
    if args.alt_text and export_.alt_text:
        print(f"alt text: {export_.alt_text}", file=sys.stderr)
    return 0


def _journey_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = Speeds.default()
    parser.add_argument("--year", type=int, help="the year of the events, for dates the article gives as day and month")
    parser.add_argument("--ship-knots", type=float, default=defaults.sea_knots,
                        help="ship speed (default: %(default)g)")
    parser.add_argument("--rail-kmh", type=float, default=defaults.rail_kmh, help="train speed (default: %(default)g)")
    parser.add_argument("--road-kmh", type=float, default=defaults.road_kmh, help="truck speed (default: %(default)g)")


def _speeds(args: argparse.Namespace) -> Speeds:
    for name in ("ship_knots", "rail_kmh", "road_kmh"):
        value = getattr(args, name)
        if not 0 < value < 2000:
            raise RoutesError(f"Bad speed --{name.replace('_', '-')} {value:g}: give a positive number")
    return Speeds(args.ship_knots, args.rail_kmh, args.road_kmh, Speeds.default().air_kmh)


def _warn(warnings: tuple[str, ...]) -> None:
    """Every warning of an analysis on standard error, one a line: what the reader is unsure of, what failed."""
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _article(args: argparse.Namespace) -> Article:
    return read_article(_stdin_bytes(), name="stdin") if args.file == "-" else read_article_file(args.file)


def _stdin_bytes() -> bytes:
    """Standard input, read in chunks and never past the upload limit (an endless stream is refused)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise ArticleError("Standard input is closed: give a file, or pipe an article into '-'.")
    limit = settings.max_upload_bytes
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        try:
            chunk = stream.read(min(1 << 20, limit + 1 - size))
        except (OSError, ValueError) as err:  # a closed or unreadable descriptor
            raise ArticleError(f"Cannot read standard input: {err}.") from err
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise ArticleError(f"Standard input is too large: more than {limit:,} bytes (the limit).")


if __name__ == "__main__":
    raise SystemExit(main())
