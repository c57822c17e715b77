from __future__ import annotations

import routes
from routes.show.story import story


def test_story_steps_follow_the_journey(first_analysis: routes.Analysis) -> None:
    steps = story(first_analysis)
    assert [s.title.split(":")[0] for s in steps] == ["The article", "The places", "Leg 1", "Leg 2",
                                                       "The border of Ukraine"]
    sea = steps[2]
    assert "Najin → Dunay by sea" in sea.title and "cargo" in sea.text
    assert 128 < sea.centre[0] < 134 and sea.zoom >= 6  # zoomed on the Sea of Japan
    assert "290" in steps[-1].text


def test_no_places_no_story() -> None:
    analysis = routes.analyze("Moscou et Pyongyang ont démenti.")
    assert [s.title for s in story(analysis)] == ["The article", "The places"]


def test_the_steps_speak_plainly(first_analysis: routes.Analysis) -> None:
    """Issue 15, point 8: the teaching steps read like a data sheet (dataset versions, points of view)."""
    steps = story(first_analysis)
    assert "Najin → Dunay → Tikhoretsk" in steps[0].text and "2 legs" in steps[0].text
    border, km = steps[-1].text, first_analysis.border.distance_km  # type: ignore[union-attr]
    assert f"Tikhoretsk lies {km:,.0f} km from the border of Ukraine" in border
    assert "“environ 290 kilomètres”" in border and f"{290 - km:,.0f} km more than the measurement" in border
    assert not any(word in step.text for step in steps for word in ("v5.", "geoBoundaries", "point of view", "0.0."))
