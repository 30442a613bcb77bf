"""``flask import FILE --owner USERNAME``: a workshop from a JSON export, as a new workshop."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from ..auth.services import find_moderator
from .importer import WorkshopImportError, import_workshop, read_document
from .json_file import MAX_FILE_BYTES

__all__ = ["import_command"]


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", required=True, help="Username of the moderator who will own the new workshop.")
@with_appcontext
def import_command(file, owner):
    """Import FILE (a JSON export of this app) as a new, closed workshop and print its code."""
    moderator = find_moderator(owner)
    if moderator is None:
        raise click.ClickException(_("Es gibt kein Moderatorenkonto „%(owner)s“.", owner=owner))
    with file.open("rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)  # one byte more is enough to know it is too big
    try:
        workshop = import_workshop(read_document(data), moderator)
    except WorkshopImportError as error:
        raise click.ClickException(error.message) from None
    click.echo(_("Workshop „%(title)s“ importiert. Code: %(code)s", title=workshop.title, code=workshop.code))
    click.echo(_("Der Workshop ist geschlossen; öffnen Sie ihn in der Moderation, wenn er weiterlaufen "
                 "soll."))
