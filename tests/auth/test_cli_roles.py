"""`flask moderator create --admin`, `set-role` and `list`; the first account is always an admin."""

from sqlalchemy import select

from participation.auth.models import Moderator
from participation.extensions import db

from helpers import TEST_PASSWORD


def _role(username):
    db.session.rollback()
    return db.session.scalar(select(Moderator.role).where(Moderator.username == username))


def _create(runner, *args):
    return runner.invoke(args=["moderator", "create", *args, "--password-stdin"], input=f"{TEST_PASSWORD}\n")


def test_first_account_becomes_admin_even_without_the_flag(runner):
    result = _create(runner, "erste")
    assert result.exit_code == 0, result.output
    assert "Administrator" in result.output
    assert _role("erste") == "admin"
    second = _create(runner, "zweite")
    assert "Administrator" not in second.output
    assert _role("zweite") == "moderator"


def test_admin_flag(runner, moderator):
    result = _create(runner, "chefin", "--admin")
    assert result.exit_code == 0, result.output
    assert _role("chefin") == "admin"


def test_set_role_both_ways_but_never_the_last_admin(runner, moderator):
    assert runner.invoke(args=["moderator", "set-role", "moderatorin", "admin"]).exit_code == 0
    assert _role("moderatorin") == "admin"
    refused = runner.invoke(args=["moderator", "set-role", "moderatorin", "moderator"])
    assert refused.exit_code == 1 and "letzte Person" in refused.output
    _create(runner, "vize", "--admin")
    assert runner.invoke(args=["moderator", "set-role", "moderatorin", "moderator"]).exit_code == 0
    assert _role("moderatorin") == "moderator"


def test_set_role_refuses_unknown_roles_and_names(runner, moderator):
    assert runner.invoke(args=["moderator", "set-role", "moderatorin", "kaiser"]).exit_code == 2
    missing = runner.invoke(args=["moderator", "set-role", "niemand", "admin"])
    assert missing.exit_code == 1 and "gibt es nicht" in missing.output


def test_list_shows_names_and_roles(runner, moderator):
    _create(runner, "chefin", "--admin")
    result = runner.invoke(args=["moderator", "list"])
    assert result.exit_code == 0
    assert "chefin\tadmin" in result.output and "moderatorin\tmoderator" in result.output
    assert TEST_PASSWORD not in result.output
