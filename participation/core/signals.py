"""Signals between features, so that one can react to another without importing it."""

from contextlib import contextmanager

from blinker import Namespace

from ..database import write_transaction

_signals = Namespace()

# Sent after a commit that changed what the text analysis sees in a workshop (ideas added,
# edited, deleted, hidden, shown, merged; Handlungsfelder edited). Keywords: workshop_id and
# kind: ADDED when the commit only added ideas (the analysis may then sort just those with
# the model it fitted before), FULL for anything else (the default: always correct).
content_changed = _signals.signal("content-changed")

FULL, ADDED = "full", "added"


def announce_content_changed(workshop_id, kind=FULL):
    from flask import current_app

    content_changed.send(current_app._get_current_object(), workshop_id=workshop_id, kind=kind)


@contextmanager
def content_change(workshop_id):
    """A write transaction (yields its session) that changes what the text analysis sees
    in ``workshop_id``: ``content_changed`` is sent once it has committed, never after a
    rollback. ``ideas.services.idea_change`` adds the live announcement of an idea."""
    with write_transaction() as session:
        yield session
    announce_content_changed(workshop_id)
