"""`flask moderator create NAME` and `flask moderator set-password NAME`."""

import sys

import click
from flask.cli import AppGroup

from .services import AccountError, create_moderator, find_moderator, set_password

moderator_cli = AppGroup("moderator", help="Moderatorenkonten verwalten.")


def _read_password(from_stdin):
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Passwort", hide_input=True, confirmation_prompt="Passwort wiederholen")


@moderator_cli.command("create")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_command(username, password_stdin):
    """Create a moderator account; asks for the password."""
    try:
        create_moderator(username, _read_password(password_stdin))
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Moderator „{username.strip()}“ angelegt.")


@moderator_cli.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password_command(username, password_stdin):
    """Set a new password for an existing moderator."""
    moderator = find_moderator(username)
    if moderator is None:
        raise click.ClickException(f"Einen Moderator „{username}“ gibt es nicht.")
    try:
        set_password(moderator, _read_password(password_stdin))
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Passwort für „{moderator.username}“ geändert.")
