"""Shipment routes from news articles: find the places, plan the journey, route and measure it.

The whole flow is one call::

    >>> import routes                                        # doctest: +SKIP
    >>> analysis = routes.analyze(open("article.txt").read())  # doctest: +SKIP
    >>> routes.to_geojson(analysis)                          # doctest: +SKIP
"""

from routes.analysis import analyze, for_view, route_itinerary, with_stops
from routes.errors import (
    ArticleError,
    BorderError,
    DataError,
    GeocodingError,
    NoPlacesError,
    RoutesError,
    RoutingError,
)
from routes.model import (
    Analysis,
    Article,
    BorderMeasurement,
    Claim,
    Itinerary,
    Leg,
    LegPlan,
    Mention,
    Place,
    PlaceMention,
    RouteOptions,
    Speeds,
    Stop,
    ViewOptions,
)
from routes.read.article import read_article, read_article_file
from routes.read.geocoders import GEOCODERS, Geocoder, get_geocoder
from routes.show.export import export
from routes.show.geojson import geojson_text, to_geojson

__all__ = [
    "GEOCODERS", "Analysis", "Article", "ArticleError", "BorderError", "BorderMeasurement", "Claim",
    "DataError", "Geocoder", "GeocodingError", "Itinerary", "Leg", "LegPlan", "Mention",
    "NoPlacesError", "Place", "PlaceMention", "RouteOptions", "RoutesError", "RoutingError", "Speeds", "Stop",
    "ViewOptions", "analyze", "export", "for_view", "geojson_text", "get_geocoder", "read_article",
    "read_article_file", "route_itinerary", "to_geojson", "with_stops",
]
