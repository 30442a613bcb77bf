"""One analysis per workshop across the workers of a server, paced, covering every change."""

import threading
import time

import pytest

from participation.fields import coordination
from participation.fields import runner as runner_module
from participation.fields.coordination import FileState, LocalState, RedisState
from participation.fields.runner import AnalysisRunner

from helpers import redis_test_url, wait_until


class CountingRunner(AnalysisRunner):
    """A runner whose analysis only records when it ran (and takes ``seconds``).

    ``gate``, if given, holds every analysis until the test sets it; ``started`` is set
    when an analysis begins. Runners sharing ``active`` count the analyses in progress.
    """

    def __init__(self, state, runs, seconds=0.05, pacing=3.0, gate=None, active=None):
        super().__init__(app=None, delay=0.01, state=state, pacing=pacing)
        self.runs, self.seconds, self.gate = runs, seconds, gate
        self.started = threading.Event()
        self.active = active if active is not None else Active()

    def _analyse(self, workshop_id):
        with self.active:
            self.runs.append((time.time(), self.state.read(workshop_id)["changes"]))
            self.started.set()
            if self.gate is not None:
                assert self.gate.wait(60), "the test never opened the gate"
            time.sleep(self.seconds)


class Active:
    """Counts analyses in progress and remembers the most at one time."""

    def __init__(self):
        self.lock, self.now, self.most = threading.Lock(), 0, 0

    def __enter__(self):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def __exit__(self, *exc):
        with self.lock:
            self.now -= 1


def _settle(states, workshop_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = states[0].read(workshop_id)
        if state["changes"] == state["analysed"]:
            return state
        time.sleep(0.02)
    raise AssertionError(f"changes never analysed: {states[0].read(workshop_id)}")


def test_workers_sharing_a_folder_analyse_a_burst_a_few_times_and_cover_the_last_change(tmp_path):
    """The first post starts a run; the rest of the burst arrives while it runs (held by a
    gate): one more run covers them all, whichever of the three workers makes it."""
    runs, gate, active = [], threading.Event(), Active()
    states = [FileState(tmp_path) for _ in range(3)]  # three worker processes
    runners = [CountingRunner(state, runs, pacing=0, gate=gate, active=active) for state in states]
    for number in range(60):
        runner = runners[number % 3]
        runner.state.bump(7)
        runner.request(7)
        if number == 0:
            assert runner.started.wait(60), "the first post started no run"
    gate.set()
    state = _settle(states, 7)
    assert state["analysed"] == 60
    assert [changes for _, changes in runs] == [1, 60]  # not 60 runs, not one per worker
    assert active.most == 1  # never two at once


def test_runs_are_paced_by_their_duration(tmp_path):
    runs = []
    state = FileState(tmp_path)
    runner = CountingRunner(state, runs, seconds=0.1, pacing=3.0)
    state.bump(1)
    runner.request(1)
    not_before = _settle([state], 1)["not_before"]
    assert not_before - runs[0][0] >= 0.1 + 3.0 * 0.1 - 0.02  # the run took 0.1 s at least: 0.3 s of pause
    state.bump(1)  # the second change arrives once the first run is done
    runner.request(1)
    _settle([state], 1)
    assert len(runs) == 2
    assert runs[1][0] >= not_before  # it waited for its turn, however late the change came


def test_a_process_that_finds_the_lease_taken_leaves_its_change_to_the_holder(tmp_path):
    runs = []
    holder_state, other_state = FileState(tmp_path), FileState(tmp_path)
    holder = CountingRunner(holder_state, runs, seconds=0.3, pacing=0)
    other = CountingRunner(other_state, runs, pacing=0)
    holder.gate = threading.Event()
    holder_state.bump(3)
    thread = threading.Thread(target=holder._lead, args=(3,))
    thread.start()
    assert holder.started.wait(60)  # the holder is analysing
    other_state.bump(3)
    other._lead(3)  # cannot take the lease: returns at once
    assert len(runs) == 1
    holder.gate.set()
    thread.join()
    assert _settle([other_state], 3)["analysed"] == 2
    assert len(runs) == 2


def test_without_shared_storage_a_process_still_analyses_every_change():
    runs = []
    state = LocalState()
    runner = CountingRunner(state, runs, pacing=0)
    state.bump(5)
    runner.request(5)
    assert _settle([state], 5)["analysed"] == 1


def test_a_burst_of_posts_is_counted_once_per_run_and_still_covered(tmp_path):
    """Posts mark the workshop changed; the shared counter is bumped when the run is due,
    once for all the posts before it, and the last change is still analysed."""
    runs, gate = [], threading.Event()
    states = [FileState(tmp_path) for _ in range(2)]
    runners = [CountingRunner(state, runs, pacing=0, gate=gate) for state in states]
    runners[0].request(9, changed=True)
    assert runners[0].started.wait(60)  # its run holds the lease until the gate opens
    for number in range(1, 40):
        runners[number % 2].request(9, changed=True)
    gate.set()
    state = _settle(states, 9)
    # The first worker counts once before its run and once for all its posts during it;
    # the second at most once per post.
    assert 1 <= state["changes"] <= 2 + 20  # not one file lock per post
    assert state["analysed"] == state["changes"]
    runners[0].request(9, changed=True)  # a later post, counted once its run is due
    wait_until(lambda: states[0].read(9)["changes"] == state["changes"] + 1, "the later post was not counted")
    later = _settle(states, 9)
    assert later["changes"] == state["changes"] + 1 and later["analysed"] == later["changes"]


def test_a_rerun_asked_for_by_the_runner_itself_counts_no_change(tmp_path):
    runs = []
    state = FileState(tmp_path)
    runner = CountingRunner(state, runs)
    runner.request(4)  # not a change made here (e.g. covering another process's change)
    runner.request(5, changed=True)  # due after workshop 4's turn
    wait_until(lambda: state.read(5)["analysed"] == 1, "workshop 5 was never analysed")
    assert state.read(4)["changes"] == 0 and [changes for _, changes in runs] == [1]


class HoldingRunner(CountingRunner):
    """A worker process of its own (``token``) whose analysis fits when it holds no model
    and sorts incrementally when it does, as ``services.run_analysis`` does."""

    def __init__(self, state, runs, token, **kwargs):
        super().__init__(state, runs, **kwargs)
        self._token, self.fits = token, 0

    @property
    def token(self):
        return self._token

    def _analyse(self, workshop_id):
        state = self.state.read(workshop_id)
        if state["holder"] != self._token:
            self.state.fitted(workshop_id, self._token)
            self.fits += 1
        self.runs.append((self._token, state["changes"]))


@pytest.fixture
def quick_watch(monkeypatch):
    monkeypatch.setattr(runner_module, "WATCH_SECONDS", 0.05)


def _stop(*runners):
    """End the runners' watching (their threads then wait for requests that never come)."""
    for runner in runners:
        with runner._lock:
            runner._due.clear()
            runner._watched.clear()


def test_changes_made_in_other_workers_are_sorted_by_the_holder_without_fitting_again(tmp_path, quick_watch):
    """Three workers, posts arriving at each: the worker that fitted first keeps the
    workshop and sorts the others' changes; nobody fits again (a fit would make the others'
    models stale, and the next worker would fit once more: a fit per run)."""
    runs = []
    states = [FileState(tmp_path) for _ in range(3)]
    runners = [HoldingRunner(state, runs, f"worker-{number}", pacing=0) for number, state in enumerate(states)]
    try:
        runners[0].request(2, changed=True)
        wait_until(lambda: states[0].read(2)["holder"] == "worker-0", "the first run never fitted")
        for number in range(30):
            runners[number % 3].request(2, changed=True)
            time.sleep(0.01)
        state = _settle(states, 2)
        wait_until(lambda: states[0].read(2)["analysed"] == states[0].read(2)["changes"], "a change was never sorted")
        assert {token for token, _ in runs} == {"worker-0"}
        assert [runner.fits for runner in runners] == [1, 0, 0]
        assert state["fits"] == 1
    finally:
        _stop(*runners)


def test_a_holder_that_went_silent_is_taken_over(tmp_path, quick_watch):
    runs = []
    state = FileState(tmp_path)
    state.fitted(6, "a-worker-that-was-restarted")
    state.bump(6)
    with state._locked(6) as raw:  # its last sign of life is older than the holder's term
        raw["holder_seen"] = time.time() - coordination.HOLDER_SECONDS - 1
    runner = HoldingRunner(state, runs, "worker-1", pacing=0)
    try:
        runner.request(6)
        assert _settle([state], 6)["analysed"] == 1
        assert runner.fits == 1 and state.read(6)["holder"] == "worker-1"
    finally:
        _stop(runner)


def test_a_live_holder_is_not_taken_over(tmp_path, quick_watch):
    """A holder alive but pacing its runs: another worker's change waits for it."""
    runs = []
    state = FileState(tmp_path)
    state.fitted(8, "worker-0")
    with state._locked(8) as raw:
        raw["not_before"] = time.time() + 3600  # the holder is pacing
    state.bump(8)
    other = HoldingRunner(state, runs, "worker-1", pacing=0)
    try:
        other._lead(8)
        assert runs == [] and state.read(8)["holder"] == "worker-0"
        assert 8 in other._due  # it looks again later, in case the holder has gone
    finally:
        _stop(other)


def test_an_idle_holder_lets_the_workshop_go(tmp_path, quick_watch, monkeypatch):
    monkeypatch.setattr(runner_module, "WATCH_IDLE_SECONDS", 0.3)
    runs = []
    state = FileState(tmp_path)
    runner = HoldingRunner(state, runs, "worker-0", pacing=0)
    runner.request(4, changed=True)
    wait_until(lambda: state.read(4)["holder"] == "worker-0" and state.read(4)["analysed"] == 1, "never fitted")
    wait_until(lambda: state.read(4)["holder"] == "", "the idle holder kept the workshop")
    assert 4 not in runner._watched and 4 not in runner._due


def test_redis_keeps_the_holder_for_every_server():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(redis_test_url(14))
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis on this machine")
    prefix = f"test-holder-{time.monotonic_ns()}"
    one, other = RedisState(client, prefix), RedisState(client, prefix)
    try:
        assert one.fitted(3, "server-a:11:x") == 1
        seen = other.read(3)
        assert seen["holder"] == "server-a:11:x" and coordination.holder_elsewhere(seen, "server-b:12:y", time.time())
        other.alive(3, "server-b:12:y")  # not the holder: no sign of life in its name
        assert other.read(3)["holder_seen"] == seen["holder_seen"]
        one.alive(3, "server-a:11:x")
        assert other.read(3)["holder_seen"] >= seen["holder_seen"]
        one.release(3, "server-a:11:x")
        assert not coordination.holder_elsewhere(other.read(3), "server-b:12:y", time.time())
    finally:
        client.delete(*client.keys(f"{prefix}:*"))
