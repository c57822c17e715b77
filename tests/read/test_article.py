from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from routes import settings
from routes.errors import ArticleError
from routes.read.article import detect_language, read_article, read_article_file

DATA = Path(__file__).resolve().parents[1] / "data"


def test_plain_text_is_kept_as_is(first_text: str) -> None:
    article = read_article(first_text, name="a.txt")
    assert article.text == first_text.strip()
    assert article.language == "fr"


def test_html_keeps_visible_text_and_drops_scripts() -> None:
    article = read_article_file(DATA / "script-article.html")
    assert article.title == "Cargo & trains"
    assert "Najin" in article.text and "Tikhoretsk" in article.text
    assert "pwned" not in article.text and "color:red" not in article.text
    assert "<" not in article.text


def test_markdown_loses_its_markup() -> None:
    article = read_article("# Title\n\nShipped from **Najin** to [Dunay](http://x.org).", name="a.md")
    assert article.text == "Title\n\nShipped from Najin to Dunay."


@pytest.mark.parametrize("source", ["", "   \n\t", b"", "<html><script>x</script></html>"])
def test_empty_input_is_refused_with_a_message(source: str | bytes) -> None:
    with pytest.raises(ArticleError, match="holds no text"):
        read_article(source, name="x.html" if "html" in str(source) else "x.txt")


def test_binary_input_is_refused() -> None:
    with pytest.raises(ArticleError, match="binary"):
        read_article(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), name="photo.png")


def test_huge_input_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "max_article_chars", 100)
    with pytest.raises(ArticleError, match="too long"):
        read_article("Najin " * 100)


def test_missing_file_says_which(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="nope.txt"):
        read_article_file(tmp_path / "nope.txt")


def test_latin1_bytes_are_read() -> None:
    assert read_article("Transportés à Dunay".encode("latin-1")).text == "Transportés à Dunay"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_read_in_its_encoding(encoding: str) -> None:
    text = "Le cargo a quitté Najin pour Dunay, en Russie."
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    article = read_article(data, name="a.txt")
    assert article.text == text and article.warnings == ()


def test_a_stray_byte_in_utf8_is_one_replacement_and_a_warning_not_mojibake() -> None:
    data = "Le cargo a quitté Najin pour Dunay, en Russie.".encode().replace(b"Russie", b"Rus\xffsie")
    article = read_article(data, name="a.txt")
    assert article.text == "Le cargo a quitté Najin pour Dunay, en Rus\ufffdsie."
    assert len(article.warnings) == 1 and "1 byte" in article.warnings[0]


def test_windows_1252_quotes_are_read() -> None:
    assert read_article("L’escale à Dunay".encode("cp1252")).text == "L’escale à Dunay"


def test_language_detection() -> None:
    assert detect_language("Les conteneurs ont été transportés de Najin à Dunay par le cargo.") == "fr"
    assert detect_language("The containers were shipped from Najin to Dunay by the cargo ship.") == "en"


def test_language_detection_beyond_french_and_english() -> None:
    assert detect_language("Los contenedores fueron enviados desde el puerto de Najin hasta Dunay por barco.") == "es"
    assert detect_language("Die Container wurden mit dem Zug von Dunay nach Tichorezk gebracht.") == "de"
    assert detect_language("Контейнеры были доставлены из Наджина в Дунай на судне.") == "ru"


def test_language_detection_on_short_sentences_full_of_names() -> None:
    """Spanish and French share "de" and "en": a character model tells them apart."""
    assert detect_language("El barco zarpó de Hamburgo hacia San Petersburgo, en Rusia.") == "es"
    assert detect_language("Le cargo a quitté Najin, en Corée du Nord, pour Dunay, en Russie.") == "fr"
    assert detect_language("Officials in Vancouver, BC, agreed.") == "en"


@pytest.mark.parametrize(("text", "name", "headline"), [
    ("Coal trains reach Nakhodka\n\nTrains carried the coal from Kemerovo to Nakhodka.", "a.txt",
     "Coal trains reach Nakhodka"),
    ("# Le charbon arrive à Nakhodka\n\nDes trains ont acheminé le charbon de Kemerovo à Nakhodka.", "a.md",
     "Le charbon arrive à Nakhodka"),
    ("Уголь прибыл в Находку\nПоезда доставили уголь из Кемерово в Находку.", "a.txt", "Уголь прибыл в Находку"),
    ("Trains carried the coal from Kemerovo to Nakhodka.\nThe port said so.", "a.txt", None),  # a sentence
    ("Trains carried the coal from Kemerovo to Nakhodka", "a.txt", None),  # nothing under it
])
def test_a_plain_text_s_first_line_is_its_headline_when_it_reads_as_one(text: str, name: str,
                                                                        headline: str | None) -> None:
    """Issue 15, point 11: the page and the exports were titled by the file name or "pasted"."""
    assert read_article(text, name=name).title == headline


def test_the_first_article_has_no_headline_line(first_text: str) -> None:
    assert read_article(first_text, name="first.txt").title is None  # it opens with a sentence
