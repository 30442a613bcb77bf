"""`flask moderator create NAME [--admin]`, `set-password NAME`, `set-role NAME ROLE`, `list`."""

import sys

import click
from flask.cli import AppGroup

from .models import ADMIN, MODERATOR, ROLES
from .services import AccountError, all_moderators, count_admins, create_moderator, find_moderator, set_password, set_role

moderator_cli = AppGroup("moderator", help="Moderatorenkonten verwalten.")


def _read_password(from_stdin):
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Passwort", hide_input=True, confirmation_prompt="Passwort wiederholen")


def _existing(username):
    moderator = find_moderator(username)
    if moderator is None:
        raise click.ClickException(f"Einen Moderator „{username}“ gibt es nicht.")
    return moderator


@moderator_cli.command("create")
@click.argument("username")
@click.option("--admin", "make_admin", is_flag=True, help="Administrator: manages accounts and every workshop.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_command(username, make_admin, password_stdin):
    """Create a moderator account; asks for the password. The first account becomes admin."""
    first_admin = not make_admin and not count_admins()
    role = ADMIN if make_admin or first_admin else MODERATOR
    try:
        create_moderator(username, _read_password(password_stdin), role=role)
    except AccountError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Moderator „{username.strip()}“ angelegt.")
    if first_admin:
        click.echo("Es gab noch kein Administratorkonto: dieses Konto ist Administrator.")
    elif make_admin:
        click.echo("Rolle: Administrator.")


@moderator_cli.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password_command(username, password_stdin):
    """Set a new password for an existing moderator (ends their sessions)."""
    moderator = _existing(username)
    try:
        set_password(moderator, _read_password(password_stdin))
    except AccountError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Passwort für „{moderator.username}“ geändert.")


@moderator_cli.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
def set_role_command(username, role):
    """Make an account admin or moderator (the last admin stays admin)."""
    moderator = _existing(username)
    try:
        set_role(moderator, role)
    except AccountError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"„{moderator.username}“ ist jetzt {'Administrator' if role == ADMIN else 'Moderator'}.")


@moderator_cli.command("list")
def list_command():
    """List the accounts with their roles."""
    for moderator in all_moderators():
        click.echo(f"{moderator.username}\t{moderator.role}")
