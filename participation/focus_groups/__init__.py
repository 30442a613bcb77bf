"""Focus groups after the event: a secret link per Handlungsfeld, and the group's workspace
behind it where measures (Maßnahmenmerkblatt, ``participation.measures``) are drafted,
linked to the ideas they came from, and downloaded as documents (``participation.exports``)."""

from flask import Blueprint

bp = Blueprint("focus_groups", __name__)
