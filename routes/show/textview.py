"""The article as HTML with its place names highlighted (every piece of text escaped)."""

from __future__ import annotations

from html import escape

from routes.model import Analysis

_ROLE_COLOURS = {"origin": "#cfe3f3", "destination": "#f8d9c7", "stop": "#f8d9c7", "country": "#e8e8e8",
                 "mentioned": "#fff0b3"}


def highlighted_html(analysis: Analysis) -> str:
    """The article's text as HTML paragraphs, each place mention in a ``<mark>``.

    Examples
    --------
    >>> from routes.model import Analysis, Article, Itinerary
    >>> a = Analysis(Article("<script>x</script>"), (), Itinerary((), ()), ())
    >>> highlighted_html(a)
    '<p>&lt;script&gt;x&lt;/script&gt;</p>'
    """
    text = analysis.article.text
    pieces = []
    cursor = 0
    for pm in sorted(analysis.places, key=lambda pm: pm.mention.start):
        m = pm.mention
        if m.start < cursor:
            continue
        title = f"{pm.place.name} · GeoNames {pm.place.geonames_id} · {pm.role}"
        pieces.append(escape(text[cursor:m.start]))
        pieces.append(f"<mark class='place {pm.role}' data-start='{m.start}' title='{escape(title)}' "
                      f"style='background:{_ROLE_COLOURS.get(pm.role, '#fff0b3')}'>"
                      f"{escape(text[m.start:m.end])}</mark>")
        cursor = m.end
    pieces.append(escape(text[cursor:]))
    paragraphs = "".join(pieces).split("\n")
    return "".join(f"<p>{p}</p>" for p in paragraphs if p.strip())
