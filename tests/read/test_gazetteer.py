from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from routes.read.gazetteer import gazetteer
from routes.read.names import name_key


def test_index_has_towns_countries_and_continents() -> None:
    size = gazetteer().size()
    assert size["places"] > 200_000 and size["names"] > 1_000_000
    assert gazetteer().country("ua").name == "Ukraine"
    assert gazetteer().candidates("Europe")[0].feature == "continent"


def test_names_in_many_languages_and_spellings() -> None:
    for name in ("Moscou", "Moskau", "Москва", "moscow"):
        assert gazetteer().candidates(name)[0].geonames_id == 524901, name
    assert gazetteer().candidates("Corée du Nord")[0].country_code == "KP"
    assert gazetteer().candidates("Etats Unis")[0].country_code == "US"


def test_unknown_names_have_no_candidates() -> None:
    assert gazetteer().candidates("Xqzzyville") == []
    assert not gazetteer().knows("Maison Kremlin")


def test_name_key_ignores_case_accents_and_hyphens() -> None:
    assert name_key("Maison-Blanche") == name_key("maison blanche")
    assert name_key("Najin‐ŭp") == "najin up"


def test_nearest_town() -> None:
    town = gazetteer().nearest_town(40.12, 45.86, min_population=50_000)
    assert town is not None and town.name == "Tikhoretsk"


def test_regions_demonyms_and_abbreviations() -> None:
    from routes.read.names import ABBREVIATION, DEMONYM

    texas = gazetteer().candidates("Texas")[0]
    assert texas.feature == "region" and texas.geonames_id == 4736286
    assert gazetteer().candidates("Primorsky Krai")[0].country_code == "RU"
    assert (gazetteer().matches("Syrians")[0][0].country_code, gazetteer().matches("Syrians")[0][1]) == ("SY", DEMONYM)
    assert gazetteer().matches("U.S.")[0][0].country_code == "US"
    assert gazetteer().matches("UK")[0][1] in {ABBREVIATION, 1} and gazetteer().matches("UK")[0][0].country_code == "GB"
    assert gazetteer().candidates("European")[0].feature == "continent"


def test_regions_named_with_a_second_name_in_brackets() -> None:
    """ISO writes "Wales [Cymru GB-CYM]": the region is Wales, also called Cymru."""
    for name in ("Wales", "Cymru"):
        region = next(p for p in gazetteer().candidates(name) if p.feature == "region")
        assert region.name == "Wales" and region.country_code == "GB", name


def test_a_transliterated_oblast_or_krai_is_shown_by_its_english_name() -> None:
    """ISO writes "Brjanskaja oblast'" and "Krasnodarskij kraj"; a reader expects "Bryansk
    Oblast" and "Krasnodar Krai". Regions ISO already names as readers do stay as they are."""
    from routes.read.gazetteer import gazetteer

    g = gazetteer()
    shown = {name: next(p.name for p in g.candidates(name) if p.feature == "region")
             for name in ("Bryansk Oblast", "Krasnodar Krai", "Texas", "England")}
    assert shown == {"Bryansk Oblast": "Bryansk Oblast", "Krasnodar Krai": "Krasnodar Krai",
                     "Texas": "Texas", "England": "England"}


@pytest.mark.parametrize("damage_done", ["garbage", "truncated"])
def test_a_damaged_index_is_rebuilt_and_said_so(tmp_path: Path, damage_done: str) -> None:
    """Issue 16: a truncated or overwritten cache gave a raw sqlite3.DatabaseError."""
    from routes.read.gazetteer import damage, index_path

    good = index_path()
    bad = tmp_path / good.name
    if damage_done == "garbage":
        bad.write_bytes(b"not a database " * 1000)
    else:
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    assert damage(bad) is not None
    done = subprocess.run([sys.executable, "-m", "routes", "build-data"], capture_output=True, timeout=600,
                          env={**os.environ, "ROUTES_CACHE_DIR": str(tmp_path)}, check=False)
    assert done.returncode == 0, done.stderr
    assert b"damaged" in done.stderr and b"Traceback" not in done.stderr
    assert damage(bad) is None
