from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import routes
from routes import settings
from routes.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def test_geojson_schema(first_analysis: routes.Analysis) -> None:
    collection = routes.to_geojson(first_analysis)
    kinds: dict[str, list[dict]] = {}
    for f in collection["features"]:
        kinds.setdefault(f["properties"]["kind"], []).append(f)
    assert set(kinds) == {"place", "leg", "border_distance", "claim"}
    for f in kinds["place"]:
        assert f["geometry"]["type"] == "Point"
        p = f["properties"]
        assert {"name", "mention", "start", "end", "geonames_id", "country_code", "role"} <= set(p)
        assert first_analysis.article.text[p["start"]:p["end"]] == p["mention"]
    sea, rail = kinds["leg"]
    assert (sea["properties"]["mode"], rail["properties"]["mode"]) == ("sea", "rail")
    assert sea["properties"]["length_nmi"] == pytest.approx(sea["properties"]["length_km"] / 1.852, abs=0.1)
    assert "length_nmi" not in rail["properties"]
    assert sea["properties"]["drawn_as"] == "direct"
    lon, lat = sea["geometry"]["coordinates"][0]
    assert (round(lon), round(lat)) == (130, 42)  # lon, lat order (RFC 7946)
    (border,) = kinds["border_distance"]
    assert border["geometry"]["type"] == "LineString"
    assert border["properties"]["country_code"] == "UA"
    assert 150 < border["properties"]["distance_km"] < 300
    assert "Natural Earth" in border["properties"]["boundary"]
    (claim,) = [c for c in kinds["claim"] if c["properties"]["claim_kind"] == "distance"]
    assert claim["geometry"] is None
    assert claim["properties"]["claimed_km"] == 290
    assert claim["properties"]["computed_km"] == border["properties"]["distance_km"]


def test_command_line_writes_geojson(tmp_path: Path) -> None:
    out = tmp_path / "out.geojson"
    assert main(["analyze", str(settings.first_article), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert sum(f["properties"]["kind"] == "leg" for f in data["features"]) == 2


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "routes", *args], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=120, check=False)


def test_command_line_reads_stdin() -> None:
    done = run_cli("analyze", "-", stdin="Les conteneurs ont été transportés de Najin à Dunay par cargo.".encode())
    assert done.returncode == 0, done.stderr
    legs = [f for f in json.loads(done.stdout)["features"] if f["properties"]["kind"] == "leg"]
    assert legs[0]["properties"]["mode"] == "sea"


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("analyze", "-"), b"", "holds no text"),
    (("analyze", "-"), b"Il pleut depuis trois jours sur la ville.", "No place names"),
    (("analyze", "-"), b"\x00\x01\x02binary\x00", "binary"),
    (("analyze", "does-not-exist.txt"), b"", "does-not-exist.txt"),
])
def test_bad_input_exits_non_zero_with_one_line(args: tuple[str, ...], stdin: bytes, message: str) -> None:
    done = run_cli(*args, stdin=stdin)
    assert done.returncode == 1
    err = done.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err
    assert done.stdout == b""
