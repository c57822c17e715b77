from __future__ import annotations

import pytest

import routes
from routes.errors import GeocodingError
from routes.read.geocoders import GeopyGeocoder, OfflineGeocoder, get_geocoder


def test_offline_is_the_default() -> None:
    assert isinstance(get_geocoder(), OfflineGeocoder)
    assert get_geocoder().candidates("Tikhoretsk")[0].geonames_id == 483029


def test_unknown_service_is_a_clear_error() -> None:
    with pytest.raises(GeocodingError, match="no geocoder called 'nosuchservice'"):
        get_geocoder("nosuchservice")


class _Unreachable:
    """Stands in for a geopy geocoder with no network (mocked at the boundary)."""

    def geocode(self, *args: object, **kwargs: object) -> None:
        from geopy.exc import GeocoderUnavailable

        raise GeocoderUnavailable("no network")


def test_online_geocoder_without_network_falls_back_to_the_gazetteer() -> None:
    online = GeopyGeocoder("nominatim")
    online._service = _Unreachable()
    with pytest.raises(GeocodingError, match="Nominatim could not look up 'Najin': it cannot be reached"):
        online.candidates("Najin")
    analysis = routes.analyze("Les conteneurs ont été transportés de Najin à Dunay par cargo.", geocoder=online)
    assert [leg.plan.mode for leg in analysis.legs] == ["sea"]
    assert any("offline gazetteer was used" in w for w in analysis.warnings)


class _Raw:
    """A geopy geocoder failing as geopy does offline: the HTTP library's text in the exception."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def geocode(self, *args: object, **kwargs: object) -> None:
        raise self.error


@pytest.mark.parametrize(("error", "reason"), [
    ("GeocoderUnavailable", "cannot be reached (no internet connection, or the service is down)"),
    ("GeocoderTimedOut", "did not answer in time"),
    ("GeocoderRateLimited", "too many requests"),
    ("GeocoderServiceError", "answered with an error"),
])
def test_online_geocoder_failures_are_sentences_not_the_http_librarys_text(error: str, reason: str) -> None:
    """Issue 15: Nominatim offline showed "HTTPSConnectionPool(host=...): Max retries exceeded..."."""
    from geopy import exc

    raw = ("HTTPSConnectionPool(host='nominatim.openstreetmap.org', port=443): Max retries exceeded "
           "(Caused by NameResolutionError(...))")
    online = GeopyGeocoder("nominatim")
    online._service = _Raw(getattr(exc, error)(raw))
    with pytest.raises(GeocodingError) as caught:
        online.candidates("Najin")
    message = str(caught.value)
    assert message.startswith("The online geocoder Nominatim could not look up 'Najin': ") and reason in message
    assert "HTTPSConnectionPool" not in message and "Error" not in message
