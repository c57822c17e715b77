"""How well the reader reads the journey of a shipment report, per language, against hand-written gold.

The development set is ``benchmarks/journeys/<lang>/NNN.txt`` with ``NNN.json`` (the gold:
stops in travel order with a point and a tolerance, legs with their mode and dates, what
each leg passes, the border question, each distance claim with its expected verdict; see
``benchmarks/journeys/README.md``). ``--heldout`` scores the held-out set instead (written
apart, never read while the reader was tuned).

    .venv/bin/python benchmarks/journeys.py [--heldout] [--lang fr] [--show] [--readme README.md]

Measures, per language and overall:

- journey exact match: the same stops in the same order (each within its tolerance) and the
  same mode on every leg; for a report with no journey, no leg;
- stop precision, recall and F1 (a stop found matches one gold stop within its tolerance);
- leg F1 (origin, destination and mode all right);
- date accuracy: of the dates the gold gives its legs (start and end), the share found on
  the right leg;
- border-question accuracy: the right country measured from the right stop, or no border
  where the gold has none;
- claim-verdict accuracy: each gold distance claim found (same value and unit) with the
  expected verdict (agrees, disagrees, or unchecked);
- time per article: reading (places, journey, claims) warm, and the whole analysis with
  routing.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import routes  # noqa: E402
from routes.geodesy import distance_km  # noqa: E402

HERE = Path(__file__).resolve().parent / "journeys"
LANGUAGES = ("en", "fr", "es", "de", "ru")
UNITS = {"km": "km", "mi": "mi", "nmi": "nmi"}


@dataclass
class Score:
    articles: int = 0
    exact: int = 0
    stops_found: int = 0
    stops_gold: int = 0
    stops_right: int = 0
    legs_found: int = 0
    legs_gold: int = 0
    legs_right: int = 0
    dates_gold: int = 0
    dates_right: int = 0
    borders: int = 0
    borders_right: int = 0
    claims: int = 0
    claims_right: int = 0
    read_s: list[float] = field(default_factory=list)
    total_s: list[float] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for k, v in vars(other).items():
            setattr(self, k, getattr(self, k) + v)


def _near(place: routes.Place | None, gold: dict) -> bool:
    return place is not None and distance_km(place.coord, (gold["lon"], gold["lat"])) <= gold.get("tolerance_km", 30)


def _same_date(found: str | None, gold: str | None) -> bool:
    if found is None or gold is None:
        return found is gold
    return found[-5:] == gold[-5:] and (found.startswith("--") or gold.startswith("--") or found[:4] == gold[:4])


def _verdict(check: routes.model.ClaimCheck | None) -> str:
    if check is None or check.agrees is None:
        return "unchecked"
    return "agrees" if check.agrees else "disagrees"


def score_article(text_path: Path, show: bool) -> Score:
    gold = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
    text = text_path.read_text(encoding="utf-8")
    s = Score(articles=1)
    t0 = time.perf_counter()
    article = routes.read_article(text, name=text_path.name)
    from routes.read.itinerary import plan_itinerary
    from routes.read.places import find_places

    places = find_places(article)
    plan_itinerary(places, article.text, article.language)
    s.read_s.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    try:
        analysis = routes.analyze(text, name=text_path.name)
    except routes.NoPlacesError:
        analysis = None
    s.total_s.append(time.perf_counter() - t0)
    it = analysis.itinerary if analysis else None
    stops = list(it.stops) if it else []
    legs = list(it.legs) if it else []

    # stops: each gold stop matched at most once
    used: set[int] = set()
    for g in gold["stops"]:
        for i, st in enumerate(stops):
            if i not in used and _near(st.place, g):
                used.add(i)
                break
    s.stops_found, s.stops_gold, s.stops_right = len(stops), len(gold["stops"]), len(used)

    # legs
    matched: dict[int, routes.LegPlan] = {}
    for gi, g in enumerate(gold["legs"]):
        a, b = gold["stops"][g["from"]], gold["stops"][g["to"]]
        for leg in legs:
            if leg not in matched.values() and leg.mode == g["mode"] and _near(leg.origin.place, a) \
                    and _near(leg.destination.place, b):
                matched[gi] = leg
                break
    s.legs_found, s.legs_gold, s.legs_right = len(legs), len(gold["legs"]), len(matched)

    # exact match
    if not gold["legs"]:
        s.exact = int(not legs)
    else:
        same_stops = len(stops) == len(gold["stops"]) and all(
            _near(st.place, g) for st, g in zip(stops, gold["stops"], strict=True))
        same_modes = len(legs) == len(gold["legs"]) and all(
            lg.mode == g["mode"] for lg, g in zip(legs, gold["legs"], strict=True))
        s.exact = int(same_stops and same_modes)

    # dates
    for gi, g in enumerate(gold["legs"]):
        leg = matched.get(gi)
        for key, attr in (("start", "start"), ("end", "end")):
            if g.get(key):
                s.dates_gold += 1
                found = getattr(leg.dates, attr) if leg is not None and leg.dates else None
                s.dates_right += int(_same_date(found, g[key]))

    # border question
    s.borders = 1
    b = it.border if it else None
    if gold["border"] is None:
        s.borders_right = int(b is None)
    else:
        g = gold["border"]
        s.borders_right = int(b is not None and b.country_code == g["country"] and _near(b.stop.place,
                                                                                           gold["stops"][g["from"]]))

    # claims
    checks = list(analysis.checks) if analysis else []
    for g in gold["claims"]:
        s.claims += 1
        found = next((c for c in checks if c.claim.kind == "distance" and c.claim.value is not None
                      and math.isclose(c.claim.value, g["value"], rel_tol=0.005)
                      and _unit_symbol(c.claim.unit) == g["unit"]), None)
        s.claims_right += int(_verdict(found) == g["verdict"])

    if show and not (s.exact and s.borders_right and s.claims_right == s.claims and s.dates_right == s.dates_gold):
        print(f"--- {gold['id']}: exact {s.exact}, stops {s.stops_right}/{s.stops_gold} (found {s.stops_found}), "
              f"legs {s.legs_right}/{s.legs_gold}, dates {s.dates_right}/{s.dates_gold}, border {s.borders_right}, "
              f"claims {s.claims_right}/{s.claims}")
        print("  gold:", " → ".join(f"{g['name']}" for g in gold["stops"]),
              [(g["mode"], g.get("start"), g.get("end")) for g in gold["legs"]], gold["border"])
        print("  read:", " → ".join(f"{st.name} ({st.place.name})" for st in stops),
              [(lg.mode, lg.dates.start if lg.dates else None, lg.dates.end if lg.dates else None) for lg in legs],
              (it.border.country_code, it.border.stop.name) if it and it.border else None)
        for g in gold["claims"]:
            found = next((c for c in checks if c.claim.kind == "distance" and c.claim.value is not None
                          and math.isclose(c.claim.value, g["value"], rel_tol=0.005)), None)
            print(f"  claim {g['text']!r} {g['about']} {g['verdict']} (true {g.get('true_km')}) → "
                  + (f"{found.claim.about} {_verdict(found)} computed {found.computed_km}" if found else "not found"))
    return s


def _unit_symbol(unit: str) -> str:
    from routes.read.lang import LANGUAGES as READ
    from routes.read.lang import lexicon

    for lang in READ:
        if unit.lower() in lexicon(lang).units:
            return lexicon(lang).units[unit.lower()]
        from routes.read.lang import lemma

        if lemma(unit, lang) in lexicon(lang).units:
            return lexicon(lang).units[lemma(unit, lang)]
    return unit


def _pct(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


def _f1(right: int, found: int, gold: int) -> str:
    p = right / found if found else 1.0 if not gold else 0.0
    r = right / gold if gold else 1.0
    return f"{2 * p * r / (p + r):.2f}" if p + r else "0.00"


def table(scores: dict[str, Score]) -> str:
    rows = ["| language | articles | journey exact | stop P / R / F1 | leg F1 | dates | border | claim verdicts "
            "| reading, warm | with routing |", "|---|---|---|---|---|---|---|---|---|---|"]
    for lang, s in scores.items():
        p = s.stops_right / s.stops_found if s.stops_found else 1.0
        r = s.stops_right / s.stops_gold if s.stops_gold else 1.0
        rows.append(
            f"| {lang} | {s.articles} | {_pct(s.exact, s.articles)} | {p:.2f} / {r:.2f} / "
            f"{_f1(s.stops_right, s.stops_found, s.stops_gold)} | {_f1(s.legs_right, s.legs_found, s.legs_gold)} | "
            f"{_pct(s.dates_right, s.dates_gold)} | {_pct(s.borders_right, s.borders)} | "
            f"{_pct(s.claims_right, s.claims)} | {sum(s.read_s) / max(1, len(s.read_s)):.2f} s | "
            f"{sum(s.total_s) / max(1, len(s.total_s)):.2f} s |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--heldout", action="store_true", help="score the held-out set")
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="only these languages")
    parser.add_argument("--show", action="store_true", help="print every article not read right")
    parser.add_argument("--readme", type=Path, help="write the table into this README's journeys block")
    args = parser.parse_args()
    root = HERE / "heldout" if args.heldout else HERE
    routes.analyze("Le cargo a quitté Najin pour Dunay.")  # models, gazetteer, networks loaded: timings are warm
    scores: dict[str, Score] = {}
    overall = Score()
    for lang in args.lang or LANGUAGES:
        s = Score()
        for path in sorted((root / lang).glob("*.txt")):
            s.add(score_article(path, args.show))
        scores[lang] = s
        overall.add(s)
    scores["all"] = overall
    out = table(scores)
    print(out)
    if args.readme:
        name = "journeys-heldout" if args.heldout else "journeys"
        readme = args.readme.read_text(encoding="utf-8")
        block = f"<!-- {name} -->\n{out}\n<!-- /{name} -->"
        new, n = re.subn(rf"<!-- {name} -->.*?<!-- /{name} -->", block, readme, flags=re.S)
        if n == 0:
            raise SystemExit(f"no <!-- {name} --> block in {args.readme}")
        args.readme.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
