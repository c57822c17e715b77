"""The article's highlighted names: buttons for the keyboard, escaped, with a key to their colours."""

from __future__ import annotations

import re

import routes
from routes.show.textview import highlighted_html, key_html


def test_place_names_are_keyboard_buttons_named_for_what_they_do(first_analysis: routes.Analysis) -> None:
    html = highlighted_html(first_analysis)
    marks = re.findall(r"<mark [^>]*>", html)
    assert len(marks) == len(re.findall("</mark>", html)) > 5
    assert all("tabindex='0'" in m and "role='button'" in m for m in marks)
    najin = next(m for m in marks if "aria-label='Najin," in m)
    assert "where the journey starts: show on the map" in najin


def test_the_key_names_each_highlight_colour_in_words(first_analysis: routes.Analysis) -> None:
    key = key_html(first_analysis)
    for words, colour in [("where the journey starts", "#cfe3f3"), ("a stop on the way or where it ends", "#f8d9c7"),
                          ("a country", "#e8e8e8"), ("another place named", "#fff0b3")]:
        assert f"background:{colour}'>{words}</mark>" in key
    assert "Tab to it and press Enter" in key


def test_article_text_in_the_names_stays_escaped() -> None:
    analysis = routes.analyze("Le <b>cargo</b> a quitté Najin pour Dunay.")
    html = highlighted_html(analysis)
    assert "<b>" not in html and "&lt;b&gt;" in html
