"""Text from an article made literal for Markdown, wherever the page shows it.

Streamlit renders the labels, messages and captions it is given as Markdown (with its own
extensions: ``:red[…]``, ``:material/…:``, ``$…$``). An article's title, a file's name, a place's
name or a sentence quoted from the text must reach the reader as the text it is: an image
written ``![t](http://host/t.png)`` shown, never fetched; a ``<script>`` shown, never run. Every
character Markdown may read as markup is escaped with a backslash, which CommonMark defines for
all ASCII punctuation; a line break becomes a space (a label is one line).
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=&\"'^%@/])")


def literal(text: object) -> str:
    """``text`` as Markdown that renders to exactly ``text``.

    Examples
    --------
    >>> literal("![t](http://127.0.0.1/t.png)")
    '\\\\!\\\\[t\\\\]\\\\(http\\\\:\\\\/\\\\/127\\\\.0\\\\.0\\\\.1\\\\/t\\\\.png\\\\)'
    >>> literal("Novorossiysk → Latakia")
    'Novorossiysk → Latakia'
    """
    return _MARKUP.sub(r"\\\1", " ".join(str(text).split()))
