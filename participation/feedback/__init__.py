"""What became of the ideas (Rückmeldung): measure stages, milestones and public updates,
the public process page, and the note on the phone of a person whose idea grew into a measure."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)
