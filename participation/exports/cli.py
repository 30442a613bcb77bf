"""`flask export CODE --format xlsx|csv|json|pdf --out FILE`: the moderator view's downloads, scripted."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from ..i18n import LANGUAGES
from ..workshops.services import find_workshop_by_code
from .services import CSV_DELIMITERS, EXPORT_FORMATS, export_file


@click.command("export")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="File format.")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="File to write; '-' writes to standard output.")
@click.option("--delimiter", type=click.Choice([";", ","]), default=";", show_default=True,
              help="CSV separator (';' opens correctly in German Excel).")
@click.option("--language", type=click.Choice(sorted(LANGUAGES)),
              help="Headings, dates and numbers; default: the workshop's language, else the app's.")
@with_appcontext
def export_command(code, fmt, out, delimiter, language):
    """Export the workshop with join code CODE (hidden ideas are never exported)."""
    workshop = find_workshop_by_code(code)
    if workshop is None:
        raise click.ClickException(f"Kein Workshop mit dem Code {code!r}.")
    language = language or workshop.language or current_app.config.get("BABEL_DEFAULT_LOCALE", "de")
    with force_locale(language):
        export = export_file(workshop, fmt, delimiter=CSV_DELIMITERS[delimiter])
    if str(out) == "-":
        click.get_binary_stream("stdout").write(export.content)
        return
    out.write_bytes(export.content)
    click.echo(f"{out}: {len(export.content):,} Bytes ({fmt}) für „{workshop.title}“ ({workshop.code})".replace(",", "."))
