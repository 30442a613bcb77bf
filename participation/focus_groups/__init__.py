"""Focus groups after the event: a secret link per Handlungsfeld, and measure sheets
(Maßnahmenmerkblatt) drafted there, linked to the ideas they came from."""

from flask import Blueprint

bp = Blueprint("focus_groups", __name__)
