"""Demo moderator, demo workshop and demo ideas for first start, screenshots and benchmarks."""

import secrets
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from ..auth.models import ADMIN, Moderator
from ..auth.services import create_moderator, find_moderator
from ..extensions import db
from ..ideas.participants import hash_token
from ..ideas.models import Idea, Participant
from ..database import write_transaction
from ..workshops.models import Workshop
from ..workshops.services import create_workshop
from .ideas import DEMO_IDEAS

DEMO_USERNAME = "moderation"
DEMO_TITLE = "Dithmarschen Digital – Auftakt"
CREDENTIALS_FILE = "demo-login.txt"


def database_is_empty():
    return not db.session.scalar(select(func.count(Moderator.id))) and not db.session.scalar(
        select(func.count(Workshop.id))
    )


def bootstrap_demo():
    """On an empty database create the demo admin and workshop; returns (moderator, password, workshop).

    The password is random and kept in instance/demo-login.txt (readable only by the owner) so
    that later starts can print it again. Returns None when the database was not empty.
    """
    if not database_is_empty():
        return None
    password = secrets.token_urlsafe(12)
    moderator = create_moderator(DEMO_USERNAME, password, role=ADMIN)  # someone must manage accounts
    workshop = create_workshop(
        moderator, "dithmarschen", DEMO_TITLE, place="BerufsBildungsZentrum Heide", event_date=date.today()
    )
    path = Path(current_app.instance_path) / CREDENTIALS_FILE
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(f"{DEMO_USERNAME}\n{password}\n")
    return moderator, password, workshop


def stored_demo_password():
    path = Path(current_app.instance_path) / CREDENTIALS_FILE
    if not path.exists():
        return None
    username, password = path.read_text().splitlines()[:2]
    moderator = find_moderator(username)
    return password if moderator and moderator.check_password(password) else None


def fill_with_demo_ideas(workshop):
    """Add the demo ideas to the first three questions of ``workshop``; returns how many were added.

    Each nickname becomes one participant; ideas without a nickname get a participant each.
    Running it twice adds nothing the second time.
    """
    questions = workshop.questions
    if not questions:
        return 0
    added = 0
    with write_transaction() as session:
        participants = {}
        for number, (question_index, text, nickname) in enumerate(DEMO_IDEAS):
            token = f"demo-{workshop.code}-{nickname or number}"
            participant = participants.get(token)
            if participant is None:
                participant = session.scalar(
                    select(Participant).where(
                        Participant.workshop_id == workshop.id,
                        Participant.token_hash == hash_token(token),
                    )
                ) or Participant(workshop_id=workshop.id, token_hash=hash_token(token), nickname=nickname)
                session.add(participant)
                session.flush()
                participants[token] = participant
            key = f"demo-{number:04d}"
            exists = session.scalar(
                select(Idea.id).where(Idea.participant_id == participant.id, Idea.idempotency_key == key)
            )
            if exists:
                continue
            session.add(
                Idea(
                    workshop_id=workshop.id,
                    question_id=questions[question_index % len(questions)].id,
                    participant_id=participant.id,
                    idempotency_key=key,
                    text=text,
                )
            )
            added += 1
    return added
