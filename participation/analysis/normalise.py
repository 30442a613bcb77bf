"""German text normalisation: folding, tokenising and stemming of citizen ideas.

Ideas are typed on phones: mixed case, umlauts written as "ae"/"oe"/"ue" or left out,
"ß" or "ss", hyphenated compounds ("Car-Sharing-App", "W-LAN"), emoji, repeated
punctuation, links. This module turns such text into comparable tokens:

* :func:`fold` maps a string to lower-case ASCII-like letters: ``ä → a``, ``ß → ss``,
  typed-out umlauts ``ae/oe/ue → a/o/u`` (not after a vowel, as in "neue", "Bauer", nor
  "ue" after "q"), other accents dropped. "Ärzte", "Aerzte" and "arzte" fold alike.
* :func:`tokenize` finds words, keeps hyphenated compounds together and remembers their
  parts, and drops links, numbers, emoji and punctuation.
* :func:`stem` is the Snowball German stemmer plus a few plural rules it misses for
  loanwords ("Kitas", "Apps", "Tablets", "Busse").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

__all__ = ["Token", "fold", "stem", "tokenize"]

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
# A word: letters and digits, optionally joined by hyphens (ASCII, U+2010, U+2011).
_WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")
_HYPHEN = re.compile(r"[-\u2010\u2011]")
# Typed-out umlauts: "ae", "oe", "ue" not preceded by a vowel; "ue" not after "q" either.
_TYPED_UMLAUT = re.compile(r"(?<![aeiouy])([ao])e|(?<![aeiouyq])(u)e")

_STEMMER = snowballstemmer.stemmer("german")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ``text`` and fold umlauts, ß and accents (see module docstring)."""
    lowered = unicodedata.normalize("NFKC", text).casefold()
    folded = _TYPED_UMLAUT.sub(lambda match: match.group(1) or match.group(2), lowered)
    return _strip_accents(folded)


_LOANWORD_PLURAL = re.compile(r"(?<=[aoy])s$|(?<=[pt])s$")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball German stem of a lower-case word, folded (see :func:`fold`).

    Snowball leaves English and Romance plurals alone ("kitas", "apps", "autos"); if it
    left the word unchanged, a trailing "s" after a, o, y, p or t is dropped for words of
    five letters or more
    (and "apps"), which never hits a German word stem of that shape that matters here
    ("Kreis" ends in "is", "Haus" in "us", "Glas" is short). "Busse" is mapped to "bus".
    """
    stemmed = fold(_STEMMER.stemWord(word))
    if stemmed == fold(word) and (len(stemmed) >= 5 or (len(stemmed) == 4 and stemmed[2] in "pt")):
        stemmed = _LOANWORD_PLURAL.sub("", stemmed)
    return _IRREGULAR.get(stemmed, stemmed)


# Stems that Snowball leaves apart although they are the same word.
_IRREGULAR = {"buss": "bus", "busen": "bus"}


@dataclass(frozen=True)
class Token:
    """One word of an idea.

    ``surface`` is the word as typed, hyphens included ("Car-Sharing-App");
    ``lower`` the same in lower case with umlauts kept, hyphens removed (for the
    stemmer); ``folded`` the folded word without hyphens ("carsharingapp"); ``parts``
    the folded pieces between hyphens (``("car", "sharing", "app")``), empty unless the
    word has at least two pieces that are words of their own ("W-LAN" has none).
    """

    surface: str
    lower: str
    folded: str
    parts: tuple[str, ...] = ()


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` in order; links, numbers, emoji and punctuation are dropped.

    Pieces of a hyphenated word that are a single letter or a number ("E" in "E-Mail",
    "30" in "Tempo-30-Zone") stay part of the whole word but are not parts of their own.
    """
    text = _URL.sub(" ", unicodedata.normalize("NFKC", text))
    tokens = [_token(match.group(0)) for match in _WORD.finditer(text)]
    return [token for token in tokens if token is not None]


@lru_cache(maxsize=200_000)
def _token(surface: str) -> Token | None:
    pieces = [piece for piece in _HYPHEN.split(surface) if piece]
    folded_pieces = [fold(piece) for piece in pieces]
    folded = "".join(folded_pieces)
    if len(folded) < 2 or not any(char.isalpha() for char in folded):
        return None  # a number, a date, a time, a single letter
    whole_lower = "".join(pieces).casefold()
    parts = tuple(piece for piece in folded_pieces if len(piece) > 1 and not piece.isdigit())
    return Token(surface=surface, lower=whole_lower, folded=folded, parts=parts if len(parts) > 1 else ())
