"""The map's colours against its basemap, by WCAG 2.2's contrast ratio (written out here as the
oracle): lines 3:1 (1.4.11, non-text contrast), text 4.5:1 (1.4.3)."""

from __future__ import annotations

import pytest

import routes
from routes.show.captions import BORDER_COLOUR, COUNTRY_LABEL, LAND_COLOUR, MODE_COLOURS, SEA_COLOUR
from routes.show.mapview import build_map


def _luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour ``#rrggbb``."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_oracle_gives_wcags_own_figures() -> None:
    assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert _contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey


@pytest.mark.parametrize("name", [*MODE_COLOURS, "border"])
@pytest.mark.parametrize("ground", [LAND_COLOUR, SEA_COLOUR])
def test_every_line_stands_3_to_1_against_land_and_sea(name: str, ground: str) -> None:
    colour = BORDER_COLOUR if name == "border" else MODE_COLOURS[name]
    assert _contrast(colour, ground) >= 3.0, (name, colour, ground)


@pytest.mark.parametrize("ground", [LAND_COLOUR, SEA_COLOUR])
def test_country_names_read_4_5_to_1_on_land_and_sea(ground: str) -> None:
    assert _contrast(COUNTRY_LABEL, ground) >= 4.5


def test_the_map_draws_with_these_colours(first_analysis: routes.Analysis) -> None:
    html = build_map(first_analysis).get_root().render()
    assert f"color:{COUNTRY_LABEL}" in html and MODE_COLOURS["rail"] in html and BORDER_COLOUR in html
