"""The command line.

``python -m routes analyze FILE|- [-o OUT]`` writes the analysis as GeoJSON;
``python -m routes export FILE|- --format png|svg|pdf|html|geojson|kml|kmz|gpx|csv|gpkg -o OUT
[--size WxH] [--scale 2] [--title T] [--subtitle S] [--alt-text]`` writes an image, the map or a
data file (the format may also come from OUT's extension; ``-o -`` writes to standard output).

Bad input exits with status 1 and one line on stderr; nothing else is printed on failure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from routes.analysis import analyze
from routes.read.article import read_article, read_article_file
from routes.errors import RoutesError
from routes.show.export import DEFAULT_SIZE, FORMATS, ExportError, check_scale, export, geojson_text, parse_size


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m routes", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    a = commands.add_parser("analyze", help="write the article's analysis as GeoJSON")
    a.add_argument("file", help="the article (txt, md or html), or - for standard input")
    a.add_argument("-o", "--output", help="GeoJSON file to write (default: standard output)")
    a.add_argument("--geocoder", default="offline", help="offline (default) or a geopy service name")
    commands.add_parser("build-data", help="build the gazetteer index (done on first use otherwise)")
    e = commands.add_parser("export", help="write an image (png, svg, pdf), the map (html) or a data file")
    e.add_argument("file", help="the article (txt, md or html), or - for standard input")
    e.add_argument("-f", "--format", help=f"what to write: {', '.join(FORMATS)} (default: from the extension of -o)")
    e.add_argument("-o", "--output", help="file to write, or - for standard output (default: a name from the article)")
    e.add_argument("--size", default="x".join(map(str, DEFAULT_SIZE)),
                   help="image size in CSS pixels, WIDTHxHEIGHT (default: %(default)s)")
    e.add_argument("--scale", default="1", help="pixel density of a PNG: 1, 2 (\"2x\") or 3 (default: 1)")
    e.add_argument("--title", help="title above an image or the map (default: the journey)")
    e.add_argument("--subtitle", help="subtitle (default: the lengths and the border distance)")
    e.add_argument("--alt-text", action="store_true", help="also print the image's alt text on standard error")
    e.add_argument("--geocoder", default="offline", help="offline (default) or a geopy service name")
    args = parser.parse_args(argv)

    try:
        if args.command == "build-data":
            from routes.read.gazetteer import gazetteer

            print(f"gazetteer: {gazetteer().path} {gazetteer().size()}")
            return 0
        if args.command == "export":
            return _export(args)
        article = (read_article(sys.stdin.buffer.read(), name="stdin") if args.file == "-"
                   else read_article_file(args.file))
        text = geojson_text(analyze(article, geocoder=args.geocoder))
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    except RoutesError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"error: cannot write {err.filename or args.output!r}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 0


def _export(args: argparse.Namespace) -> int:
    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower().lstrip(".") if args.output and args.output != "-" else ""
        if suffix not in FORMATS:
            raise ExportError(f"Say which format to write: --format {'|'.join(FORMATS)} (or give -o a known extension)")
        fmt = suffix
    size = parse_size(args.size)  # checked before the slow part
    if not args.scale.strip().isdigit():
        raise ExportError(f"Bad scale {args.scale!r}: choose 1, 2 or 3")
    check_scale(int(args.scale))
    if fmt.lower().lstrip(".") not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    article = (read_article(sys.stdin.buffer.read(), name="stdin") if args.file == "-"
               else read_article_file(args.file))
    export_ = export(analyze(article, geocoder=args.geocoder), fmt, size=size, scale=int(args.scale),
                     title=args.title, subtitle=args.subtitle)
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


if __name__ == "__main__":
    raise SystemExit(main())
