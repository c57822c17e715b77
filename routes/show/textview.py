"""The article as HTML with its place names highlighted (every piece of text escaped).

Each highlighted name is a button for the keyboard as for the mouse (``tabindex``, ``role``,
a name that says what it does); :func:`key_html` says what each highlight colour means.
"""

from __future__ import annotations

from html import escape

from routes.model import Analysis

_ROLE_COLOURS = {"origin": "#cfe3f3", "destination": "#f8d9c7", "stop": "#f8d9c7", "country": "#e8e8e8",
                 "mentioned": "#fff0b3"}
#: Each role in plain words, for the key and for a screen reader.
ROLE_WORDS = {"origin": "where the journey starts", "stop": "a stop on the way", "destination": "where it ends",
              "country": "a country", "mentioned": "another place named"}


def highlighted_html(analysis: Analysis) -> str:
    """The article's text as HTML paragraphs, each place mention in a ``<mark>`` that is also a button.

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
        role = ROLE_WORDS.get(pm.role, ROLE_WORDS["mentioned"])
        title = f"{pm.place.name}: {role}"
        # the visible words begin the name (WCAG 2.5.3), then what pressing it does
        label = f"{text[m.start:m.end]}, {role}: show on the map"
        pieces.append(escape(text[cursor:m.start]))
        pieces.append(f"<mark class='place {escape(pm.role)}' data-start='{m.start}' tabindex='0' role='button' "
                      f"title='{escape(title)}' aria-label='{escape(label)}' "
                      f"style='background:{_ROLE_COLOURS.get(pm.role, '#fff0b3')}'>"
                      f"{escape(text[m.start:m.end])}</mark>")
        cursor = m.end
    pieces.append(escape(text[cursor:]))
    paragraphs = "".join(pieces).split("\n")
    return "".join(f"<p>{p}</p>" for p in paragraphs if p.strip())


def key_html(analysis: Analysis) -> str:
    """What the highlight colours of :func:`highlighted_html` mean, for the roles the article's
    places have (one entry a colour), and how to use the names.

    Examples
    --------
    >>> from routes.model import Analysis, Article, Itinerary
    >>> key_html(Analysis(Article("x"), (), Itinerary((), ()), ()))
    ''
    """
    roles = {pm.role if pm.role in ROLE_WORDS else "mentioned" for pm in analysis.places}
    if not roles:
        return ""
    entries: dict[str, list[str]] = {}
    for role in ROLE_WORDS:  # in the journey's order
        if role in roles:
            entries.setdefault(_ROLE_COLOURS[role], []).append(ROLE_WORDS[role])
    item = "<li style='display:inline;list-style:none;margin-right:.5em'><mark style='background:{}'>{}</mark></li>"
    items = "".join(item.format(colour, escape(" or ".join(words))) for colour, words in entries.items())
    return ("<div class='key'><span id='article-key'>Highlights:</span>"
            f"<ul aria-labelledby='article-key' style='display:inline;padding:0;margin:0 0 0 .3em'>{items}</ul>"
            "<p style='margin:.2em 0 .6em;font-size:.9em'>Click a highlighted name, or Tab to it and press Enter,"
            " to show it on the map.</p></div>")
