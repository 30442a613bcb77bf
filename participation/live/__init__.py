"""Live updates: an event log in the database, fanned out by Server-Sent Events.

Walls, phones and the moderation console follow a workshop through one stream each.
The stream resumes after Wi-Fi drops from the last event id it saw (no gap, no
duplicate), and a JSON polling endpoint with ETags serves clients behind proxies that
break streams.
"""

from flask import Blueprint

bp = Blueprint("live", __name__)

from . import views  # noqa: E402,F401
