"""Fonts for charts and PDFs: DejaVu Sans (shipped with matplotlib) plus emoji fallbacks.

People put emoji into idea texts and field names. The one list of emoji font files lives
here, for both drawers: matplotlib (charts) falls back glyph by glyph along
``font.family`` and can draw outline fonts only (Debian's fonts-symbola), no colour bitmap
fonts; fpdf2 (the PDF exports, ``exports.pdf_base``) embeds both and takes the colour font
first. In charts, characters no available font has become "□" instead of a warning and a
silently empty box.
"""

import functools
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

BASE_FAMILY = "DejaVu Sans"
# DejaVu ships with matplotlib, so it is there wherever the charts can be drawn.
DEJAVU_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# Colour emoji: every emoji Unicode has, but only fpdf2 can use them.
COLOUR_EMOJI_FONT_PATHS = (
    Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"),  # Debian: fonts-noto-color-emoji
    Path("/usr/share/fonts/noto/NotoColorEmoji.ttf"),
    Path("/usr/share/fonts/google-noto-emoji/NotoColorEmoji.ttf"),
)
# Outline emoji, black and white: matplotlib's only choice, the PDFs' second (Symbola lacks
# newer emoji such as 🩺).
OUTLINE_EMOJI_FONT_PATHS = (
    Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"),  # Debian: fonts-symbola
    Path("/usr/share/fonts/truetype/symbola/Symbola.ttf"),
    Path("/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf"),
)
MISSING = "\u25a1"


def _first_file(paths):
    return next((path for path in paths if path.is_file()), None)


@functools.cache
def emoji_font_paths(colour=True):
    """The emoji fonts this machine has, best first: the first colour font found (only if
    ``colour``) and the first outline font found. Empty: emoji cannot be drawn."""
    candidates = [_first_file(OUTLINE_EMOJI_FONT_PATHS)]
    if colour:
        candidates.insert(0, _first_file(COLOUR_EMOJI_FONT_PATHS))
    return tuple(path for path in candidates if path is not None)


@functools.cache
def font_families():
    """The family list for rcParams["font.family"]: DejaVu Sans, then any emoji fallback."""
    families = [BASE_FAMILY]
    for path in emoji_font_paths(colour=False):
        font_manager.fontManager.addfont(str(path))
        families.append(font_manager.FontProperties(fname=str(path)).get_name())
    return tuple(families)


@functools.cache
def _covered():
    paths = [font_manager.findfont(font_manager.FontProperties(family=BASE_FAMILY), fallback_to_default=False)]
    paths += [str(path) for path in emoji_font_paths(colour=False)]
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
