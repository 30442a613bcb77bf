"""Which ideas a wall shows (``?zeige=``): all of them (``alle``, the default), the ideas
groups promoted to the plenary (``plenum``, a column per group) or one group's (``g2``;
a group's own wall shows its group the same way).

Each scope is SQL criteria added to the wall's query of public ideas, and the name the
wall's script filters live events by (wall.js ``data-scope``).
"""

import re
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..ideas.models import Idea
from ..workshops.models import Group

ALL, PLENARY, ONE_GROUP = "alle", "plenum", "gruppe"
_GROUP_PARAM = re.compile(r"g([1-9][0-9]{0,3})")


@dataclass(frozen=True)
class WallScope:
    kind: str = ALL
    group: object = None  # the one group shown (ONE_GROUP)

    @property
    def criteria(self):
        if self.kind == PLENARY:
            return (Idea.promoted_at.is_not(None), Idea.group_id.is_not(None))
        if self.kind == ONE_GROUP:
            return (Idea.group_id == self.group.id,)
        return ()

    @property
    def param(self):
        """The value of ``?zeige=`` that names this scope."""
        return f"g{self.group.number}" if self.kind == ONE_GROUP else self.kind

    @property
    def group_id(self):
        return self.group.id if self.group is not None else None


def group_scope(group):
    return WallScope(ONE_GROUP, group)


def wall_scope(workshop, raw):
    """The scope ``?zeige=raw`` names; None for a group the workshop does not have
    (anything else unknown shows all ideas, as a wall without the parameter)."""
    raw = (raw or "").strip().lower()
    if raw == PLENARY:
        return WallScope(PLENARY)
    match = _GROUP_PARAM.fullmatch(raw)
    if match:
        group = db.session.scalar(select(Group).where(Group.workshop_id == workshop.id,
                                                      Group.number == int(match.group(1))))
        return group_scope(group) if group is not None else None
    return WallScope(ALL)


def group_names(workshop):
    """{group id: name} of the workshop's groups, for the marks of promoted ideas."""
    return {group.id: group.name for group in workshop.groups}
