"""Geocoders behind one interface: the offline gazetteer by default, geopy's services as options.

As in geopy, each backend is a small class and :data:`GEOCODERS` maps a name to it. A
geocoder returns *candidates* for a name; choosing among namesakes with the article's
context is the job of :mod:`routes.read.places`, the same whichever backend answered.
"""

from __future__ import annotations

import functools
from typing import ClassVar

from routes.errors import GeocodingError
from routes.model import Place
from routes.read.gazetteer import gazetteer
from routes.read.names import PRIMARY


class Geocoder:
    """Base class: turn a name into the places it may mean."""

    name: ClassVar[str] = "base"
    online: ClassVar[bool] = False

    def candidates(self, name: str) -> list[Place]:
        """Places called ``name``, most likely first; empty when none is known."""
        raise NotImplementedError

    def matches(self, name: str) -> list[tuple[Place, int]]:
        """Places called ``name``, each with how the name names it.

        The kind is one of :data:`routes.read.names.PRIMARY`, ``ALTERNATE``, ``DEMONYM``,
        ``ABBREVIATION``; backends that do not say give ``PRIMARY``.
        """
        return [(place, PRIMARY) for place in self.candidates(name)]


class OfflineGeocoder(Geocoder):
    """The embedded GeoNames gazetteer (no network)."""

    name = "offline"

    def candidates(self, name: str) -> list[Place]:
        return gazetteer().candidates(name)

    def matches(self, name: str) -> list[tuple[Place, int]]:
        return gazetteer().matches(name)


class GeopyGeocoder(Geocoder):
    """One of geopy's online geocoders, e.g. ``GeopyGeocoder("nominatim")``.

    Needs the network; every failure (no network, quota, timeout) becomes a
    :class:`~routes.errors.GeocodingError` with the service's name in it.
    """

    online = True

    def __init__(self, service: str = "nominatim", *, user_agent: str = "routes-visualizer",
                 timeout: float = 5.0) -> None:
        from geopy.geocoders import get_geocoder_for_service

        try:
            cls = get_geocoder_for_service(service)
        except Exception as err:  # geopy raises its own GeocoderNotFound
            raise GeocodingError(f"geopy has no geocoder called {service!r}.") from err
        self.name = service  # type: ignore[misc]
        self._service = cls(user_agent=user_agent, timeout=timeout)

    def candidates(self, name: str) -> list[Place]:
        return list(self._lookup(name))

    @functools.lru_cache(maxsize=1024)  # noqa: B019  (one instance per service and session)
    def _lookup(self, name: str) -> tuple[Place, ...]:
        from geopy.exc import GeopyError

        try:
            found = self._service.geocode(name, exactly_one=False, limit=5) or []
        except GeopyError as err:  # geopy's message is the HTTP library's: the sentence says what it means
            raise GeocodingError(f"The online geocoder {self.name.title()} could not look up {name!r}: "
                                 f"{_why(err)}.") from err
        return tuple(
            Place(name=loc.address.split(",")[0], lon=loc.longitude, lat=loc.latitude,
                  feature="town", confidence=0.5)
            for loc in found
        )


def _why(err: Exception) -> str:
    """Why an online geocoder failed, as a reader would say it (geopy's own text goes to the traceback)."""
    from geopy import exc

    reasons: list[tuple[type[Exception], str]] = [
        (exc.GeocoderTimedOut, "it did not answer in time"),
        (exc.GeocoderUnavailable, "it cannot be reached (no internet connection, or the service is down)"),
        (exc.GeocoderRateLimited, "it refused: too many requests, try again later"),
        (exc.GeocoderQuotaExceeded, "it refused: the request quota is used up"),
        (exc.GeocoderAuthenticationFailure, "it refused the credentials (an API key may be needed)"),
        (exc.GeocoderInsufficientPrivileges, "it refused the credentials (an API key may be needed)"),
        (exc.GeocoderQueryError, "it rejected the query"),
        (exc.GeocoderParseError, "its answer could not be read"),
    ]
    for kind, reason in reasons:
        if isinstance(err, kind):
            return reason
    return "the service answered with an error"


#: Geocoders by name: "offline", and any service geopy knows ("nominatim", "photon"...).
GEOCODERS: dict[str, type[Geocoder]] = {"offline": OfflineGeocoder}


def get_geocoder(name: str = "offline") -> Geocoder:
    """The geocoder called ``name``."""
    if name in GEOCODERS:
        return GEOCODERS[name]()
    return GeopyGeocoder(name)
