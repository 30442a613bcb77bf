"""The per-process hub: buffering, waking streams, gaps, and the feeder thread."""

import threading
import time

from participation.events.hub import EventRecord, Hub


class FakeLog:
    def __init__(self):
        self.records = []
        self.lock = threading.Lock()

    def append(self, workshop_id, kind="idea"):
        with self.lock:
            seq = 1 + max((r.seq for r in self.records if r.workshop_id == workshop_id), default=0)
            self.records.append(EventRecord(workshop_id, seq, kind, {"n": seq}))
            return seq

    def fetch_since(self, watermarks):
        with self.lock:
            return [r for r in self.records if r.workshop_id in watermarks and r.seq > watermarks[r.workshop_id]]


def test_wait_returns_buffered_events_after_the_given_seq():
    hub = Hub(fetch_since=lambda marks: [])
    hub.watch(1, current_seq=0)
    hub.deliver([EventRecord(1, 1, "idea", {}), EventRecord(1, 2, "idea", {})])
    assert [r.seq for r in hub.wait(1, 0, timeout=0.1)] == [1, 2]
    assert [r.seq for r in hub.wait(1, 1, timeout=0.1)] == [2]
    assert hub.wait(1, 2, timeout=0.05) == []
    hub.stop()


def test_duplicates_and_old_events_are_ignored():
    hub = Hub(fetch_since=lambda marks: [])
    hub.watch(1, current_seq=0)
    hub.deliver([EventRecord(1, 1, "idea", {})])
    hub.deliver([EventRecord(1, 1, "idea", {}), EventRecord(1, 2, "idea", {})])
    assert [r.seq for r in hub.wait(1, 0, timeout=0.1)] == [1, 2]
    hub.stop()


def test_a_stream_behind_the_buffer_is_told_to_catch_up():
    hub = Hub(fetch_since=lambda marks: [], buffer_size=2)
    hub.watch(1, current_seq=0)
    hub.deliver([EventRecord(1, seq, "idea", {}) for seq in (1, 2, 3)])
    assert hub.wait(1, 0, timeout=0.1) is None  # seq 1 fell out of the buffer
    assert [r.seq for r in hub.wait(1, 1, timeout=0.1)] == [2, 3]
    hub.stop()


def test_a_stream_that_started_before_the_hub_watched_catches_up_from_the_log():
    hub = Hub(fetch_since=lambda marks: [])
    hub.watch(1, current_seq=5)
    assert hub.wait(1, 3, timeout=0.1) is None
    hub.stop()


def test_feeder_wakes_waiting_streams_of_the_right_workshop():
    log = FakeLog()
    hub = Hub(fetch_since=log.fetch_since, poll_interval=0.01)
    hub.watch(1, current_seq=0)
    hub.watch(2, current_seq=0)
    results = {}

    def stream(workshop_id):
        results[workshop_id] = hub.wait(workshop_id, 0, timeout=2)

    threads = [threading.Thread(target=stream, args=(w,)) for w in (1, 2)]
    for thread in threads:
        thread.start()
    time.sleep(0.05)
    log.append(2)
    for thread in threads:
        thread.join()
    assert results[1] == []  # timed out: nothing happened in workshop 1
    assert [r.seq for r in results[2]] == [1]
    hub.stop()


def test_feeder_survives_fetch_errors():
    calls = []

    def flaky(marks):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database restarting")
        return [EventRecord(1, 1, "idea", {})]

    hub = Hub(fetch_since=flaky, poll_interval=0.01)
    hub.watch(1, current_seq=0)
    assert [r.seq for r in hub.wait(1, 0, timeout=3)] == [1]
    hub.stop()


def test_unwatch_forgets_a_workshop_with_no_streams():
    hub = Hub(fetch_since=lambda marks: [])
    hub.watch(1, current_seq=0)
    hub.watch(1, current_seq=0)
    hub.unwatch(1)
    hub.deliver([EventRecord(1, 1, "idea", {})])
    assert [r.seq for r in hub.wait(1, 0, timeout=0.1)] == [1]
    hub.unwatch(1)
    assert hub.wait(1, 0, timeout=0.1) is None
    hub.stop()
