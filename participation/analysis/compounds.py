"""Splitting German compounds into known words.

"Glasfaserausbau", "Bildungsangebote" and "Dorfgemeinschaftshaus" should match ideas
that say "Glasfaser", "Angebot" or "Haus". A compound is split where every piece is a
known word (Koehn and Knight, 2003): known words are a small built-in vocabulary of
frequent German compound parts, the words of the field names, descriptions and
keywords, and the words that occur in at least two ideas of the corpus being analysed.
Of all splits into known words the one with the highest geometric mean of the parts'
frequencies wins; linking letters ("Bildung-s-angebote", "Ehre-n-amt") are dropped.

The split only adds features: the whole word stays a feature of its own, so a
compound is never worse off than without splitting. Everything is deterministic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from .stopwords import STOP_WORDS

__all__ = ["BUILTIN_PARTS", "CompoundSplitter"]

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
        counts = Counter(word for word in corpus_words if _is_part_candidate(word))
        self._frequency: Counter[str] = Counter()
        for word, count in counts.items():
            if count >= MIN_CORPUS_COUNT:
                self._frequency[word] += count
        for word in field_words:
            if _is_part_candidate(word):
                self._frequency[word] += 2
        for word in BUILTIN_PARTS:
            self._frequency[word] += 1
        self.split = lru_cache(maxsize=None)(self._split)

    def frequency(self, part: str) -> int:
        """How often ``part`` (or an inflected form of it) was seen; 0 if unknown."""
        return self._lookup(part)[0]

    def _lookup(self, part: str) -> tuple[int, str]:
        # (frequency, known form): the most frequent known form of ``part`` without an
        # inflection ending, the longest form among equals.
        best = (0, part)
        for ending in _ENDINGS:
            if ending and not part.endswith(ending):
                continue
            base = part[: len(part) - len(ending)] if ending else part
            if len(base) >= 3 and (len(base) > 3 or base in _SHORT_PARTS):
                frequency = self._frequency.get(base, 0)
                if frequency > best[0]:
                    best = (frequency, base)
        return best

    def _split(self, word: str) -> tuple[str, ...]:
        """The parts of ``word`` (linking letters removed), or ``()`` if it does not split."""
        best = self._best(word, _MAX_PARTS)
        if best and len(best[0]) > 1:
            return best[0]
        if HEAD_ONLY:
            # German compounds are right-headed: "Zahnarzt" is an "Arzt" even if "Zahn"
            # is unknown. The longest known head of at least four letters wins.
            for cut in range(3, len(word) - _MIN_HEAD + 1):
                frequency, known = self._lookup(word[cut:])
                if frequency:
                    return (word[:cut], known)
        return ()

    def _best(self, word: str, max_parts: int) -> tuple[tuple[str, ...], float] | None:
        # Returns (parts, score); score is the geometric mean of the part frequencies.
        candidates: list[tuple[float, int, tuple[str, ...]]] = []
        whole, known = self._lookup(word)
        if whole:
            candidates.append((float(whole), 1, (known,)))
        # A known word is split too: parts are added as features, they never replace it.
        if len(word) >= _MIN_WORD and max_parts > 1:
            for cut in range(3, len(word) - 2):
                head, rest = word[:cut], word[cut:]
                for linker in _LINKERS:
                    if linker and not head.endswith(linker):
                        continue
                    left_frequency, left = self._lookup(head[: len(head) - len(linker)] if linker else head)
                    if not left_frequency:
                        continue
                    right = self._best(rest, max_parts - 1) if len(rest) >= 3 else None
                    if right is None:
                        continue
                    parts = (left, *right[0])
                    score = (left_frequency * right[1] ** len(right[0])) ** (1 / len(parts))
                    candidates.append((score, len(parts), parts))
        if not candidates:
            return None
        # Highest score; among equals the split with fewer parts, then the earliest.
        score, _, parts = max(candidates, key=lambda item: (item[0], -item[1], item[2]))
        return parts, score


def _is_part_candidate(word: str) -> bool:
    return len(word) >= 3 and word.isalpha() and word not in STOP_WORDS
