"""Reading photos of paper cards (participation/paper/ocr.py, no Flask): photos rendered here
from known German text come back as proposed cards, printed text at 95 % character
accuracy or better; handwriting is measured and reported; what is not a photo is refused
before it is decoded; nothing of the photo is written to disk."""

import io
import os
import statistics
import subprocess
import tempfile

import pytest
from PIL import Image

from participation.paper import ocr
from paper.photos import (CARD_TEXTS, HAND_FONT, PRINT_FONT, accuracy, board_image, jpeg_bytes, png_bytes,
                    single_card_image)

pytestmark = pytest.mark.skipif(not ocr.ocr_available(), reason="needs tesseract with its German model (make ocr)")

BOARDS = [CARD_TEXTS[0:4], CARD_TEXTS[4:8], CARD_TEXTS[8:12]]
ANGLES = [-2.0, 2.5, -1.5]


def _read_boards(font):
    """Per card of each board: the accuracy of the proposed card that matches it best; and
    how many cards each board gave."""
    scores, counts = [], []
    for number, (texts, angle) in enumerate(zip(BOARDS, ANGLES)):
        cards = ocr.read_cards(jpeg_bytes(board_image(texts, font, angle=angle, seed=number)))
        counts.append(len(cards))
        scores += [max((accuracy(text, card.text) for card in cards), default=0.0) for text in texts]
    return scores, counts


def _read_singles(font, texts=CARD_TEXTS[:4]):
    scores = []
    for number, text in enumerate(texts):
        photo = single_card_image(text, font, angle=3.0 if number % 2 else -3.0, seed=number)
        cards = ocr.read_cards(jpeg_bytes(photo))
        scores.append(accuracy(text, " ".join(card.text for card in cards)))
    return scores


def _report(what, scores):
    print(f"\n{what}: {len(scores)} cards, median {statistics.median(scores):.3f}, "
          f"min {min(scores):.3f}, max {max(scores):.3f}, mean {statistics.fmean(scores):.3f}")


def test_printed_pin_boards_come_back_card_by_card():
    scores, counts = _read_boards(PRINT_FONT)
    _report("printed pin boards", scores)
    assert counts == [4, 4, 4]
    assert min(scores) >= 0.95, scores


def test_printed_single_cards_come_back_in_one_card():
    scores = _read_singles(PRINT_FONT)
    _report("printed single cards", scores)
    assert min(scores) >= 0.95, scores


def test_handwriting_is_measured_and_reported():
    """The handwriting-style font: reported (see the README), asserted only above the floor
    seen here (median about 0.40 on this machine) minus a margin."""
    board_scores, _counts = _read_boards(HAND_FONT)
    single_scores = _read_singles(HAND_FONT)
    scores = board_scores + single_scores
    _report("handwriting (dkg font)", scores)
    assert statistics.median(scores) >= 0.25, scores


def test_umlauts_and_sharp_s_survive_an_upright_scan():
    text = "Größere Straßenbäume für Übergänge"
    cards = ocr.read_cards(png_bytes(single_card_image(text, PRINT_FONT, angle=0.0, seed=5)))
    assert [card.text for card in cards] == [text]
    assert 0 < cards[0].confidence <= 100


def _tsv(*words):
    """Tesseract TSV of ``words``: (block, paragraph, line, left, top, width, height, text)."""
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"]
    for number, (block, par, line, left, top, width, height, text) in enumerate(words, start=1):
        rows.append(f"5\t1\t{block}\t{par}\t{line}\t{number}\t{left}\t{top}\t{width}\t{height}\t91.5\t{text}")
    return "\n".join(rows)


def test_lines_become_cards_hyphens_are_undone_and_marks_dropped():
    tsv = _tsv(
        (1, 1, 1, 100, 100, 200, 40, "Straßen-"), (1, 1, 2, 100, 150, 220, 40, "beleuchtung"),
        (1, 1, 2, 330, 150, 60, 40, "im"),
        (1, 2, 1, 100, 200, 120, 40, "Bus-"), (1, 2, 2, 100, 250, 200, 40, "Haltestelle"),  # a paragraph of Tesseract's, same card
        (1, 3, 1, 100, 420, 180, 40, "Neue"), (1, 3, 1, 290, 420, 150, 40, "Karte"),  # far below: a card of its own
        (1, 3, 1, 460, 420, 30, 40, "|"),  # a card's edge
        (2, 1, 1, 900, 100, 30, 40, "—"),  # nothing but a mark
        (2, 1, 2, 900, 100, 230, 40, "Rechts"),  # a card in the next column, same height
    )
    cards = [card.text for card in ocr.group_cards(ocr.parse_tsv(tsv))]
    assert cards == ["Straßenbeleuchtung im Bus-Haltestelle", "Rechts", "Neue Karte"]


def test_a_line_read_across_two_cards_is_cut_where_the_words_are_far_apart():
    tsv = _tsv((1, 1, 1, 100, 100, 150, 40, "Mehr"), (1, 1, 1, 260, 100, 150, 40, "Radwege"),
               (1, 1, 1, 700, 100, 150, 40, "Größere"), (1, 1, 1, 860, 100, 150, 40, "Busse"),
               (1, 1, 2, 100, 150, 150, 40, "bauen"), (1, 1, 2, 700, 150, 150, 40, "kaufen"))
    assert [card.text for card in ocr.group_cards(ocr.parse_tsv(tsv))] == ["Mehr Radwege bauen",
                                                                           "Größere Busse kaufen"]


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"Idee;Stimmen\nMehr Radwege;3\n", "not_image"),
    (b"%PDF-1.7\n1 0 obj\n", "not_image"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "heic"),
])
def test_what_is_not_a_photo_is_refused(data, reason):
    with pytest.raises(ocr.ImageRejected) as refused:
        ocr.read_cards(data)
    assert refused.value.reason == reason


def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded():
    huge = Image.new("1", (12_000, 12_000), 1)  # a few kilobytes as PNG, 144 megapixels decoded
    data = png_bytes(huge)
    assert len(data) < 100_000
    with pytest.raises(ocr.ImageRejected) as refused:
        ocr.read_cards(data)
    assert refused.value.reason == "too_large"
    with pytest.raises(ocr.ImageRejected):
        ocr.read_cards(png_bytes(Image.new("L", (3000, 2000), 255)), max_pixels=5_000_000)


def test_a_cut_off_photo_is_refused():
    data = jpeg_bytes(single_card_image("Abgeschnitten", PRINT_FONT))
    with pytest.raises(ocr.ImageRejected):
        ocr.read_cards(data[: len(data) // 3])


def test_exif_orientation_is_applied():
    photo = single_card_image("Gedreht gespeichert", PRINT_FONT, angle=0.0, seed=3)
    stored = photo.rotate(90, expand=True)  # as a phone held sideways stores it
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show"
    buffer = io.BytesIO()
    stored.save(buffer, format="JPEG", exif=exif.tobytes())
    assert [card.text for card in ocr.read_cards(buffer.getvalue())] == ["Gedreht gespeichert"]


def test_a_blank_photo_gives_no_cards():
    assert ocr.read_cards(jpeg_bytes(Image.new("RGB", (800, 600), (200, 200, 190)))) == []


def test_a_missing_tesseract_is_reported_not_raised():
    assert ocr.ocr_available("/nonexistent/tesseract") is False
    with pytest.raises(ocr.OcrUnavailable) as failed:
        ocr.read_cards(png_bytes(Image.new("L", (100, 100), 255)), command="/nonexistent/tesseract")
    assert failed.value.reason == "missing"


def test_a_slow_tesseract_is_stopped():
    with pytest.raises(ocr.OcrUnavailable) as failed:
        ocr.read_cards(jpeg_bytes(board_image(CARD_TEXTS[:4], PRINT_FONT)), timeout=0.01)
    assert failed.value.reason == "timeout"


def test_nothing_of_the_photo_is_written_to_disk(monkeypatch, tmp_path):
    """No temporary file is made (every way of making one fails here) and the temporary
    directory (a private one, also for Tesseract) is empty afterwards; Tesseract reads
    from a pipe."""
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    def no_files(*args, **kwargs):
        raise AssertionError("a temporary file was made")

    for name in ("TemporaryFile", "NamedTemporaryFile", "SpooledTemporaryFile", "mkstemp", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, no_files)
    assert tempfile.gettempdir() == str(private)
    started = []
    real_run = subprocess.run

    def watched_run(arguments, *args, **kwargs):
        started.append(arguments)
        return real_run(arguments, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", watched_run)
    cards = ocr.read_cards(jpeg_bytes(board_image(CARD_TEXTS[:2], PRINT_FONT, columns=2)))
    assert [card.text for card in cards] == CARD_TEXTS[:2]
    assert os.listdir(private) == []
    reading = [arguments for arguments in started if "stdin" in arguments]
    assert reading and all(arguments[1:3] == ["stdin", "stdout"] for arguments in reading)
