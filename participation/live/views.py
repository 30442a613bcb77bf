"""The event stream (SSE) and its polling twin, filtered for who is watching."""

import hashlib
import json
import logging
import threading
import time
from functools import partial

from flask import Response, abort, current_app, jsonify, request, session, stream_with_context, url_for
from flask_login import current_user

from ..core.ids import MAX_ID
from ..events.log import latest_seq
from ..extensions import db
from ..groups.rules import may_view_group_wall
from ..groups.services import group_by_number
from ..ideas.state import is_public_state
from ..phases.phase import phase_of
from ..phases.services import server_now_ms
from ..workshops.models import SILENT
from ..workshops.rules import may_moderate, may_view_wall
from ..workshops.services import find_workshop_by_code
from . import bp
from .current import NOOP, catch_up, reload_message
from .feed import get_hub

log = logging.getLogger(__name__)

VIEWS = ("phone", "wall", "moderation")
# Streams reading the log at once, per worker. After a restart every phone reconnects
# behind the new worker's buffer; unchecked, their reads took every pooled connection and
# posts waited for one.
_CATCHING_UP = threading.BoundedSemaphore(2)


class Audience:
    """Who watches a stream, and so what each event looks like to them.

    ``group_id`` is set for a group's wall: it hears only its own group's ideas and group
    events (every other idea becomes a ``noop``, not even its id goes out), the
    moderator's message to the group walls, the phase and the workshop's settings.
    """

    def __init__(self, view, show_ideas, silent=False, group_id=None):
        self.view = view
        self.show_ideas = show_ideas
        self.silent = silent  # Still sammeln: phones see no one else's ideas, walls only counts
        self.group_id = group_id

    def render(self, record):
        """``present`` as an SSE message, computed once per worker for all like audiences."""
        if record.superseded:  # a newer record tells the present state
            return _sse({"seq": record.seq, "kind": NOOP})
        key = (self.view, self.show_ideas, self.silent, self.group_id)
        rendered = record.rendered.get(key)
        if rendered is None:
            rendered = _sse(self.present(record)), self.show_ideas, self.silent
            record.rendered[key] = rendered
        text, self.show_ideas, self.silent = rendered
        return text

    def present(self, record):
        if self.view == GROUP and not self._for_this_group(record):
            return {"seq": record.seq, "kind": NOOP}
        message = {"seq": record.seq, "kind": record.kind}
        payload = record.payload
        walls = ("wall", GROUP)
        if record.kind == "idea":
            idea = payload["idea"]
            if self.view == "moderation" or (self._sees_ideas() and is_public_state(idea)):
                message["idea"] = idea
            elif self.view in walls and self.silent and is_public_state(idea):
                # silent collecting: the wall counts ideas per question, it never shows them
                message.update(kind="idea.counted", id=idea["id"], question_id=idea["question_id"],
                               group_id=idea.get("group_id"))
            else:
                message.update(kind="idea.removed", id=idea["id"])
        elif record.kind == "idea.deleted":
            message.update(kind="idea.removed", id=payload["id"])
        elif record.kind == "spotlight":
            if self.view == "phone" or (self.view == "wall" and self.silent):
                message["kind"] = "noop"  # silent collecting: no idea text on the wall either
            else:
                message["idea"] = payload["idea"]
        elif record.kind == "workshop":
            self.show_ideas = payload.get("show_ideas", self.show_ideas)
            message["workshop"] = payload
        elif record.kind == "phase":
            self.silent = payload.get("kind") == SILENT
            message["phase"] = payload
        elif record.kind == "group" and self.view != "moderation":
            if self.view == "phone":
                message["kind"] = NOOP  # the help signal is the moderator's and the facilitator's
            else:  # a wall names groups (the plenary's marks, a group wall's header), no help
                message["group"] = {key: value for key, value in payload["group"].items() if key in _GROUP_KEYS}
        elif record.kind == "group.message" and self.view == "wall":
            message["kind"] = NOOP  # the moderator's message is for the group walls
        elif record.kind == "present" and self.view == "phone":
            # the groups' presentation is the plenary wall's: its promoted ideas' texts
            # never reach phones (where the workshop may hide other people's ideas)
            message["kind"] = NOOP
        else:
            message.update(payload)
        return message

    def _for_this_group(self, record):
        """What a group's wall may hear of ``record``: its own ideas and group, never another's."""
        kind, payload = record.kind, record.payload
        if kind == "idea":
            return payload["idea"].get("group_id") == self.group_id
        if kind == "idea.deleted":
            return payload.get("group_id") == self.group_id
        if kind == "group":
            return payload["group"]["id"] == self.group_id
        return kind in _GROUP_WALL_KINDS

    def _sees_ideas(self):
        if self.view == "phone":
            return self.show_ideas and not self.silent
        return not self.silent


GROUP = "group"  # a group's wall (its own URLs, not a ``view=`` of the workshop's stream)
# What a group's wall hears besides its group's ideas and group events (the spotlight and
# the groups' presentation are the plenary's; anything new stays away until it is added here)
_GROUP_WALL_KINDS = {"workshop", "phase", "group.message", "done", "reload", "fields"}
_GROUP_KEYS = ("id", "number", "name", "topic", "question_id", "deleted")


def _workshop_and_audience():
    workshop = find_workshop_by_code(request.view_args["code"])
    if workshop is None:
        abort(404)
    view = request.args.get("view", "phone")
    if view not in VIEWS:
        abort(400)
    if view == "moderation" and not may_moderate(current_user, workshop):
        abort(403)
    if view == "wall" and not may_view_wall(current_user, workshop, request.args.get("key")):
        abort(403)
    return workshop, Audience(view, workshop.show_ideas_to_attendees, phase_of(workshop).silent)


def _after_seq():
    raw = request.headers.get("Last-Event-ID") or request.args.get("after") or "0"
    try:
        return min(max(0, int(raw)), MAX_ID)
    except ValueError:
        return 0


def _sse(message):
    return f"id: {message['seq']}\ndata: {json.dumps(message, ensure_ascii=False)}\n\n"


def _streams_full(poll_url):
    """No thread to spare for another stream: the client polls instead (live.js does so
    when the stream fails with a status other than 200)."""
    response = jsonify(error="streams_full", poll=poll_url)
    response.status_code = 503
    response.headers["Retry-After"] = "30"
    response.headers["Cache-Control"] = "no-store"
    return response


_QUOTA_HOLDERS = {"session": "one browser session", "no-session": "one address without session cookies",
                  "address": "one address"}


def _stream_quotas(audience, config, worker_limit):
    """What a new stream counts against besides the worker's limit: ``(key, limit)`` pairs.

    Every stream counts against its address (``LIVE_STREAMS_PER_ADDRESS``; a hall's phones
    share the venue's one address, so by default it is the worker's limit, and lower only
    where clients have addresses of their own). A phone's stream also counts against
    its browser session (``LIVE_STREAMS_PER_CLIENT``: a few tabs) or, without a session
    cookie, against the small budget of its address for such clients. Walls (holding the
    key) and moderators are known and count only against their address.
    """
    address = request.remote_addr or "unknown"
    per_address = config.get("LIVE_STREAMS_PER_ADDRESS")
    if per_address is None:
        # By default the worker's own limit: a full hall behind one NAT spreads unevenly over
        # the workers (in bench/load.py one worker held more than 214 of 503 streams while
        # phones reconnected), so any lower ceiling sent phones to polling.
        per_address = worker_limit
    quotas = [(("address", address), per_address)]
    if audience.view == "phone" and not current_user.is_authenticated:
        secret = session.get("csrf_token")  # random per browser session, signed: not forgeable
        if isinstance(secret, str) and secret:
            client = hashlib.sha256(secret.encode()).hexdigest()[:24]
            quotas.append((("session", client), config["LIVE_STREAMS_PER_CLIENT"]))
        else:
            quotas.append((("no-session", address), config["LIVE_STREAMS_WITHOUT_SESSION"]))
    return quotas


@bp.get("/w/<code>/events")
def stream(code):
    workshop, audience = _workshop_and_audience()
    poll_url = url_for("live.poll", code=code, view=audience.view, key=request.args.get("key"))
    return _stream(workshop, audience, poll_url)


# Rounds of reading the log before a detached stream gives up catching up and sends its
# events from a thread instead (each round reads up to 500 events).
_CATCH_UP_ROUNDS = 20


def _catch_up(workshop_id, after):
    """``(records, None)``: events after ``after`` from the log (at most a few hundred), with
    their present state; or ``([], newest seq)`` when the log was pruned past ``after``
    (the client must reload its page: ``reload_message``)."""
    with _CATCHING_UP:
        records, reload = catch_up(workshop_id, after)
        newest = latest_seq(workshop_id) if reload else None
        db.session.rollback()
    return records, newest


def _stream(workshop, audience, poll_url, still_allowed=None):
    """The SSE response for ``audience``; ``still_allowed()`` (if given) is asked about once
    a heartbeat, and the stream ends when it says no (a revoked link).

    Under our gunicorn worker (``participation.detach`` in the environ) a stream without
    such a check holds no thread: after the hello and its catch-up the connection goes to
    the worker's stream pump (``participation.ops.streams``). Otherwise (the development
    server, the test client, group walls) a thread waits for the workshop's news.
    """
    workshop_id, after = workshop.id, _after_seq()
    current = latest_seq(workshop_id)
    config = current_app.config
    detach = request.environ.get("participation.detach") if still_allowed is None else None
    pool, limit = ("detached", config["LIVE_MAX_DETACHED_STREAMS"]) if detach else ("threads", config.get("LIVE_MAX_STREAMS"))
    quotas = _stream_quotas(audience, config, limit)  # may load the moderator: before the rollback
    db.session.rollback()  # hold no transaction while the stream is open
    heartbeat, lifetime = config["LIVE_HEARTBEAT"], config["LIVE_STREAM_LIFETIME"]
    hub = get_hub()
    refused = hub.refusal(limit, quotas, pool)
    if refused == "worker":
        # Operators see it in the log: more threads (THREADS) or workers would help.
        log.warning("stream refused, worker full: %d %s streams open (limit %d); the client polls",
                    hub.open_in(pool), pool, limit)
        return _streams_full(poll_url)
    if refused is not None:
        log.warning("stream refused, %s holds its %s streams of this worker; the client polls",
                    _QUOTA_HOLDERS[refused[0]], dict(quotas)[refused])
        return _streams_full(poll_url)
    release = partial(hub.release, quotas, pool)
    detached = False

    def hello():
        # "hello" and "ping" have no id, so they never move the browser's Last-Event-ID.
        # A client that gets no hello soon after connecting knows a proxy holds the
        # stream back; one that hears nothing for a few heartbeats knows it is dead
        # (SSE comments would not reach the page's script, so pings are messages).
        # Both carry the server's clock: countdowns run on server time, whatever the
        # phone's own clock says.
        message = {"kind": "hello", "heartbeat": heartbeat, "now": server_now_ms()}
        return f"retry: {config['LIVE_RETRY_MS']}\ndata: {json.dumps(message)}\n\n"

    def threaded():
        nonlocal after
        hub.watch(workshop_id, current)
        ends = time.monotonic() + lifetime
        try:
            next_check = time.monotonic() + heartbeat
            while time.monotonic() < ends:
                if still_allowed is not None and time.monotonic() >= next_check:
                    allowed = still_allowed()
                    db.session.rollback()
                    if not allowed:
                        return  # the link was revoked: the reconnect is refused
                    next_check = time.monotonic() + heartbeat
                records = hub.wait(workshop_id, after, timeout=heartbeat)
                if records is None:  # behind the in-memory buffer: catch up from the log
                    records, newest = _catch_up(workshop_id, after)
                    if newest is not None:  # what it missed was pruned: the client draws its page anew
                        yield _sse(reload_message(newest))
                        return
                if not records:
                    yield _ping()
                    continue
                yield "".join(audience.render(record) for record in records)
                after = records[-1].seq
        finally:
            hub.unwatch(workshop_id)

    def events():
        nonlocal detached
        yield hello()
        if detach is None:
            yield from threaded()
            return
        # From here the worker's stream pump writes the connection; this thread only
        # brings the stream up to date with the hub's buffer and returns to the pool.
        stream = detach(render=_renderer(audience), ping=_ping, heartbeat=heartbeat, lifetime=lifetime,
                        position=after)
        detached = True
        sink = stream.push
        backlog, latest = hub.subscribe(workshop_id, current, after, sink)
        stream.on_close = lambda: (hub.unsubscribe(workshop_id, sink), release())
        try:
            if backlog is None:  # behind the buffer: what it missed comes from the log first
                for _round in range(_CATCH_UP_ROUNDS):
                    if stream.position >= latest:
                        break
                    records, newest = _catch_up(workshop_id, stream.position)
                    if newest is not None:  # pruned past its position: the client draws its page anew
                        stream.send_last(_sse(reload_message(newest)))
                        break
                    if not records:
                        break
                    stream.send_first(records)
                else:
                    # Thousands of events behind: send what it has, close, and let the
                    # browser reconnect from there (its Last-Event-ID moved on).
                    stream.end_after_outbox()
            else:
                stream.push(backlog)
        except Exception:
            stream.abandon()
            raise
        stream.start()

    response = Response(
        stream_with_context(events()),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"},
    )

    def closed():
        if not detached:
            release()  # a detached stream is released by the pump when it closes

    # The server closes every response, even one whose generator never started.
    response.call_on_close(closed)
    return response


def _renderer(audience):
    def render(records):
        return "".join(audience.render(record) for record in records)
    return render


def _ping():
    return f'data: {{"kind": "ping", "now": {server_now_ms()}}}\n\n'


@bp.get("/w/<code>/events.json")
def poll(code):
    """The same events as JSON, for clients whose proxy breaks streams; supports If-None-Match."""
    workshop, audience = _workshop_and_audience()
    return _poll(workshop, audience, audience.view)


def _poll(workshop, audience, name):
    after = _after_seq()
    latest = latest_seq(workshop.id)
    etag = f"{workshop.code}-{name}-{after}-{latest}"
    if request.if_none_match.contains(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"', "Cache-Control": "no-cache"})
    records, reload = catch_up(workshop.id, after, latest=latest)
    events = [reload_message(latest)] if reload else [audience.present(record) for record in records]
    response = jsonify(events=events, latest=latest, now=server_now_ms())
    response.headers["ETag"] = f'"{etag}"'
    response.headers["Cache-Control"] = "no-cache"
    return response


# --- a group's wall: only the group's ideas ---------------------------------------------


def _group_and_audience(code, number):
    """The workshop, group and audience of a group wall's stream; 404 for anyone who may not
    see the wall (the group's existence is not revealed)."""
    workshop = find_workshop_by_code(code)
    group = group_by_number(workshop, number) if workshop is not None else None
    if group is None or not may_view_group_wall(current_user, group, request.args.get("key")):
        abort(404)
    return workshop, group, Audience(GROUP, workshop.show_ideas_to_attendees, phase_of(workshop).silent, group.id)


def _still_allowed(code, number, key):
    """Whether the key of an open group-wall stream still opens it (one small read per
    heartbeat): a revoked facilitator link or a new wall link closes the stream."""
    def check():
        workshop = find_workshop_by_code(code)
        group = group_by_number(workshop, number) if workshop is not None else None
        return group is not None and may_view_group_wall(None, group, key)
    return check


@bp.get("/w/<code>/gruppe/<int:number>/events")
def group_stream(code, number):
    workshop, group, audience = _group_and_audience(code, number)
    key = request.args.get("key")
    # a logged-in moderator's access does not hang on a key
    still_allowed = None if may_moderate(current_user, workshop) else _still_allowed(code, number, key)
    poll_url = url_for("live.group_poll", code=code, number=number, key=key)
    return _stream(workshop, audience, poll_url, still_allowed)


@bp.get("/w/<code>/gruppe/<int:number>/poll")
def group_poll(code, number):
    workshop, group, audience = _group_and_audience(code, number)
    return _poll(workshop, audience, f"g{group.id}")
