"""Live updates: the streams that follow a workshop's event log (``participation.events``).

Walls, phones and the moderation console follow a workshop through one Server-Sent Events
stream each. The stream resumes after Wi-Fi drops from the last event id it saw (no gap,
no duplicate), and a JSON polling endpoint with ETags serves clients behind proxies that
break streams. ``current`` sends each event with the present state of what it is about;
``feed`` wires this process's hub to the database and Redis.
"""

from flask import Blueprint

bp = Blueprint("live", __name__)
