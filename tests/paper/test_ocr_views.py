"""The photo pages of paper cards: the "Kartenerfassung" key (or a moderator) reads a photo
into proposed cards, corrects and confirms them; only confirmed cards are stored, once;
nothing of the photo stays in the database or the temporary directory; bad uploads,
a missing Tesseract, too many photos get a German message."""

import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from werkzeug import formparser

from helpers import csrf_token
from paper.photos import CARD_TEXTS, PRINT_FONT, board_image, jpeg_bytes, png_bytes, single_card_image
from participation.paper import ocr

needs_tesseract = pytest.mark.skipif(not ocr.ocr_available(), reason="needs tesseract with its German model")
MARKER = "Quittenbaumallee"  # a word only the photo holds


def _ideas():
    from participation.extensions import db
    from participation.ideas.models import Idea

    db.session.rollback()
    return db.session.query(Idea).order_by(Idea.id).all()


def _send_photo(client, workshop, key, data, filename="karten.jpg", question_id=None):
    fields = {"csrf_token": csrf_token(client)}
    if key:
        fields["key"] = key
    if question_id:
        fields["question_id"] = str(question_id)
    url = f"/karten/{workshop.code}/foto" + (f"?key={key}" if key else "")
    body, content_type = _multipart(fields, "photo", filename, data)
    return client.post(url, data=body, content_type=content_type)


def _multipart(fields, name, filename, data):
    """A multipart body made here: the test client would spool a large one to a
    temporary file of its own (and leave it open)."""
    boundary = "----foto-" + os.urandom(8).hex()
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{value}\r\n'.encode()
             for field, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _rows(html):
    """The proposal page's rows: (text, key, ticked)."""
    rows = []
    for index in range(int(re.search(r'name="rows" value="(\d+)"', html).group(1))):
        text = re.search(rf'name="card-{index}-text"[^>]*>([^<]*)</textarea>', html).group(1)
        key = re.search(rf'name="card-{index}-key" value="([^"]+)"', html).group(1)
        ticked = re.search(rf'name="card-{index}-take" value="1" checked', html) is not None
        rows.append((text, key, ticked))
    return rows


@needs_tesseract
def test_the_key_reads_a_photo_and_stores_the_confirmed_cards_once(client, workshop, cards_key):
    page = client.get(f"/karten/{workshop.code}/foto?key={cards_key}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert 'accept="image/*" capture="environment"' in html and "Handschrift muss oft korrigiert werden" in html

    texts = [CARD_TEXTS[0], f"Eine {MARKER} am Markt", CARD_TEXTS[1]]
    answer = _send_photo(client, workshop, cards_key, jpeg_bytes(board_image(texts, PRINT_FONT, columns=3)))
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "3 Karten erkannt." in html
    rows = _rows(html)
    assert [row[0] for row in rows[:3]] == texts and all(row[2] for row in rows[:3])
    assert [row[0] for row in rows[3:]] == ["", ""]  # room for a card the reading missed
    assert _ideas() == []  # proposals only

    question = workshop.questions[1].id
    form = {"csrf_token": csrf_token(client), "key": cards_key, "rows": str(len(rows)), "question_id": str(question),
            "action": "save"}
    for index, (text, key, _ticked) in enumerate(rows):
        form[f"card-{index}-key"] = key
        form[f"card-{index}-text"] = text
        form[f"card-{index}-take"] = "1"
    form["card-0-text"] = "Mehr Radwege zwischen Heide und Büsum!"  # corrected
    del form["card-1-take"]  # not taken
    form["card-3-text"] = "Eine Karte, die das Foto nicht hatte"
    stored = client.post(f"/karten/{workshop.code}/foto/uebernehmen", data=form)
    assert stored.status_code == 302
    assert stored.location.startswith(f"/karten/{workshop.code}?") and f"key={cards_key}" in stored.location
    ideas = _ideas()
    assert [idea.text for idea in ideas] == ["Mehr Radwege zwischen Heide und Büsum!", CARD_TEXTS[1],
                                             "Eine Karte, die das Foto nicht hatte"]
    assert {idea.source for idea in ideas} == {"paper"} and {idea.question_id for idea in ideas} == {question}
    assert all(idea.participant_id is None and idea.source_key.startswith("foto-") for idea in ideas)

    again = client.post(f"/karten/{workshop.code}/foto/uebernehmen", data={**form, "csrf_token": csrf_token(client)})
    assert again.status_code == 302
    assert len(_ideas()) == 3  # a second confirmation stores nothing


@needs_tesseract
def test_nothing_of_the_photo_remains_on_disk_or_in_the_database(app, client, workshop, cards_key, monkeypatch,
                                                                  tmp_path):
    """The upload is parsed in memory (no temporary file, even for a photo larger than
    werkzeug's in-memory threshold), the temporary directory is unchanged, and neither the
    photo's bytes nor its text reach the database when the proposals are not confirmed."""
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", str(private))

    def no_files(*args, **kwargs):
        raise AssertionError("a temporary file was made")

    for name in ("TemporaryFile", "NamedTemporaryFile", "SpooledTemporaryFile", "mkstemp", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, no_files)
    monkeypatch.setattr(formparser, "SpooledTemporaryFile", no_files)  # where werkzeug spools uploads
    photo = board_image([f"Eine {MARKER} am Markt", CARD_TEXTS[2]], PRINT_FONT, columns=2)
    exif = Image.Exif()
    exif[0x010E] = f"{MARKER}-Bildbeschreibung"  # ImageDescription: a distinctive marker in the bytes
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", quality=98, exif=exif.tobytes())
    data = buffer.getvalue() + os.urandom(600_000)  # over werkzeug's 500 KB: it would spool to disk
    assert len(data) > 512 * 1024

    answer = _send_photo(client, workshop, cards_key, data)
    assert answer.status_code == 200
    assert MARKER in answer.get_data(as_text=True)
    assert os.listdir(private) == []
    assert _ideas() == []

    from participation.extensions import db

    db.session.rollback()
    if db.engine.url.get_backend_name() == "sqlite":
        db.engine.dispose()  # the WAL checkpointed into the file
        database = db.engine.url.database
        content = b"".join(Path(path).read_bytes() for path in (database, database + "-wal") if os.path.exists(path))
        assert content and MARKER.encode() not in content
        assert data[:4096] not in content
    else:
        dump = " ".join(str(row) for table in db.metadata.sorted_tables for row in db.session.execute(table.select()))
        assert MARKER not in dump


def test_without_tesseract_the_page_says_so(app, client, workshop, cards_key):
    app.config["OCR_COMMAND"] = "/nonexistent/tesseract"
    page = client.get(f"/karten/{workshop.code}/foto?key={cards_key}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Die Texterkennung ist auf diesem Server nicht eingerichtet" in html
    assert 'type="file"' not in html
    answer = _send_photo(client, workshop, cards_key, png_bytes(Image.new("L", (50, 50), 255)))
    assert answer.status_code == 503
    assert "Die Texterkennung ist auf diesem Server nicht eingerichtet" in answer.get_data(as_text=True)


@needs_tesseract
@pytest.mark.parametrize("data, filename, message", [
    (b"Idee;Stimmen\nMehr Radwege;3\n", "ideen.csv", "Diese Datei ist kein lesbares Foto."),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "IMG_0001.HEIC", "HEIC-Format"),
    (None, "riesig.png", "Das Bild hat zu viele Bildpunkte."),
    (b"", "leer.jpg", "Bitte wählen Sie ein Foto aus."),
])
def test_bad_uploads_get_a_german_message(client, workshop, cards_key, data, filename, message):
    if data is None:
        data = png_bytes(Image.new("1", (12_000, 12_000), 1))
    answer = _send_photo(client, workshop, cards_key, data, filename, question_id=workshop.questions[1].id)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert message in html and 'role="alert"' in html
    assert f'value="{workshop.questions[1].id}" selected' in html  # the question chosen is kept
    assert _ideas() == []


def test_a_too_large_upload_is_refused_with_a_german_message(app, client, workshop, cards_key):
    app.config["OCR_MAX_UPLOAD_BYTES"] = 1024 * 1024
    answer = _send_photo(client, workshop, cards_key, os.urandom(1024 * 1024 + 10))
    assert answer.status_code == 413
    html = answer.get_data(as_text=True)
    assert "Das Foto ist zu groß (höchstens 1 MB)" in html and 'type="file"' in html


@needs_tesseract
def test_photos_are_limited_per_workshop(app, client, workshop, cards_key):
    app.config["OCR_PER_WORKSHOP"] = 1
    data = jpeg_bytes(single_card_image(CARD_TEXTS[3], PRINT_FONT))
    assert _send_photo(client, workshop, cards_key, data).status_code == 200
    answer = _send_photo(client, workshop, cards_key, data)
    assert answer.status_code == 429
    assert "Es wurden gerade viele Fotos gelesen." in answer.get_data(as_text=True)


def test_a_busy_reader_asks_to_try_again(app, client, workshop, cards_key, monkeypatch):
    from participation.paper import ocr_views

    gate = ocr_views._gate(app.config["OCR_CONCURRENCY"])
    monkeypatch.setattr(gate, "acquire", lambda timeout=None: False)
    monkeypatch.setattr(ocr, "ocr_available", lambda command=None: True)
    answer = _send_photo(client, workshop, cards_key, jpeg_bytes(single_card_image("Warten", PRINT_FONT)))
    assert answer.status_code == 503
    assert "Gerade wird schon ein Foto gelesen." in answer.get_data(as_text=True)


def test_confirming_keeps_what_was_typed_when_something_is_wrong(client, workshop, cards_key):
    long_text = "zu lang " * 100
    form = {"csrf_token": csrf_token(client), "key": cards_key, "rows": "2", "action": "save",
            "card-0-key": "foto-aaaaaaaaaaaa", "card-0-text": long_text, "card-0-take": "1",
            "card-1-key": "foto-bbbbbbbbbbbb", "card-1-text": "Gute Karte", "card-1-take": "1"}
    answer = client.post(f"/karten/{workshop.code}/foto/uebernehmen", data=form)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "Bitte korrigieren Sie die markierten Karten." in html and long_text.strip() in html
    assert 'value="foto-bbbbbbbbbbbb"' in html and _ideas() == []

    nothing = client.post(f"/karten/{workshop.code}/foto/uebernehmen",
                          data={**form, "card-0-take": "", "card-1-take": "", "csrf_token": csrf_token(client)})
    assert nothing.status_code == 422
    assert "Bitte kreuzen Sie mindestens eine Karte mit Text an." in nothing.get_data(as_text=True)

    more = client.post(f"/karten/{workshop.code}/foto/uebernehmen",
                       data={**form, "action": "add", "csrf_token": csrf_token(client)})
    assert more.status_code == 200 and len(_rows(more.get_data(as_text=True))) == 3


def test_a_moderator_needs_no_key(logged_in, workshop):
    assert logged_in.get(f"/karten/{workshop.code}/foto").status_code == 200


@pytest.mark.parametrize("key", [None, "falsch", "other"])
def test_without_the_right_key_every_photo_route_is_404(client, workshop, cards_key, key):
    from participation.auth.services import create_moderator
    from participation.workshops.cards_keys import rotate_cards_key
    from participation.workshops.services import create_workshop

    if key == "other":
        key = rotate_cards_key(create_workshop(create_moderator("bernd", "ein-langes-passwort-42"), "dithmarschen"))
    suffix = f"?key={key}" if key else ""
    assert client.get(f"/karten/{workshop.code}/foto{suffix}").status_code == 404
    data = jpeg_bytes(single_card_image("Geheim", PRINT_FONT))
    assert _send_photo(client, workshop, key, data).status_code == 404
    form = {"csrf_token": csrf_token(client), "rows": "1", "card-0-key": "foto-cccccccccccc",
            "card-0-text": "Eingeschleust", "card-0-take": "1", "action": "save"}
    if key:
        form["key"] = key
    assert client.post(f"/karten/{workshop.code}/foto/uebernehmen", data=form).status_code == 404
    assert _ideas() == []
