"""One analysis per workshop across the workers of a server, paced, covering every change."""

import threading
import time

from participation.fields.coordination import FileState, LocalState
from participation.fields.runner import AnalysisRunner


class CountingRunner(AnalysisRunner):
    """A runner whose analysis only records when it ran (and takes ``seconds``)."""

    def __init__(self, state, runs, seconds=0.05, pacing=3.0):
        super().__init__(app=None, delay=0.01, state=state, pacing=pacing)
        self.runs, self.seconds = runs, seconds

    def _analyse(self, workshop_id):
        self.runs.append((time.time(), self.state.read(workshop_id)["changes"]))
        time.sleep(self.seconds)


def _settle(states, workshop_id, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = states[0].read(workshop_id)
        if state["changes"] == state["analysed"]:
            return state
        time.sleep(0.02)
    raise AssertionError(f"changes never analysed: {states[0].read(workshop_id)}")


def test_workers_sharing_a_folder_analyse_a_burst_a_few_times_and_cover_the_last_change(tmp_path):
    runs = []
    states = [FileState(tmp_path) for _ in range(3)]  # three worker processes
    runners = [CountingRunner(state, runs) for state in states]
    for number in range(60):
        runner = runners[number % 3]
        runner.state.bump(7)
        runner.request(7)
        time.sleep(0.005)
    state = _settle(states, 7)
    assert state["analysed"] == 60
    assert 1 <= len(runs) <= 10  # not 60, not once per worker per post
    starts = [started for started, _ in runs]
    assert not any(0 < later - earlier < 0.05 for earlier, later in zip(starts, starts[1:]))  # never two at once


def test_runs_are_paced_by_their_duration(tmp_path):
    runs = []
    state = FileState(tmp_path)
    runner = CountingRunner(state, runs, seconds=0.1, pacing=3.0)
    for _ in range(2):
        state.bump(1)
        runner.request(1)
        time.sleep(0.15)  # the second change arrives while the first run is paced
    _settle([state], 1)
    assert len(runs) == 2
    assert runs[1][0] - runs[0][0] >= 0.1 + 0.3 - 0.02


def test_a_process_that_finds_the_lease_taken_leaves_its_change_to_the_holder(tmp_path):
    runs = []
    holder_state, other_state = FileState(tmp_path), FileState(tmp_path)
    holder = CountingRunner(holder_state, runs, seconds=0.3, pacing=0)
    other = CountingRunner(other_state, runs, pacing=0)
    holder_state.bump(3)
    thread = threading.Thread(target=holder._lead, args=(3,))
    thread.start()
    time.sleep(0.1)  # the holder is analysing
    other_state.bump(3)
    other._lead(3)  # cannot take the lease: returns at once
    assert len(runs) == 1
    thread.join()
    assert _settle([other_state], 3, timeout=3)["analysed"] == 2
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
    runs = []
    states = [FileState(tmp_path) for _ in range(2)]
    runners = [CountingRunner(state, runs) for state in states]
    for number in range(40):
        runners[number % 2].request(9, changed=True)
        time.sleep(0.002)
    state = _settle(states, 9)
    assert 1 <= state["changes"] < 40  # not one file lock per post
    assert state["analysed"] == state["changes"]
    runners[0].request(9, changed=True)  # a later post, counted once its run is due
    time.sleep(0.3)
    later = _settle(states, 9)
    assert later["changes"] == state["changes"] + 1 and later["analysed"] == later["changes"]


def test_a_rerun_asked_for_by_the_runner_itself_counts_no_change(tmp_path):
    runs = []
    state = FileState(tmp_path)
    runner = CountingRunner(state, runs)
    runner.request(4)  # not a change made here (e.g. covering another process's change)
    time.sleep(0.2)
    assert state.read(4)["changes"] == 0 and runs == []
