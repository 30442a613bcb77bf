"""Creating, finding and editing workshops, their questions and Handlungsfelder."""

import base64
import hashlib
import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from flask_babel import gettext as _
from sqlalchemy import event, func, or_, select, update

from ..charts.palette import next_field_colour
from ..core import public_address
from ..core.network import lan_base_urls
from ..core.signals import content_change
from ..core.timeutil import utcnow
from ..database import write_transaction
from ..extensions import db
from ..live.events import record_event
from .catalog import get_template
from .codes import generate_code, normalise_code
from .models import Field, Question, Workshop, workshop_moderator



def find_workshop_by_code(typed):
    """The workshop with this join code as a person typed it (any case, spaces, dashes), or None."""
    code = normalise_code(typed)
    if code is None:
        return None
    return db.session.scalar(select(Workshop).where(Workshop.code == code))


def workshops_of(moderator):
    """The workshops on a moderator's dashboard: own and co-moderated ones; for admins, all."""
    query = select(Workshop).order_by(Workshop.created_at.desc(), Workshop.id.desc())
    if not moderator.is_admin:
        invited = select(workshop_moderator.c.workshop_id).where(workshop_moderator.c.moderator_id == moderator.id)
        query = query.where(or_(Workshop.owner_id == moderator.id, Workshop.id.in_(invited)))
    return db.session.scalars(query).all()


def is_co_moderator(moderator, workshop):
    return any(other.id == moderator.id for other in workshop.co_moderators)


def can_manage(moderator, workshop):
    """Owner, co-moderator or admin. Permission predicate used by views and templates alike."""
    if not (moderator and moderator.is_authenticated):
        return False
    return workshop.owner_id == moderator.id or moderator.is_admin or is_co_moderator(moderator, workshop)


def is_owner_or_admin(moderator, workshop):
    if not (moderator and moderator.is_authenticated):
        return False
    return workshop.owner_id == moderator.id or moderator.is_admin


def can_invite(moderator, workshop):
    """Who may invite and remove co-moderators: the owner, or an admin."""
    return is_owner_or_admin(moderator, workshop)


def can_delete(moderator, workshop):
    """Who may delete a workshop with everything in it: the owner, or an admin.

    A co-moderator runs the event with the owner, but the workshop is not theirs to end.
    """
    return is_owner_or_admin(moderator, workshop)


def access_label(moderator, workshop):
    """Why ``moderator`` sees ``workshop``: "owner", "co", "admin" (for the dashboard)."""
    if workshop.owner_id == moderator.id:
        return "owner"
    if is_co_moderator(moderator, workshop):
        return "co"
    return "admin"


# --- co-moderators ------------------------------------------------------------------------


class CoModeratorError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def invite_co_moderator(workshop, username):
    """Let the account ``username`` manage this one workshop too; returns that account."""
    from ..auth.models import Moderator

    username = (username or "").strip()
    invited = db.session.scalar(select(Moderator).where(Moderator.username == username)) if username else None
    if invited is None:
        raise CoModeratorError(_("Ein Konto „%(name)s“ gibt es nicht. Bitte prüfen Sie die Schreibweise "
                                 "oder bitten Sie eine Administratorin, es anzulegen.", name=username))
    if invited.id == workshop.owner_id:
        raise CoModeratorError(_("„%(name)s“ leitet diesen Workshop schon.", name=invited.username))
    if is_co_moderator(invited, workshop):
        raise CoModeratorError(_("„%(name)s“ moderiert diesen Workshop schon mit.", name=invited.username))
    with write_transaction():
        workshop.co_moderators.append(invited)
    return invited


def remove_co_moderator(workshop, moderator_id):
    """End a co-moderator's access to this workshop; returns the account, or None if not one."""
    removed = next((other for other in workshop.co_moderators if other.id == moderator_id), None)
    if removed is not None:
        with write_transaction():
            workshop.co_moderators.remove(removed)
    return removed


def unused_code(session):
    for _attempt in range(50):
        code = generate_code()
        if session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code
    raise RuntimeError("no free join code found")


def create_workshop(owner, template_key, title=None, **attributes):
    """Create a workshop from a catalogue template; returns it committed."""
    template = get_template(template_key)
    with write_transaction() as session:
        workshop = Workshop(
            code=unused_code(session),
            wall_salt=new_wall_salt(),
            title=(title or "").strip() or template.title or template.label,
            description=template.description,
            owner_id=owner.id if owner else None,
            idea_max_length=current_app.config["IDEA_MAX_LENGTH_DEFAULT"],
            **attributes,
        )
        workshop.questions = [
            Question(position=index, text=text) for index, text in enumerate(template.questions)
        ]
        workshop.fields = [
            Field(
                position=index,
                name=field.name,
                description=field.description,
                keywords=list(field.keywords),
                colour=field.colour,
            )
            for index, field in enumerate(template.fields)
        ]
        session.add(workshop)
    return workshop


def new_wall_salt():
    """A new random input of a workshop's wall key: storing a new one retires the old key."""
    return secrets.token_urlsafe(12)


def wall_key_of(workshop):
    """The secret key of the wall link, or None before there is one.

    Derived (HMAC with the app's secret key) from the workshop's id and its stored random
    salt: the database holds nothing that opens the wall, yet the moderator can show and
    copy the link at any time. A new salt is a new link; the old one stops working.
    """
    if not workshop.wall_salt:
        return None
    secret = str(current_app.config["SECRET_KEY"]).encode()
    mac = hmac.new(secret, f"wall-key:{workshop.id}:{workshop.wall_salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:24]).decode()


def update_workshop(workshop, **attributes):
    with write_transaction() as session:
        for name, value in attributes.items():
            setattr(workshop, name, value)
        announce_workshop(session, workshop)
    return workshop


def announce_workshop(session, workshop):
    """Tell walls and phones about settings they show (title, open, ideas visible, dots)."""
    session.flush()
    record_event(session, workshop.id, "workshop", workshop_settings(workshop))


def workshop_settings(workshop):
    """The settings walls and phones follow, as a workshop event carries them."""
    return {
        "title": workshop.title,
        "is_open": workshop.is_open,
        "show_ideas": workshop.show_ideas_to_attendees,
        "dots": workshop.dots_per_participant,
    }


def set_open(workshop, is_open):
    return update_workshop(workshop, is_open=bool(is_open))


@event.listens_for(Workshop.is_open, "set", active_history=True)
def _track_closing(workshop, value, previous, _initiator):
    """Closing starts the retention clock (``closed_at``), reopening stops it.

    On the attribute itself, so every way of closing counts: the state button, the
    settings form, an import of a closed workshop.
    """
    if value == previous:
        return
    if value:
        workshop.closed_at = None
    elif previous is not False:
        workshop.closed_at = utcnow()


# --- questions --------------------------------------------------------------------------


def add_question(workshop, text):
    with write_transaction() as session:
        position = _next_position(session, Question, workshop)
        question = Question(workshop_id=workshop.id, position=position, text=text.strip())
        session.add(question)
    return question


def update_question(question, text):
    with write_transaction():
        question.text = text.strip()
    return question


def count_ideas_for_question(question):
    from ..ideas.models import Idea

    return db.session.scalar(select(func.count(Idea.id)).where(Idea.question_id == question.id))


class QuestionInUse(Exception):
    """A question that already has ideas cannot be deleted: that would delete the ideas."""

    def __init__(self, idea_count):
        super().__init__(idea_count)
        self.idea_count = idea_count


def delete_question(question):
    ideas = count_ideas_for_question(question)
    if ideas:
        raise QuestionInUse(ideas)
    with write_transaction() as session:
        session.delete(question)


# --- Handlungsfelder ---------------------------------------------------------------------


def add_field(workshop, name, description="", keywords=(), colour=None, catch_all=False):
    """A new Handlungsfeld at the end; without a colour it gets the next free one of the palette."""
    colour = colour or next_field_colour(field.colour for field in workshop.fields)
    with content_change(workshop.id) as session:
        field = Field(
            workshop_id=workshop.id,
            position=_next_position(session, Field, workshop),
            name=name.strip(),
            description=description.strip(),
            keywords=list(keywords),
            colour=colour,
            catch_all=bool(catch_all),
        )
        session.add(field)
        record_event(session, workshop.id, "fields", {})
    return field


def update_field(field, name, description, keywords, colour, catch_all=None):
    """Store a field's settings; ``catch_all`` None keeps the stored mark."""
    with content_change(field.workshop_id) as session:
        field.name = name.strip()
        field.description = description.strip()
        field.keywords = list(keywords)
        field.colour = colour
        if catch_all is not None:
            field.catch_all = bool(catch_all)
        record_event(session, field.workshop_id, "fields", {})
    return field


def delete_field(field):
    """Delete a field; its ideas, even moderator-confirmed ones, go back to the analysis."""
    from ..ideas.models import Idea

    workshop_id = field.workshop_id
    with content_change(workshop_id) as session:
        session.execute(
            update(Idea)
            .where(Idea.field_id == field.id)
            .values(field_id=None, field_confirmed=False, field_score=None, field_terms=[])
        )
        session.delete(field)
        record_event(session, workshop_id, "fields", {})


def parse_keywords(raw):
    """Split a comma, semicolon or newline separated keyword list; keeps order, drops repeats."""
    seen = []
    for part in (raw or "").replace(";", ",").replace("\n", ",").split(","):
        keyword = " ".join(part.split()).lower()
        if keyword and keyword not in seen:
            seen.append(keyword)
    return seen


# --- ordering ----------------------------------------------------------------------------


def _next_position(session, model, workshop):
    highest = session.scalar(
        select(func.max(model.position)).where(model.workshop_id == workshop.id)
    )
    return 0 if highest is None else highest + 1


def move(item, direction):
    """Swap a question or field with its neighbour; ``direction`` is -1 (up) or +1 (down)."""
    model = type(item)
    with write_transaction() as session:
        siblings = session.scalars(
            select(model).where(model.workshop_id == item.workshop_id).order_by(model.position)
        ).all()
        index = next(i for i, sibling in enumerate(siblings) if sibling.id == item.id)
        other = index + direction
        if 0 <= other < len(siblings):
            siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings):
            sibling.position = position


# --- addresses ---------------------------------------------------------------------------


def join_url(workshop):
    """The address in the QR code: the public address when set, else the address of this request."""
    return public_url(url_for("ideas.join", code=workshop.code))


def public_url(path):
    """``path`` on the address phones reach: the public address when set (PUBLIC_BASE_URL or
    the admin's setting), else this request's host."""
    base = public_address.base_url()
    if base:
        return base + path
    return request.host_url.rstrip("/") + path


def lan_suggestions():
    """Addresses under which phones may reach this computer, on the port of this request."""
    port = request.host.rpartition(":")[2]
    if not port.isdigit():
        port = "443" if request.scheme == "https" else "80"
    return lan_base_urls(port, scheme=request.scheme)


def is_unreachable_from_phones(url):
    """True for loopback and unspecified hosts, which no phone in the room can open."""
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    address = getattr(address, "ipv4_mapped", None) or address  # [::ffff:127.0.0.1]
    return address.is_loopback or address.is_unspecified

