"""Events as they are sent: with what is true now, not what was true when they were logged.

The log keeps each event's payload as it was written: the idea with its text and status
of that moment. Replayed as written, a catch-up (a reconnect with ``Last-Event-ID: 0``,
``events.json?after=0``) would show an idea before a moderator hid it or the text before
a correction. So every event about something that can change is sent with its present
state, read when the events are read from the log:

- an idea event carries the idea as it is now (gone: a deletion);
- a spotlight event carries its idea as it is now, or nothing once the idea is not public;
- a workshop event carries the workshop's settings as they are now;
- a phase event carries the run sheet's phase as it is now.

Within one read, only the last event about each subject (an idea, the spotlight, the
workshop settings) keeps its payload; the earlier ones become ``noop`` (they keep their
number, so a client's position in the log moves on as before). The hub does the same
across reads: a newer record supersedes the older ones it buffers (``events.hub``).
"""

from sqlalchemy import select

from ..events.hub import EventRecord
from ..events.log import events_since
from ..extensions import db
from ..ideas.models import Idea
from ..ideas.state import idea_states, is_public_state
from ..phases.services import phase_payload
from ..workshops.models import Workshop
from ..workshops.services import workshop_settings

NOOP = "noop"
# Kinds whose payload is rebuilt from the present, and what each is about.
_SUBJECTS = {"idea": "idea", "idea.deleted": "idea", "spotlight": "spotlight", "workshop": "workshop",
             "phase": "phase"}


def subject_of(kind, payload):
    """What an event is about, for superseding: ``("idea", id)``, ``("spotlight",)``, ... or None."""
    subject = _SUBJECTS.get(kind)
    if subject == "idea":
        return ("idea", payload["idea"]["id"] if kind == "idea" else payload["id"])
    return (subject,) if subject else None


def current_records(events):
    """``EventRecord``s of logged ``events`` (oldest first), each with the present state."""
    events = list(events)
    ideas = _idea_states({_idea_id(event) for event in events} - {None})
    workshops = _workshop_settings({event.workshop_id for event in events if event.kind == "workshop"})
    phases = _phases({event.workshop_id for event in events if event.kind == "phase"})
    records, seen = [], set()
    for event in reversed(events):  # newest first: the last event of a subject keeps its payload
        kind, payload = _present(event, ideas, workshops, phases)
        subject = subject_of(kind, payload)
        if subject is not None:
            if (event.workshop_id, subject) in seen:
                kind, payload, subject = NOOP, {}, None
            else:
                seen.add((event.workshop_id, subject))
        records.append(EventRecord(event.workshop_id, event.seq, kind, payload, subject=subject))
    records.reverse()
    return records


def _idea_id(event):
    if event.kind == "idea":
        return event.payload["idea"]["id"]
    if event.kind == "spotlight" and event.payload.get("idea"):
        return event.payload["idea"]["id"]
    return None


def _present(event, ideas, workshops, phases):
    kind, payload = event.kind, event.payload
    if kind == "idea":
        state = ideas.get(payload["idea"]["id"])
        if state is None:
            return "idea.deleted", {"id": payload["idea"]["id"], "group_id": payload["idea"].get("group_id")}
        return kind, {"idea": state}
    if kind == "spotlight":
        state = ideas.get(_idea_id(event))
        return kind, {"idea": state if state is not None and is_public_state(state) else None}
    if kind == "workshop" and event.workshop_id in workshops:
        return kind, workshops[event.workshop_id]
    if kind == "phase" and event.workshop_id in phases:
        return kind, phases[event.workshop_id]
    return kind, payload


def _idea_states(idea_ids):
    if not idea_ids:
        return {}
    ideas = db.session.scalars(select(Idea).where(Idea.id.in_(idea_ids))).all()
    return {state["id"]: state for state in idea_states(ideas)}


def _phases(workshop_ids):
    if not workshop_ids:
        return {}
    workshops = db.session.scalars(select(Workshop).where(Workshop.id.in_(workshop_ids))).all()
    return {workshop.id: phase_payload(workshop) for workshop in workshops}


def _workshop_settings(workshop_ids):
    if not workshop_ids:
        return {}
    workshops = db.session.scalars(select(Workshop).where(Workshop.id.in_(workshop_ids))).all()
    return {workshop.id: workshop_settings(workshop) for workshop in workshops}


def catch_up(workshop_id, after, limit=500, latest=None):
    """The logged events after ``after`` (at most ``limit``) as ``current_records`` gives
    them, and whether the client must reload instead: ``(records, reload)``.

    The log is pruned (``events.prune``): what a client missed long ago may be gone.
    Every workshop's sequence is contiguous, so a step of more than one between ``after``
    and the first event, or between two events read, means a hole: the client gets no
    records and ``reload`` True (it must draw its page anew, never show a list with a
    silent gap). ``after`` 0 is a client without a position
    in the log (no ``Last-Event-ID``, no ``after`` from a page): it has nothing to miss, so
    it never gets a reload (a page that reloaded and came back with 0 would loop). With
    ``latest`` (the workshop's newest seq, when the caller has read it) an empty read
    behind ``latest`` is a hole too (a log pruned to nothing after ``after``).
    """
    events = events_since(workshop_id, after, limit)
    if after > 0:
        if events:
            # Anywhere, not only before the first: pruning keeps a workshop's newest ``qr``
            # event however old, so a kept event can stand alone before a pruned stretch.
            seqs = [after] + [event.seq for event in events]
            hole = any(newer != older + 1 for older, newer in zip(seqs, seqs[1:]))
        else:
            hole = latest is not None and latest > after
        if hole:
            return [], True
    return current_records(events), False


def reload_message(latest):
    """The message that tells a client to draw its page anew (``catch_up`` found a hole):
    numbered with the workshop's newest seq, so the client's position moves past the hole."""
    return {"seq": latest, "kind": "reload"}
