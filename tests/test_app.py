"""The page as Streamlit runs it (``AppTest``, no browser): settings reach every view; no state leaks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import routes

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _map_html(at: AppTest) -> str:
    (frame,) = [e for e in at.get("component_instance") if "folium" in e.proto.component_name]
    return json.dumps(json.loads(frame.proto.json_args))


def test_a_train_speed_set_in_the_page_reaches_the_figures_and_the_map(first_analysis: routes.Analysis) -> None:
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception
    (train,) = [s for s in at.sidebar.slider if s.label.startswith("Train speed")]
    train.set_value(80.0).run()
    days = first_analysis.legs[1].length_km / 80 / 24  # the oracle: length over speed
    said = f"about {days:.1f} days at 80 km/h"
    assert any(said in c.value for c in at.caption)
    html = _map_html(at)
    assert said in html and "at 40 km/h" not in html


def _places(at: AppTest) -> set[str]:
    (table,) = [d for d in at.dataframe if "mention" in d.value.columns]
    return set(table.value["mention"])


def _stops(at: AppTest) -> list[str]:
    (table,) = [d for d in at.dataframe if "stop" in d.value.columns]
    return list(table.value["stop"])


@pytest.mark.parametrize("second", ["Trucks carried the grain from Lyon to Marseille on 3 May."])
def test_a_second_pasted_article_shows_its_own_places_not_the_first_ones_edits(second: str) -> None:
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.sidebar.radio[0].set_value("Paste text").run()
    at.sidebar.text_area(key="pasted").input("Le cargo a quitté Najin pour Dunay, en Russie.").run()
    assert {"Najin", "Dunay"} <= _places(at)
    at.button[0].click().run()  # "Apply changes to the map": the stops as they are become an edit
    assert at.session_state["edited"] is not None
    at.sidebar.text_area(key="pasted").input(second).run()
    assert not at.exception
    places = _places(at)
    assert {"Lyon", "Marseille"} <= places and "Najin" not in places
    assert _stops(at) == ["Lyon", "Marseille"]
