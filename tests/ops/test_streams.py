"""The stream pump: one thread writes every detached stream of a worker.

Sockets here are socket pairs: the test holds the browser's end. No clock is asserted on:
every wait is for a condition, with a generous deadline.
"""

import socket
import time

import pytest

from participation.events.hub import EventRecord, Hub
from participation.ops.streams import DetachedStream, Pump

DEADLINE = 30


def _records(*seqs, workshop_id=1):
    return [EventRecord(workshop_id, seq, "idea", {"n": seq}) for seq in seqs]


def _render(records):
    return "".join(f"id: {record.seq}\ndata: {record.payload['n']}\n\n" for record in records)


def _wait(condition):
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.01)


_OPEN = []  # the clients' sockets, closed after each test


class Browser:
    """The client's end of a socket pair: reads what the pump sends."""

    def __init__(self, sock):
        self.sock = sock
        _OPEN.append(sock)
        self.sock.settimeout(DEADLINE)
        self.data = b""

    def read_until(self, needle):
        while needle not in self.data:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError(f"closed before {needle!r}; got {self.data!r}")
            self.data += chunk
        return self.data

    def read_to_end(self):
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                return self.data
            self.data += chunk


@pytest.fixture(autouse=True)
def _close_clients():
    yield
    while _OPEN:
        _OPEN.pop().close()


@pytest.fixture
def pump():
    pump = Pump(tick=0.05)
    yield pump
    pump.stop(wait=5)


def _stream(pump, chunked=False, heartbeat=60, lifetime=600, closed=None, position=0):
    ours, theirs = socket.socketpair()
    stream = DetachedStream(ours, pump, render=_render, ping=lambda: "data: ping\n\n", heartbeat=heartbeat,
                            lifetime=lifetime, chunked=chunked, position=position,
                            on_close=(lambda: closed.append(1)) if closed is not None else None)
    return stream, Browser(theirs)


def test_pushed_records_reach_the_client_in_order_each_once(pump):
    stream, browser = _stream(pump, position=2)
    stream.push(_records(1, 2, 3))  # 1 and 2 the client has already
    stream.start()
    stream.push(_records(3, 4))
    stream.push(_records(5))
    data = browser.read_until(b"data: 5\n\n").decode()
    assert [int(line[4:]) for line in data.splitlines() if line.startswith("id: ")] == [3, 4, 5]


def test_chunked_framing_and_a_clean_end_after_the_lifetime(pump):
    closed = []
    stream, browser = _stream(pump, chunked=True, lifetime=0.2, closed=closed)
    stream.start()
    stream.push(_records(1))
    data = browser.read_to_end()
    body = _render(_records(1)).encode()
    assert data == b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)  # one chunk, then the last chunk
    _wait(lambda: closed == [1])


def test_an_idle_stream_gets_heartbeats(pump):
    stream, browser = _stream(pump, heartbeat=0.1)
    stream.start()
    assert browser.read_until(b"data: ping\n\ndata: ping\n\n")


def test_a_client_that_goes_away_is_released_once(pump):
    closed = []
    stream, browser = _stream(pump, closed=closed)
    stream.start()
    _wait(lambda: pump.open_streams == 1)
    browser.sock.close()
    _wait(lambda: closed == [1])
    assert pump.open_streams == 0
    stream.push(_records(1))  # news for a closed stream is dropped, not an error
    time.sleep(0.1)
    assert closed == [1]


def test_a_client_that_reads_nothing_is_cut_off_not_buffered_forever():
    pump = Pump(max_pending=64 * 1024, tick=0.05)
    try:
        closed = []
        stream, browser = _stream(pump, closed=closed)
        stream.start()
        big = "x" * 4000
        for seq in range(1, 2000):  # about 8 MB for a client that never reads
            stream.push([EventRecord(1, seq, "idea", {"n": big})])
            if closed:
                break
        _wait(lambda: closed == [1])
        assert len(stream.outbox) <= 64 * 1024 + 8 * 1024 * 1024  # and it is gone from the pump
        assert pump.open_streams == 0
    finally:
        pump.stop(wait=5)


def test_many_streams_one_thread(pump):
    pairs = [_stream(pump) for _ in range(300)]
    for stream, _browser in pairs:
        stream.start()
    for stream, _browser in pairs:
        stream.push(_records(7))
    for _stream_, browser in pairs:
        assert browser.read_until(b"data: 7\n\n")
    assert pump.open_streams == 300


def test_stopping_the_pump_closes_every_stream(pump):
    closed = []
    pairs = [_stream(pump, closed=closed) for _ in range(5)]
    for stream, _browser in pairs:
        stream.start()
    _wait(lambda: pump.open_streams == 5)
    pump.stop(wait=5)
    for _stream_, browser in pairs:
        assert browser.read_to_end() == b""
    assert closed == [1] * 5


# --- the hub's side: subscriptions ------------------------------------------------------------


def test_a_subscription_gets_the_buffered_backlog_and_then_every_new_record():
    hub = Hub(fetch_since=lambda marks: [])
    try:
        got = []
        assert hub.subscribe(1, 0, 0, got.extend) == ([], 0)
        hub.deliver(_records(1, 2, 3))
        assert [record.seq for record in got] == [1, 2, 3]
        late = []
        backlog, latest = hub.subscribe(1, 3, 1, late.extend)
        assert [record.seq for record in backlog] == [2, 3] and latest == 3
        hub.deliver(_records(4) + _records(9, workshop_id=2))  # another workshop's news is not theirs
        assert [record.seq for record in got] == [1, 2, 3, 4]
        assert [record.seq for record in late] == [4]
        hub.unsubscribe(1, got.extend)
        hub.deliver(_records(5))
        assert [record.seq for record in got] == [1, 2, 3, 4]
        assert [record.seq for record in late] == [4, 5]
    finally:
        hub.stop()


def test_a_subscription_behind_the_buffer_is_told_to_read_the_log_first():
    hub = Hub(fetch_since=lambda marks: [], buffer_size=3)
    try:
        first = []
        hub.subscribe(1, 0, 0, first.extend)
        hub.deliver(_records(1, 2, 3, 4, 5))  # the buffer keeps 3, 4, 5
        behind = []
        backlog, latest = hub.subscribe(1, 5, 1, behind.extend)
        assert backlog is None and latest == 5  # 2 is gone from memory: read the log up to 5
        hub.deliver(_records(6))
        assert [record.seq for record in behind] == [6]  # registered all the same: nothing after 5 is lost
    finally:
        hub.stop()


def test_streams_of_both_pools_are_counted_apart():
    hub = Hub(fetch_since=lambda marks: [])
    try:
        assert hub.admit(1, pool="threads")
        assert not hub.admit(1, pool="threads")
        assert hub.admit(2, pool="detached") and hub.admit(2, pool="detached")
        assert not hub.admit(2, pool="detached")
        hub.release(pool="detached")
        assert hub.admit(2, pool="detached")
        assert hub.open_streams == 3
    finally:
        hub.stop()


def test_no_wake_up_is_lost_while_the_pump_drains_its_signals():
    """News reaches the client without waiting for the pump's tick (here a minute): a signal
    arriving while the pump read earlier ones once left it asleep with news queued."""
    pump = Pump(tick=60)
    try:
        streams = [_stream(pump) for _ in range(20)]
        for stream, _browser in streams:
            stream.start()
        for seq in range(1, 301):
            for stream, _browser in streams:
                stream.push(_records(seq))
            needle = f"data: {seq}\n\n".encode()
            for _stream_, browser in streams:
                browser.read_until(needle)  # a lost wake-up would wait for the tick: past DEADLINE
    finally:
        pump.stop(wait=5)
