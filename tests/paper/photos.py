"""Photos of paper cards made by the tests: known German text drawn with Pillow in a printed
font or a handwriting-style font, on cards (one, or several pinned to a board), turned a
few degrees, with a photographed look (uneven light, noise, a little blur) -- and the
character accuracy of what came back."""

import io
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

PRINT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
HAND_FONT = "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf"

CARD_TEXTS = [
    "Mehr Radwege zwischen Heide und Büsum",
    "Größere Busse für die Schüler am Morgen",
    "Straßenbeleuchtung im Ortskern verbessern",
    "Öffentliches WLAN in der Bücherei",
    "Ein Treffpunkt für Jugendliche am Hafen",
    "Bürgerbus auch am Wochenende fahren lassen",
    "Grünflächen pflegen und Bänke aufstellen",
    "Schnelles Internet für alle Dörfer",
    "Fußwege im Winter räumen",
    "Mehr Ärztinnen und Ärzte aufs Land holen",
    "Dorfladen mit regionalen Waren fördern",
    "Spielplätze für kleine Kinder erneuern",
]


def card_image(text, font_path, font_size=34, width=520, seed=0):
    """One card: pale paper, the text wrapped to the card's width, a thin shadow edge."""
    rng = random.Random(seed)
    font = ImageFont.truetype(font_path, font_size)
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and probe.textlength(candidate, font=font) > width - 60:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    line_height = int(font_size * 1.45)
    height = 60 + line_height * len(lines)
    card = Image.new("L", (width, height), 240 + rng.randint(-6, 6))
    draw = ImageDraw.Draw(card)
    y = 30
    for line in lines:
        draw.text((30 + rng.randint(-4, 4), y), line, font=font, fill=25 + rng.randint(0, 20))
        y += line_height
    draw.rectangle((0, 0, width - 1, height - 1), outline=200)
    return card


def board_image(texts, font_path, columns=2, angle=2.0, seed=1, font_size=34):
    """Several cards pinned to a grey board, in rows of ``columns``, each a little askew,
    the whole photo turned by ``angle`` degrees, then photographed (see ``photographed``)."""
    rng = random.Random(seed)
    cards = [card_image(text, font_path, font_size, seed=seed + index) for index, text in enumerate(texts)]
    cell_width = max(card.width for card in cards) + 90
    cell_height = max(card.height for card in cards) + 90
    rows = -(-len(cards) // columns)
    board = Image.new("L", (cell_width * columns + 60, cell_height * rows + 60), 120)
    for index, card in enumerate(cards):
        tilted = card.rotate(rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=120)
        x = 60 + (index % columns) * cell_width + rng.randint(-15, 15)
        y = 60 + (index // columns) * cell_height + rng.randint(-15, 15)
        board.paste(tilted, (x, y))
    return photographed(board, angle, seed)


def single_card_image(text, font_path, angle=-3.0, seed=2, font_size=34):
    """One card lying on a table, photographed close up."""
    card = card_image(text, font_path, font_size, seed=seed)
    table = Image.new("L", (card.width + 120, card.height + 120), 90)
    table.paste(card, (60, 60))
    return photographed(table, angle, seed)


def photographed(image, angle, seed):
    """``image`` turned by ``angle`` degrees, lit unevenly (darker towards one corner),
    with sensor noise and a slight blur, in colour as a phone sends it."""
    rng = random.Random(seed)
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=110)
    width, height = turned.size
    # a lamp off to one side: full light there, about 70 % in the far corner
    spot = Image.radial_gradient("L").resize((width * 2, height * 2))
    x, y = rng.randint(0, width // 2), rng.randint(0, height // 2)
    light = spot.crop((x, y, x + width, y + height)).point(lambda value: 255 - value * 80 // 255)
    lit = ImageChops.multiply(turned, light)
    noise = Image.effect_noise((width, height), 18)
    noisy = Image.blend(lit, noise, 0.12)
    blurred = noisy.filter(ImageFilter.GaussianBlur(0.8))
    return Image.merge("RGB", (blurred, blurred, blurred.point(lambda value: value * 95 // 100)))


def jpeg_bytes(image, quality=85):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def edit_distance(first, second):
    """Levenshtein distance: insertions, deletions and substitutions of characters."""
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def accuracy(expected, read):
    """Character accuracy: 1 - edit distance / length of the expected text (at least 0)."""
    return max(0.0, 1 - edit_distance(expected, read) / max(1, len(expected)))
