"""Ports by name: searoute's UN/LOCODE list (``data/sea/ports.csv``), where a sea leg may start or end."""

from __future__ import annotations

import csv
import functools
import unicodedata
from dataclasses import dataclass

from routes import settings
from routes.errors import DataError
from routes.geodesy import distance_km
from routes.model import Coord

PORTS_FILE = "sea/ports.csv"


@dataclass(frozen=True)
class Port:
    """A port of searoute's list (UN/LOCODE)."""

    locode: str
    name: str
    country: str
    lon: float
    lat: float

    @property
    def coord(self) -> Coord:
        return (self.lon, self.lat)


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in text if ch.isalnum())


@functools.cache
def load_ports() -> tuple[Port, ...]:
    """searoute's port list (``data/sea/ports.csv``)."""
    path = settings.data_dir / PORTS_FILE
    if not path.is_file():
        raise DataError(f"Port list {path} is missing; build it with data/sea/build.py")
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(Port(r["locode"], r["name"], r["country"], float(r["lon"]), float(r["lat"]))
                     for r in csv.DictReader(fh))


@functools.cache
def _ports_by_key() -> dict[str, tuple[Port, ...]]:
    """The ports by the key of their name and by their UN/LOCODE, in the list's order: a name is looked up
    once per mention, and a scan of the whole list at each look-up made reading an article's places slow."""
    index: dict[str, list[Port]] = {}
    for port in load_ports():
        for key in dict.fromkeys((_key(port.name), port.locode.lower())):
            index.setdefault(key, []).append(port)
    return {key: tuple(ports) for key, ports in index.items()}


def find_port(name: str, near: Coord | None = None, *, within_km: float = 30.0) -> Port | None:
    """The port named ``name`` (or with that UN/LOCODE), the nearest to ``near`` if given.

    Examples
    --------
    >>> find_port("KPNJN").name
    'Najin'
    """
    key = _key(name)
    if not key:
        return None
    found = list(_ports_by_key().get(key, ()))
    if near is not None:
        found = [p for p in found if distance_km(near, p.coord) <= within_km]
        found.sort(key=lambda p: distance_km(near, p.coord))
    return found[0] if found else None
