"""A photo of paper cards (one card, or a pin board) read into proposed cards that a person
corrects and confirms; only the confirmed cards are stored (``ideas.cards.add_cards``).

The photo is read in memory and forgotten with the request: the upload is parsed into
memory (never a temporary file), decoded by Pillow and handed to Tesseract through a
pipe; neither the picture nor the text read from it is stored or logged. The proposals
live only in the page: each carries a key made here, so sending the confirmation twice
stores each card once. Reading is CPU-heavy, so it is limited per workshop and per
browser session, and only ``OCR_CONCURRENCY`` photos are read at once per process.
"""

import io
import secrets
import threading

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.exceptions import RequestEntityTooLarge

from .. import limits
from ..ideas.cards import Card, add_cards, card_problem
from ..ideas.models import PAPER
from ..ideas.rules import IdeaRejected
from ..limits.admission import session_key
from . import bp, ocr
from .access import card_workshop, link_key

PHOTO_URL = "/karten/<code>/foto"
EXTRA_ROWS = 2  # empty rows under the proposals, for a card the reading missed
MAX_ROWS = 60
UNSURE_BELOW = 60  # a card read with less confidence is proposed unticked
_running = {}  # config value -> semaphore, one per process
_running_lock = threading.Lock()


class PhotoTooLarge(RequestEntityTooLarge):
    """An upload larger than ``OCR_MAX_UPLOAD_BYTES``, refused before it is read."""


@bp.url_value_preprocessor
def _photo_upload_limits(endpoint, values):
    """A photo may be larger than other forms; it is parsed into memory, never spooled to
    a temporary file. This runs before the CSRF check reads the form."""
    if endpoint != "paper.photo" or request.method != "POST":
        return
    limit = current_app.config["OCR_MAX_UPLOAD_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise PhotoTooLarge()
    request.max_content_length = limit
    request._get_file_stream = lambda *args, **kwargs: io.BytesIO()


@bp.errorhandler(PhotoTooLarge)
def _photo_too_large(error):
    # The body is not read: the key comes from the form's address (its action carries it).
    key = request.args.get("key") or None
    workshop = card_workshop(request.view_args["code"], key)
    return _photo_form(workshop, key, error=_too_large_message(), status=413)


def _too_large_message():
    megabytes = current_app.config["OCR_MAX_UPLOAD_BYTES"] // (1024 * 1024)
    return _("Das Foto ist zu groß (höchstens %(megabytes)d MB). Bitte nehmen Sie es mit geringerer Auflösung "
             "auf oder verkleinern Sie es.", megabytes=megabytes)


@bp.route(PHOTO_URL, methods=["GET", "POST"])
def photo(code):
    """The photo form; sent, the proposed cards to correct and confirm."""
    key = link_key()
    workshop = card_workshop(code, key)
    if request.method == "GET":
        return _photo_form(workshop, key, question_id=request.args.get("question_id", type=int))
    question_id = request.form.get("question_id", type=int)
    if not ocr.ocr_available(current_app.config["OCR_COMMAND"]):
        return _photo_form(workshop, key, question_id, status=503)
    upload = request.files.get("photo")
    data = upload.read() if upload else b""
    if not data:
        return _photo_form(workshop, key, question_id, error=_("Bitte wählen Sie ein Foto aus."), status=422)
    refusal = _rate_limited(workshop)
    if refusal:
        return _photo_form(workshop, key, question_id, error=refusal, status=429)
    try:
        cards = _read(data)
    except ocr.ImageRejected as rejection:
        return _photo_form(workshop, key, question_id, error=_rejection_message(rejection.reason), status=422)
    except ocr.OcrUnavailable as failure:
        return _photo_form(workshop, key, question_id, error=_failure_message(failure.reason), status=503)
    rows = [{"text": card.text, "key": _new_key(), "take": card.confidence >= UNSURE_BELOW,
             "unsure": card.confidence < UNSURE_BELOW} for card in cards]
    rows += [_empty_row() for _ in range(EXTRA_ROWS)]
    return _proposals(workshop, key, question_id, rows, read=len(cards))


@bp.post(f"{PHOTO_URL}/uebernehmen")
def confirm_photo(code):
    """Store the ticked cards (their keys make a repeated confirmation store nothing)."""
    key = link_key()
    workshop = card_workshop(code, key)
    question_id = request.form.get("question_id", type=int)
    rows = _posted_rows()
    if request.form.get("action") == "add":
        return _proposals(workshop, key, question_id, rows + [_empty_row()])
    chosen = [row for row in rows if row["take"] and row["text"].strip()]
    for row in chosen:
        row["error"] = card_problem(workshop, row["text"])
    error = None
    if not chosen:
        error = _("Bitte kreuzen Sie mindestens eine Karte mit Text an.")
    elif any(row["error"] for row in chosen):
        error = _("Bitte korrigieren Sie die markierten Karten.")
    if error is None:
        try:
            states, repeated = add_cards(workshop, question_id, [Card(row["text"], key=row["key"]) for row in chosen],
                                         source=PAPER)
        except IdeaRejected as rejection:
            error = rejection.message
        else:
            if states:
                flash(ngettext("%(num)d Karte aus dem Foto übernommen.", "%(num)d Karten aus dem Foto übernommen.",
                               len(states)))
            if repeated:
                flash(ngettext("%(num)d Karte war schon gespeichert.", "%(num)d Karten waren schon gespeichert.",
                               repeated))
            return redirect(url_for("paper.entry", code=workshop.code, key=key, question_id=question_id))
    return _proposals(workshop, key, question_id, rows, error=error, status=422)


def _read(data):
    """The proposed cards of the photo ``data``; at most ``OCR_CONCURRENCY`` at once."""
    config = current_app.config
    gate = _gate(config["OCR_CONCURRENCY"])
    if not gate.acquire(timeout=2):
        raise ocr.OcrUnavailable("busy")
    try:
        return ocr.read_cards(data, max_pixels=config["OCR_MAX_PIXELS"], command=config["OCR_COMMAND"],
                              timeout=config["OCR_TIMEOUT"])
    finally:
        gate.release()


def _gate(size):
    with _running_lock:
        if size not in _running:
            _running[size] = threading.BoundedSemaphore(max(1, size))
        return _running[size]


def _rate_limited(workshop):
    """The German message when this workshop or this browser has read too many photos lately."""
    config = current_app.config
    try:
        limits.hit("ocr-workshop", str(workshop.id), config["OCR_PER_WORKSHOP"], config["OCR_WINDOW"])
        limits.hit("ocr-session", session_key(), config["OCR_PER_SESSION"], config["OCR_WINDOW"])
    except limits.RateLimited as limited:
        minutes = max(1, -(-limited.retry_after // 60))
        return ngettext("Es wurden gerade viele Fotos gelesen. Bitte versuchen Sie es in %(num)d Minute wieder "
                        "oder tippen Sie die Karten ab.",
                        "Es wurden gerade viele Fotos gelesen. Bitte versuchen Sie es in %(num)d Minuten wieder "
                        "oder tippen Sie die Karten ab.", minutes)
    return None


def _rejection_message(reason):
    if reason == "too_large":
        return _("Das Bild hat zu viele Bildpunkte. Bitte nehmen Sie es mit geringerer Auflösung auf.")
    if reason == "heic":
        return _("Fotos im HEIC-Format kann der Server nicht lesen. Bitte wählen Sie ein JPEG oder PNG (am iPhone: "
                 "Einstellungen › Kamera › Formate › „Maximale Kompatibilität“).")
    if reason == "empty":
        return _("Bitte wählen Sie ein Foto aus.")
    return _("Diese Datei ist kein lesbares Foto. Bitte wählen Sie ein Bild im Format JPEG, PNG oder WebP.")


def _failure_message(reason):
    if reason == "busy":
        return _("Gerade wird schon ein Foto gelesen. Bitte senden Sie es in einem Moment noch einmal.")
    if reason == "timeout":
        return _("Das Lesen des Fotos hat zu lange gedauert. Bitte fotografieren Sie weniger Karten auf einmal.")
    return _("Die Texterkennung hat dieses Foto nicht lesen können. Bitte versuchen Sie es noch einmal oder tippen "
             "Sie die Karten ab.")


def _new_key():
    return "foto-" + secrets.token_urlsafe(12)


def _empty_row():
    return {"text": "", "key": _new_key(), "take": True, "unsure": False}


def _posted_rows():
    """The rows of the proposal page as sent, in order (their text as typed)."""
    rows = []
    for index in range(min(request.form.get("rows", 0, type=int), MAX_ROWS)):
        card_key = request.form.get(f"card-{index}-key", "")
        if not card_key.startswith("foto-") or len(card_key) > 40:
            card_key = _new_key()
        rows.append({"text": request.form.get(f"card-{index}-text", ""), "key": card_key,
                     "take": request.form.get(f"card-{index}-take") == "1", "unsure": False})
    return rows


def _questions(workshop, question_id):
    ids = [question.id for question in workshop.questions]
    return question_id if question_id in ids else (ids[0] if ids else None)


def _photo_form(workshop, key, question_id=None, error=None, status=200):
    return render_template(
        "paper/photo.html", workshop=workshop, key=key, question_id=_questions(workshop, question_id),
        available=ocr.ocr_available(current_app.config["OCR_COMMAND"]), error=error,
        max_megabytes=current_app.config["OCR_MAX_UPLOAD_BYTES"] // (1024 * 1024),
    ), status, {"Cache-Control": "no-store"}


def _proposals(workshop, key, question_id, rows, read=None, error=None, status=200):
    return render_template(
        "paper/photo_cards.html", workshop=workshop, key=key, question_id=_questions(workshop, question_id),
        rows=rows, read=read, error=error,
    ), status, {"Cache-Control": "no-store"}
