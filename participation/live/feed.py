"""The hub of this process, wired to the database log and (optionally) Redis."""

import threading

from flask import current_app
from sqlalchemy import or_, select

from ..events.hub import Hub
from ..events.models import Event
from ..extensions import db
from .current import current_records

_LOCK = threading.Lock()


def get_hub():
    """This app's hub in this process (created lazily, so after gunicorn forks)."""
    app = current_app._get_current_object()
    hub = app.extensions.get("participation_hub")
    if hub is None:
        with _LOCK:
            hub = app.extensions.get("participation_hub")
            if hub is None:
                hub = _build_hub(app)
                app.extensions["participation_hub"] = hub
    return hub


def _build_hub(app):
    def fetch_since(watermarks):
        with app.app_context():
            try:
                return fetch_records(watermarks)
            finally:
                db.session.remove()

    redis_url = app.config.get("REDIS_URL")
    wait_for_change = None
    if redis_url:
        from ..events.redis_signal import RedisSignal  # the redis client library: only when configured

        wait_for_change = RedisSignal(redis_url).wait
    return Hub(
        fetch_since,
        wait_for_change,
        poll_interval=app.config["LIVE_POLL_INTERVAL"],
        batch_interval=app.config["LIVE_BATCH_INTERVAL"],
    )


def fetch_records(watermarks):
    if not watermarks:
        return []
    condition = or_(
        *[(Event.workshop_id == workshop_id) & (Event.seq > seq) for workshop_id, seq in watermarks.items()]
    )
    rows = db.session.scalars(select(Event).where(condition).order_by(Event.workshop_id, Event.seq).limit(5000))
    return current_records(rows)
