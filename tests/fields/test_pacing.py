"""The analysis waits longer after a run while other work keeps the machine's cores busy."""

import pytest

from participation.fields import pacing
from participation.fields.pacing import BusyPacing, read_proc_stat


class Machine:
    """A fake /proc/stat: jiffies busy and in all, advanced by the test."""

    def __init__(self):
        self.busy, self.total = 0, 0

    def run(self, seconds, busy_cores, cores=2, ticks=100):
        self.total += seconds * cores * ticks
        self.busy += seconds * busy_cores * ticks

    def read(self):
        return self.busy, self.total


def test_an_idle_machine_keeps_the_configured_pause():
    machine = Machine()
    busy = BusyPacing(3.0, read=machine.read, ticks=100)
    machine.run(2.0, busy_cores=1.0)  # the analysis alone, one core of two, for 2 s
    assert busy.pause(2.0, analysis_cpu=2.0) == pytest.approx(6.0)


def test_a_busy_machine_stretches_the_pause_up_to_the_limit():
    machine = Machine()
    busy = BusyPacing(3.0, read=machine.read, ticks=100)
    machine.run(1.0, busy_cores=2.0)  # others keep both cores busy besides a short run
    assert busy.pause(0.1, analysis_cpu=0.0) == pytest.approx(0.1 * 3.0 * pacing.MAX_STRETCH)
    machine.run(1.0, busy_cores=1.4)  # 70 %: half way between BUSY_FROM and BUSY_FULL
    assert busy.stretch(0.0) == pytest.approx(1.0 + (pacing.MAX_STRETCH - 1.0) * 0.5)


def test_the_analysis_own_cpu_does_not_count_as_busy():
    machine = Machine()
    busy = BusyPacing(3.0, read=machine.read, ticks=100)
    machine.run(1.0, busy_cores=1.8)  # 0.9 of it was the analysis' own thread
    assert busy.stretch(analysis_cpu=0.9) == pytest.approx(1.0 + (pacing.MAX_STRETCH - 1.0) * 0.0)


def test_without_proc_stat_the_pause_stays_as_configured(tmp_path):
    assert read_proc_stat(tmp_path / "missing") is None
    busy = BusyPacing(3.0, read=lambda: None)
    assert busy.pause(0.5, analysis_cpu=0.5) == pytest.approx(1.5)


def test_the_machine_is_read_from_proc_stat(tmp_path):
    stat = tmp_path / "stat"
    stat.write_text("cpu  100 5 50 800 20 3 2 0 0 0\ncpu0 50 2 25 400 10 1 1 0 0 0\n")
    assert read_proc_stat(stat) == (160, 980)  # busy: all but idle and iowait
