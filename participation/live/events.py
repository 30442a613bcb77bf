"""Temporary alias: the event log moved to ``participation.events.log``.

Only ``workshops.services`` still imports it from here (that file belongs to the
"workshops" branch of issue 18); delete this module when that branch is merged.
"""

from ..events.log import events_since, latest_seq, record_event, record_events  # noqa: F401
