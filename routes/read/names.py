"""Place names as the gazetteer keys them, and how a name names its place.

Names are matched on a normalised key (:func:`name_key`): case, accents, hyphens,
apostrophes, periods and commas do not matter ("États-Unis" and "etats unis" are one key).
"""

from __future__ import annotations

import re
import unicodedata

#: How a name names its place (the ``kind`` column of ``names``).
PRIMARY, ALTERNATE, DEMONYM, ABBREVIATION, CODE = 0, 1, 2, 3, 4
#: The name of a port of the UN/LOCODE list that no town of the gazetteer bears there.
PORT = 5
#: A US state's abbreviation in news style, with its period ("Calif.", "Ga.", "N.M."), from
#: the ``us`` package: the recogniser takes it only after a town and a comma ("Jackson, Miss.").
NEWS_ABBREVIATION = 6
_SEPARATORS = re.compile(r"[\-\u2010\u2011\u2012\u2013'’`.,]")


def name_key(name: str) -> str:
    """Normalise a place name for lookup.

    Examples
    --------
    >>> name_key("États-Unis")
    'etats unis'
    >>> name_key("Washington, D.C.")
    'washington d c'
    >>> name_key("  Najin-ŭp ")
    'najin up'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_SEPARATORS.sub(" ", bare.casefold()).split())
