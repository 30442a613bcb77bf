"""Splitting German compounds into known words.

"Glasfaserausbau", "Bildungsangebote" and "Dorfgemeinschaftshaus" should match ideas
that say "Glasfaser", "Angebot" or "Haus". A compound is split where every piece is a
known word (Koehn and Knight, 2003): known words are a small built-in vocabulary of
frequent German compound parts, the words of the field names, descriptions and
keywords, and the words that occur in at least two ideas of the corpus being analysed.
Of all splits into known words the one with the highest geometric mean of the parts'
frequencies wins; linking letters ("Bildung-s-angebote", "Ehre-n-amt") are dropped.

The split only adds features: the whole word stays a feature of its own, so a
compound is never worse off than without splitting. How much the last part (the head)
may count is learned from the corpus by :func:`head_specificity`. Everything is
deterministic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from .stopwords import STOP_WORDS

__all__ = ["BUILTIN_PARTS", "DISTINCT_PARTS", "CompoundSplitter", "head_specificity"]

# Frequent parts of German compounds in everyday and civic language, folded. General
# vocabulary, not taken from any evaluation data. Three-letter words split off only if
# listed here, which keeps "kostenlos" from becoming "kosten" + "los".
BUILTIN_PARTS = frozenset(
    """
    app amt art bad bau bus hof ort rad rat tag tal weg zug see
    abfall acker akte alltag alter ampel angebot anlage anruf anschluss antrag arbeit arzt
    ausbau ausweis auto bahn bank bau beratung bericht betrieb bild bildung boden brief
    buch burger dach daten dienst dorf drucker energie fahrt fahr feld fest feuer film
    firma fluss form frau freizeit funk gebaude geld gemeinde gemeinschaft gerat geschaft
    gesundheit gewerbe glas hafen halle handel handy haus heim hilfe hotel jugend kabel
    karte kasse kind kinder kirche klima kreis kultur kunde kurs land laden lade lehr
    leistung licht linie markt mast meister miete mobil musik nacht netz not ofen park
    pflege plan platz portal post preis programm projekt punkt rechner regel reise rente
    ruf saule schaden schiff schul schule schutz seite senior service sicherheit sitz sonne
    spiel sport stadt station stelle steuer strasse strom stunde system tafel technik
    teil telefon termin ticket treff turm uhr umwelt unterricht verein verkehr versorgung
    video wagen wald wand wasser wechsel welt werk wetter wind wirtschaft wissen wohnung
    zeit zentrum zone
    """.split()
)

# Compound parts whose stem would make them a false friend of another word: the part
# keeps a term of its own. "Lade-" of "Ladesäule", "Ladestation" is the verb "laden"
# (to charge); stemmed to "lad" it matched "Läden" (shops).
DISTINCT_PARTS = {"lade": "lade"}

_SHORT_PARTS = frozenset(word for word in BUILTIN_PARTS if len(word) == 3)
_LINKERS = ("", "s", "es", "n", "en", "e", "er", "ns")
_ENDINGS = ("", "e", "en", "n", "s", "es", "er", "ern")
_MIN_WORD = 6  # shorter words are not split
_MAX_PARTS = 4
MIN_CORPUS_COUNT = 2
HEAD_ONLY = True
_MIN_HEAD = 4


class CompoundSplitter:
    """Splits folded words into known parts; built once per analysed corpus."""

    def __init__(self, corpus_words: Iterable[str], field_words: Iterable[str] = ()) -> None:
        frequency: Counter[str] = Counter()
        for word, count in Counter(word for word in corpus_words if _is_part_candidate(word)).items():
            if count >= MIN_CORPUS_COUNT:
                frequency[word] += count
        for word in field_words:
            if _is_part_candidate(word):
                frequency[word] += 2
        for word in BUILTIN_PARTS:
            frequency[word] += 1
        # Every spelling a known word can have as the last part (with an inflection
        # ending) and as an earlier part (with a linking letter), mapped to
        # (frequency, known word); the most frequent, then the longest known word wins.
        self._as_head: dict[str, tuple[int, str]] = {}
        self._as_modifier: dict[str, tuple[int, str]] = {}
        for word, count in frequency.items():
            if len(word) < 3 or (len(word) == 3 and word not in _SHORT_PARTS):
                continue
            for table, suffixes in ((self._as_head, _ENDINGS), (self._as_modifier, _LINKERS)):
                for suffix in suffixes:
                    key = word + suffix
                    known = table.get(key)
                    if known is None or (count, len(word)) > (known[0], len(known[1])):
                        table[key] = (count, word)
        self.split = lru_cache(maxsize=None)(self._split)

    def frequency(self, part: str) -> int:
        """How often ``part`` (or an inflected form of it) was seen; 0 if unknown."""
        return self._as_head.get(part, (0, part))[0]

    def _split(self, word: str) -> tuple[str, ...]:
        """The parts of ``word`` (linking letters removed), or ``()`` if it does not split."""
        best = self._best(word, _MAX_PARTS)
        if best and len(best[0]) > 1:
            return best[0]
        if HEAD_ONLY and len(word) >= _MIN_WORD:
            # German compounds are right-headed: "Zahnarzt" is an "Arzt" even if "Zahn"
            # is unknown. The longest known head of at least four letters wins.
            for cut in range(3, len(word) - _MIN_HEAD + 1):
                known = self._as_head.get(word[cut:])
                if known:
                    return (word[:cut], known[1])
        return ()

    def _best(self, word: str, max_parts: int) -> tuple[tuple[str, ...], float] | None:
        # Returns (parts, score); score is the geometric mean of the part frequencies.
        candidates: list[tuple[float, int, tuple[str, ...]]] = []
        whole = self._as_head.get(word)
        if whole:
            candidates.append((float(whole[0]), 1, (whole[1],)))
        # A known word is split too: parts are added as features, they never replace it.
        if len(word) >= _MIN_WORD and max_parts > 1:
            for cut in range(3, len(word) - 2):
                left = self._as_modifier.get(word[:cut])
                if left is None:
                    continue
                right = self._best(word[cut:], max_parts - 1)
                if right is None:
                    continue
                parts = (left[1], *right[0])
                score = (left[0] * right[1] ** len(right[0])) ** (1 / len(parts))
                candidates.append((score, len(parts), parts))
        if not candidates:
            return None
        # Highest score; among equals the split with fewer parts, then the earliest.
        score, _, parts = max(candidates, key=lambda item: (item[0], -item[1], item[2]))
        return parts, score


def _is_part_candidate(word: str) -> bool:
    return len(word) >= 3 and word.isalpha() and word not in STOP_WORDS


def head_specificity(as_word: np.ndarray, as_modifier: np.ndarray, as_head: np.ndarray) -> np.ndarray:
    """How much each term says as the head of a compound, from document frequencies by role.

    German compounds are right-headed: the head names the kind of thing, the modifier the
    domain ("Spielplatz", "Arbeitsplatz", "Marktplatz" are all a "Platz", about play,
    work and trade). Heads that combine with many modifiers but are rarely used as a
    word of their own or as a modifier are generic ("Platz", "Angebot", "Stelle",
    "Zentrum"): sharing one says little about a shared topic. Heads that people also use
    as words or modifiers are topics ("Bus": "Rufbus", but also "Bus" and "Busfahrplan").

    The arguments count, per term, the documents that use it as a whole word, as a
    modifier and as a head. The specificity is ``(word + modifier + 1) / (head + 1)``,
    at most 1: a head counts fully once it is used on its own at least as often as it is
    a head, a head never used otherwise counts ``1 / (head + 1)``.
    """
    own = np.asarray(as_word, dtype=np.float64) + np.asarray(as_modifier, dtype=np.float64)
    return np.minimum(1.0, (own + 1.0) / (np.asarray(as_head, dtype=np.float64) + 1.0))
