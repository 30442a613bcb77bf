"""The run sheet's pages: the editor of the steps, the console's controls, the moderator's
remote (after login or by a secret link), and the phase as JSON for walls and phones."""

from flask import Blueprint

bp = Blueprint("runsheet", __name__)
