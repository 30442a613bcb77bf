"""The anonymous participant: a random token in a cookie, only its hash in the database."""

import hashlib
import secrets

from flask import current_app, g, request
from sqlalchemy import select

from .. import limits
from ..core.text import clean_line, is_blank
from ..database import write_transaction
from ..extensions import db
from ..limits.admission import admit_new_participant
from .models import Participant

NICKNAME_MAX_LENGTH = 40


def clean_nickname(raw):
    """A nickname on one line, cleaned as every typed text (``core.text``), at most 40
    characters; or None (nothing visible in it)."""
    nickname = clean_line(raw)[:NICKNAME_MAX_LENGTH].rstrip()
    return nickname if nickname and not is_blank(nickname) else None


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _cookie_token():
    token = request.cookies.get(current_app.config["PARTICIPANT_COOKIE"], "")
    return token if 20 <= len(token) <= 100 else None


def browser_token():
    """This browser's participant token: the one handed out in this request, else the cookie's."""
    return g.get("new_participant_token") or _cookie_token()


def current_participant(workshop):
    """The participant of this browser in ``workshop``, or None."""
    token = browser_token()
    if token is None:
        return None
    return db.session.scalar(
        select(Participant).where(
            Participant.workshop_id == workshop.id, Participant.token_hash == hash_token(token)
        )
    )


def ensure_participant(workshop, nickname=None):
    """Return this browser's participant in ``workshop``, creating it (and the cookie) if needed.

    A given nickname replaces the stored one; an empty one keeps it. Creating one is
    limited (``limits.admission``): over the budget this raises ``JoinRefused`` and
    nothing is stored, not even the cookie.
    """
    token = browser_token()
    new_token = token is None
    if new_token:
        token = secrets.token_urlsafe(32)
    nickname = clean_nickname(nickname)
    with write_transaction() as session:
        participant = session.scalar(
            select(Participant).where(
                Participant.workshop_id == workshop.id, Participant.token_hash == hash_token(token)
            )
        )
        if participant is None:
            held = admit_new_participant(session)
            participant = Participant(
                workshop_id=workshop.id, token_hash=hash_token(token), nickname=nickname, held=held,
                created_at=limits.clock_utc(),
            )
            session.add(participant)
        elif nickname:
            participant.nickname = nickname
    if new_token:
        g.new_participant_token = token
    return participant


def set_participant_cookie(response):
    """after_request hook: hand out the cookie of a participant created in this request."""
    token = g.pop("new_participant_token", None)
    if token:
        config = current_app.config
        response.set_cookie(
            config["PARTICIPANT_COOKIE"],
            token,
            max_age=config["PARTICIPANT_COOKIE_MAX_AGE"],
            httponly=True,
            secure=config["PARTICIPANT_COOKIE_SECURE"],
            samesite="Lax",
        )
    return response
