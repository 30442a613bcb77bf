"""Reading a photo of paper cards (one card, or a pin board of many) into proposed cards,
with Tesseract and its German model. No Flask here: the photo page calls it.

The photo stays in memory: Pillow decodes the uploaded bytes, the prepared picture goes to
``tesseract`` through its stdin and the words come back on its stdout (TSV), so nothing of
it is written to disk. Nothing here logs the picture or the text read from it.

Words are grouped into cards by Tesseract's paragraphs, joined with the paragraphs that
sit right beneath them (one card whose lines Tesseract split) and split at large vertical
gaps (two cards one above the other). Printed text and block letters come back nearly
right; handwriting often needs correcting, and the page says so.
"""

import io
import os
import re
import shutil
import statistics
import subprocess
import time
import warnings
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter, ImageOps, UnidentifiedImageError

TESSERACT = "tesseract"
LANGUAGE = "deu"
TIMEOUT_SECONDS = 60
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; larger pictures are refused before decoding
FORMATS = ("JPEG", "PNG", "WEBP", "BMP", "GIF", "TIFF")
# The prepared picture's longer side: phone photos are scaled down to it (Tesseract gets no
# better from more, only slower), small pictures scaled up towards it.
LONG_SIDE = 2400
SMALL_SIDE = 1200
MAX_UPSCALE = 3
SKEW_ANGLES = tuple(step / 2 for step in range(-12, 13))  # -6° to 6°, in half degrees
SKEW_PROBE_SIDE = 800
MAX_STRIPS = 4  # columns of cards read one by one
MIN_WORD_CONFIDENCE = 20  # words Tesseract itself barely believes (stray marks, card edges)
MIN_CARD_CONFIDENCE = 25  # below: noise of the board, not writing
GAP_LINES = 1.0  # more space than a line's height between two lines: two cards
OPTIONS = ("--psm", "4", "--dpi", "300")  # one column of text: each strip of the photo
_AVAILABLE_FOR = 60  # seconds a look at the installed Tesseract is trusted
_availability = {}


class ImageRejected(ValueError):
    """The upload cannot be read as a photo. ``reason``: "empty", "not_image", "heic",
    "too_large" (more pixels than allowed) or "broken" (an image that does not decode)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class OcrUnavailable(RuntimeError):
    """Tesseract (or its German model) is not installed, or it failed or took too long.
    ``reason``: "missing", "timeout" or "failed"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ProposedCard:
    """A card as read: its text (lines joined, hyphenation at line ends undone) and
    Tesseract's mean word confidence (0 to 100)."""

    text: str
    confidence: float


def ocr_available(command=None):
    """Whether ``tesseract`` is on the PATH with the German model (asked at most once a minute)."""
    command = command or TESSERACT
    now = time.monotonic()
    known = _availability.get(command)
    if known is not None and now - known[1] < _AVAILABLE_FOR:
        return known[0]
    available = False
    if shutil.which(command):
        try:
            listing = subprocess.run([command, "--list-langs"], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            listing = None
        if listing is not None and listing.returncode == 0:
            names = (listing.stdout + listing.stderr).decode("utf-8", "replace").split()
            available = LANGUAGE in names
    _availability[command] = (available, now)
    return available


def read_cards(image_bytes, max_pixels=MAX_PIXELS, command=None, timeout=TIMEOUT_SECONDS):
    """The cards on the photo ``image_bytes``, in reading order (``ProposedCard``).

    Raises ``ImageRejected`` for what is not a readable picture and ``OcrUnavailable``
    when Tesseract is missing, fails or takes longer than ``timeout`` seconds.
    """
    picture = prepare(decode(image_bytes, max_pixels))
    command = command or TESSERACT
    if not ocr_available(command):
        raise OcrUnavailable("missing")
    lines = []
    deadline = time.monotonic() + timeout
    for left, right in column_strips(picture):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise OcrUnavailable("timeout")
        strip = picture.crop((left, 0, right, picture.height))
        lines += parse_tsv(run_tesseract(strip, command, remaining), offset=left)
    return group_cards(lines)


def column_strips(image):
    """Where the picture is cut into columns read one by one: at wide pixel columns
    without ink (the space between two columns of cards on a pin board). Read as one,
    Tesseract joins the lines of cards side by side into one line, each askew its own
    way, and garbles both."""
    probe = image.copy()
    probe.thumbnail((SKEW_PROBE_SIDE, SKEW_PROBE_SIDE))
    ink = probe.point(lambda value: 255 if value < 128 else 0)
    columns = ink.resize((ink.width, 1), Image.Resampling.BOX).tobytes()
    scale = image.width / probe.width
    min_gap = max(12, probe.width // 25)
    cuts, start = [], None
    for x, amount in enumerate(columns + b"\xff"):
        if amount <= 2:  # less than 1 % of the column is ink
            start = x if start is None else start
            continue
        if start is not None and start > 0 and x < len(columns) and x - start >= min_gap:
            cuts.append(round((start + x) / 2 * scale))
        start = None
    edges = [0, *cuts[:MAX_STRIPS - 1], image.width]
    strips = []
    for left, right in zip(edges, edges[1:]):
        if sum(columns[int(left / scale):int(right / scale)]) > 255:  # some ink: worth reading
            strips.append((left, right))
    return strips


def decode(image_bytes, max_pixels=MAX_PIXELS):
    """The photo as an upright grayscale ``Image``, checked before it is decoded."""
    if not image_bytes:
        raise ImageRejected("empty")
    if _is_heif(image_bytes):
        raise ImageRejected("heic")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(image_bytes), formats=FORMATS)
        except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise ImageRejected("too_large" if "decompression" in type(error).__name__.lower() else "not_image") from None
        except (OSError, ValueError, SyntaxError):
            raise ImageRejected("not_image") from None
        width, height = image.size
        if width < 1 or height < 1:
            raise ImageRejected("broken")
        if width * height > max_pixels:
            raise ImageRejected("too_large")
        try:
            if image.format == "JPEG":  # decode at a reduced scale: fast, and little memory
                image.draft("L", (min(width, LONG_SIDE), min(height, LONG_SIDE)))
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
                image = _on_white(image)
            return image.convert("L")
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ImageRejected("broken") from None


def _is_heif(data):
    """HEIC/HEIF/AVIF (an ISO media file): Pillow here cannot read them."""
    return data[4:8] == b"ftyp" and data[8:12] in {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1",
                                                   b"msf1", b"avif", b"avis"}


def _on_white(image):
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(background, rgba)


def prepare(image):
    """The picture Tesseract reads best: a sensible size, uneven light evened out (the
    background estimated by removing the writing and blurring), stretched contrast."""
    width, height = image.size
    long_side = max(width, height)
    if long_side > LONG_SIDE:
        scale = LONG_SIDE / long_side
    elif long_side < SMALL_SIDE:
        scale = min(MAX_UPSCALE, SMALL_SIDE / long_side)
    else:
        scale = 1
    if scale != 1:
        image = image.resize((max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.LANCZOS)
    return _deskew(ImageOps.autocontrast(_even_light(image), cutoff=1))


def _deskew(image):
    """``image`` turned upright when the photo was taken a few degrees askew: the angle at
    which the rows of writing give the sharpest profile of ink per pixel row."""
    small = image.copy()
    small.thumbnail((SKEW_PROBE_SIDE, SKEW_PROBE_SIDE))
    ink = small.point(lambda value: 255 if value < 128 else 0)
    angle = max(SKEW_ANGLES, key=lambda angle: (_row_contrast(ink.rotate(angle, Image.Resampling.BILINEAR)), -abs(angle)))
    if angle == 0:
        return image
    return image.rotate(angle, Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def _row_contrast(ink):
    """How sharply the amount of ink changes from one pixel row to the next."""
    rows = ink.resize((1, ink.height), Image.Resampling.BOX).tobytes()
    return sum((below - above) ** 2 for above, below in zip(rows, rows[1:]))


def _even_light(image):
    """``image`` with its background brought to white: a photo's shadow and the light
    falling off towards a corner otherwise turn into black blotches when Tesseract
    binarises the whole picture with one threshold."""
    width, height = image.size
    small = image.resize((max(1, width // 8), max(1, height // 8)), Image.Resampling.BILINEAR)
    background = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(4))
    background = background.resize(image.size, Image.Resampling.BILINEAR)
    return ImageOps.invert(ImageChops.subtract(background, image))


def run_tesseract(image, command=TESSERACT, timeout=TIMEOUT_SECONDS):
    """Tesseract's TSV for ``image``, the picture sent through stdin (PNG), nothing on disk."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    arguments = [command, "stdin", "stdout", "-l", LANGUAGE, *OPTIONS, "tsv"]
    # One thread: a photo must not take every core of a server that runs the evening.
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        finished = subprocess.run(arguments, input=buffer.getvalue(), capture_output=True, timeout=timeout,
                                  env=environment, check=False)
    except subprocess.TimeoutExpired:
        raise OcrUnavailable("timeout") from None
    except OSError:
        raise OcrUnavailable("missing") from None
    if finished.returncode != 0:
        raise OcrUnavailable("failed")
    return finished.stdout.decode("utf-8", "replace")


@dataclass
class _Line:
    """A run of words on one line of one card: a line Tesseract reads across two cards
    side by side is cut where the words are far apart."""

    left: int
    top: int
    right: int
    bottom: int
    words: list
    confidences: list

    @property
    def height(self):
        return max(1, self.bottom - self.top)

    @property
    def width(self):
        return max(1, self.right - self.left)

    def extend(self, left, top, right, bottom, words, confidences):
        self.left, self.top = min(self.left, left), min(self.top, top)
        self.right, self.bottom = max(self.right, right), max(self.bottom, bottom)
        self.words.extend(words)
        self.confidences.extend(confidences)


def parse_tsv(tsv, offset=0):
    """Tesseract's TSV as lines of words (``_Line``), the words it barely believes and
    stray marks left out."""
    rows = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        try:
            confidence = float(cells[10])
            left, top, width, height = (int(value) for value in cells[6:10])
        except ValueError:
            continue
        left += offset
        if not text or confidence < MIN_WORD_CONFIDENCE or _is_mark(text):
            continue
        key = (int(cells[2]), int(cells[3]), int(cells[4]))
        rows.setdefault(key, []).append((left, top, left + width, top + height, text, confidence))
    heights = [word[3] - word[1] for words in rows.values() for word in words]
    tiny = 0.35 * statistics.median(heights) if heights else 0
    lines = []
    for words in rows.values():
        words = sorted(word for word in words if word[3] - word[1] >= tiny)  # fragments of a word read twice
        if not words:
            continue
        height = statistics.median(word[3] - word[1] for word in words)
        line = None
        for left, top, right, bottom, text, confidence in words:
            if line is None or left - line.right > 1.5 * height:
                line = _Line(left, top, right, bottom, [], [])
                lines.append(line)
            line.extend(left, top, right, bottom, [text], [confidence])
    return _join_neighbours(lines)


def _join_neighbours(lines):
    """Runs of words side by side on the same line joined (Tesseract sometimes puts the
    last word of a line into a line of its own)."""
    joined = []
    for line in sorted(lines, key=lambda line: line.left):
        for other in joined:
            shared = min(other.bottom, line.bottom) - max(other.top, line.top)
            height = max(other.height, line.height)
            if shared > 0.5 * min(other.height, line.height) and -0.5 * height < line.left - other.right < 1.5 * height:
                other.extend(line.left, line.top, line.right, line.bottom, line.words, line.confidences)
                break
        else:
            joined.append(line)
    return joined


def _is_mark(text):
    """A "word" without a letter or digit that is not punctuation a sentence uses alone."""
    return not any(character.isalnum() for character in text) and text not in {"-", "–", "&", "+", "?", "!"}


def group_cards(lines):
    """Lines grouped into proposed cards, in reading order: a line belongs to the card
    whose last line sits right above it (the same column, at most about a line's height
    of space between); a larger gap starts a new card."""
    groups = []
    for line in sorted(lines, key=lambda line: (line.top, line.left)):
        above = [group for group in groups if _continues(group[-1], line)]
        if above:
            min(above, key=lambda group: line.top - group[-1].bottom).append(line)
        else:
            groups.append([line])
    cards = []
    for group in _reading_order(groups):
        card = _card_of(group)
        if card is not None:
            cards.append(card)
    return cards


def _continues(upper, lower):
    height = max(upper.height, lower.height)
    gap = lower.top - upper.bottom
    overlap = min(upper.right, lower.right) - max(upper.left, lower.left)
    return -0.5 * height <= gap <= GAP_LINES * height and overlap > 0.25 * min(upper.width, lower.width)


def _reading_order(groups):
    """Rows of cards top to bottom (a card belongs to a row when it starts above the
    middle of the row's first card), each row left to right."""
    rows = []
    for group in sorted(groups, key=lambda group: min(line.top for line in group)):
        top = min(line.top for line in group)
        if rows and top < rows[-1][0]:
            rows[-1][1].append(group)
        else:
            bottom = max(line.bottom for line in group)
            rows.append([(top + bottom) / 2, [group]])
    return [group for _middle, row in rows for group in sorted(row, key=lambda group: min(line.left for line in group))]


def _card_of(group):
    text = ""
    for line in group:
        part = " ".join(line.words)
        if not text:
            text = part
        elif re.search(r"\w[-‐¬]$", text) and part[:1].islower():
            text = text[:-1] + part  # "Straßen-" + "beleuchtung"
        elif text.endswith(("-", "‐")) and part[:1].isupper():
            text = text[:-1] + "-" + part  # "Bus-" + "Haltestelle": a compound's own hyphen
        else:
            text = f"{text} {part}"
    confidences = [confidence for line in group for confidence in line.confidences]
    confidence = statistics.fmean(confidences) if confidences else 0.0
    letters = sum(character.isalpha() for character in text)
    if letters < 2 or confidence < MIN_CARD_CONFIDENCE or letters < 0.5 * len(text.replace(" ", "")):
        return None
    return ProposedCard(text=text, confidence=round(confidence, 1))
