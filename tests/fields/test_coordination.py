"""One analysis per workshop across the workers of a server, paced, covering every change."""

import threading
import time

from participation.fields.coordination import FileState, LocalState
from participation.fields.runner import AnalysisRunner

from helpers import wait_until


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
