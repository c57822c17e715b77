"""Reading the words of a sentence around its places: lemmas, the role of each place, the nearest mode.

The first step of :mod:`routes.read.itinerary`. Walking back from each place to the word that
governs it gives its role: a word of origin ("from Kursk", "de Najin", "из Владивостока") or
destination ("to Dunay", "nach Danzig", «в Находку», the accusative), a verb of leaving or loading
("left Taman", "loaded at Rajin"), of arriving or unloading ("docked in Latakia", "traf in Rzeszów
ein"), of making ("mined in Kemerovo"), nearness ("a depot near Tikhoretsk"), passage ("via
Kazakhstan"). A word of origin after a noun is a genitive ("le port de Rouen") and the walk goes
on; dates are stepped over; a verb may come after its place ("den Hafen von Noworossijsk
verlassen"). Every word comes from :mod:`routes.read.lang`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from routes.geodesy import distance_km
from routes.model import AREA_FEATURES, Place, PlaceMention
from routes.read.gazetteer import gazetteer
from routes.read.lang import TRANSPORT_MODES, Lexicon, case_of, lemma, lemmas, lexicon
from routes.read.recognise import NOUNS_CAPITALISED

#: How far back from a place the reader looks for the word that governs it, in words.
GOVERNOR_REACH = 10


@dataclass(frozen=True)
class Word:
    text: str
    lower: str
    lemmas: frozenset[str]  # the lemma, and a German verb with its particle ("ablegen")
    start: int  # offset in the article
    end: int
    noun: bool = False  # tagged a noun by a model that tags (French): "les arrivées" is no verb


def words_of(doc: object, words: Lexicon, language: str) -> list[Word]:
    """The article's words with their lemmas; a German verb also with the particle its clause ends on."""
    out = [Word(t.text, t.lower_, frozenset({*lemmas(t.text, language), t.lower_, t.lemma_.lower()} - {""}), t.idx,
                 t.idx + len(t.text),  # spaCy's lemma too, where its model has one (French)
                 noun=t.pos_ == "NOUN" and t.i > 0 and t.nbor(-1).pos_ == "DET")  # "les arrivées", not "sont partis"
           for t in doc if not t.is_space]  # type: ignore[attr-defined]
    if words.separable:
        for i, w in enumerate(out):
            if w.lower not in words.separable:
                continue
            nxt = out[i + 1].text if i + 1 < len(out) else "."
            if nxt not in {".", ",", ";", "und", "!", "?"}:
                continue
            k = i - 1
            while k >= 0 and out[k].text not in {".", ",", ";"}:
                out[k] = replace(out[k], lemmas=out[k].lemmas | {w.lower + lem for lem in out[k].lemmas})
                k -= 1
    return out


def phrase_ending(tokens: list[Word], k: int, phrases: tuple[str, ...] | frozenset[str]) -> int:
    """How many words of ``tokens`` ending at index ``k`` make one of ``phrases`` (0 if none)."""
    for n in (4, 3, 2, 1):
        if k - n + 1 < 0:
            continue
        joined = " ".join(t.lower for t in tokens[k - n + 1:k + 1])
        glued = "".join(t.lower for t in tokens[k - n + 1:k + 1])  # "jusqu'à" is one word to us, two to spaCy
        if joined in phrases or glued in phrases or joined.replace(" '", "'").replace(" ’", "’") in phrases:
            return n
    return 0


def verb_class(word: Word, words: Lexicon) -> str | None:
    if word.noun:
        return None
    for name, verbs in (("leave", words.leave), ("load", words.load), ("arrive", words.arrive),
                        ("unload", words.unload), ("carry", words.carry), ("produce", words.produce)):
        if word.lemmas & verbs:
            return name
    return None


def tells_a_movement(tokens: list[Word], sentence: str, words: Lexicon) -> bool:
    """Whether a sentence has a word of transport or a verb of moving: else its places are only named."""
    lowered = sentence.lower()
    return any(mode_of(t, words) or verb_class(t, words) for t in tokens) or any(
        p in lowered for mode in TRANSPORT_MODES for p in (*words.mode_words[mode], *words.mode_verbs[mode])
        if " " in p)


def mode_of(word: Word, words: Lexicon) -> str | None:
    for mode in TRANSPORT_MODES:
        if word.lemmas & {*words.mode_words[mode], *words.mode_verbs[mode]}:
            return mode
    if words.code in NOUNS_CAPITALISED and word.text[:1].isupper():  # German compounds: "Sonderzug", "Schwergutschiff"
        for mode in TRANSPORT_MODES:
            if any(word.lower.endswith(w) for w in words.mode_words[mode] if len(w) >= 3 and " " not in w):
                return mode
        for mode in TRANSPORT_MODES:  # a journey by a mode: "Bahnstrecke", "Straßenverbindung", "Seeweg"
            for w in words.mode_words[mode]:
                rest = word.lower[len(w):]
                joined = {rest, rest[1:] if rest[:1] in ("n", "s") else rest}  # "Straße-n-verbindung"
                if len(w) >= 3 and word.lower.startswith(w) and joined & words.journey:
                    return mode
    return None


_NUMBER = re.compile(r"\d[\d.,\u00a0\u202f]*")
CLAUSE_END = {".", ";", "!", "?", ":", "—", "(", ")"}


def role_of(pm: PlaceMention, tokens: list[Word], words: Lexicon, others: Sequence[PlaceMention] = (),
          dates: Sequence[tuple[int, int]] = ()) -> tuple[str, int]:
    """The role of a place in its sentence, and the offset of the word that gave it.

    ``origin``, ``destination``, ``near`` (the landmark of a stop), ``via``, or ``context``. The
    walk back stops at the end of a clause and at another place's name (``others``); it steps
    over dates (``dates``: spans in the text), whose words ("9 de febrero") are no prepositions.
    """
    first = next((i for i, t in enumerate(tokens) if t.start >= pm.mention.start), len(tokens))
    fallback, located = ("context", -1), False
    stop_at = max((o.mention.end for o in others if o.mention.end <= pm.mention.start
                   and not _adjectival(o, tokens, words)), default=-1)  # "the Polish city of Przemyśl": read on
    k, seen, after_genitive = first - 1, 0, 0
    while k >= 0 and seen < GOVERNOR_REACH:
        tok = tokens[k]
        if tok.start < stop_at or tok.text in CLAUSE_END:
            break
        if tok.text == "," and seen > 0:
            if located:  # "a la terminal de Abroñigal, en Madrid": the phrase before the comma says where to
                return role_before_comma(tokens, k, words, stop_at) or verb_after(pm, tokens, first, words, others) \
                    or fallback
            break
        if after_genitive and seen - after_genitive > 3 and not located:
            break  # "le port de Rouen": a few words back, not a whole clause
        if any(a <= tok.start < b for a, b in dates) or _NUMBER.fullmatch(tok.text) or tok.text == ".":
            k -= 1  # "erreichte am 24. Februar den Hafen von Memel": a date stands between verb and place
            continue
        if located and tok.lower in words.conjunctions and (after := verb_after(pm, tokens, first, words, others)):
            return after  # "hat Wien verlassen und ist in Pressburg eingetroffen": the verb of its own clause
        if n := phrase_ending(tokens, k, words.near):
            for j in range(k - n, max(-1, k - n - 3), -1):  # "cosechada cerca de Rancagua": made near it
                if tokens[j].text in CLAUSE_END or tokens[j].text == ",":
                    break
                if verb_class(tokens[j], words) in ("produce", "leave", "load"):
                    return "origin", tokens[j].start
            return "near", tokens[k - n + 1].start
        if (n := phrase_ending(tokens, k, words.via)) and not any(mode_of(t, words) for t in tokens[k + 1:first]):
            return "via", tokens[k - n + 1].start  # not "par train", "by road": a way, not a place passed
        verb = verb_class(tok, words)
        if verb in ("leave", "load", "produce"):
            return "origin", tok.start
        if verb in ("arrive", "unload"):
            return "destination", tok.start
        if verb == "carry" and located:
            return "destination", tok.start  # "transported ... in X": where it went
        if n := phrase_ending(tokens, k, words.origin):
            before = tokens[k - n] if k - n >= 0 else None
            unit = measured_from(tokens, k - n, words)
            if unit is not None and not to_another_place(pm, tokens, first, words, others):
                # "to a depot 30 km from Kursk": the landmark of the stop; "Lahti, 100 km from Helsinki": no stop;
                # "a flight of 4,700 km from Brindisi": where the flight set out
                kind, at = _distance_told_of(tokens, unit, words)
                if kind != "movement":
                    return (kind, at)
            if n == 1 and before is not None and in_a_name(before, words, others):
                return "context", -1  # "la Autoridad Portuaria de Valencia": an organisation named after the town
            genitive = (n == 1 and tokens[k].lower in words.genitive and before is not None
                        and noun_like(before, words, others) and verb_class(before, words) is None
                        and mode_of(before, words) is None  # "par train des mines de Khouribga": from
                        and not phrase_ending(tokens, k - n, words.origin + words.destination + words.at))
            if not genitive or to_another_place(pm, tokens, first, words, others):
                return "origin", tokens[k - n + 1].start  # "le charbon de Kemerovo à Nakhodka": from, to
            k -= n  # "le port de Rouen": the word that governs the port governs Rouen
            seen += n
            after_genitive = seen
            continue
        if (n := phrase_ending(tokens, k, words.destination)) and any(
                mode_of(tokens[i], words) and not describes_a_port(tokens, i, words) for i in range(k + 1, first)):
            k -= n  # "loaded onto trains at Fort Carson": the vehicle's, not the place's
            seen += n
            continue
        if n:
            if words.code == "ru":  # «в Находку», «до Москвы»: whither; «в Новосибирске»: where
                if case_of(pm.mention.surface.split()[0], place=True) != "locative":
                    return "destination", tokens[k - n + 1].start
                located = True
            elif not (tokens[k].lower in words.at and phrase_ending(tokens, k, words.at) == n):
                return "destination", tokens[k - n + 1].start
            else:
                located = True  # "à" and "in" say where: the verb decides (arrivé à, chargés à)
                fallback = ("destination", tokens[k - n + 1].start)
            k -= n
            seen += n
            continue
        if phrase_ending(tokens, k, words.at):
            located = True
        k -= 1
        seen += 1
    if located or fallback[0] == "context":  # "den Hafen von Noworossijsk verlassen": the verb may come after
        return verb_after(pm, tokens, first, words, others) or fallback
    return fallback


def _adjectival(pm: PlaceMention, tokens: list[Word], words: Lexicon) -> bool:
    """Whether a mention qualifies the noun after it ("Polish", "Thai rice", "Kuzbass coal"), and is no place
    of the sentence's movement."""
    if pm.mention.label == "DEMONYM":
        return True
    nxt = next((t for t in tokens if t.start >= pm.mention.end), None)
    small = {*words.origin, *words.destination, *words.at, *words.articles, *words.conjunctions, *words.via}
    return (pm.place.feature == "country" and nxt is not None and nxt.text.isalpha() and nxt.text.islower()
            and words.code not in NOUNS_CAPITALISED and nxt.lower not in small and not verb_class(nxt, words))


def to_another_place(pm: PlaceMention, tokens: list[Word], first: int, words: Lexicon,
                      others: Sequence[PlaceMention]) -> bool:
    """Whether a word of destination and another place follow the place: "de Kemerovo à Nakhodka", "de Koursk
    jusqu'à une base près de Tikhoretsk" (the other place within a few words, in the clause)."""
    after = [i for i in range(first, len(tokens)) if tokens[i].start >= pm.mention.end][:10]
    if not after or not any(phrase_ending(tokens, i, words.destination) >= i - after[0] + 1 for i in after[:3]):
        return False  # "à", "to", "jusqu'à" (two words to spaCy)
    end = next((tokens[i].start for i in after if tokens[i].text in CLAUSE_END or tokens[i].text == ","),
               tokens[after[-1]].end)
    return any(o is not pm and pm.mention.end < o.mention.start < end for o in others)


def measured_from(tokens: list[Word], k: int, words: Lexicon) -> int | None:
    """The index of a distance's unit at ``tokens[k]`` or a few words before it, a direction between ("650 km
    al suroeste de", "в 150 километрах от"): what follows is where the distance is measured from."""
    units = {u for u, kind in words.units.items() if kind in ("km", "mi", "nmi")}
    for j in range(k, max(-1, k - 4), -1):
        if tokens[j].lemmas & units or tokens[j].lower in units:
            return j
        if not (tokens[j].lemmas & words.compass or tokens[j].lower in words.articles
                or len(tokens[j].text) <= 3 and tokens[j].text.isalpha() and tokens[j].text.islower()):
            return None  # only "al suroeste", "north", "к северу" stand between
    return None


def _distance_told_of(tokens: list[Word], k: int, words: Lexicon) -> tuple[str, int]:
    """What the distance whose unit is ``tokens[k]`` is told of, from the words a few before it in its clause
    (the figure, its qualifier and its own preposition stepped over: "a unos 220", "à 30", "в 150"):

    - ``("near", offset)``: a stop it places, after a word of destination ("to a depot 30 km from Kursk");
    - ``("movement", offset)``: a journey, after a journey's noun, a transport word or a verb of moving
      ("a flight of 4,700 km from Brindisi");
    - ``("context", -1)``: a place it describes ("Lahti, some 100 km from Helsinki").
    """
    qualifiers = (*words.about, *words.less_than, *words.more_than)
    start = k - 1
    while start >= 0:
        if _NUMBER.fullmatch(tokens[start].text) or tokens[start].lower in words.number_words:
            start -= 1
        elif n := phrase_ending(tokens, start, qualifiers):
            start -= n
        else:
            break
    if start >= 0 and (n := phrase_ending(tokens, start, words.destination) or phrase_ending(tokens, start, words.at)):
        start -= n
    for j in range(start, max(-1, start - 6), -1):
        if tokens[j].text in CLAUSE_END or tokens[j].text == ",":
            break
        n = phrase_ending(tokens, j, words.destination)
        verb = verb_class(tokens[j], words)
        if verb in ("arrive", "unload") or n and phrase_ending(tokens, j, words.at) != n:
            return "near", tokens[j - n + 1].start if n else tokens[j].start
        if verb or tokens[j].lemmas & words.journey or mode_of(tokens[j], words):
            return "movement", tokens[j].start
    return "context", -1


def role_before_comma(tokens: list[Word], comma: int, words: Lexicon, stop_at: int) -> tuple[str, int] | None:
    """The word of destination or origin that governs the phrase before a comma, within a few words."""
    for k in range(comma - 1, max(-1, comma - 7), -1):
        if tokens[k].start < stop_at or tokens[k].text in CLAUSE_END or tokens[k].text == ",":
            return None
        if verb_class(tokens[k], words) in ("arrive", "unload"):
            return "destination", tokens[k].start
        if n := phrase_ending(tokens, k, words.destination):
            if not (tokens[k].lower in words.at and phrase_ending(tokens, k, words.at) == n):
                return "destination", tokens[k - n + 1].start
        if (n := phrase_ending(tokens, k, words.origin)) and tokens[k].lower not in words.genitive:
            return "origin", tokens[k - n + 1].start
    return None


def in_a_name(word: Word, words: Lexicon, places: Sequence[PlaceMention]) -> bool:
    """Whether a word is part of a capitalised name that is no place ("Autoridad Portuaria", "Port Authority"),
    in a language that capitalises names only."""
    return (words.code not in NOUNS_CAPITALISED and word.text[:1].isupper() and word.text.replace("-", "").isalpha()
            and not any(p.mention.start <= word.start < p.mention.end for p in places))


def noun_like(word: Word, words: Lexicon, places: Sequence[PlaceMention]) -> bool:
    """Whether a word may be a common noun ("port" in "le port de Rouen", "Hafen" in "im Hafen von Danzig"):
    lowercase, or capitalised in a language that capitalises nouns and not part of a place's name."""
    if not word.text.isalpha():
        return False
    if word.text == word.text.lower():
        return True
    return words.code in NOUNS_CAPITALISED and not any(p.mention.start <= word.start < p.mention.end for p in places)


def verb_after(pm: PlaceMention, tokens: list[Word], first: int, words: Lexicon,
               others: Sequence[PlaceMention] = ()) -> tuple[str, int] | None:
    """Where a located place ("in Danzig", "im Hafen von Danzig") has its verb after it: unloaded there, or left.

    An apposition between commas is stepped over ("in Kaliningrad, dem früheren Königsberg, eingetroffen");
    a verb with a place of its own right after it governs that one ("at Nacala after sailing from Bangkok")."""
    window = tokens[first:first + 16]
    towns = [o for o in others if o is not pm and o.place.feature == "town"]
    skip_to = -1
    for i, tok in enumerate(window):
        if i <= skip_to:
            continue
        if tok.text == "," and (close := _apposition_end(window, i, words)) is not None:
            skip_to = close
            continue
        if tok.text in CLAUSE_END or tok.text == "," or tok.start >= pm.mention.end and any(
                o.mention.start <= tok.start < o.mention.end for o in towns):
            return None  # another town between: the verb is that one's ("Brest in der Bretagne festmachen": not)
        verb = verb_class(tok, words)
        if verb and _governs_a_place(window, i, words, [o for o in others if o is not pm]):
            return None
        if verb in ("leave", "load"):
            return "origin", tok.start
        if verb in ("arrive", "unload"):
            return "destination", tok.start
    return None


def _governs_a_place(tokens: list[Word], i: int, words: Lexicon, others: Sequence[PlaceMention]) -> bool:
    """Whether a place follows the verb ``tokens[i]``, after nothing but words of origin, destination or
    location and articles ("sailing from Bangkok", "leaving Vanino")."""
    small = {*words.origin, *words.destination, *words.at, *words.articles, *words.port_before, *words.genitive}
    for tok in tokens[i + 1:i + 5]:
        if any(o.mention.start <= tok.start < o.mention.end for o in others):
            return True
        if tok.lower not in small and not phrase_ending([tok], 0, tuple(small)):
            return False
    return False


def _apposition_end(tokens: list[Word], comma: int, words: Lexicon) -> int | None:
    """The index of the comma that closes an apposition opened at ``comma`` ("dem früheren Königsberg", "der
    slowakischen Hauptstadt"): a few words with no verb, mode or word of origin or destination; else None."""
    for j in range(comma + 1, min(len(tokens), comma + 7)):
        tok = tokens[j]
        if tok.text == ",":
            return j if j > comma + 1 else None
        if (tok.text in CLAUSE_END or verb_class(tok, words) or mode_of(tok, words)
                or phrase_ending(tokens, j, (*words.origin, *words.destination))):
            return None
    return None


def waterway_of(pm: PlaceMention, text: str, words: Lexicon) -> str | None:
    """The waterway a place's name is part of ("détroit de Gibraltar", "the Suez Canal", "Straße von Hormus"),
    as written; None when the name names a place."""
    alternatives = "|".join(re.escape(w) for w in sorted(words.waterways, key=len, reverse=True))
    joins = "|".join(re.escape(w) for w in sorted({*words.genitive, *words.port_join, *words.region_join, "of", "de",
                                                    "d'", "d’", "del", "von"}, key=len, reverse=True))
    before = re.search(rf"(?:^|\s)((?:{alternatives})\s+(?:(?:{joins})\s*)?)$",
                       text[max(0, pm.mention.start - 30):pm.mention.start], re.IGNORECASE)
    after = re.match(rf"[-\s]*(?:{alternatives})\b", text[pm.mention.end:pm.mention.end + 20], re.IGNORECASE)
    if before:
        return (before.group(1) + pm.mention.surface).strip()
    if after:
        return (pm.mention.surface + after.group(0)).strip()
    return None


def qualifies(town: PlaceMention, pm: PlaceMention, tokens: list[Word], words: Lexicon) -> bool:
    """Whether a region right after a town says where the town is: "Brest in der Bretagne", "Dunay, en Russie",
    "Mobile (Alabama)", "Kandla, dans l'État du Gujarat"."""
    if pm.place.feature not in AREA_FEATURES or town.place.feature != "town" or pm.place.country_code != \
            town.place.country_code or distance_km(town.place.coord, pm.place.coord) > 600:
        return False
    between = [t for t in tokens if town.mention.end <= t.start < pm.mention.start]
    allowed = {*words.at, *words.articles, *words.genitive, *words.region_before, *words.place_words,
               ",", "(", "l'", "l’"}
    return len(between) <= 5 and all(t.lower in allowed for t in between)


def city_of_country(pm: PlaceMention) -> Place | None:
    """The town of a country that bears the name the article uses for it, when the text moves goods to or from
    it: "Djibouti", "Yibuti", "Kuwait"; None for a country with no such town."""
    towns = [p for p, _ in gazetteer().matches(pm.mention.surface)
             if p.feature == "town" and p.country_code == pm.place.country_code]
    return max(towns, key=lambda p: p.population) if towns else None


def right_after(place: PlaceMention, pm: PlaceMention, tokens: list[Word]) -> bool:
    """Whether ``pm`` follows ``place`` after a comma and a few words ("Jorf Lasfar, cerca de El Jadida")."""
    between = [t for t in tokens if place.mention.end <= t.start < pm.mention.start]
    return bool(between) and between[0].text == "," and len(between) <= 5


def coordinated(previous: PlaceMention, pm: PlaceMention, tokens: list[Word], words: Lexicon) -> bool:
    """Whether a place is joined to the one before by a conjunction ("Abidjan et de San-Pédro"), and so
    shares its role."""
    between = [t.lower for t in tokens if previous.mention.end <= t.start < pm.mention.start]
    if not between or between[0] not in words.conjunctions:
        return False
    rest = between[1:]
    return len(rest) <= 2 and all(w in (*words.origin, *words.destination, *words.at, *words.articles) for w in rest)


def describes_a_port(tokens: list[Word], i: int, words: Lexicon) -> bool:
    """Whether a word beside a word for a port describes the port ("морской порт", "port maritime",
    "sea port"), not the way the goods went."""
    ports = {*words.port_before, *(w.lower() for w in words.port_after)}
    return any(0 <= k < len(tokens) and tokens[k].lemmas & ports for k in (i - 1, i + 1))


def names_a_waterway(tokens: list[Word], i: int, words: Lexicon) -> bool:
    """Whether a word for a waterway is part of one's name ("Straße von Otranto", "Black Sea", "Sea of Japan"):
    a name passed, not the way the goods went ("by sea")."""
    if not tokens[i].lemmas & words.waterways:
        return False
    joins = {*words.genitive, *words.port_join, *words.region_join, "of", "de", "von", "del", "d'", "d’"}
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1:i + 3]
    return (before is not None and before.text[:1].isupper() and before.text.isalpha() and tokens[i].text[:1].isupper()
            or bool(after) and after[0].lower in joins and any(t.text[:1].isupper() for t in after[1:]))


def nearest_mode(position: int, tokens: list[Word], words: Lexicon, sentence_span: tuple[int, int],
                 places: Sequence[PlaceMention] = ()) -> tuple[str | None, str]:
    """The transport word that governs ``position``: the last one before it in its sentence, else the first after.

    A phrase of several words ("chemin de fer", «по железной дороге», "vía férrea") counts as one, before
    the words it is made of ("дорога" alone is a road).
    """
    start, end = sentence_span
    inside = [(i, t) for i, t in enumerate(tokens)
              if start <= t.start < end and not describes_a_port(tokens, i, words)
              and not names_a_waterway(tokens, i, words)]
    hits: list[tuple[int, str, str]] = []
    covered: set[int] = set()
    for i, _t in inside:
        for mode, phrase, n in mode_phrases(words.code):
            window = tokens[i:i + n]
            if len(window) == n and all(w.lemmas & {part} or w.lower == part
                                        for w, part in zip(window, phrase, strict=True)):
                hits.append((tokens[i].start, mode, " ".join(w.text for w in window)))
                covered |= set(range(i, i + n))
    hits += [(t.start, m, t.text) for i, t in inside if i not in covered and (m := mode_of(t, words))]
    vehicles = [h for h in hits
                if not _cargo(tokens, h[0], words) and not _in_an_organisations_name(tokens, h[0], words, places)]
    hits = sorted(vehicles or hits)  # "a train with 120 cars": the train, unless the cars are all there is
    before = [h for h in hits if h[0] < position]
    if before:
        return before[-1][1], before[-1][2]
    after = [h for h in hits if h[0] > position]
    return (after[0][1], after[0][2]) if after else (None, "")


def _in_an_organisations_name(tokens: list[Word], start: int, words: Lexicon,
                              places: Sequence[PlaceMention]) -> bool:
    """Whether the transport word at offset ``start`` is part of an organisation's or a line's name ("the Far
    Eastern Railway's press service", «пресс-служба Западно-Сибирской железной дороги», "Deutsche Bahn"):
    capitalised inside a sentence in a language that capitalises names only, or after a capitalised word
    that begins no sentence and names no place ("во Владивосток судном": the ship)."""
    i = next(k for k, t in enumerate(tokens) if t.start == start)

    def capitalised(k: int) -> bool:
        t = tokens[k]
        before = k - 2 if k >= 2 and tokens[k - 1].text == "-" else k - 1  # "Западно-Сибирской": three tokens
        return (before >= 0 and tokens[before].text[-1:].isalnum() and t.text[:1].isupper()  # not after "." or "-"
                and t.text.replace("-", "").isalpha() and t.lower not in words.articles)

    if words.code not in NOUNS_CAPITALISED and capitalised(i):
        return True
    return i > 0 and capitalised(i - 1) and mode_of(tokens[i - 1], words) is None and not any(
        p.mention.start <= tokens[i - 1].start < p.mention.end for p in places)


def _cargo(tokens: list[Word], start: int, words: Lexicon) -> bool:
    """Whether the transport noun at offset ``start`` names the goods, not the vehicle: counted after a word
    of carrying ("with 60 tractors", «со 120 автомобилями») or after a verb of loading with no word of
    destination between ("chargés de pièces et d'appareils"; not "loaded onto a convoy of 25 trucks")."""
    i = next(k for k, t in enumerate(tokens) if t.start == start)
    if tokens[i].lemmas & {w for verbs in words.mode_verbs.values() for w in verbs}:
        return False  # "shipped", "trucked": a verb tells how, never what
    before = tokens[max(0, i - 3):i]
    if any(_NUMBER.fullmatch(t.text) for t in before) and any(t.lower in words.with_ for t in before):
        return True
    for k in range(i - 1, max(-1, i - 7), -1):
        t = tokens[k]
        if t.text in CLAUSE_END or t.text == "," or phrase_ending(tokens, k, (*words.destination, *words.at)):
            return False
        if verb_class(t, words) == "load":
            return True
    return False


@functools.cache
def mode_phrases(language: str) -> list[tuple[str, tuple[str, ...], int]]:
    """The transport phrases of several words, each as the lemmas of its words, the longest first."""
    words = lexicon(language)
    out = []
    for mode in TRANSPORT_MODES:
        for phrase in (p for p in (*words.mode_words[mode], *words.mode_verbs[mode]) if " " in p):
            parts = tuple(lemma(w, language) for w in phrase.split())
            out.append((mode, parts, len(parts)))
    return sorted(out, key=lambda m: -m[2])
