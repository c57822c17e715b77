"""One exception family for the whole package.

The app and the command line catch :class:`RoutesError` once and show its message;
every subclass also inherits the builtin it refines, as geopy's ``exc.py`` does.
"""

from __future__ import annotations


class RoutesError(Exception):
    """Root of every error this package raises on purpose."""


class ArticleError(RoutesError, ValueError):
    """The article cannot be read: empty, binary, too large or in an unknown format."""


class NoPlacesError(RoutesError, LookupError):
    """The article names no place that the gazetteer knows."""


class GeocodingError(RoutesError, LookupError):
    """A name could not be placed (unknown name, or an online geocoder failed)."""


class RoutingError(RoutesError, RuntimeError):
    """A leg could not be routed on its network."""


class BorderError(RoutesError, LookupError):
    """A border cannot be measured (unknown country, or no boundary data for it)."""


class DataError(RoutesError, OSError):
    """A shipped data file is missing or cannot be built."""


class BudgetError(RoutesError, TimeoutError):
    """An analysis went over its time or memory budget (:mod:`routes.workers`) and was stopped."""


class ExportError(RoutesError, ValueError):
    """An export cannot be made as asked: unknown format, bad size or scale."""


class OfflineAssetError(RoutesError, LookupError):
    """A map needs an asset from outside that has no vendored copy."""
