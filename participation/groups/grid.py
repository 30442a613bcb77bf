"""What the moderator's overview of all groups shows: every group's numbers from
``services.group_activity``, with times as epoch milliseconds for the page's script, the
message to the group walls, the promotion limit, and whether "done" counts mean anything
now (only while a collecting step runs).

``relative_time`` says "vor 2 Min." the same way the page's script does (its words come
from ``relative_words``), so the page reads the same with and without JavaScript.
"""

from datetime import datetime

from flask_babel import gettext as _

from .. import limits
from ..phases.phase import COLLECTING, epoch_ms, phase_of
from . import services

def collecting_now(workshop):
    """A collecting step runs: "done" counts per group say something."""
    step = phase_of(workshop).running()
    return step is not None and step.kind in COLLECTING


def grid_state(workshop):
    """The overview as its JSON twin answers it (the page renders the same)."""
    collecting = collecting_now(workshop)
    rows = []
    for row in services.group_activity(workshop):
        last = row.pop("last_activity")
        help_at = row.pop("help_at")
        rows.append({
            **row,
            "done": row["done"] if collecting else None,
            "last_ms": epoch_ms(_parse(last)) if last else None,
            "help_ms": epoch_ms(_parse(help_at)) if help_at else None,
        })
    return {
        "groups": rows,
        "limit": workshop.group_promote_limit,
        "collecting": collecting,
        "message": services.message_state(workshop),
        "now": epoch_ms(limits.clock_utc()),
    }


def _parse(iso):
    return datetime.fromisoformat(iso)


def relative_words():
    """The words of a relative time, "{n}" standing for the number (the script's too)."""
    return {"never": _("noch nichts"), "now": _("gerade eben"), "minutes": _("vor {n} Min."),
            "hours": _("vor {n} Std.")}


def relative_time(then_ms, now_ms):
    """"gerade eben", "vor 2 Min.", "vor 3 Std." (or "noch nichts" without a time)."""
    words = relative_words()
    if then_ms is None:
        return words["never"]
    minutes = max(0, now_ms - then_ms) // 60000
    if minutes < 1:
        return words["now"]
    if minutes < 60:
        return words["minutes"].replace("{n}", str(minutes))
    return words["hours"].replace("{n}", str(minutes // 60))
