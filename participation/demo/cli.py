"""`flask bootstrap` (first start) and `flask demo` (fill a workshop with ideas)."""

from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ..core import public_address
from ..core.network import run_hint
from ..extensions import db
from ..workshops.models import Workshop
from ..workshops.services import find_workshop_by_code
from ..workshops.urls import is_unreachable_from_phones
from ..fields.services import run_analysis
from .services import DEMO_TITLE, DEMO_USERNAME, bootstrap_demo, fill_with_demo_ideas, stored_demo_password


def _join_url(workshop, fallback_base):
    base = public_address.base_url(current_app) or fallback_base.rstrip("/")
    return f"{base}/j/{workshop.code}"


@click.command("bootstrap")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Address printed for the join link when PUBLIC_BASE_URL is not set.")
@with_appcontext
def bootstrap_command(base_url):
    """Create the demo moderator and workshop on an empty database and print how to log in."""
    created = bootstrap_demo()
    if created:
        moderator, password, workshop = created
        click.echo("Neue Datenbank: Demo-Zugang und Demo-Workshop angelegt.")
    else:
        password = stored_demo_password()
        workshop = db.session.scalar(select(Workshop).where(Workshop.title == DEMO_TITLE).limit(1))
    click.echo("")
    click.echo(f"  Moderation:   {base_url.rstrip('/')}/moderation/login")
    if password:
        click.echo(f"  Benutzer:     {DEMO_USERNAME}")
        click.echo(f"  Passwort:     {password}")
    else:
        click.echo("  Anmeldung mit Ihrem Moderatorenkonto (neu: flask --app wsgi moderator create NAME)")
    if workshop is not None:
        url = _join_url(workshop, base_url)
        click.echo(f"  Workshop:     {workshop.title}")
        click.echo(f"  Mitmachen:    {url}")
        click.echo(f"  Code:         {workshop.code}")
        if is_unreachable_from_phones(url):
            # make run passes http://HOST:PORT: offer the addresses phones can reach instead
            parts = urlsplit(base_url)
            click.echo("  Hinweis:      Handys erreichen diese Adresse nicht.")
            for line in run_hint(parts.hostname or "127.0.0.1", parts.port or 5000):
                click.echo(f"                {line}")
    click.echo("")


@click.command("demo")
@click.option("--code", help="Join code of the workshop to fill (default: the demo workshop).")
@click.option("--process", "with_process", is_flag=True,
              help="Also build the demo process: the kick-off, an online phase and a second evening.")
@with_appcontext
def demo_command(code, with_process):
    """Fill a workshop with 90 realistic German demo ideas."""
    if with_process:
        from .process import build_demo_process

        process = build_demo_process()
        click.echo(f"Demo-Prozess „{process.title}“: {len(process.workshops)} Workshops, öffentlich unter /p/{process.slug}")
        return
    if code:
        workshop = find_workshop_by_code(code)
    else:
        workshop = db.session.scalar(select(Workshop).where(Workshop.title == DEMO_TITLE).limit(1))
        if workshop is None:
            bootstrap_demo()
            workshop = db.session.scalar(select(Workshop).where(Workshop.title == DEMO_TITLE).limit(1))
    if workshop is None:
        raise click.ClickException("Workshop nicht gefunden. Geben Sie den Code mit --code an.")
    added = fill_with_demo_ideas(workshop)
    run_analysis(workshop)
    click.echo(f"{added} Demo-Ideen zu „{workshop.title}“ ({workshop.code}) hinzugefügt.")
