"""What a group's facilitator (Tischmoderation) does to the group's ideas: the list of
the page, hiding and showing, correcting, merging within the group. The moderation's own
services do the work; here the group's bounds are kept (a target outside the group is
refused) and a promoted idea that leaves the room (hidden, merged away) is taken back
from the plenary first, so it no longer counts against the group's limit.
"""

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..ideas.models import HIDDEN, PENDING, VISIBLE, Idea
from ..ideas.state import is_public
from ..moderation import services as moderation
from .rules import in_group
from .services import GroupError, unpromote

LISTED = (VISIBLE, HIDDEN, PENDING)


def group_ideas(group):
    """The group's ideas on its facilitator page, newest first: visible, hidden and
    waiting ones, without those merged into another (they show under their target)."""
    return db.session.scalars(
        select(Idea).where(Idea.workshop_id == group.workshop_id, Idea.group_id == group.id,
                           Idea.status.in_(LISTED), Idea.merged_into_id.is_(None))
        .order_by(Idea.created_at.desc(), Idea.id.desc())
    ).all()


def merge_targets(ideas, idea):
    """The ideas of the list ``idea`` may be merged into: the group's other public ones."""
    return [other for other in ideas if other.id != idea.id and is_public(other)]


def hide_in_group(group, idea):
    if idea.promoted_at is not None:
        unpromote(group, idea)
    return moderation.hide(idea)


def show_in_group(group, idea):
    return moderation.show(idea)


def fix_in_group(group, idea, text):
    """Correct the text (the text before stays in the idea's revision history)."""
    try:
        return moderation.fix_text(idea, text)
    except moderation.ModerationError as error:
        raise GroupError(error.message, field="text") from None


def merge_in_group(group, source, target):
    """Merge ``source`` into ``target``, both of ``group``."""
    if target is None or not in_group(group, target) or not in_group(group, source) or not is_public(target):
        raise GroupError(_("Bitte wählen Sie eine Idee Ihrer Gruppe."), field="target_id")
    if source.promoted_at is not None:
        unpromote(group, source)
    try:
        return moderation.merge(source, target)
    except moderation.ModerationError as error:
        raise GroupError(error.message, field="target_id") from None
