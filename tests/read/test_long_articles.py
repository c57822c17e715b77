"""Reading a long article: what is done in pieces or through an index answers as the whole or the scan did.

Behaviour only, never timings (``benchmarks/scaling.py`` measures those): an article parsed in
pieces reads the same places, with the same spans, as parsed whole; each index that replaced a
scan over the article's every place, word or leg gives the scan's answers.
"""

from __future__ import annotations

import random

import pytest

from routes import settings
from routes.geodesy import PointIndex, distance_km
from routes.model import Article, DateRange, LegPlan, Mention, Place, Stop
from routes.read import nlp
from routes.read.article import read_article_file
from routes.read.itinerary import _LegsTold, plan_itinerary
from routes.read.places import find_places
from routes.read.recognise import Ranges


def _reading(article: Article) -> tuple[list, list, list]:
    """Places (span, GeoNames id, confidence), legs and claims as the reader gives them."""
    places = find_places(article)
    itinerary = plan_itinerary(places, article.text, article.language)
    return ([(pm.mention.start, pm.mention.end, pm.mention.surface, pm.place.geonames_id, pm.place.confidence)
             for pm in places],
            [(leg.origin.label, leg.destination.label, leg.mode, leg.dates) for leg in itinerary.legs],
            [(c.text, c.kind, c.about) for c in itinerary.claims])


def test_an_article_read_in_pieces_reads_as_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first article cut into 14 pieces of about 300 characters (at its line breaks) gives the whole's
    sentences, entities, places with their spans, legs and claims."""
    article = read_article_file(settings.first_article)
    nlp.clear_cache()
    whole_doc = nlp.parse(article.text, article.language)
    whole = _reading(article)
    monkeypatch.setattr(nlp, "PIECE_CHARS", 300)
    nlp.clear_cache()
    try:
        assert len(nlp.text_pieces(article.text, 300)) > 10
        doc = nlp.parse(article.text, article.language)
        assert doc.text == article.text
        assert [(s.start_char, s.end_char) for s in doc.sents] == [(s.start_char, s.end_char)
                                                                    for s in whole_doc.sents]
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [(e.start_char, e.end_char, e.label_)
                                                                             for e in whole_doc.ents]
        assert _reading(article) == whole
    finally:
        nlp.clear_cache()


def test_text_pieces_cut_after_line_breaks_and_join_to_the_text() -> None:
    text = "".join(f"Paragraph {i}, which is about nothing at all.\n\n" for i in range(40)) + "The end."
    pieces = nlp.text_pieces(text, 200)
    assert "".join(pieces) == text
    assert all(len(p) <= 200 for p in pieces) and len(pieces) >= 10
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # never inside a run of spaces
    one_line = "A sentence here. " * 40
    pieces = nlp.text_pieces(one_line, 200)  # no line break: after a sentence's end
    assert "".join(pieces) == one_line and all(p.endswith(". ") for p in pieces[:-1])
    assert nlp.text_pieces("x" * 500, 200) == ["x" * 500]  # nowhere to cut: whole


def test_point_index_answers_as_measuring_every_point() -> None:
    rng = random.Random(16)
    for _ in range(20):
        points = [(rng.uniform(-180, 180), rng.uniform(-89, 89)) if rng.random() < 0.5
                  else (rng.gauss(30, 2), rng.gauss(50, 1)) for _ in range(rng.randint(1, 200))]
        index = PointIndex(points)
        for _ in range(20):
            here = (rng.gauss(30, 2), rng.gauss(50, 1)) if rng.random() < 0.5 else (rng.uniform(-180, 180), 0.0)
            skip = set(rng.sample(range(len(points)), min(len(points), rng.randint(0, 3))))
            km = [distance_km(here, p) for p in points]
            assert index.nearest_km(here, skip=skip) == min(
                (d for i, d in enumerate(km) if i not in skip), default=None)
            reach = rng.choice([1.0, 30.0, 500.0, 25_000.0])
            assert index.within(here, reach) == [i for i, d in enumerate(km) if d <= reach]


def test_ranges_overlap_as_a_scan_does() -> None:
    rng = random.Random(1)
    for _ in range(500):
        ranges = [(a, a + rng.randint(0, 8)) for a in (rng.randint(0, 50) for _ in range(rng.randint(0, 6)))]
        taken = Ranges(ranges)
        for _ in range(20):
            start = rng.randint(0, 60)
            end = start + rng.randint(0, 8)
            assert taken.overlap_range(start, end) == any(start < e and s < end for s, e in ranges)


def test_the_leg_begun_nearest_a_figure_is_the_scans() -> None:
    """The leg a claim's journey word refers to (one begun before the figure, its stops nearest): by
    bisection, as by measuring every leg."""
    rng = random.Random(7)
    place = Place("X", 0.0, 0.0)

    def stop(at: int | None) -> Stop:
        return Stop(place, "X", None if at is None else Mention(at, at + 3, "X", ""))

    for _ in range(300):
        legs = [LegPlan(stop(rng.choice([None, rng.randint(0, 200)])), stop(rng.randint(0, 200)), "sea", "s", "",
                        DateRange(None, None)) for _ in range(rng.randint(1, 12))]
        told = _LegsTold(legs)
        for offset in range(0, 210, 7):
            def gap(leg: LegPlan, at: int = offset) -> int:
                return min((abs(s.mention.start - at) for s in (leg.origin, leg.destination) if s.mention),
                           default=1 << 30)
            begun = [i for i, leg in enumerate(legs, start=1) if any(
                s.mention is not None and s.mention.start < offset for s in (leg.origin, leg.destination))]
            want = min(begun, key=lambda i: gap(legs[i - 1])) if begun else None
            assert told.nearest_begun(offset) == want


def test_the_mentions_around_a_mention_are_the_scans_in_any_order() -> None:
    """The mention before another and the country or region in apposition after it, found through the
    index of :class:`Kept`, are those the scan of every mention in the list's order finds, sorted or not
    (spans given to resolve_spans come in the caller's order)."""
    from routes.read import places
    from routes.read.recognise import Candidate

    rng = random.Random(3)
    text = "".join(rng.choice(["x", " ", ",", ", in ", ", the "]) for _ in range(60))
    for _ in range(400):
        kept = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(0, len(text) - 1)
            end = min(len(text), start + rng.randint(1, 6))
            feature = rng.choice(["town", "country", "region"])
            kept.append((Candidate(Mention(start, end, text[start:end], ""), False),
                         [(Place("P", 0.0, 0.0, feature=feature), 0)]))
        if rng.random() < 0.5:
            kept.sort(key=lambda cr: cr[0].mention.start)
        index = places.Kept(kept)
        for _ in range(10):
            start = rng.randint(0, len(text) - 1)
            mention = Mention(start, min(len(text), start + rng.randint(0, 5)), "", "")
            before = [i for i, (c, _) in enumerate(kept) if c.mention.end <= mention.start]
            assert index.last_before(mention.start) == (before[-1] if before else None)
            want = None
            for cand, readings in kept:  # the scan the index replaced
                m = cand.mention
                if m.start > mention.end and readings[0][0].feature in {"country", "region"}:
                    if places._APPOSITION.match(text[mention.end:m.start]):
                        want = readings[0][0]
                        break
                    if m.start - mention.end > 20:
                        break
            assert places._apposed(mention, index, text) is want


def test_line_breaks_end_sentences_as_token_by_token() -> None:
    """The sentence starts set at line breaks through the Doc's array are those set token by token."""
    text = "Title\nA line. Another one\n\nA paragraph  \n ends here.\nLast"
    for language in ("en", "fr"):
        pipeline = nlp.pipeline(language)
        want = pipeline.make_doc(text)
        for token in want[1:]:
            prev = want[token.i - 1]
            if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                token.is_sent_start = True
        got = nlp.line_breaks_end_sentences(pipeline.make_doc(text))
        assert [t.is_sent_start for t in got] == [t.is_sent_start for t in want]
        assert sum(1 for t in got if t.is_sent_start) >= 5
