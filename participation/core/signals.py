"""Signals between features, so that one can react to another without importing it."""

from blinker import Namespace

_signals = Namespace()

# Sent after a commit that changed what the text analysis sees in a workshop (ideas added,
# edited, deleted, hidden, shown, merged; Handlungsfelder edited). Keyword: workshop_id.
content_changed = _signals.signal("content-changed")


def announce_content_changed(workshop_id):
    from flask import current_app

    content_changed.send(current_app._get_current_object(), workshop_id=workshop_id)
