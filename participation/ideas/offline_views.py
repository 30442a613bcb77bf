"""What keeps a phone useful without a network: the service worker that serves the phone
page's shell offline, the phone's report of its offline queue, and the console's count of
phones with waiting items.

The queue itself lives on the phone (``static/js/offline.js``): ideas and dots given
without a connection wait there with an idempotency key made on the phone and are sent
through the JSON API when the network returns. The server only hears how many wait.
"""

from flask import current_app, jsonify, render_template
from flask_babel import gettext as _

from ..core.json_input import NOT_JSON, json_body
from ..core.static_files import static_files
from ..limits import RateLimited, hit
from ..workshops.access import managed_workshop
from ..workshops.services import find_workshop_by_code
from . import bp
from .participants import current_participant
from .queue import report_queue, waiting_phones

# The worker lives under /j/, so its scope (/j/) covers every phone page without a
# Service-Worker-Allowed header; it only ever touches GET /j/<code>/ideas and /static/.
SERVICE_WORKER = "js/sw.js"

# The console shows how many phones report waiting items (ideas/_console_queue.html).
bp.add_app_template_global(waiting_phones)


@bp.get("/j/sw.js")
def service_worker():
    script = static_files().asset(SERVICE_WORKER).data  # as static files are sent: no comments
    response = current_app.response_class(script, mimetype="application/javascript")
    response.headers["Cache-Control"] = "no-cache"  # a new version reaches phones at once
    return response


def _answer(status, **values):
    response = jsonify(**values)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/j/<code>/warteschlange")
def queue_report(code):
    """A phone says how many items wait in its offline queue: ``{"waiting": n}``.

    Only a participant of this workshop (its cookie) may report, a few times a minute;
    the number is all that is kept (``ideas.queue.report_queue``).
    """
    workshop = find_workshop_by_code(code)
    if workshop is None:
        return _answer(404, error="not_found", message=_("Zu diesem Code gibt es keinen Workshop."))
    participant = current_participant(workshop)
    if participant is None:
        return _answer(403, error="not_joined", message=_("Bitte treten Sie dem Workshop zuerst bei."))
    payload = json_body()
    if payload is NOT_JSON:
        return _answer(400, error="bad_json", message=_("Die gesendeten Daten sind kein gültiges JSON."))
    waiting = payload.get("waiting") if isinstance(payload, dict) else None
    if not isinstance(waiting, int) or isinstance(waiting, bool) or waiting < 0:
        return _answer(422, error="rejected",
                       message=_("„waiting“ muss eine ganze Zahl von 0 an sein."), field="waiting")
    config = current_app.config
    try:
        hit("queue_report", participant.token_hash, config["QUEUE_REPORT_RATE_LIMIT"], config["RATE_LIMIT_WINDOW"])
    except RateLimited as limited:
        response = _answer(429, error="rate_limited",
                           message=_("Zu viele Meldungen in kurzer Zeit. Bitte warten Sie einen Moment."))
        response.headers["Retry-After"] = str(limited.retry_after)
        return response
    report_queue(participant, waiting)
    return _answer(200, waiting=participant.queue_waiting)


@bp.get("/moderation/workshops/<int:workshop_id>/warteschlange")
@managed_workshop
def console_queue(workshop):
    """The console's line about phones with waiting items, for its script to refresh."""
    response = current_app.make_response(render_template("ideas/_console_queue.html", workshop=workshop, partial_only=True))
    response.headers["Cache-Control"] = "no-store"
    return response
