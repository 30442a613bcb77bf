"""Clients that send slowly never hold gunicorn's threads (issue 16, item 1).

gunicorn's gthread worker gave a connection a thread at its first byte, and the thread
waited in ``recv`` for the rest of the head (or body) for as long as the client liked: ten
such sockets took the threads kept free for ordinary requests and a phone's page load
timed out. participation.ops.worker.HeadFirstWorker waits for complete requests in its
event loop instead. Against a real gunicorn with 4 threads: more slow sockets than
threads, and a normal request is still answered while they stay open.
"""

import http.client
import re
import socket
import time
from contextlib import closing, contextmanager
from urllib.parse import urlsplit

import pytest

from participation.ops.worker import body_to_buffer, head_end
from servers import gunicorn, migrate_and_create_workshop, server_env

pytestmark = pytest.mark.servers

THREADS = 4
SLOW_SOCKETS = 2 * THREADS
DEADLINE = 15  # seconds a normal request may take at most (it takes milliseconds)


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """One database with a workshop for both servers; yields (instance folder, workshop code)."""
    folder = tmp_path_factory.mktemp("slow-clients")
    yield folder, migrate_and_create_workshop(server_env(folder))["code"]


@contextmanager
def _server(instance, **settings):
    folder, code = instance
    with gunicorn(server_env(folder, **settings), workers=1, threads=THREADS) as base:
        parts = urlsplit(base)
        yield (parts.hostname, parts.port), code


@pytest.fixture(scope="module")
def patient(instance):
    """Deadlines far beyond the test: whatever passes, passes without them."""
    with _server(instance, REQUEST_HEAD_TIMEOUT=120, REQUEST_BODY_TIMEOUT=120, WORKER_CONNECTIONS=40) as server:
        yield server


@pytest.fixture(scope="module")
def strict(instance):
    """Deadlines of a second, and a small body buffer."""
    with _server(instance, REQUEST_HEAD_TIMEOUT=1, REQUEST_BODY_TIMEOUT=1, REQUEST_BODY_BUFFER=1024,
                 REQUEST_HEAD_MAX_BYTES=2048) as server:
        yield server


def _connect(address):
    sock = socket.create_connection(address, timeout=DEADLINE)
    sock.settimeout(DEADLINE)
    return sock


def _phone_page(address, code):
    """A normal phone's request: the status, or the error if it got none within DEADLINE."""
    connection = http.client.HTTPConnection(*address, timeout=DEADLINE)
    try:
        connection.request("GET", f"/j/{code}/ideas", headers={"User-Agent": "Telefon"})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError as error:
        return repr(error)
    finally:
        connection.close()


def _still_open(sock):
    sock.setblocking(False)
    try:
        return sock.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.settimeout(DEADLINE)


def _closed_by_server(sock):
    """Whether the server answers and/or closes ``sock`` within DEADLINE; returns what it sent."""
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return received


def test_half_sent_heads_take_no_thread(patient):
    address, code = patient
    slow = [_connect(address) for _ in range(SLOW_SOCKETS)]
    try:
        for number, sock in enumerate(slow):
            sock.sendall(f"GET /j/{code}/ideas HTTP/1.1\r\nHost: saal\r\nX-Slow: {number}\r\n".encode())
        assert _phone_page(address, code) in (200, 302)
        for sock in slow:  # the pranks go on; a line more each changes nothing
            sock.sendall(b"X-More: 1\r\n")
        assert _phone_page(address, code) in (200, 302)
        assert all(_still_open(sock) for sock in slow)  # it was not a timeout that helped
        # A head finished late is answered like any other.
        slow[0].sendall(b"\r\n")
        assert slow[0].recv(65536).startswith(b"HTTP/1.1 ")
    finally:
        for sock in slow:
            sock.close()


def test_half_sent_bodies_take_no_thread(patient):
    address, code = patient
    slow = [_connect(address) for _ in range(SLOW_SOCKETS)]
    try:
        for sock in slow:
            sock.sendall(f"POST /j/{code} HTTP/1.1\r\nHost: saal\r\nContent-Type: application/x-www-form-urlencoded"
                         f"\r\nContent-Length: 1000\r\n\r\nnickname=Sch".encode())
        assert _phone_page(address, code) in (200, 302)
        assert all(_still_open(sock) for sock in slow)
    finally:
        for sock in slow:
            sock.close()


def test_idle_sockets_at_the_connection_limit_do_not_lock_others_out(patient):
    """At worker_connections (40 here) the worker closes its longest waiting socket for a new one."""
    address, code = patient
    idle = [_connect(address) for _ in range(60)]
    try:
        assert _phone_page(address, code) in (200, 302)
        assert not _still_open(idle[0])
    finally:
        for sock in idle:
            sock.close()


def test_keep_alive_and_pipelined_requests_still_work(patient):
    address, code = patient
    connection = http.client.HTTPConnection(*address, timeout=DEADLINE)
    with closing(connection):
        for _ in range(3):
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            assert response.status == 200
            assert not response.will_close
    with closing(_connect(address)) as sock:
        # Two requests in one packet, the second with a body, and a third in pieces.
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: saal\r\n\r\n"
                     b"POST /nirgends HTTP/1.1\r\nHost: saal\r\nContent-Length: 5\r\n\r\nhallo"
                     b"GET /healthz HTTP/1.1\r\nHo")
        sock.sendall(b"st: saal\r\nConnection: close\r\n\r\n")
        answers = _closed_by_server(sock)
        assert answers is not None
        assert re.findall(rb"HTTP/1\.1 (\d{3}) [A-Z]", answers) == [b"200", b"404", b"200"]


def test_a_head_not_finished_in_time_is_closed(strict):
    address, code = strict
    with closing(_connect(address)) as sock:
        sock.sendall(f"GET /j/{code}/ideas HTTP/1.1\r\nHost: saal\r\n".encode())
        assert _closed_by_server(sock) == b""
    with closing(_connect(address)) as silent:  # not a byte sent
        assert _closed_by_server(silent) == b""


def test_an_oversized_head_is_refused(strict):
    address, code = strict
    with closing(_connect(address)) as sock:
        sock.sendall(f"GET /j/{code}/ideas HTTP/1.1\r\nHost: saal\r\nX-Filler: {'x' * 3000}".encode())
        assert _closed_by_server(sock).startswith(b"HTTP/1.1 431 ")


def test_a_large_body_not_finished_in_time_lets_go_of_its_thread(strict):
    address, code = strict
    slow = [_connect(address) for _ in range(SLOW_SOCKETS)]
    try:
        for sock in slow:
            sock.sendall(f"POST /j/{code} HTTP/1.1\r\nHost: saal\r\nContent-Type: application/x-www-form-urlencoded"
                         f"\r\nContent-Length: 100000\r\n\r\nnickname=Sch".encode())
        for sock in slow:
            answer = _closed_by_server(sock)
            assert answer is not None  # closed, possibly after an error page, not held
            assert b"HTTP/1.1 5" not in answer
        assert _phone_page(address, code) in (200, 302)
    finally:
        for sock in slow:
            sock.close()


def test_only_bodies_of_known_small_length_are_awaited():
    assert head_end(b"GET / HTTP/1.1\r\nHost: a\r\n") is None
    assert head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nrest") == (23, 4)
    assert head_end(b"GET / HTTP/1.1\nHost: a\n\n") == (22, 2)
    assert body_to_buffer(b"POST / HTTP/1.1\r\nContent-Length: 12", 100) == 12
    assert body_to_buffer(b"GET / HTTP/1.1\r\nHost: a", 100) == 0
    assert body_to_buffer(b"POST / HTTP/1.1\r\nContent-Length: 1000", 100) is None
    assert body_to_buffer(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked", 100) is None
    assert body_to_buffer(b"POST / HTTP/1.1\r\nContent-Length: 12\r\nExpect: 100-continue", 100) is None
    assert body_to_buffer(b"POST / HTTP/1.1\r\nContent-Length: zwoelf", 100) is None
