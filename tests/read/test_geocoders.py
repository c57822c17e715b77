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
    with pytest.raises(GeocodingError, match="nominatim"):
        online.candidates("Najin")
    analysis = routes.analyze("Les conteneurs ont été transportés de Najin à Dunay par cargo.", geocoder=online)
    assert [leg.plan.mode for leg in analysis.legs] == ["sea"]
    assert any("offline gazetteer was used" in w for w in analysis.warnings)
