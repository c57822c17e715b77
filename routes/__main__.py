"""The command line: ``python -m routes analyze FILE|- [-o OUT]``.

Bad input exits with status 1 and one line on stderr; nothing else is printed on failure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from routes.analysis import analyze
from routes.article import read_article, read_article_file
from routes.errors import RoutesError
from routes.export import geojson_text


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m routes", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    a = commands.add_parser("analyze", help="write the article's analysis as GeoJSON")
    a.add_argument("file", help="the article (txt, md or html), or - for standard input")
    a.add_argument("-o", "--output", help="GeoJSON file to write (default: standard output)")
    a.add_argument("--geocoder", default="offline", help="offline (default) or a geopy service name")
    commands.add_parser("build-data", help="build the gazetteer index (done on first use otherwise)")
    args = parser.parse_args(argv)

    try:
        if args.command == "build-data":
            from routes.gazetteer import gazetteer

            print(f"gazetteer: {gazetteer().path} {gazetteer().size()}")
            return 0
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
        print(f"error: cannot write {args.output!r}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
