"""The permission rules (workshops.rules): each names who may do one thing, for views,
templates and the live stream alike."""

from flask_login import AnonymousUserMixin

from participation.workshops import rules
from participation.workshops.co_moderators import invite_co_moderator
from participation.workshops.wall_keys import ensure_wall_token, rotate_wall_token

from accounts import make_account

NOBODY = AnonymousUserMixin()


def test_who_may_do_what(app, moderator, workshop):
    co = make_account("helfer")
    invite_co_moderator(workshop, "helfer")
    admin = make_account("chefin", role="admin")
    stranger = make_account("fremd")
    table = {
        # account: (moderate, invite, delete, administer)
        moderator: (True, True, True, False),
        co: (True, False, False, False),
        admin: (True, True, True, True),
        stranger: (False, False, False, False),
        NOBODY: (False, False, False, False),
    }
    for account, expected in table.items():
        found = (rules.may_moderate(account, workshop), rules.may_invite(account, workshop),
                 rules.may_delete(account, workshop), rules.may_administer(account))
        assert found == expected, account


def test_a_co_moderator_may_remove_only_themselves(app, moderator, workshop):
    co = make_account("helfer")
    third = make_account("dritte")
    invite_co_moderator(workshop, "helfer")
    invite_co_moderator(workshop, "dritte")
    assert rules.may_remove_co_moderator(co, workshop, co.id)
    assert not rules.may_remove_co_moderator(co, workshop, third.id)
    assert rules.may_remove_co_moderator(moderator, workshop, third.id)


def test_the_wall_needs_a_moderator_or_the_current_key(app, moderator, workshop):
    key = ensure_wall_token(workshop)
    assert rules.may_view_wall(NOBODY, workshop, key)
    assert rules.may_view_wall(moderator, workshop, None)
    assert not rules.may_view_wall(NOBODY, workshop, None)
    assert not rules.may_view_wall(NOBODY, workshop, key + "x")
    rotate_wall_token(workshop)
    assert not rules.may_view_wall(NOBODY, workshop, key)


def test_access_label(app, moderator, workshop):
    co = make_account("helfer")
    invite_co_moderator(workshop, "helfer")
    admin = make_account("chefin", role="admin")
    labels = [rules.access_label(account, workshop) for account in (moderator, co, admin)]
    assert labels == ["owner", "co", "admin"]


def test_templates_know_the_rules(app):
    for name in ("may_administer", "may_moderate", "may_invite", "may_remove_co_moderator", "may_delete"):
        assert app.jinja_env.globals[name] is getattr(rules, name)
