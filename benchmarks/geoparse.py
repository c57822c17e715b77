"""Score the geoparser on GeoWebNews (Gritta et al. 2019), the way the paper does.

Usage, from the repository root::

    .venv/bin/python benchmarks/geoparse.py                 # the whole set (200 articles)
    .venv/bin/python benchmarks/geoparse.py --limit 40      # a quick look
    .venv/bin/python benchmarks/geoparse.py --readme README.md   # also write the table there

The data stays in ``../shared/benchmarks/geowebnews/`` (or ``$ROUTES_GEOWEBNEWS``): it is
GPL-3.0 and the articles belong to their publishers, so nothing of it enters the
repository. Without it the harness prints why and exits 0.

Gold rules (the data's README, after the paper):

- **recognition**: every toponym whose type is not ``Literal_Expression``,
  ``Non_Lit_Expression`` or ``Non_Toponym`` (2,720 spans: literal names, metonyms,
  modifiers such as "Syrian", demonyms, names inside other names). Precision, recall and
  F1 on exact offsets and on overlapping offsets (one-to-one);
- **resolution**: the 2,401 toponyms with a GeoNames point. Accuracy@161 km, AUC of
  ln(1 + error km) over ln(20,039) (lower is better), median error. A gold toponym that
  the system did not find or did not place counts as 20,039 km. Measured twice: after
  the system's own recognition (*pipeline*), and on the gold spans given to
  :func:`routes.read.places.resolve_spans` (*gold spans*);
- **end-to-end F1@161**: a predicted span is a true positive when it matches a gold span
  and, when that gold toponym has a point, lies within 161 km of it. Also shown: EUPEG's
  proxy, recognition F1 × accuracy@161 on gold spans.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import resource
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Where the benchmark lives (never copied into the repository).
DATA_DIR = Path(os.environ.get("ROUTES_GEOWEBNEWS", ROOT.parent / "shared" / "benchmarks" / "geowebnews"))
#: Toponym types that are not recognition gold.
NOT_GOLD = {"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"}
#: Half the Earth's circumference, km: the error of a toponym not found or not placed.
MAX_KM = 20_039.0
#: Accuracy threshold, km (100 miles).
NEAR_KM = 161.0
#: Published points on this set (EUPEG, Wang and Hu 2019) the table is set beside.
REFERENCES = [
    ("Stanford NER (best recognition)", 0.74, None),
    ("Edinburgh Geoparser (best end-to-end)", 0.65, 0.92),
    ("spaCy NER + most populous place", 0.54, 0.66),
]
_MARK_START, _MARK_END = "<!-- geoparse-benchmark -->", "<!-- /geoparse-benchmark -->"


@dataclass
class Toponym:
    start: int
    end: int
    name: str
    kind: str
    lonlat: tuple[float, float] | None
    geonames_id: int | None = None


@dataclass
class Doc:
    ident: str
    text: str
    gold: list[Toponym]  # recognition gold
    points: list[Toponym]  # resolution gold (with a GeoNames point)


@dataclass
class Counts:
    exact_tp: int = 0
    overlap_tp: int = 0
    predicted: int = 0
    gold: int = 0
    e2e_tp: int = 0
    e2e_overlap_tp: int = 0
    errors: list[float] = field(default_factory=list)  # pipeline, one per resolution gold
    gold_span_errors: list[float] = field(default_factory=list)
    #: Gold-span misses (beyond 161 km), by cause: "unplaced", "same place" (our place has
    #: the gold GeoNames id, at another point: a country's point), "another place".
    misses: dict[str, int] = field(default_factory=lambda: {"unplaced": 0, "same place": 0, "another place": 0})
    seconds: list[float] = field(default_factory=list)


def load(data_dir: Path) -> list[Doc]:
    """The articles and their gold toponyms, from ``GWN.xml``."""
    root = ET.parse(data_dir / "GWN.xml").getroot()
    docs = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        gold, points = [], []
        for t in art.iter("toponym"):
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            kind = t.findtext("type") or ""
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            gid = (t.findtext("geonamesID") or "").strip()
            top = Toponym(start, end, text[start:end], kind,
                          (float(lon), float(lat)) if gid and lat and lon else None,
                          int(gid) if gid.isdigit() else None)
            if kind not in NOT_GOLD:
                gold.append(top)
            if top.lonlat is not None:
                points.append(top)
        docs.append(Doc(art.get("file", str(len(docs))), text, gold, points))
    return docs


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _match(pred: list[tuple[int, int]], gold: list[Toponym], *, exact: bool) -> dict[int, int]:
    """One-to-one matching of predicted to gold spans: {pred index: gold index}."""
    used: set[int] = set()
    pairs = {}
    for i, (s, e) in enumerate(pred):
        for j, g in enumerate(gold):
            if j in used:
                continue
            if (s, e) == (g.start, g.end) if exact else (s < g.end and g.start < e):
                pairs[i] = j
                used.add(j)
                break
    return pairs


def score(docs: list[Doc], *, verbose: bool = False) -> Counts:
    """Run the geoparser on every article and count."""
    from routes.model import Article
    from routes.read.article import detect_language
    from routes.read.places import find_places, resolve_spans

    c = Counts()
    for doc in docs:
        article = Article(text=doc.text, language=detect_language(doc.text), source=f"gwn-{doc.ident}")
        t0 = time.perf_counter()
        found = find_places(article)
        c.seconds.append(time.perf_counter() - t0)
        pred = [(pm.mention.start, pm.mention.end) for pm in found]
        where = [pm.place.coord for pm in found]
        c.predicted += len(pred)
        c.gold += len(doc.gold)
        for exact in (True, False):
            pairs = _match(pred, doc.gold, exact=exact)
            hits = sum(1 for i, j in pairs.items()
                       if doc.gold[j].lonlat is None or _km(where[i], doc.gold[j].lonlat) <= NEAR_KM)
            if exact:
                c.exact_tp += len(pairs)
                c.e2e_tp += hits
            else:
                c.overlap_tp += len(pairs)
                c.e2e_overlap_tp += hits
        # Pipeline resolution: the overlapping predicted span's point, else MAX_KM.
        for g in doc.points:
            best = [where[i] for i, (s, e) in enumerate(pred) if s < g.end and g.start < e]
            c.errors.append(min((_km(p, g.lonlat) for p in best), default=MAX_KM))
        # Resolution on gold spans.
        given = resolve_spans(article, [(g.start, g.end) for g in doc.points])
        for g, pm in zip(doc.points, given, strict=False):
            km = _km(pm.place.coord, g.lonlat) if pm else MAX_KM
            c.gold_span_errors.append(km)
            if km > NEAR_KM:
                c.misses["unplaced" if pm is None else "same place" if pm.place.geonames_id == g.geonames_id
                         else "another place"] += 1
        if verbose:
            _explain(doc, found, given)
    return c


def _explain(doc: Doc, found: tuple, given: tuple) -> None:
    pred = {(pm.mention.start, pm.mention.end): pm for pm in found}
    gold = {(g.start, g.end): g for g in doc.gold}
    for span, pm in pred.items():
        if span not in gold:
            print(f"FP [{doc.ident}] {pm.mention.surface!r} -> {pm.place.name} ({pm.place.feature}) {pm.mention.label}")
    for span, g in gold.items():
        if span not in pred:
            print(f"FN [{doc.ident}] {g.name!r} {g.kind}")
    for g, pm in zip(doc.points, given, strict=False):
        km = _km(pm.place.coord, g.lonlat) if pm else MAX_KM
        if km > NEAR_KM:
            what = f"{pm.place.name} {pm.place.country_code} {pm.place.feature}" if pm else "unplaced"
            print(f"RES [{doc.ident}] {g.name!r} -> {what}: {km:.0f} km")


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _resolution(errors: list[float]) -> tuple[float, float, float]:
    """Accuracy@161, AUC (trapezoid over sorted ln(1 + km), normalised) and median km."""
    if not errors:
        return 0.0, 1.0, MAX_KM
    acc = sum(e <= NEAR_KM for e in errors) / len(errors)
    logs = sorted(math.log1p(e) for e in errors)
    if len(logs) > 1:
        area = sum((a + b) / 2 for a, b in zip(logs, logs[1:], strict=False)) / ((len(logs) - 1) * math.log(MAX_KM))
    else:
        area = logs[0] / math.log(MAX_KM)
    ordered = sorted(errors)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return acc, area, median


def table(c: Counts, n_docs: int) -> str:
    """The benchmark's one table, in Markdown."""
    ep, er, ef = _prf(c.exact_tp, c.predicted, c.gold)
    op, or_, of = _prf(c.overlap_tp, c.predicted, c.gold)
    _, _, e2e = _prf(c.e2e_tp, c.predicted, c.gold)
    _, _, e2e_o = _prf(c.e2e_overlap_tp, c.predicted, c.gold)
    acc, auc, med = _resolution(c.errors)
    gacc, gauc, gmed = _resolution(c.gold_span_errors)
    per = sorted(c.seconds)
    mean_s = sum(per) / len(per) if per else 0.0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        "| measure | exact spans | overlapping spans |",
        "|---|---|---|",
        f"| recognition precision | {ep:.3f} | {op:.3f} |",
        f"| recognition recall | {er:.3f} | {or_:.3f} |",
        f"| recognition F1 | **{ef:.3f}** | {of:.3f} |",
        f"| end-to-end F1@161 km (span right and within 161 km) | **{e2e:.3f}** | {e2e_o:.3f} |",
        f"| EUPEG's proxy: recognition F1 × accuracy@161 on gold spans | {ef * gacc:.3f} | {of * gacc:.3f} |",
        "",
        "| resolution (2,401 gold points) | on gold spans | after our recognition |",
        "|---|---|---|",
        f"| accuracy@161 km | **{gacc:.3f}** | {acc:.3f} |",
        f"| AUC of ln(1 + error) (lower is better) | {gauc:.3f} | {auc:.3f} |",
        f"| median error, km | {gmed:.1f} | {med:.1f} |",
        "",
        f"Of the {sum(c.misses.values())} gold points missed on gold spans, {c.misses['unplaced']} were not placed, "
        f"{c.misses['another place']} were placed at another place, and {c.misses['same place']} at the right "
        "place (the gold GeoNames id) but at a point more than 161 km from GeoNames' own (countries, whose "
        f"point here is the CIA Factbook's, and regions). Counting those, accuracy@161 on gold spans would be "
        f"{gacc + c.misses['same place'] / max(1, len(c.gold_span_errors)):.3f}.",
        "",
        f"{n_docs} articles, {c.gold} gold spans, {c.predicted} predicted, {len(c.errors)} gold points. "
        f"Time per article (recognition + resolution, one core, models loaded): mean {mean_s:.3f} s, "
        f"slowest {per[-1] if per else 0:.3f} s. Peak memory (RSS): {rss_mb:.0f} MB.",
        "",
        "| published (EUPEG, Wang and Hu 2019) | recognition F1 | accuracy@161 | F1 × acc@161 |",
        "|---|---|---|---|",
    ]
    for name, f1, a in REFERENCES:
        rows.append(f"| {name} | {f1:.2f} | {a if a is not None else '–'} | "
                    f"{f'{f1 * a:.2f}' if a is not None else '–'} |")
    return "\n".join(rows)


def write_readme(path: Path, text: str) -> bool:
    """Put ``text`` between the benchmark markers in ``path``; False if it has none."""
    old = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(_MARK_START) + ".*?" + re.escape(_MARK_END), re.DOTALL)
    if not pattern.search(old):
        return False
    path.write_text(pattern.sub(lambda _: f"{_MARK_START}\n{text}\n{_MARK_END}", old), encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder with GWN.xml")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N articles")
    parser.add_argument("--verbose", action="store_true", help="print each false positive, miss and far point")
    parser.add_argument("--readme", type=Path, help=f"write the table between {_MARK_START} markers in this file")
    args = parser.parse_args(argv)
    if not (args.data / "GWN.xml").exists():
        print(f"skipped: the GeoWebNews benchmark is not at {args.data} "
              "(set ROUTES_GEOWEBNEWS or --data to the folder holding GWN.xml)")
        return 0
    docs = load(args.data)
    if args.limit:
        docs = docs[:args.limit]

    t0 = time.perf_counter()
    from routes.read.gazetteer import gazetteer
    from routes.read.nlp import pipeline

    gazetteer().candidates("London")
    pipeline("en")
    warm = time.perf_counter() - t0
    counts = score(docs, verbose=args.verbose)
    text = table(counts, len(docs))
    print(text)
    print(f"\n(start-up: gazetteer and pipelines {warm:.1f} s; whole run {time.perf_counter() - t0:.0f} s)")
    if args.readme:
        if write_readme(args.readme, text):
            print(f"written to {args.readme}")
        else:
            print(f"not written: {args.readme} has no {_MARK_START} … {_MARK_END} block")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
