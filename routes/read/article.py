"""Reading an article: plain text, Markdown or HTML, from a string, bytes or a file.

This is the only module that knows about input formats. It refuses what is not an article
(empty, binary, too large) with an :class:`~routes.errors.ArticleError` that says why.
"""

from __future__ import annotations

import codecs
import functools
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from routes import settings
from routes.errors import ArticleError
from routes.model import Article
from routes.read.lang import LANGUAGES, lexicon


def read_article(source: str | bytes, *, name: str = "pasted", fmt: str | None = None) -> Article:
    """Turn raw input into an :class:`Article`.

    Parameters
    ----------
    source
        The text, or the bytes of an uploaded file (UTF-8, or Latin-1 as a fallback).
    name
        Where it came from (a file name); its suffix chooses the format when ``fmt`` is None.
    fmt
        ``"txt"``, ``"md"`` or ``"html"``; guessed from ``name`` and the content if None.

    Raises
    ------
    ArticleError
        If the input is empty, binary, too large, or holds no readable text.
    """
    text, warnings = _decode(source, name) if isinstance(source, bytes) else (source, ())
    if len(text) > settings.max_article_chars:
        raise ArticleError(
            f"{name!r} is too long: {len(text):,} characters (the limit is {settings.max_article_chars:,})."
        )
    fmt = fmt or _guess_format(name, text)
    date = None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "html":
        title, date, text = _html_to_text(text)
    elif fmt == "md":
        heading = _MD_HEADING.match(text.lstrip("\n"))
        title, text = _headline(heading.group(1)) if heading else None, _markdown_to_text(text)
    else:
        title = None
    text = text.strip()
    title = title or _headline(text)
    if not text:
        raise ArticleError(f"{name!r} holds no text: paste or upload an article.")
    date = date or _dateline(text)
    return Article(text=text, language=detect_language(text), title=title, source=name, date=date,
                   year=int(date[:4]) if date else None, warnings=warnings)


def read_article_file(path: str | Path) -> Article:
    """Read an article from a file (``-`` is not handled here: the command line reads stdin)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > settings.max_upload_bytes:
            raise ArticleError(f"{path.name!r} is too large: {size:,} bytes "
                               f"(the limit is {settings.max_upload_bytes:,}).")
        data = path.read_bytes()
    except OSError as err:
        raise ArticleError(f"Cannot read {str(path)!r}: {err.strerror or err}.") from err
    return read_article(data, name=path.name)


def detect_language(text: str) -> str:
    """The language of ``text`` among :data:`LANGUAGES`, by py3langid's character n-gram model.

    Examples
    --------
    >>> detect_language("The ship sailed from the port of Najin to Dunay.")
    'en'
    """
    sample = text[:20_000]
    if not re.search(r"[^\W\d_]", sample):
        return LANGUAGES[0]
    language, _score = _language_identifier().classify(sample)
    return str(language)


@functools.cache
def _language_identifier() -> Any:
    """py3langid's model (langid.py's, trained on 97 languages), narrowed to :data:`LANGUAGES`."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(LANGUAGES))
    return identifier


#: Byte-order marks and the encodings they announce, the longest first (UTF-32's begins as UTF-16's does).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """The text of a file, and what was amiss in its bytes.

    A byte-order mark says the encoding (UTF-8, UTF-16, UTF-32). Else UTF-8: a text that is UTF-8
    but for a few stray bytes is read as UTF-8, each stray byte a replacement character, and a
    warning says how many; a text with no UTF-8 sequence at all is Latin-1 (Windows-1252).
    """
    if len(data) > settings.max_upload_bytes:
        raise ArticleError(f"{name!r} is too large: {len(data):,} bytes (the limit is {settings.max_upload_bytes:,}).")
    binary = ArticleError(f"{name!r} looks like a binary file, not an article (txt, md or html).")
    warnings: tuple[str, ...] = ()
    encoding = next((enc for bom, enc in BOMS if data.startswith(bom)), None)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            raise binary from err
    elif b"\x00" in data[:8192]:
        raise binary
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            stray = text.count("\ufffd")
            wide = sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd")  # characters UTF-8 did decode
            if wide == 0 or stray > wide:  # no UTF-8 at all: an older 8-bit encoding
                text = data.decode("cp1252", errors="replace") if _cp1252(data) else data.decode("latin-1")
            else:
                warnings = (f"{name!r} is UTF-8 but for {stray:,} byte{'s' if stray > 1 else ''} that "
                            f"{'are' if stray > 1 else 'is'} not; {'they are' if stray > 1 else 'it is'} shown as �.",)
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 8192):
        raise binary
    return text, warnings


def _cp1252(data: bytes) -> bool:
    """Whether 8-bit text reads as Windows-1252 (its curly quotes and dashes in 0x80–0x9F), not Latin-1."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return any(0x80 <= b <= 0x9F for b in data)


def _guess_format(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in {".html", ".htm"}:
        return "html"
    if suffix in {".md", ".markdown"}:
        return "md"
    if suffix == ".txt":
        return "txt"
    if re.search(r"<(html|body|p|div|article)\b", text[:5000], re.IGNORECASE):
        return "html"
    return "txt"


_MD_HEADING = re.compile(r"\s{0,3}#{1,6}\s+(.+)")
#: A first line this short, ending without a sentence's punctuation, over more text, is the headline.
HEADLINE_MAX_CHARS = 160


def _headline(text: str) -> str | None:
    r"""The article's headline, where a plain text or Markdown starts with one: its first line, when it is
    short, ends as no sentence does (no period, comma, colon, semicolon) and has more text under it.

    >>> _headline("Ammunition trains reach Tikhoretsk\n\nThe White House said on Friday...")
    'Ammunition trains reach Tikhoretsk'
    >>> _headline("The White House said on Friday that trains had left.\nMore text.") is None
    True
    """
    first, _, rest = text.strip().partition("\n")
    first = " ".join(first.replace("*", " ").replace("_", " ").split()).strip("# ")
    if (not rest.strip() or not first or len(first) > HEADLINE_MAX_CHARS or first[-1] in ".,:;"
            or len(first.split()) < 2):
        return None
    return first


def _markdown_to_text(text: str) -> str:
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # images keep their alt text
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", "", text, flags=re.MULTILINE)
    return re.sub(r"(\*\*|__|\*|_|`)(\S.*?\S|\S)\1", r"\2", text)


_DATE_META = {"article:published_time", "datepublished", "date", "dc.date", "pubdate", "og:article:published_time"}
_ISO_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
_DATELINE = re.compile(r"\b(\d{1,2})(?:er)?[ /.-](\d{1,2}|[a-zéû]+)[ /.-]((?:19|20)\d\d)\b", re.IGNORECASE)


def _dateline(text: str) -> str | None:
    """A full date (with its year) near the top of the text: "Publié le 14/10/2023"."""
    m = _DATELINE.search(text[:400])
    if not m:
        return None
    day, month, year = m.groups()
    month_number = int(month) if month.isdecimal() else _month_number(month)
    if not month_number or not 1 <= month_number <= 12 or not 1 <= int(day) <= 31:
        return None
    return f"{year}-{month_number:02d}-{int(day):02d}"


def _month_number(word: str) -> int | None:
    """The month a word names in any language read (CLDR's names)."""
    return next((lexicon(lang).months[word.lower()] for lang in LANGUAGES if word.lower() in lexicon(lang).months),
                None)


class _TextExtractor(HTMLParser):
    """Keeps the visible text of a page; drops scripts, styles and other non-text."""

    _SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False
        self.date: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        stamp = values.get("content") if tag == "meta" and key in _DATE_META else values.get("datetime")
        if self.date is None and stamp and (found := _ISO_DATE.search(stamp)):
            self.date = "-".join(found.groups())
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def _html_to_text(html: str) -> tuple[str | None, str | None, str]:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    title = " ".join("".join(parser.title).split()) or None
    return title, parser.date, "\n".join(line for line in lines if line)
