"""Gruppen stellen vor: the run-sheet step in which the groups present, one after the
other, the ideas they promoted to the plenary; the plenary wall shows the presenting
group large (``templates/moderation/_wall_present.html``, ``static/js/wall-present.js``).

``workshop.presenting_group_id`` says which group presents. When a ``present`` step
starts (from the console, the remote or an automatic step's end) it is the first group
with promoted ideas; "Nächste Gruppe" and "Vorherige Gruppe" move it, passing over
groups that have promoted nothing. Every change is logged as a ``present`` event:
``{"group": group_state or None, "ideas": [idea states], "position": n, "count": n}``
(position and count: "Gruppe 2 von 5" among the groups with promoted ideas).
"""

from flask_babel import gettext as _

from ..database import write_transaction
from ..events.log import record_event
from ..extensions import db
from ..groups.services import group_of, group_state, promoted_ideas
from ..ideas.state import idea_states
from ..phases.phase import phase_of
from ..workshops.models import PRESENT, Group


class PresentRefused(Exception):
    """A move that makes no sense now; ``message`` is for the moderator."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _promoted_by_group(workshop):
    """{group id: [its promoted public ideas]}, groups in their order (one query)."""
    by_group = {}
    for idea in promoted_ideas(workshop):
        by_group.setdefault(idea.group_id, []).append(idea)
    return by_group


def present_state(workshop):
    """What the wall shows of the presenting group (the ``present`` event's payload)."""
    by_group = _promoted_by_group(workshop)
    order = list(by_group)
    group = group_of(workshop, workshop.presenting_group_id)
    ideas = by_group.get(group.id, []) if group is not None else []
    return {
        "group": group_state(group) if group is not None else None,
        "ideas": idea_states(ideas),
        "position": order.index(group.id) + 1 if group is not None and group.id in order else None,
        "count": len(order),
    }


def is_presenting(workshop):
    """Whether a ``present`` step runs now."""
    step = phase_of(workshop).running()
    return step is not None and step.kind == PRESENT


def wall_presenting(workshop):
    """The presenting group for the wall's first drawing, or None outside the step
    (a Jinja global: the wall's include asks it)."""
    return present_state(workshop) if is_presenting(workshop) else None


def presenting_summary(workshop):
    """The presenting group in short for the remote and the console, or None outside the step."""
    if not is_presenting(workshop):
        return None
    state = present_state(workshop)
    group = state["group"]
    return {"group": ({"id": group["id"], "number": group["number"], "name": group["name"]} if group else None),
            "position": state["position"], "count": state["count"]}


def begin_presenting(session, workshop, step):
    """A step starts (``phases.services.add_step_starter``): a ``present`` step begins with
    the first group that promoted ideas; any other step leaves no group presenting."""
    if step.kind != PRESENT:
        if workshop.presenting_group_id is not None:
            workshop.presenting_group_id = None
        return
    order = list(_promoted_by_group(workshop))
    workshop.presenting_group_id = order[0] if order else None
    session.flush()
    record_event(session, workshop.id, "present", present_state(workshop))


def move_presenting(workshop, offset):
    """The next (``offset`` 1) or previous (-1) group with promoted ideas presents; returns
    the message for the moderator or raises ``PresentRefused``."""
    with write_transaction() as session:
        session.refresh(workshop)
        if not is_presenting(workshop):
            raise PresentRefused(_("Gerade läuft kein Schritt „Gruppen stellen vor“."))
        order = list(_promoted_by_group(workshop))
        if not order:
            raise PresentRefused(_("Noch hat keine Gruppe Ideen ins Plenum gegeben."))
        target = _target(workshop, order, offset)
        if target is None:
            raise PresentRefused(_("Das war die letzte Gruppe.") if offset > 0 else _("Das ist die erste Gruppe."))
        workshop.presenting_group_id = target
        session.flush()
        state = present_state(workshop)
        record_event(session, workshop.id, "present", state)
    return _("Gruppe %(position)d von %(count)d stellt vor: %(name)s.", position=state["position"],
             count=state["count"], name=state["group"]["name"])


def _target(workshop, order, offset):
    """The id of the group that presents after moving by ``offset``, or None past the end.
    A presenting group that has taken back all its ideas meanwhile is placed by its number."""
    current = workshop.presenting_group_id
    if current in order:
        index = order.index(current) + offset
        return order[index] if 0 <= index < len(order) else None
    group = group_of(workshop, current)
    if group is None:
        return order[0] if offset > 0 else None
    numbers = dict(db.session.execute(db.select(Group.id, Group.number).where(Group.id.in_(order))).all())
    if offset > 0:
        later = [group_id for group_id in order if numbers[group_id] > group.number]
        return later[0] if later else None
    earlier = [group_id for group_id in order if numbers[group_id] < group.number]
    return earlier[-1] if earlier else None
