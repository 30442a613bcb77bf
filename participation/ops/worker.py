"""gunicorn's gthread worker, changed so that no client can hold a thread by sending slowly.

gunicorn's own gthread worker hands a connection to a thread as soon as its first byte
arrives; the thread then blocks in ``recv`` until the request head is complete. Ten
sockets that send a header line now and then held ten threads for as long as they liked,
and with them the threads kept free for ordinary requests (issue 16).

This worker reads every connection in its event loop, without blocking, until the whole
request head (and a small body, as posts and forms have) has arrived, and only then gives
it to a thread: a thread always has a complete request to work on. Connections that do not
finish their head in time (``REQUEST_HEAD_TIMEOUT``), send a head larger than
``REQUEST_HEAD_MAX_BYTES`` or fall silent on a kept-alive connection are closed by the
event loop. Large or chunked bodies are read by the thread, but only until a deadline
(``REQUEST_BODY_TIMEOUT``), and every socket in a thread has a timeout for sending
(``RESPONSE_SEND_TIMEOUT``), so a client that stops reading its answer lets go of the thread
too. A worker holding ``worker_connections`` connections closes its oldest waiting one for
each new one instead of no longer accepting: idle sockets cannot lock the room out either.
Closing a connection (lingering until the client has read the answer) happens in the event
loop too, never in a thread and never blocking the loop.

Live streams let go of their thread too: the app may hand an admitted event stream's
connection to the worker's stream pump (``participation.ops.streams``) through the WSGI
environ's ``participation.detach``; the thread then goes back to the pool and one pump
thread writes every open stream of the worker.

The settings are read from the app's configuration (participation/config.py: defaults,
instance/config.py, environment). TLS and HTTP/2 with prior knowledge are left to
gunicorn's own code (the hall serves plain HTTP/1.1, a proxy in front terminates TLS).
"""

import errno
import selectors
import socket
import threading
import time
from collections import OrderedDict
from functools import partial

from gunicorn import http
from gunicorn.http2 import negotiation
from gunicorn.http.unreader import SocketUnreader
from gunicorn.workers.gthread import STOP_KEEPALIVE_LINGER, TConn, ThreadWorker

from ..config import DefaultConfig
from .streams import DetachedStream, Pump, detached_socket

SETTINGS = (
    "REQUEST_HEAD_TIMEOUT", "REQUEST_HEAD_MAX_BYTES", "REQUEST_BODY_BUFFER", "REQUEST_BODY_TIMEOUT",
    "RESPONSE_SEND_TIMEOUT",
)
LINGER_SECONDS = 2.0  # how long a closing connection may take to read the last answer
LINGER_BYTES = 64 * 1024
SWEEP_INTERVAL = 0.25  # seconds between looks for connections past their deadline
_TOO_LARGE = (b"HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n"
              b"Content-Length: 0\r\n\r\n")


def worker_settings(app):
    """The worker's limits: the app's configuration where it has them, else the defaults."""
    config = getattr(app, "config", None) or {}
    return {key: config.get(key, getattr(DefaultConfig, key)) for key in SETTINGS}


def head_end(buffer, start=0):
    """(end of the head, length of its terminator) in ``buffer``, or None while incomplete;
    ``start``: where to begin looking (what was searched before cannot hold it).

    A bare LF terminator counts too: gunicorn's parser decides what to make of it.
    """
    found = [(index, len(mark)) for mark in (b"\r\n\r\n", b"\n\n") if (index := buffer.find(mark, start)) >= 0]
    return min(found) if found else None


def body_to_buffer(head, limit):
    """Bytes of body to wait for before the request goes to a thread, or None: hand it over now.

    Only a body of known length up to ``limit`` is waited for. A chunked or larger body,
    an ``Expect: 100-continue`` (the client waits for our answer first) and anything
    unparsable are left to the thread and gunicorn's parser, under the body deadline.
    """
    length = 0
    for line in head.split(b"\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name in (b"transfer-encoding", b"expect"):
            return None
        if name == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                return None
            if length < 0 or length > limit:
                return None
    return length


class DeadlineUnreader(SocketUnreader):
    """Reads of one request (head rest, body) stop at ``deadline``: the source then ends.

    A body that ends early is a client gone for the application (werkzeug answers 400), and
    ``expired`` tells the worker that the connection cannot carry another request.
    """

    def __init__(self, sock, max_chunk=8192):
        super().__init__(sock, max_chunk)
        self.deadline = None
        self.expired = False

    def chunk(self, size_hint=None):
        if self.deadline is None:
            return super().chunk(size_hint)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self.expired = True
            return b""
        previous = self.sock.gettimeout()
        self.sock.settimeout(remaining if previous is None else min(previous, remaining))
        try:
            return super().chunk(size_hint)
        except (socket.timeout, BlockingIOError):
            self.expired = True
            return b""
        finally:
            try:
                self.sock.settimeout(previous)
            except OSError:
                pass


class WaitingConn(TConn):
    """A connection and what has arrived of its next request."""

    def __init__(self, cfg, sock, client, server):
        super().__init__(cfg, sock, client, server)
        self.buffer = bytearray()
        self.deadline = 0.0
        self.searched = 0  # bytes of the buffer known to hold no end of the head
        self.head = None  # (end of the head, terminator length, body bytes to await) once complete
        self.closing = False  # answered and half-closed: only waiting for the client to close
        self.drained = 0
        self.detached = False  # handed to the stream pump: the worker only closes its descriptor


class HeadFirstWorker(ThreadWorker):
    """gthread worker that gives a thread only complete request heads (see the module text)."""

    detaches_streams = True  # gunicorn.conf.py: streams do not count against threads

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.waiting = OrderedDict()  # WaitingConn -> None, the longest waiting first
        self.limits = worker_settings(None)
        self._next_sweep = 0.0
        self._in_thread = threading.local()  # the connection each thread is answering
        self.pump = None

    def run(self):
        self.limits = worker_settings(self.wsgi)
        if self.guarding:
            self.pump = Pump()
            self.wsgi = _offering_detach(self.wsgi, self)
        try:
            super().run()
        finally:
            if self.pump is not None:
                self.pump.stop(wait=2.0)  # every stream closes; browsers reconnect to another worker

    def detach(self, conn, resp, **stream):
        """Hand the connection of the current response to the stream pump; returns the
        ``DetachedStream`` (call its ``start()`` once it has its catch-up).

        gunicorn has sent the status, the headers and what the app yielded so far; it will
        write nothing more (no last chunk) and closes only its own descriptor."""
        chunked = resp.chunked
        resp.chunked = False
        resp.force_close()
        conn.detached = True
        return DetachedStream(detached_socket(conn.sock), self.pump, chunked=chunked, **stream)

    @property
    def guarding(self):
        return not self.cfg.is_ssl

    # --- accepting ---------------------------------------------------------------------

    def accept(self, listener):
        if not self.guarding:
            return super().accept(listener)
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno in (errno.EMFILE, errno.ENFILE):
                self._evict_oldest()  # out of file descriptors: make room for the next one
                return
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = WaitingConn(self.cfg, client_sock, client_addr, listener.getsockname())
        if negotiation.prior_knowledge_allowed(self.cfg, client_addr):
            client_sock.setblocking(True)
            self.enqueue_req(conn)  # HTTP/2 preface sniffing: gunicorn's own way
            return
        self._wait(conn, time.monotonic() + self.limits["REQUEST_HEAD_TIMEOUT"])
        # At the connection limit the worker would stop accepting, and a few hundred idle
        # sockets would lock everyone else out: the longest waiting one goes instead.
        while self.nr_conns >= self.worker_connections and self._evict_oldest():
            pass

    def _evict_oldest(self):
        for conn in self.waiting:
            self._drop(conn)
            return True
        return False

    # --- waiting for a complete request ------------------------------------------------

    def _wait(self, conn, deadline):
        conn.deadline = deadline
        self.waiting[conn] = None
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._readable, conn))

    def _unwait(self, conn):
        self.waiting.pop(conn, None)
        try:
            self.poller.unregister(conn.sock)
        except (OSError, KeyError, ValueError):
            pass

    def _drop(self, conn):
        self._unwait(conn)
        self.nr_conns -= 1
        conn.close()

    def _readable(self, conn, _sock):
        try:
            data = conn.sock.recv(LINGER_BYTES if conn.closing else 65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._drop(conn)  # the client closed (or reset) the connection
            return
        if conn.closing:
            conn.drained += len(data)
            if conn.drained >= LINGER_BYTES:
                self._drop(conn)
            return
        if not conn.buffer and conn.parser is not None:
            # The first byte of the next request on a kept-alive connection: its head has
            # the same time to arrive as a new connection's.
            conn.deadline = max(conn.deadline, time.monotonic() + self.limits["REQUEST_HEAD_TIMEOUT"])
        conn.buffer += data
        self._check(conn)

    def _check(self, conn):
        """Hand ``conn`` to a thread if its buffer holds a complete request (head and short body)."""
        if conn.head is None:
            if conn.searched == 0 and conn.buffer[:1] in (b"\r", b"\n"):
                # Empty lines before a request line are allowed (RFC 9112 section 2.2).
                del conn.buffer[:len(conn.buffer) - len(conn.buffer.lstrip(b"\r\n"))]
            end = head_end(conn.buffer, conn.searched)
            head_max = self.limits["REQUEST_HEAD_MAX_BYTES"]
            if end is None:
                conn.searched = max(0, len(conn.buffer) - 3)
                if len(conn.buffer) > head_max:
                    self._refuse(conn)
                return
            if end[0] > head_max:
                self._refuse(conn)
                return
            conn.head = (*end, body_to_buffer(bytes(conn.buffer[:end[0]]), self.limits["REQUEST_BODY_BUFFER"]))
            if conn.head[2]:
                # A short body may take its own while, not the head's rest.
                conn.deadline = max(conn.deadline, time.monotonic() + self.limits["REQUEST_BODY_TIMEOUT"])
        end, mark, body = conn.head
        if body is not None and len(conn.buffer) < end + mark + body:
            return
        self._dispatch(conn)

    def _refuse(self, conn):
        try:
            conn.sock.send(_TOO_LARGE)
        except OSError:
            pass
        self._drop(conn)

    def _dispatch(self, conn):
        self._unwait(conn)
        data, conn.buffer, conn.searched, conn.head = bytes(conn.buffer), bytearray(), 0, None
        if conn.parser is None:
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
            conn.parser.unreader = DeadlineUnreader(conn.sock)
            conn.initialized = True
        unreader = conn.parser.unreader
        unreader.unread(data)
        # The rest of the request (a large or chunked body) must arrive by then.
        unreader.deadline = time.monotonic() + self.limits["REQUEST_BODY_TIMEOUT"]
        unreader.expired = False
        conn.sock.setblocking(True)
        self.enqueue_req(conn)

    # --- in the thread ------------------------------------------------------------------

    def handle_request(self, req, conn):
        if isinstance(getattr(conn.parser, "unreader", None), DeadlineUnreader):
            # Sending the answer (a stream's next event too) may block this long at most.
            conn.sock.settimeout(self.limits["RESPONSE_SEND_TIMEOUT"])
        self._in_thread.conn = conn
        try:
            return super().handle_request(req, conn)
        finally:
            self._in_thread.conn = None

    def _keepalive_after(self, conn, keepalive):
        keepalive = super()._keepalive_after(conn, keepalive)
        return keepalive and not getattr(conn.parser.unreader, "expired", False)

    # --- back in the event loop ---------------------------------------------------------

    def finish_request(self, conn, fs):
        if getattr(conn, "detached", False):
            # The pump writes this connection now, through its own descriptor.
            self.nr_conns -= 1
            try:
                conn.sock.close()
            except OSError:
                pass
            return
        if not isinstance(conn, WaitingConn) or not isinstance(getattr(conn.parser, "unreader", None), DeadlineUnreader):
            return super().finish_request(conn, fs)
        try:
            keepalive = bool(fs.result()) if not fs.cancelled() else False
        except Exception:
            keepalive = False
        try:
            conn.sock.setblocking(False)
        except OSError:
            keepalive = False
        now = time.monotonic()
        if not keepalive:
            self._linger(conn, now)
            return
        deadline = now + self.cfg.keepalive
        if not self.alive:
            deadline = min(deadline, now + STOP_KEEPALIVE_LINGER)
        conn.buffer = bytearray(conn.parser.unreader.take_buffered())  # a pipelined next request
        self._wait(conn, deadline)
        if conn.buffer:
            conn.deadline = max(deadline, now + self.limits["REQUEST_HEAD_TIMEOUT"])
            self._check(conn)

    def _linger(self, conn, now):
        """Close after the client has read the answer (RFC 9112 section 9.6), without blocking."""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self.nr_conns -= 1
            conn.close()
            return
        conn.closing = True
        self._wait(conn, now + LINGER_SECONDS)

    def _cap_keepalive(self, deadline):
        """A stopping worker waits for no connection past ``deadline``."""
        super()._cap_keepalive(deadline)
        for conn in self.waiting:
            conn.deadline = min(conn.deadline, deadline)

    def murder_keepalived(self, force=False):
        super().murder_keepalived(force)
        now = time.monotonic()
        if not force and now < self._next_sweep:
            return
        self._next_sweep = now + SWEEP_INTERVAL
        for conn in [conn for conn in self.waiting if force or conn.deadline <= now]:
            self._drop(conn)


def _offering_detach(app, worker):
    """``app`` with ``participation.detach`` in the environ of plain HTTP/1.1 requests."""

    def wsgi(environ, start_response):
        conn = getattr(worker._in_thread, "conn", None)
        resp = getattr(start_response, "__self__", None)  # gunicorn's Response
        if isinstance(conn, WaitingConn) and resp is not None and not getattr(conn, "is_http2", False):
            environ["participation.detach"] = partial(worker.detach, conn, resp)
        return app(environ, start_response)

    wsgi.config = getattr(app, "config", None)
    return wsgi
