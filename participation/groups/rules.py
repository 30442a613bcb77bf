"""Who may act on a group and its ideas: small named predicates, used by the views, the
templates (``register``) and the API alike, as ``workshops.rules``.

A facilitator holds the group's secret link (``keys``) and no account. Their key opens
their own group only: every rule about an idea also asks that the idea belongs to that
group (and so to its workshop). The workshop's moderators may do everything a
facilitator may, in every group.
"""

from ..ideas.state import is_public
from ..workshops.rules import may_moderate, may_view_wall
from .keys import facilitator_key_matches


def may_facilitate(account, group, key=None):
    """Open the group's facilitator page and act there: the workshop's moderators, or
    whoever holds this group's facilitator key."""
    if group is None:
        return False
    return may_moderate(account, group.workshop) or facilitator_key_matches(group, key)


def in_group(group, idea):
    """``idea`` was posted in ``group`` (and so belongs to its workshop)."""
    return (group is not None and idea is not None and idea.workshop_id == group.workshop_id
            and idea.group_id == group.id)


def may_facilitate_idea(account, group, idea, key=None):
    """Hide, show, correct or merge ``idea`` from the group's facilitator page: who may
    facilitate the group, for the group's own ideas only."""
    return in_group(group, idea) and may_facilitate(account, group, key)


def may_promote(account, group, idea, key=None):
    """Promote ``idea`` to the plenary (or take it back): who may facilitate the group, for
    a public idea of the group. The limit per group is ``services.promote``'s to say."""
    return may_facilitate_idea(account, group, idea, key) and is_public(idea)


def may_view_group_wall(account, group, key=None):
    """See the group's wall and its live stream: who may see the workshop's wall (the
    wall key), or who may facilitate the group (its facilitator key)."""
    if group is None:
        return False
    return may_view_wall(account, group.workshop, key) or may_facilitate(account, group, key)


TEMPLATE_RULES = (may_facilitate, may_facilitate_idea, may_promote, may_view_group_wall)


def register(app):
    """Make the rules callable in templates under their own names."""
    for rule in TEMPLATE_RULES:
        app.add_template_global(rule)
