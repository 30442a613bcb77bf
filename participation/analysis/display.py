"""Which words are worth showing to people: nouns and compounds, not filler.

Terms reach the Handlungsfelder page, the PDF book and the public results page, so a
word that merely occurs often ("zeigt", "gerade", "rund", "Uhr", "Tag", "zu Hause") must
not be shown as what a field is about. Scoring is not changed by this module; it only
decides which of the scored words may be *displayed*:

* not on the display filler list below (our own list: verbs, adverbs and adjectives that
  are frequent in written contributions, and nouns of time, place and quantity that name
  no topic), compared on the folded spelling shown, so "Hause" (zu Hause) is filler and
  "Haus" is not;
* noun-like: German nouns are capitalised, so a word counts as a noun if it was written
  capitalised in at least half of its occurrences that do not start a text (a text's
  first word is capitalised anyway); all-capital abbreviations ("WLAN", "ÖPNV") count.
  When the people of a workshop hardly capitalise at all (typed on phones in lower case,
  less than ``MIN_CAPITALISED`` of the non-initial words), this test is skipped and only
  the filler list applies;
* a compound part that never occurs as a word of its own ("saule" of "Ladesäulen") is not
  shown: people would see it folded and without its umlaut.
"""

from __future__ import annotations

import numpy as np

from .features import Features
from .normalise import fold

__all__ = ["DISPLAY_FILLER", "MIN_CAPITALISED", "displayable_columns", "is_display_filler"]

MIN_CAPITALISED = 0.15
"""Below this share of capitalised non-initial words the capitalisation says nothing."""

_FILLER = """
zeigt zeigen zeigte gezeigt gerade rund bricht brechen gebrochen liegt liegen lag steht
stehen stand sieht sehen gesehen sagen sagt gesagt heißt heißen gilt gelten bleibt
bleiben gehen gehe gegangen fahren fährt gefahren laufen läuft nehmen nimmt genommen
stellen stellt gestellt setzen setzt bringen bringt gebracht halten hält gehalten führen
führt geführt nutzen nutzt genutzt lassen finden glaube glauben denke denken meine meinen
meint weiß wissen kennen kennt fehlt fehlen passiert passieren erreichen erreicht
ermöglichen ermöglicht schaffen sorgen sorgt dient dienen
sehr ziemlich recht relativ fast knapp etwa ungefähr circa ca mindestens höchstens
sofort bald heute gestern morgens abends nachts täglich stündlich jährlich manchmal
häufig selten meist oftmals zurzeit derzeit aktuell momentan bislang weiterhin dauerhaft
hin her herum rum drauf drin dran rein raus runter hoch vorne hinten links rechts
groß große großen großer kleine kleinen klein lang lange langen kurz kurze viel mehr
wenig schnell langsam hoch hohe hohen niedrig richtig falsch klar deutlich stark
teilweise komplett völlig absolut eher genauso gleich gleichen gleiche ähnlich
allgemein generell grundsätzlich insgesamt besonders vor allem wegen bezüglich
uhr tag tage tagen woche wochen monat monate monaten jahr jahre jahren minute minuten
stunde stunden sekunde sekunden zeit zeiten mal male hause zuhause seite seiten stelle
stellen teil teile fall fälle falle art weise grund gründe punkt punkte problem probleme
frage fragen ende anfang beginn moment zeitpunkt meter metern kilometer prozent euro zahl
anzahl menge rest hälfte blick sicht situation lage zustand richtung höhe nähe mitte
morgen abend wochenende alltag leben welt ort orte stück weg wege dinge sachen leute
bürger bürgerinnen anwohner anwohnerinnen anwohnende person personen jahrzehnt zukunft
lösung lösungen maßnahme maßnahmen verbesserung änderung vorteil nachteil ziel ziele
""".split()

DISPLAY_FILLER: frozenset[str] = frozenset(fold(word) for word in _FILLER)
"""Folded words never shown as terms (see module docstring)."""


def is_display_filler(word: str) -> bool:
    """Whether ``word`` (any spelling) is filler rather than a topic."""
    folded = fold(word)
    return folded in DISPLAY_FILLER or len(folded) < 3 or not any(char.isalpha() for char in folded)


def displayable_columns(features: Features, rows: int | None = None, always: frozenset[int] = frozenset()) -> np.ndarray:
    """Boolean mask over the word columns of ``features``: may this term be shown?

    Capitalisation is counted over the first ``rows`` texts (all if None: say, the ideas
    without the field profiles). Columns in ``always`` skip the noun test (a field's own
    keywords), never the filler list.
    """
    n_word = features.n_word
    column = {term: index for index, term in enumerate(features.word_terms)}
    capitalised = np.zeros(n_word)
    seen = np.zeros(n_word)
    initial_capitalised = np.zeros(n_word)
    initial_seen = np.zeros(n_word)
    documents = features.tokens if rows is None else features.tokens[:rows]
    for document in documents:
        for position, token in enumerate(document):
            index = column.get(features.stems.get(token))
            if index is None:
                continue
            upper = token.surface[:1].isupper()
            if position == 0:
                initial_seen[index] += 1
                initial_capitalised[index] += upper
            else:
                seen[index] += 1
                capitalised[index] += upper
    as_word = (seen + initial_seen) > 0
    if seen.sum() and capitalised.sum() / seen.sum() >= MIN_CAPITALISED:
        # Evidence from inside the texts where there is any, else from their first words.
        noun = np.where(seen > 0, capitalised >= 0.5 * seen, initial_capitalised >= 0.5 * np.maximum(initial_seen, 1))
    else:
        noun = np.ones(n_word, dtype=bool)
    shown = as_word & noun
    if always:
        shown[sorted(always)] = True
    filler = np.array([is_display_filler(word) for word in features.readable], dtype=bool)
    return shown & ~filler if n_word else np.zeros(0, dtype=bool)


def display_words(features: Features, rows: int) -> frozenset[str]:
    """Readable words that may be shown as matching terms of the first ``rows`` texts.

    The texts after ``rows`` are field profiles: their words skip the noun test (a
    field's keyword "barrierefrei" may be named), never the filler list.
    """
    column = {term: index for index, term in enumerate(features.word_terms)}
    profile = frozenset(
        column[features.stems[token]]
        for document in features.tokens[rows:]
        for token in document
        if features.stems.get(token) in column
    )
    mask = displayable_columns(features, rows, profile)
    return frozenset(features.readable[index] for index in np.flatnonzero(mask))
