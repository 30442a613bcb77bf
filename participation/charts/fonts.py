"""Fonts for charts: DejaVu Sans (shipped with matplotlib) plus an emoji fallback if present.

People put emoji into idea texts and field names. matplotlib falls back glyph by glyph
along ``font.family``; Debian's fonts-symbola has outline emoji it can draw (colour bitmap
fonts it cannot). Characters no available font has become "□" instead of a warning and a
silently empty box.
"""

import functools
from pathlib import Path

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

BASE_FAMILY = "DejaVu Sans"
EMOJI_FONT_PATHS = (
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/truetype/symbola/Symbola.ttf",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf",
)
MISSING = "\u25a1"


@functools.cache
def font_families():
    """The family list for rcParams["font.family"]: DejaVu Sans, then any emoji fallback."""
    families = [BASE_FAMILY]
    for path in EMOJI_FONT_PATHS:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
            families.append(font_manager.FontProperties(fname=path).get_name())
            break
    return tuple(families)


@functools.cache
def _covered():
    paths = [font_manager.findfont(font_manager.FontProperties(family=BASE_FAMILY), fallback_to_default=False)]
    paths += [path for path in EMOJI_FONT_PATHS if Path(path).is_file()][:1]
    covered = set()
    for path in paths:
        covered.update(FT2Font(path).get_charmap())
    return frozenset(covered)


def drawable(text):
    """``text`` with every character no chart font can draw replaced by "□"."""
    covered = _covered()
    return "".join(
        char if ord(char) in covered or char.isspace() or char in "\u200d\ufe0f" else MISSING
        for char in text
    )
