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


def test_typed_values_are_checked_with_a_sentence_for_beside_the_field() -> None:
    """Issue 15, point 3: every field's value is read in the package, with what is wrong said, never raised."""
    from routes.editing import check_number, check_radii, check_rows, check_year
    from routes.model import MODES

    assert check_radii("100, 200 290km").value == (100.0, 200.0, 290.0) and check_radii("").problem is None
    bad = check_radii("100, abc")
    assert bad.value == () and bad.problem is not None and bad.problem.startswith("'abc' is not a distance in km.")
    assert "0 to 20,000 km" in (check_radii("25000").problem or "")
    assert check_number("12.5", 12, 4, 30, what="ship speed", unit="knots").value == 12.5
    assert check_number(None, 12, 4, 30, what="ship speed", unit="knots") == check_number("", 12, 4, 30,
                                                                                          what="x", unit="y")
    assert check_number("nan", 12, 4, 30, what="ship speed", unit="knots").value == 12
    low = check_number("-5", 12, 4, 30, what="ship speed", unit="knots")
    assert low.value == 4 and low.problem == ("The address gives -5 knots for the ship speed, outside 4–30 knots; "
                                              "4 knots used.")
    assert check_year("2023", None).value == 2023 and check_year("20x3", 2022).value == 2022
    assert "no year used" in (check_year("1066", None).problem or "")
    rows = [{"stop": "A", "place": "Najin", "lon": 200, "lat": 42, "mode": None},
            {"stop": "B", "place": "Dunay", "lon": None, "lat": 95.5, "mode": "boat"},
            {"stop": "", "place": "", "lon": None, "lat": None, "mode": None}]
    assert check_rows(rows) == ["Row 1: longitude 200 is outside −180 to 180.",
                                "Row 2: latitude 95.5 is outside −90 to 90.",
                                "Row 2: unknown mode 'boat'; choose one of " + ", ".join(MODES) + "."]
