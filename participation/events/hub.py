"""In-process fan-out of workshop events to the open streams of one worker.

One feeder thread per worker process fetches new events from the durable event log
(the database) and hands them to every stream of that worker waiting on the workshop.
With Redis configured, a pub/sub message wakes the feeder at once; without Redis (or
while Redis is down) the feeder polls the log on a short interval. Either way the
database is the source of truth, so a stream never sees a gap: each event carries its
workshop's sequence number, and a stream that falls behind the in-memory buffer
catches up from the log.

No Flask in here: the feeder gets plain callables to fetch events and to wait for a
wake-up signal.
"""

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(eq=False)
class EventRecord:
    workshop_id: int
    seq: int
    kind: str
    payload: dict
    # What each audience's stream sends for this event, rendered once per worker instead
    # of once per open stream (a full hall has hundreds of streams per worker).
    rendered: dict = field(default_factory=dict, repr=False)
    # What the event is about (an idea, the spotlight, ...): a newer buffered record about
    # the same subject supersedes this one, whose payload is then no longer sent.
    subject: tuple = None
    superseded: bool = False


class Hub:
    """Buffers the recent events of watched workshops and wakes the streams waiting on them.

    ``fetch_since(watermarks)`` gets ``{workshop_id: last_seq}`` and returns the newer
    ``EventRecord``s; ``wait_for_change()`` blocks until something may have happened
    (a Redis message) or its polling interval passed. Without it the feeder polls every
    ``poll_interval`` seconds. Fetches are at least ``batch_interval`` seconds apart: in a
    busy hall a Redis message arrives for every post, and waking every stream of the
    worker for each one costs more than the few milliseconds of latency that batching
    adds.
    """

    def __init__(self, fetch_since, wait_for_change=None, poll_interval=0.2, buffer_size=2000,
                 batch_interval=0.0):
        self._fetch_since = fetch_since
        self._wait_for_change = wait_for_change or (lambda: time.sleep(poll_interval))
        self.poll_interval = poll_interval
        self.batch_interval = batch_interval
        self._buffer_size = buffer_size
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # the feeder waits on it for watchers
        self._arrived = {}  # workshop_id -> Condition on the same lock, for its streams
        self._buffers = {}  # workshop_id -> deque of EventRecord, oldest first
        self._subjects = {}  # workshop_id -> {subject: its newest buffered EventRecord}
        self._latest = {}  # workshop_id -> highest seq seen
        self._watchers = {}  # workshop_id -> number of open streams
        self._streams = {}  # pool -> streams admitted by ``admit`` and not yet released
        self._sinks = {}  # workshop_id -> {sink: None}: detached streams' ``push`` callables
        self._held = {}  # quota key -> streams open against it
        self._thread = None
        self._stopping = False

    # --- admission ---------------------------------------------------------------------

    def admit(self, limit, quotas=(), pool="threads"):
        """Count one more open stream unless ``limit`` (None: no limit) are open already or
        one of ``quotas`` is used up; returns whether it was admitted.

        Under gunicorn's gthread worker every open stream holds a thread of the worker;
        the limit keeps some threads free for posts and page loads. ``quotas`` are
        ``(key, limit)`` pairs, e.g. the streams of one browser session or one address:
        no single client takes every stream of the worker.
        """
        return self.refusal(limit, quotas, pool) is None

    def refusal(self, limit, quotas=(), pool="threads"):
        """Like ``admit``, but returns None when admitted, else what refused: "worker" or
        the key of the quota used up.

        ``pool`` names what the stream holds while it is open: "threads" (a thread of the
        worker waits in ``wait``) or "detached" (the worker's stream pump writes it, see
        ``participation.ops.streams``); each pool has its own ``limit``."""
        with self._lock:
            if limit is not None and self._streams.get(pool, 0) >= limit:
                return "worker"
            for key, quota in quotas:
                if quota is not None and self._held.get(key, 0) >= quota:
                    return key
            self._streams[pool] = self._streams.get(pool, 0) + 1
            for key, quota in quotas:
                self._held[key] = self._held.get(key, 0) + 1
            return None

    def release(self, quotas=(), pool="threads"):
        """The end of a stream admitted with ``quotas`` into ``pool``."""
        with self._lock:
            self._streams[pool] = max(0, self._streams.get(pool, 0) - 1)
            for key, _quota in quotas:
                remaining = self._held.get(key, 0) - 1
                if remaining > 0:
                    self._held[key] = remaining
                else:
                    self._held.pop(key, None)

    def held(self, key):
        """Open streams counted against quota ``key``."""
        return self._held.get(key, 0)

    @property
    def open_streams(self):
        return sum(self._streams.values())

    def open_in(self, pool):
        return self._streams.get(pool, 0)

    # --- streams -----------------------------------------------------------------------

    def watch(self, workshop_id, current_seq):
        """Register an open stream; ``current_seq`` is the log's latest seq as the stream saw it."""
        with self._lock:
            self._watch(workshop_id, current_seq)

    def unwatch(self, workshop_id):
        with self._lock:
            self._unwatch(workshop_id)

    def _watch(self, workshop_id, current_seq):
        self._watchers[workshop_id] = self._watchers.get(workshop_id, 0) + 1
        if workshop_id not in self._latest:
            self._latest[workshop_id] = current_seq
            self._buffers[workshop_id] = deque()
            self._subjects[workshop_id] = {}
            self._arrived[workshop_id] = threading.Condition(self._lock)
        self._start_feeder()
        self._changed.notify_all()

    def _unwatch(self, workshop_id):
        remaining = self._watchers.get(workshop_id, 0) - 1
        if remaining > 0:
            self._watchers[workshop_id] = remaining
        else:
            self._watchers.pop(workshop_id, None)
            self._latest.pop(workshop_id, None)
            self._buffers.pop(workshop_id, None)
            self._subjects.pop(workshop_id, None)
            arrived = self._arrived.pop(workshop_id, None)
            if arrived is not None:
                arrived.notify_all()  # a stream still waiting finds its buffer gone

    def subscribe(self, workshop_id, current_seq, after_seq, sink):
        """Hand every future record of ``workshop_id`` to ``sink(records)`` (a detached
        stream's ``push``, called in the feeder's thread; it must not block).

        Returns ``(backlog, latest)``: the buffered records after ``after_seq`` to send
        first, or None when the buffer no longer reaches back that far, and the newest seq
        the hub has (the sink gets every record after it). With None the caller reads the
        log from ``after_seq`` up to at least ``latest`` before what the sink got.
        ``current_seq``: the log's latest seq as the caller read it. A sink may get records
        it already has (seq <= its position): it skips them.
        """
        with self._lock:
            self._watch(workshop_id, current_seq)
            self._sinks.setdefault(workshop_id, {})[sink] = None
            latest, buffer = self._latest[workshop_id], self._buffers[workshop_id]
            if latest <= after_seq:
                return [], latest
            if not buffer or buffer[0].seq > after_seq + 1:
                return None, latest
            return [record for record in buffer if record.seq > after_seq], latest

    def unsubscribe(self, workshop_id, sink):
        with self._lock:
            sinks = self._sinks.get(workshop_id)
            if sinks is None or sink not in sinks:
                return
            del sinks[sink]
            if not sinks:
                del self._sinks[workshop_id]
            self._unwatch(workshop_id)

    def wait(self, workshop_id, after_seq, timeout):
        """Events with seq > ``after_seq``, waiting up to ``timeout`` seconds for the first.

        Returns a list (empty on timeout) or None when the buffer no longer reaches back
        to ``after_seq``; the caller then catches up from the log.
        """
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                buffer = self._buffers.get(workshop_id)
                if buffer is None:
                    return None
                if self._latest[workshop_id] > after_seq:
                    if not buffer or buffer[0].seq > after_seq + 1:
                        return None
                    # Newest first, stopping at what the stream has: a waiting stream
                    # usually lacks only the last few of up to buffer_size records.
                    news = []
                    for record in reversed(buffer):
                        if record.seq <= after_seq:
                            break
                        news.append(record)
                    news.reverse()
                    return news
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stopping:
                    return []
                self._arrived[workshop_id].wait(remaining)

    # --- feeder --------------------------------------------------------------------------

    def _start_feeder(self):
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._feed, name="live-hub-feeder", daemon=True)
            self._thread.start()

    def stop(self, wait=None):
        """Stop the feeder; with ``wait`` (seconds), until its thread has finished."""
        with self._lock:
            self._stopping = True
            self._changed.notify_all()
            for arrived in self._arrived.values():
                arrived.notify_all()
            thread = self._thread
        if wait is not None and thread is not None:
            thread.join(wait)

    def _feed(self):
        last_fetch = 0.0
        while True:
            with self._lock:
                while not self._watchers and not self._stopping:
                    self._changed.wait()
                if self._stopping:
                    return
            try:
                self._wait_for_change()
                pause = last_fetch + self.batch_interval - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                with self._lock:
                    watermarks = dict(self._latest)
                last_fetch = time.monotonic()
                records = self._fetch_since(watermarks)
            except Exception:  # keep streams alive; the next round retries
                log.exception("fetching live events failed")
                time.sleep(min(1.0, self.poll_interval * 5))
                continue
            if records:
                self.deliver(records)

    def deliver(self, records):
        with self._lock:
            touched = set()
            for record in sorted(records, key=lambda r: (r.workshop_id, r.seq)):
                latest = self._latest.get(record.workshop_id)
                if latest is None or record.seq <= latest:
                    continue
                self._buffer(record)
                self._latest[record.workshop_id] = record.seq
                touched.add(record.workshop_id)
            news = {}
            for workshop_id in touched:  # only the streams of workshops with news wake up
                self._arrived[workshop_id].notify_all()
                sinks = self._sinks.get(workshop_id)
                if sinks:
                    fresh = [record for record in records if record.workshop_id == workshop_id]
                    news[workshop_id] = (list(sinks), sorted(fresh, key=lambda record: record.seq))
        # Detached streams get the records outside the lock: a push only queues them.
        for sinks, fresh in news.values():
            for sink in sinks:
                sink(fresh)

    def _buffer(self, record):
        """Append ``record`` (lock held); it supersedes the buffered record about its subject.

        Records fetched before a moderator hid or corrected an idea still hold its old
        state; once the newer record is here, a stream catching up from the buffer gets
        only that one (the older ones go out as ``noop``)."""
        buffer, subjects = self._buffers[record.workshop_id], self._subjects[record.workshop_id]
        if len(buffer) >= self._buffer_size:
            oldest = buffer.popleft()
            if oldest.subject is not None and subjects.get(oldest.subject) is oldest:
                del subjects[oldest.subject]
        if record.subject is not None:
            older = subjects.get(record.subject)
            if older is not None:
                older.superseded = True
            subjects[record.subject] = record
        buffer.append(record)
