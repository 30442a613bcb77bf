"""The language a moderator set for a workshop, found by its join code: the attendee pages
under that code speak it (``i18n.selection`` asks through the factory's registration)."""

from sqlalchemy import select

from ..extensions import db
from .codes import normalise_code
from .models import Workshop


def language_of_code(code):
    """The language of the workshop with this join code, or None."""
    code = normalise_code(code)
    return code and db.session.scalar(select(Workshop.language).where(Workshop.code == code))
