"""Group commit: jobs waiting while another thread writes go in together, each with its own outcome."""

import threading
import time

import pytest

from participation.core.group_commit import GroupWriter


class Recorder:
    """A ``write_together`` that records its groups, takes ``seconds`` and fails on "bad" jobs."""

    def __init__(self, seconds=0.0):
        self.groups, self.seconds = [], seconds

    def __call__(self, jobs):
        self.groups.append([job.payload for job in jobs])
        time.sleep(self.seconds)
        if any(job.payload == "bad" for job in jobs):
            raise ValueError("bad job")
        for job in jobs:
            job.result = f"stored {job.payload}"


def test_a_lone_job_is_written_alone():
    recorder = Recorder()
    assert GroupWriter(recorder).write("a") == "stored a"
    assert recorder.groups == [["a"]]


def _write_at_once(writer, payloads):
    results, errors = {}, {}
    start = threading.Barrier(len(payloads))

    def one(payload):
        start.wait()
        try:
            results[payload] = writer.write(payload)
        except ValueError as error:
            errors[payload] = error

    threads = [threading.Thread(target=one, args=(payload,)) for payload in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_jobs_arriving_during_a_write_share_the_next_one():
    recorder = Recorder(seconds=0.05)
    payloads = [f"idea {number}" for number in range(20)]
    results, errors = _write_at_once(GroupWriter(recorder), payloads)
    assert not errors
    assert results == {payload: f"stored {payload}" for payload in payloads}
    written = [payload for group in recorder.groups for payload in group]
    assert sorted(written) == sorted(payloads)  # each exactly once
    assert len(recorder.groups) < len(payloads)  # and not one transaction each
    assert max(len(group) for group in recorder.groups) > 1


def test_groups_are_capped():
    recorder = Recorder(seconds=0.02)
    payloads = [f"idea {number}" for number in range(30)]
    results, _ = _write_at_once(GroupWriter(recorder, limit=4), payloads)
    assert len(results) == 30
    assert max(len(group) for group in recorder.groups) <= 4


def test_a_failing_job_fails_alone_and_the_others_are_stored():
    recorder = Recorder(seconds=0.02)
    payloads = ["bad", *(f"idea {number}" for number in range(12))]
    results, errors = _write_at_once(GroupWriter(recorder), payloads)
    assert list(errors) == ["bad"] and str(errors["bad"]) == "bad job"
    assert results == {payload: f"stored {payload}" for payload in payloads if payload != "bad"}


def test_an_interrupted_write_leaves_nobody_waiting_for_nothing():
    def interrupted(jobs):
        raise KeyboardInterrupt

    writer = GroupWriter(interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.write("a")
    writer.write_together = Recorder()
    assert writer.write("b") == "stored b"  # the writer is usable afterwards
