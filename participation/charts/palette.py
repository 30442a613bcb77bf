"""The colours and marker shapes of Handlungsfelder: one palette for templates, new fields,
adopted proposals and the charts.

Twelve colours in the order they are handed out. The first eight are Okabe and Ito's
colour-blind-safe set (without its yellow, too light on white; with Paul Tol's indigo and
wine), the last four were chosen by search to stay apart from all others and from the
grey of unassigned ideas. tests/charts/test_palette.py measures the result in CIEDE2000,
for normal vision and simulated protanopia, deuteranopia and tritanopia.

Colour is never the only cue: the map also gives each field a marker shape of its own and
writes field names on the map.
"""

FIELD_PALETTE = (
    "#0072b2",  # blue
    "#e69f00",  # orange
    "#009e73",  # bluish green
    "#cc79a7",  # reddish purple
    "#882255",  # wine
    "#56b4e9",  # sky blue
    "#d55e00",  # vermillion
    "#332288",  # indigo
    "#990000",  # dark red
    "#1a1a1a",  # near black
    "#88cc88",  # light green
    "#bb66ff",  # violet
)
UNASSIGNED_COLOUR = "#6b7280"
# Filled shapes that stay tellable apart at 6 px; the unassigned ideas are small grey dots.
FIELD_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", "p", ">", "h", "*")
UNASSIGNED_MARKER = "."


def next_field_colour(used_colours):
    """The first palette colour no field uses yet (case-insensitive); when all twelve are
    taken, the palette starts again."""
    used = {colour.lower() for colour in used_colours if colour}
    free = [colour for colour in FIELD_PALETTE if colour not in used]
    return free[0] if free else FIELD_PALETTE[len(used) % len(FIELD_PALETTE)]


def field_marker(index):
    return FIELD_MARKERS[index % len(FIELD_MARKERS)]


def _luminance(colour):
    """WCAG 2.1 relative luminance of a "#rrggbb" colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first, second):
    """WCAG 2.1 contrast ratio of two "#rrggbb" colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background):
    """Black or white, whichever reads better on ``background`` (a field's own colour can be
    light or dark: the palette's and whatever a moderator picked)."""
    return max(("#000000", "#ffffff"), key=lambda text: contrast_ratio(text, background))
