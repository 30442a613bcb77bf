"""When a closed workshop is deleted automatically: RETENTION_DAYS after it was closed.

The policy only (dates); ops.retention runs the deletion.
"""

from datetime import timedelta

from flask import current_app

from ..core.timeutil import utcnow


def retention_days():
    return max(0, int(current_app.config.get("RETENTION_DAYS") or 0))


def warning_period():
    """How long before its deletion a workshop is flagged on the dashboard and its overview."""
    return timedelta(days=current_app.config.get("RETENTION_WARNING_DAYS", 14))


def closing_time(workshop):
    """When the retention clock started."""
    # Closed before closing times were recorded (or imported closed): the last change counts.
    return workshop.closed_at or workshop.updated_at


def deletion_date(workshop):
    """When ``workshop`` will be deleted automatically (aware UTC datetime), or None."""
    days = retention_days()
    if workshop.is_open or days <= 0:
        return None
    return closing_time(workshop) + timedelta(days=days)


def deletion_is_near(when, now=None):
    """True when ``when`` (a deletion date or None) lies within the warning period."""
    if when is None:
        return False
    return when - (now or utcnow()) <= warning_period()
