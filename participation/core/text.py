"""Text hygiene for everything citizens type: ideas, edits, nicknames, corrections.

What is stored is what the room sees, so invisible characters go before anything checks
the text:

- NFKC folds look-alike forms into their plain letters: full-width ``Ａｒｓｃｈ``, ligatures
  such as ``ﬁ``, super- and subscripts, compatibility spaces.
- Zero-width characters (U+200B-U+200D, U+2060-U+2064, U+FEFF, U+180E), the soft
  hyphen U+00AD and the Hangul fillers are removed: inside a word they split it for a
  word filter while the screen shows it whole, and a text made of them looks empty.
  A zero-width joiner between two emoji stays (it builds one emoji, such as 👩‍💻).
- Bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) are removed:
  a right-to-left override in a nickname turns the text after it around on the page.
- Control characters go, except line breaks where a text may have several lines; tabs
  become spaces, Windows and old Mac line breaks and U+2028/U+2029 become ``\\n``.
- Lone surrogates (JSON can carry them as escapes; no database stores them) go.

``skeleton`` is for comparing, never for storing: it also maps Cyrillic and Greek
letters that look like Latin ones to those, so a word filter's "Arschloch" catches the
same word typed with a Cyrillic "А".
"""

import re
import unicodedata

from markupsafe import Markup

# Removed wherever they stand (besides the joiner, handled on its own).
_INVISIBLE = (
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u061c"  # Arabic letter mark
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers: blank "letters"
    "\u17b4\u17b5"  # Khmer inherent vowels: invisible
    "\u180e"  # Mongolian vowel separator
    "\u200b\u200c"  # zero-width space, non-joiner
    "\u200e\u200f"  # left-to-right / right-to-left mark
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u2069"  # bidi isolates
    "\ufeff"  # zero-width no-break space (byte-order mark)
    "\ud800-\udfff"  # lone surrogates
)
_REMOVE = re.compile(f"[{_INVISIBLE}\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ZWJ = "\u200d"
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")

# Letters of other scripts that look like Latin ones (after casefolding). Our own table,
# kept small: the letters a word can be disguised with, not a full confusables list.
_LOOK_ALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "и": "u", "к": "k", "м": "m", "н": "h",
    "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ь": "b", "ѕ": "s",
    "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "һ": "h", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ζ": "z", "ϲ": "c", "ϳ": "j",
    # Latin letters that pass for others
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɩ": "i", "ʀ": "r", "ᴀ": "a", "ᴄ": "c", "ᴏ": "o", "ꜱ": "s",
}
_SKELETON = str.maketrans(_LOOK_ALIKES)


def _is_emoji_part(char):
    return unicodedata.category(char) in ("So", "Sk") or char == "\ufe0f"


def _strip(text):
    text = _REMOVE.sub("", text)
    if _ZWJ not in text:
        return text
    kept = []
    for index, char in enumerate(text):
        if char == _ZWJ:
            before, after = text[index - 1 : index], text[index + 1 : index + 2]
            if not (before and after and _is_emoji_part(before) and _is_emoji_part(after)):
                continue
        kept.append(char)
    return "".join(kept)


def clean_text(raw, multiline=True):
    """``raw`` as it is stored: NFKC, no invisible or control characters, trimmed.

    With ``multiline`` line breaks stay (unified to ``\\n``); without, the text becomes
    one line with single spaces."""
    text = _LINE_BREAKS.sub("\n", str(raw or "")).replace("\t", " ")
    text = _strip(unicodedata.normalize("NFKC", _strip(text)))
    if not multiline:
        return " ".join(text.split())
    return text.strip()


def clean_line(raw):
    return clean_text(raw, multiline=False)


def is_blank(text):
    """Nothing visible in ``text``: only spaces, marks, format or control characters."""
    return not any(unicodedata.category(char)[0] in "LNPS" for char in text)


def skeleton(text):
    """``text`` for comparing: cleaned, casefolded, look-alike letters made Latin."""
    return clean_line(text).casefold().translate(_SKELETON)


def bdi(text):
    """``text`` (escaped) in ``<bdi>``: what someone typed, set into a sentence of the page,
    keeps its own direction and never turns the sentence around it."""
    return Markup("<bdi>{}</bdi>").format(text)
