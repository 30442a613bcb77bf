"""The moderator's remote: a page for their own phone that moves through the run sheet
(next step, ±1 minute, pause, reveal, spotlight, QR code on the wall), opened after login
or through the secret remote link; and on the console, making and revoking that link.

The link's key opens this page and its actions, nothing else (``may_drive_run``): no
console, no editor. A new or revoked key stops the old one at once. Without JavaScript
every button is a form; with it, remote.js posts them and redraws from the JSON answer.
"""


from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..events.models import Event
from ..extensions import db
from ..phases import services
from ..workshops.access import managed_workshop
from ..workshops.models import STEP_KINDS
from ..workshops.qr import qr_inline_svg
from ..workshops.remote_keys import revoke_remote_key, rotate_remote_key
from ..workshops.rules import may_drive_run
from ..workshops.urls import public_url
from . import bp
from .views import ACTIONS, _answer, _workshop, phase_json

PREFIX = "/moderation/workshops/<int:workshop_id>/fernbedienung"


def _driven_workshop(code, key):
    """The workshop when the visitor may drive its run sheet (moderator or key); else 404,
    so that a wrong, revoked or another workshop's key says nothing about the workshop."""
    workshop = _workshop(code)
    if not may_drive_run(current_user, workshop, key):
        abort(404)
    return workshop


def remaining_text(step, now_ms):
    """The step's remaining time as m:ss (what countdown.js draws), for the page without
    JavaScript; None when the step has no countdown."""
    if not step or step["ended"]:
        return None
    if step["paused_remaining"] is not None:
        seconds = step["paused_remaining"]
    elif step["ends_at"] is not None:
        seconds = max(0, (step["ends_at"] - now_ms) / 1000)
    else:
        return None
    whole = int(-(-seconds // 1))  # round up, as the countdown does
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def qr_on_wall(workshop):
    """Whether the wall shows the QR code full screen (the last ``qr`` event said so)."""
    payload = db.session.scalar(
        select(Event.payload).where(Event.workshop_id == workshop.id, Event.kind == "qr")
        .order_by(Event.seq.desc()).limit(1)
    )
    return bool(payload and payload.get("show"))


@bp.get("/fernbedienung/<code>")
def remote(code):
    """The remote page (phone-sized; works without JavaScript)."""
    key = request.args.get("key") or None
    workshop = _driven_workshop(code, key)
    state = phase_json(workshop)
    phase = state["phase"]
    step = phase["step"]
    following = phase["next"]
    return render_template(
        "runsheet/remote.html",
        workshop=workshop,
        key=key,
        phase=phase,
        remaining=remaining_text(step, state["now"]),
        step_name=(step["title"] or services.step_label(step["kind"])) if step else None,
        next_name=(following["title"] or services.step_label(following["kind"])) if following else None,
        labels={kind: services.step_label(kind) for kind in (*STEP_KINDS, "open")},
        done=state["done"],
        countdown_words={"data-word-minutes": _("Noch %d Minuten"), "data-word-minute": _("Noch 1 Minute"),
                         "data-word-over": _("Die Zeit ist um"), "data-word-paused": _("Angehalten")},
        qr_shown=qr_on_wall(workshop),
        presenting=state.get("presenting"),
    ), 200, {"Cache-Control": "no-store"}


@bp.post("/fernbedienung/<code>/<any(%s):action>" % ",".join(ACTIONS))
def remote_act(code, action):
    """A run-sheet action from the remote (the key in the form, or logged in)."""
    key = request.form.get("key") or None
    workshop = _driven_workshop(code, key)
    back = url_for("runsheet.remote", code=workshop.code, key=key)
    return _answer(workshop, action, back)


@bp.post(f"{PREFIX}/neu")
@managed_workshop
def new_remote_link(workshop):
    """A new remote link (the old one stops working), shown once as QR code and text."""
    key = rotate_remote_key(workshop)
    url = public_url(url_for("runsheet.remote", code=workshop.code, key=key))
    page = render_template("runsheet/remote_link.html", workshop=workshop, remote_url=url, qr=_qr_image(url))
    # The key is on this page only: no browser or proxy keeps a copy.
    return page, 200, {"Cache-Control": "no-store"}


def _qr_image(url):
    """The link's QR code as inline SVG, sized by CSS and named for screen readers."""
    return qr_inline_svg(url, _("QR-Code des Fernbedienungs-Links"), "remote-link-qr")


@bp.post(f"{PREFIX}/widerrufen")
@managed_workshop
def revoke_remote_link(workshop):
    revoke_remote_key(workshop)
    flash(_("Der Fernbedienungs-Link ist widerrufen; er funktioniert nicht mehr."))
    return redirect(url_for("moderation.console", workshop_id=workshop.id))
