"""Open live streams without a thread each: one pump thread per worker writes them all.

Under gunicorn's gthread worker every open event stream held a thread while it slept, so a
worker held as many streams as it had threads, and each thread's stack and Python frame
cost memory whether its phone heard anything or not. A stream of this worker instead
starts like any request (a thread checks who asks, admits the stream and sends its hello
and catch-up), then the thread lets go: the connection is handed to the worker's
``Pump``, a single thread that waits on all handed-over sockets with a selector and writes
each stream's next events when its workshop has news. An idle stream then costs a socket,
a small object and its place in the hub's list: memory, not a thread.

The pump is plain sockets and threads (no Flask, no database): what a stream sends is
decided by callables the view gives it (``render`` turns the hub's records into the SSE
text the audience may see, ``ping`` is the heartbeat message). A client that reads too
slowly (its unsent bytes exceed ``max_pending``) is closed, and reconnects with its
Last-Event-ID as browsers do: it never holds the pump or the worker's memory.
"""

import logging
import os
import selectors
import socket
import threading
import time
from collections import deque

log = logging.getLogger(__name__)

MAX_PENDING = 512 * 1024  # unsent bytes a stream may queue before it is closed as too slow
TICK = 0.5  # seconds between looks at heartbeats and lifetimes
SEND_GRACE = 30.0  # seconds an ending stream may take to send what it has queued


class DetachedStream:
    """One stream handed to the pump. ``push(records)`` may be called from any thread."""

    def __init__(self, sock, pump, *, render, ping, heartbeat, lifetime, chunked, on_close=None, position=0):
        self.sock = sock
        self._handed_to = pump
        self.render = render  # records -> str (the SSE messages this audience gets)
        self.ping = ping  # () -> str (a heartbeat message)
        self.heartbeat = heartbeat
        self.ends = time.monotonic() + lifetime
        self.chunked = chunked  # the response's framing: HTTP/1.1 chunks, or bytes until close
        self.on_close = on_close
        self.position = position  # seq of the last record sent; older records are skipped
        self.inbox = deque()  # lists of records pushed and not yet rendered
        self.outbox = bytearray()
        self.next_ping = time.monotonic() + heartbeat
        self.closed = False
        self.ending = False  # sends what it has queued, then closes: nothing new is added
        self.pump = None

    def start(self):
        """Hand the stream to the pump: from now on it writes what was and will be pushed."""
        self._handed_to.add(self)

    def abandon(self):
        """The stream never started (its catch-up failed): close it and release it."""
        self.closed = True
        try:
            self.sock.close()
        except OSError:
            pass
        if self.on_close is not None:
            self.on_close()

    def push(self, records):
        """New records of the stream's workshop (oldest first); wakes the pump."""
        if records and not self.closed:
            self.inbox.append(records)
            if self.pump is not None:
                self.pump.wake(self)

    def _frame(self, text):
        data = text.encode("utf-8")
        if self.chunked:
            return b"%x\r\n%s\r\n" % (len(data), data)
        return data

    def send_first(self, records):
        """Before ``start``: ``records`` (read from the log) go out ahead of anything pushed."""
        records = [record for record in records if record.seq > self.position]
        if records:
            self.outbox += self._frame(self.render(records))
            self.position = records[-1].seq

    def send_last(self, text):
        """Before ``start``: ``text`` is the last thing the stream sends (then it closes)."""
        self.outbox += self._frame(text)
        self.end_after_outbox()

    def end_after_outbox(self):
        """Close the stream once what is queued is sent (the browser reconnects from there)."""
        self.ends = 0.0
        self.ending = True
        self.inbox.clear()

    def render_pending(self):
        """Move pushed records into the outbox as framed bytes (in the pump's thread)."""
        if self.ending:
            self.inbox.clear()
            return
        while self.inbox:
            records = [record for record in self.inbox.popleft() if record.seq > self.position]
            if records:
                self.outbox += self._frame(self.render(records))
                self.position = records[-1].seq
                self.next_ping = time.monotonic() + self.heartbeat

    def add_ping(self, now):
        self.outbox += self._frame(self.ping())
        self.next_ping = now + self.heartbeat

    def final_bytes(self):
        return b"0\r\n\r\n" if self.chunked else b""


class Pump:
    """Writes the detached streams of one worker process (see the module text)."""

    def __init__(self, max_pending=MAX_PENDING, tick=TICK):
        self.max_pending = max_pending
        self.tick = tick
        self._selector = selectors.DefaultSelector()
        self._lock = threading.Lock()
        self._streams = set()
        self._added = []  # handed over, not yet registered with the selector
        self._dirty = set()  # streams with pushed records
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._woken = False
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="live-stream-pump", daemon=True)
        self._thread.start()

    @property
    def open_streams(self):
        return len(self._streams) + len(self._added)

    def add(self, stream):
        """Take over ``stream`` (its socket is ours from now on)."""
        stream.sock.setblocking(False)
        with self._lock:
            stream.pump = self
            self._added.append(stream)
            self._dirty.add(stream)
        self._signal()

    def wake(self, stream):
        with self._lock:
            self._dirty.add(stream)
        self._signal()

    def _signal(self):
        with self._lock:
            if self._woken or self._wake_w.fileno() < 0:
                return
            self._woken = True
            try:
                self._wake_w.send(b"\0")
            except (BlockingIOError, OSError):
                pass

    def stop(self, wait=None):
        """Close every stream (their browsers reconnect elsewhere) and end the thread."""
        self._stopping = True
        self._signal()
        if wait is not None:
            self._thread.join(wait)

    # --- the pump's thread --------------------------------------------------------------

    def _run(self):
        next_tick = time.monotonic() + self.tick
        while not self._stopping:
            timeout = max(0.0, next_tick - time.monotonic())
            try:
                ready = self._selector.select(timeout)
            except OSError:  # EINTR on old Pythons, a closed descriptor: look again
                ready = []
            for key, events in ready:
                if key.data is None:
                    self._drain_wakeups()
                elif events & selectors.EVENT_READ:
                    self._readable(key.data)
                if key.data is not None and events & selectors.EVENT_WRITE and not key.data.closed:
                    self._flush(key.data)
            self._take_new_and_dirty()
            now = time.monotonic()
            if now >= next_tick:
                next_tick = now + self.tick
                self._heartbeats(now)
        for stream in list(self._streams) + self._added:
            self._close(stream, polite=True)
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()

    def _drain_wakeups(self):
        # Read the wake-up bytes first, then allow the next one: a signal sent after the reset
        # has its own byte, and one sent before it is covered by the dirty set this loop takes
        # next. (Reset first, and a byte sent in between was read here: the flag stayed set
        # with no byte left, and news waited for the tick.)
        try:
            while self._wake_r.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass
        with self._lock:
            self._woken = False

    def _take_new_and_dirty(self):
        with self._lock:
            added, self._added = self._added, []
            dirty, self._dirty = self._dirty, set()
        for stream in added:
            if stream.closed:
                continue
            self._streams.add(stream)
            try:
                self._selector.register(stream.sock, selectors.EVENT_READ, stream)
            except (ValueError, OSError):
                self._close(stream)
        for stream in dirty:
            if stream.closed or stream not in self._streams:
                continue
            try:
                stream.render_pending()
            except Exception:  # a bug in rendering must not stop every other stream
                log.exception("rendering a live stream failed; closing it")
                self._close(stream)
                continue
            self._flush(stream)

    def _readable(self, stream):
        """A stream's client sends nothing after its request: data or EOF means it is gone."""
        try:
            data = stream.sock.recv(4096)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._close(stream)
        # anything else (a pipelined request on a stream connection) is ignored

    def _flush(self, stream):
        if stream.closed:
            return
        if stream.outbox:
            try:
                sent = stream.sock.send(stream.outbox)
                del stream.outbox[:sent]
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                self._close(stream)
                return
        if len(stream.outbox) > self.max_pending:
            log.info("closing a live stream that reads too slowly (%d bytes unsent)", len(stream.outbox))
            self._close(stream)
            return
        wanted = selectors.EVENT_READ | (selectors.EVENT_WRITE if stream.outbox else 0)
        try:
            self._selector.modify(stream.sock, wanted, stream)
        except (KeyError, ValueError, OSError):
            pass

    def _heartbeats(self, now):
        for stream in list(self._streams):
            if now >= stream.ends:
                if stream.outbox and now < stream.ends + SEND_GRACE:
                    continue  # the last events first (a client that reads nothing is cut off)
                self._close(stream, polite=True)  # the browser reconnects at once
            elif now >= stream.next_ping and not stream.outbox:
                try:
                    stream.add_ping(now)
                except Exception:
                    log.exception("a live stream's heartbeat failed; closing it")
                    self._close(stream)
                    continue
                self._flush(stream)

    def _close(self, stream, polite=False):
        if stream.closed:
            return
        stream.closed = True
        self._streams.discard(stream)
        try:
            self._selector.unregister(stream.sock)
        except (KeyError, ValueError, OSError):
            pass
        if polite and not stream.outbox:
            try:  # end the chunked body, so the browser sees a clean end and reconnects
                stream.sock.send(stream.final_bytes())
            except OSError:
                pass
        try:
            stream.sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # the client closed first: nothing to shut down
            pass
        try:
            stream.sock.close()
        except OSError:
            pass
        if stream.on_close is not None:
            try:
                stream.on_close()
            except Exception:
                log.exception("releasing a live stream failed")


def detached_socket(sock):
    """A second descriptor of ``sock``'s connection, for the pump: the worker closes its own
    descriptor as after any request, and the connection lives on in the pump's."""
    return socket.socket(fileno=os.dup(sock.fileno()))
