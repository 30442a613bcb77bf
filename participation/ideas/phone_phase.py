"""What the attendee's phone shows of the run sheet's phase: the step and its countdown,
which questions take ideas now, whether others' ideas and dot buttons are shown, and
"Ich bin fertig". Plain values for ``templates/ideas/post.html``; phone.js draws the same
from ``phase`` events (``phases.services.phase_payload``) without a reload.
"""

import math

from flask_babel import gettext as _

from ..phases.phase import COLLECTING, phase_of
from ..phases.services import phase_payload, step_label
from ..workshops.models import STEP_KINDS, VOTE
from .done import is_done, may_say_done


def phase_notes():
    """The sentence under the step's title, per kind (page and script share them)."""
    return {
        "collect": _("Schreiben Sie Ihre Ideen zu den Fragen unten."),
        "silent": _("Stilles Sammeln: Jede und jeder schreibt zuerst für sich."),
        "vote": _("Vergeben Sie jetzt Ihre Punkte an die Ideen, die Ihnen am wichtigsten sind."),
        "result": _("Das Ergebnis: Die Punkte sind jetzt zu sehen."),
        "present": _("Die Gruppen stellen ihre Ergebnisse vor."),
        "pause": _("Pause. Gleich geht es weiter."),
        "closed": _("Die Sammlung ist beendet. Danke fürs Mitmachen!"),
    }


def format_remaining(seconds):
    """m:ss (h:mm:ss from an hour), as countdown.js draws it; "" without a countdown."""
    if seconds is None:
        return ""
    whole = max(0, math.ceil(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def phone_phase(workshop, participant):
    phase = phase_of(workshop)
    payload = phase_payload(workshop)
    running = phase.running()
    step = payload["step"]
    following = payload["next"]
    steps = list(workshop.steps)
    position = step["position"] if step else 0
    vote_positions = [s.position + 1 for s in steps if s.kind == VOTE]
    remaining = phase.remaining()
    return {
        "payload": payload,
        "kind": phase.kind,
        "has_step": step is not None,
        "title": (step["title"] or step_label(step["kind"])) if step else "",
        "label": step_label(step["kind"]) if step else "",
        "notes": phase_notes(),
        "labels": {kind: step_label(kind) for kind in STEP_KINDS},
        "note": phase_notes().get(phase.kind, "") if step else "",
        "next_label": ((following["title"] or step_label(following["kind"])) if following else ""),
        "countdown": format_remaining(remaining),
        "paused": bool(step and step["paused_remaining"] is not None and not step["ended"]),
        "silent": phase.silent,
        "calm": phase.calm,
        "postable": {q.id for q in workshop.questions if phase.may_post(q.id)},
        "may_vote": phase.may_vote(),
        "votes_hidden": phase.votes_hidden,
        "vote_positions": vote_positions,
        "vote_later": not phase.may_vote() and any(p > position for p in vote_positions),
        "may_say_done": participant is not None and may_say_done(workshop),
        "done": is_done(workshop, participant),
        "collecting": running is not None and running.kind in COLLECTING,
    }
