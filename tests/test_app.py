"""The page as Streamlit runs it (``AppTest``, no browser): settings reach every view; no state leaks."""

from __future__ import annotations

import json
import re
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
    assert any(said in _as_read(c.value) for c in at.caption)
    html = _map_html(at)
    assert said in html and "at 40 km/h" not in html


def _as_read(markdown: str) -> str:
    """Markdown's text as a reader sees it: backslash escapes resolved (CommonMark)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


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


HOSTILE = ("<html><head><title>![t](http://127.0.0.1:8999/title.png) :red[Grain] <img src=x onerror=alert(1)>"
           "</title></head><body><p>Trucks took the aid from Gdańsk to [Białystok](javascript:alert(1)) on 3 May, "
           "less than 60 km from the <b>Belarusian</b> border.</p></body></html>")


def _unescaped_markup(source: str) -> list[str]:
    """Markup an article could use to fetch, run or restyle: an image, a link, an HTML tag, a directive."""
    return re.findall(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(|(?<!\\)<[a-z/]|(?<!\\):[a-z]+(?<!\\)\[", source)


def test_article_text_reaches_every_markdown_element_as_text() -> None:
    """The title, names and sentences of an article are escaped wherever Streamlit reads Markdown (issue 16)."""
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.sidebar.radio[0].set_value("Paste text").run()
    at.sidebar.text_area(key="pasted").input(HOSTILE).run()
    assert not at.exception
    shown = [*at.subheader, *at.markdown, *at.caption, *at.warning, *at.info, *at.success, *at.error]
    sources = [e.value if isinstance(e.value, str) else e.proto.body for e in shown]
    sources += [m.label for m in at.metric] + [m.help or "" for m in at.metric]
    assert any("![t](http://127.0.0.1:8999/title.png)" in _as_read(s) for s in sources)  # the title is shown...
    assert [s for s in sources if _unescaped_markup(s)] == []  # ...as text, never as an image or a link


def _sidebar_errors(at: AppTest) -> list[str]:
    return [_as_read(e.value) for e in at.sidebar.error]


def test_a_bad_radius_is_said_beside_its_field_and_the_rest_of_the_page_stays() -> None:
    """Issue 15, point 3: one typo in 'Radii in km' blanked the figures, the text and the map for one error line."""
    at = AppTest.from_file(APP, default_timeout=180).run()
    (around,) = [s for s in at.sidebar.selectbox if s.label == "Around"]
    around.set_value(around.options[-1]).run()  # rings around the last stop, near Tikhoretsk
    assert "100 km from d" in _map_html(at)  # "dépôt de munitions près de Tikhoretsk", JSON-escaped
    (radii,) = [t for t in at.sidebar.text_input if t.label == "Radii in km"]
    radii.input("100, abc").run()
    assert not at.exception
    assert any("'abc' is not a distance in km." in e for e in _sidebar_errors(at))
    assert [e for e in at.main.error] == []  # nothing said in the page's body: only beside the field
    html = _map_html(at)  # the map is still there, without the rings until the radii are fixed
    assert "Najin" in html and "km from d" not in html
    assert len(at.metric) >= 3 and any("environ 290" in _as_read(w.value) for w in at.warning)
    (radii,) = [t for t in at.sidebar.text_input if t.label == "Radii in km"]  # the widget as drawn again
    radii.input("100, 250").run()
    assert _sidebar_errors(at) == [] and "250 km from d" in _map_html(at)


def test_values_the_slider_cannot_take_in_a_shared_address_are_said_and_bounded() -> None:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["knots"] = "100"
    at.query_params["rail"] = "fast"
    at.query_params["year"] = "3000"
    at.run()
    assert not at.exception
    errors = _sidebar_errors(at)
    assert any("100 knots for the ship speed, outside 4–30 knots; 30 knots used." in e for e in errors), errors
    assert any("'fast' for the train speed: not a number; 40 km/h used." in e for e in errors), errors
    assert any("'3000' for the year" in e for e in errors), errors
    (ship,) = [s for s in at.sidebar.slider if s.label.startswith("Ship speed")]
    assert ship.value == 30.0 and "_map" not in str(at.main.error)


def test_an_article_with_no_places_is_said_beside_the_article() -> None:
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.sidebar.radio[0].set_value("Paste text").run()
    at.sidebar.text_area(key="pasted").input("Il pleut depuis trois jours sur la ville.").run()
    assert not at.exception
    assert any("No place names were found" in e for e in _sidebar_errors(at))
    assert any("No place names were found" in _as_read(e.value) for e in at.main.error)  # seen on a phone too
