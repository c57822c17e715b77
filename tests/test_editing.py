from __future__ import annotations

import pytest

import routes
from routes.editing import apply_rows, stop_rows
from routes.errors import GeocodingError


def test_rows_describe_the_itinerary(first_analysis: routes.Analysis) -> None:
    rows = stop_rows(first_analysis)
    assert [(r["stop"], r["mode"]) for r in rows] == [
        ("Najin", None), ("Dunay", "sea"), ("dépôt de munitions près de Tikhoretsk", "rail")]


def test_unchanged_rows_give_the_same_legs(first_analysis: routes.Analysis) -> None:
    again = apply_rows(first_analysis, stop_rows(first_analysis))
    assert [leg.length_km for leg in again.legs] == [leg.length_km for leg in first_analysis.legs]
    assert again.legs[0].plan.sentence == first_analysis.legs[0].plan.sentence
    assert again.border == first_analysis.border


def test_fix_a_place_change_a_mode_add_a_stop(first_analysis: routes.Analysis) -> None:
    rows = stop_rows(first_analysis)
    rows[1]["place"] = "Vladivostok"  # fix a place
    rows[2]["mode"] = "air"  # change a mode
    rows.append({"stop": "Rostov", "place": "Rostov-on-Don", "lon": None, "lat": None, "mode": "road"})  # add a stop
    edited = apply_rows(first_analysis, rows)
    assert [leg.plan.destination.place.name for leg in edited.legs] == ["Vladivostok", "Tikhoretsk", "Rostov-on-Don"]
    assert [leg.plan.mode for leg in edited.legs] == ["sea", "air", "road"]
    assert [leg.drawn_as for leg in edited.legs][1:] == ["direct", "road"]
    assert edited.legs[0].length_km != first_analysis.legs[0].length_km
    assert edited.legs[2].plan.sentence == "(added by the user)"


def test_a_leg_the_network_cannot_route_is_left_out_with_the_reason(first_analysis: routes.Analysis) -> None:
    # the highway graph joins the Russian Far East to the west only through China or Kazakhstan
    rows = stop_rows(first_analysis)
    rows[1]["place"] = "Vladivostok"
    rows[2]["mode"] = "road"
    edited = apply_rows(first_analysis, rows)
    assert [leg.plan.mode for leg in edited.legs] == ["sea"]
    assert any(w.startswith("Leg Vladivostok → ") and "kept within Russia" in w and "China" in w
               for w in edited.warnings)


def test_moving_a_stop_by_coordinates(first_analysis: routes.Analysis) -> None:
    rows = stop_rows(first_analysis)
    rows[2]["lon"], rows[2]["lat"] = 40.2, 45.9
    edited = apply_rows(first_analysis, rows)
    assert edited.legs[1].plan.destination.place.coord == (40.2, 45.9)
    assert edited.border is not None and edited.border.point == (40.2, 45.9)


def test_unknown_place_is_a_clear_error(first_analysis: routes.Analysis) -> None:
    rows = stop_rows(first_analysis)
    rows[1]["place"] = "Xqzzyville"
    with pytest.raises(GeocodingError, match="Xqzzyville"):
        apply_rows(first_analysis, rows)


def test_unknown_mode_is_a_clear_error(first_analysis: routes.Analysis) -> None:
    rows = stop_rows(first_analysis)
    rows[1]["mode"] = "teleport"
    with pytest.raises(ValueError, match="teleport"):
        apply_rows(first_analysis, rows)


def test_a_new_stop_may_be_given_by_coordinates_alone(first_analysis: routes.Analysis) -> None:
    rows = stop_rows(first_analysis)
    rows.append({"stop": "Depot 2", "place": "Depot 2", "lon": 39.7, "lat": 47.2, "mode": "road"})
    edited = apply_rows(first_analysis, rows)
    assert edited.legs[-1].plan.destination.place.feature == "custom"
    assert edited.legs[-1].plan.destination.place.coord == (39.7, 47.2)


def test_radii_from_text() -> None:
    from routes.editing import radii_from_text

    assert radii_from_text("100, 200 290km") == [100.0, 200.0, 290.0]
    assert radii_from_text("") == []
    with pytest.raises(ValueError, match="'far'"):
        radii_from_text("100, far")
