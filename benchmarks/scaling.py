"""How the reader's time and memory grow with the article's length (issue 16, point 1).

Long articles are made here, never shipped: shipment paragraphs in the language asked, each
naming towns drawn at random (fixed seed) from the gazetteer's towns of 15,000 people or more,
with countries, days, distances and means of transport, repeated with fresh names up to
10,000, 100,000 and 1,000,000 characters (the upload limit). Each article is read by
recognition, resolution and the journey (:func:`routes.read.places.find_places` and
:func:`routes.read.itinerary.plan_itinerary`, spaCy's parse included), set beside the
baseline measured in the same run: spaCy's own parse of the same text, whole, with the same
pipeline (``routes.read.nlp.pipeline(language)(text)``), so the reader's figure is also "× spaCy
alone".

Every measurement runs in a fresh process whose models and gazetteer are loaded and warmed
on a short article first. Time is the process's CPU time (``time.process_time``), with the wall
clock beside it: on a shared machine the wall clock counts the other processes' turns. Memory
is the growth of the process's peak resident set (``resource.getrusage(...).ru_maxrss``) over
the warm state, which counts what spaCy's Cython code and numpy allocate too.

    .venv/bin/python benchmarks/scaling.py                    # French and English, 10 kB, 100 kB, 1 MB
    .venv/bin/python benchmarks/scaling.py --lang de --sizes 10000 100000
    .venv/bin/python benchmarks/scaling.py --show 3000        # print the first 3,000 characters of an article

A "kB" here is 1,000 characters (the upload limit counts characters).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from babel.dates import format_skeleton

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: The sizes measured, in characters.
SIZES = (10_000, 100_000, 1_000_000)
#: Towns drawn for the articles: this big, so that a name alone is read as a town.
MIN_POPULATION = 15_000
SEED = 16

#: Shipment paragraphs by language. {A}, {B}, {C}: towns; {X}: a country; {D1}, {D2}: days and
#: months; {N}: a count; {K}: a distance in km.
PARAGRAPHS = {
    "fr": [
        "Un cargo chargé de {N} conteneurs a quitté le port de {A} le {D1} et a accosté à {B} le {D2}. "
        "De là, la marchandise a été acheminée par train jusqu'à un dépôt près de {C}, à environ {K} kilomètres "
        "de la frontière avec {X}.",
        "Selon la compagnie, les wagons partis de {A} sont arrivés à {B}, en {X}, après un trajet de {K} km. "
        "Le porte-parole, interrogé à {C}, n'a pas commenté l'information.",
        "Les camions ont transporté le matériel de {A} à {B} entre le {D1} et le {D2}, puis par la route "
        "jusqu'à {C}. Plus de {N} tonnes ont été livrées.",
    ],
    "en": [
        "A freighter carrying {N} containers left the port of {A} on {D1} and docked in {B} on {D2}. From there "
        "the cargo was taken by rail to a depot near {C}, about {K} km from the border with {X}.",
        "The company said the train that left {A} arrived in {B}, {X}, after a journey of {K} km. A spokesman "
        "in {C} declined to comment.",
        "Trucks carried the equipment from {A} to {B} between {D1} and {D2}, then by road to {C}. More than "
        "{N} tonnes were delivered.",
    ],
    "es": [
        "Un buque con {N} contenedores zarpó del puerto de {A} el {D1} y llegó a {B} el {D2}. Desde allí, la "
        "carga fue trasladada en tren hasta un depósito cerca de {C}, a unos {K} kilómetros de la frontera con {X}.",
        "Según la empresa, el tren que partió de {A} llegó a {B}, en {X}, tras un trayecto de {K} km. Un portavoz "
        "en {C} no quiso comentar.",
        "Los camiones llevaron el material de {A} a {B} entre el {D1} y el {D2}, y luego por carretera hasta {C}. "
        "Se entregaron más de {N} toneladas.",
    ],
    "de": [
        "Ein Frachter mit {N} Containern verließ am {D1} den Hafen von {A} und lief am {D2} in {B} ein. Von dort "
        "brachten Güterzüge die Ladung in ein Depot bei {C}, etwa {K} Kilometer von der Grenze zu {X} entfernt.",
        "Der Zug aus {A} traf nach einer Fahrt von {K} km in {B} ein, teilte das Unternehmen in {C} mit.",
        "Lastwagen brachten die Ausrüstung zwischen dem {D1} und dem {D2} von {A} nach {B} und dann auf der "
        "Straße nach {C}. Mehr als {N} Tonnen wurden geliefert.",
    ],
    "ru": [
        "Судно с {N} контейнерами вышло из порта {A} {D1} и прибыло в порт {B} {D2}. Оттуда груз был доставлен "
        "по железной дороге на склад около города {C}, примерно в {K} км от границы.",
        "Как сообщили в компании, поезд из города {A} прибыл в город {B} после пути длиной {K} км. "
        "Представитель компании в городе {C} от комментариев отказался.",
        "Грузовики доставили оборудование из города {A} в город {B} с {D1} по {D2}, затем по дороге в город {C}. "
        "Доставлено более {N} тонн.",
    ],
}
#: A dateline to open the article, as the wires write one.
DATELINES = {"fr": "{A}, {D1} (AFP) - ", "en": "{A}, {D1} (Reuters) - ", "es": "{A}, {D1} (EFE).- ",
             "de": "{A} (dpa) - ", "ru": "{A}, {D1}. /Интерфакс/. "}


def _towns(language: str, rng: random.Random) -> list[str]:
    """Town names from the gazetteer in a random order (a fixed seed): the primary name, in Latin letters; a
    Cyrillic name of the town for Russian."""
    from routes.read.gazetteer import gazetteer

    db = sqlite3.connect(f"file:{gazetteer().path}?mode=ro", uri=True)
    if language == "ru":
        rows = db.execute("SELECT n.key FROM names n JOIN places p ON p.id = n.id WHERE p.feature = 'town' "
                          "AND p.population >= ? AND n.kind = 1 AND n.key GLOB '[а-я]*' "
                          "AND n.key NOT GLOB '*[^а-я -]*' ORDER BY n.id, n.key", (MIN_POPULATION,)).fetchall()
        names = sorted({"-".join(part.capitalize() for part in r[0].split("-")) for r in rows})
    else:
        rows = db.execute("SELECT name FROM places WHERE feature = 'town' AND population >= ? ORDER BY id",
                          (MIN_POPULATION,)).fetchall()
        names = sorted({r[0] for r in rows})
    db.close()
    rng.shuffle(names)
    return names


def make_article(language: str, chars: int, seed: int = SEED) -> str:
    """A shipment article of at most ``chars`` characters (cut at a paragraph), its places drawn at random.

    Examples
    --------
    >>> text = make_article("fr", 2_000)
    >>> 1_000 < len(text) <= 2_000
    True
    """
    from routes.read.lang import cldr

    rng = random.Random(seed)
    towns = _towns(language, rng)
    countries = sorted(cldr.country_names(language).values())
    pick = iter(towns * (1 + chars // (60 * len(towns))))

    def day() -> str:  # as the language writes a day and its month: "21 juillet", "July 21", "21 июля"
        return format_skeleton("MMMMd", dt.date(2023, rng.randint(1, 12), rng.randint(1, 28)), locale=language)

    def fill(template: str) -> str:
        return template.format(A=next(pick), B=next(pick), C=next(pick), X=rng.choice(countries), D1=day(),
                               D2=day(), N=rng.randint(2, 999), K=rng.randint(10, 999))

    parts = [fill(DATELINES[language])]
    size = len(parts[0])
    while True:
        paragraph = " ".join(fill(rng.choice(PARAGRAPHS[language])) for _ in range(rng.randint(1, 3))) + "\n"
        if size + len(paragraph) > chars:
            break
        parts.append(paragraph)
        size += len(paragraph)
    return "".join(parts).strip()


def _measure(language: str, chars: int, what: str) -> dict[str, float]:
    """Time and peak-RSS growth of one run (in this process, warmed first): ``spacy`` or ``reading``."""
    from routes.model import Article
    from routes.read.itinerary import plan_itinerary
    from routes.read.nlp import clear_cache, pipeline
    from routes.read.places import find_places

    warm = make_article(language, 2_000, seed=SEED + 1)
    plan_itinerary(find_places(Article(warm, language)), warm, language)
    text = make_article(language, chars)
    clear_cache()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, cpu0 = time.perf_counter(), time.process_time()
    places: tuple = ()
    legs = 0
    if what == "spacy":
        pipeline(language)(text)
    else:
        places = find_places(Article(text, language))
        legs = len(plan_itinerary(places, text, language).legs)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"chars": len(text), "seconds": seconds, "cpu": cpu, "peak_mb": (peak - before) / 1024,
            "places": len(places),
            "distinct": len({pm.place.geonames_id for pm in places}), "legs": legs}


def _run(language: str, chars: int, what: str) -> dict[str, float]:
    """:func:`_measure` in a fresh process, so that no run's peak memory hides another's."""
    out = subprocess.run([sys.executable, __file__, "--child", language, str(chars), what],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", default=["fr", "en"], choices=sorted(PARAGRAPHS))
    parser.add_argument("--sizes", nargs="+", type=int, default=list(SIZES), help="characters")
    parser.add_argument("--show", type=int, help="print the start of the first article made, then stop")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        language, chars, what = args.child
        print(json.dumps(_measure(language, int(chars), what)))
        return
    if args.show:
        print(make_article(args.lang[0], args.sizes[0])[:args.show])
        return
    print("| language | size | characters | places (distinct) | legs | spaCy alone: CPU s | CPU s/kB | peak MB "
          "| reading: CPU s (wall) | CPU s/kB | peak MB | × spaCy |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for language in args.lang:
        for chars in args.sizes:
            base = _run(language, chars, "spacy")
            read = _run(language, chars, "reading")
            kb = read["chars"] / 1000
            print(f"| {language} | {chars // 1000:,} kB | {read['chars']:,} | {read['places']:,} "
                  f"({read['distinct']:,}) | {read['legs']:,} | {base['cpu']:.2f} | {base['cpu'] / kb:.4f} "
                  f"| {base['peak_mb']:.0f} | {read['cpu']:.2f} ({read['seconds']:.2f}) | {read['cpu'] / kb:.4f} "
                  f"| {read['peak_mb']:.0f} | {read['cpu'] / base['cpu']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
