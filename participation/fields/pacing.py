"""How long the analysis of a workshop waits after a run: longer while the machine is busy.

The runner pauses ``pacing`` x d after a run of d seconds, so a growing workshop's analysis
takes at most a quarter of a core. When the rest of the machine keeps the cores busy (the
server answering posts as fast as it can, other services on the box), the analysis is the
work that can wait: its ideas are sorted a few seconds later, and the posts get the CPU.
``BusyPacing`` reads the machine's CPU time from ``/proc/stat`` at each run, takes away
what the analysis itself used, and stretches the pause up to ``MAX_STRETCH`` times when the
others kept the cores busy. Where ``/proc/stat`` is missing the pause stays as configured.
"""

import os

BUSY_FROM = 0.5
"""The share of the cores others use from which the pause grows."""
BUSY_FULL = 0.9
"""... reaching ``MAX_STRETCH`` times its length at this share."""
MAX_STRETCH = 4.0
"""At most this many times the configured pause: the analysis then takes about 1/13 of a
core (pacing 3 x 4 = 12 pauses per run), and a hall's ideas still get sorted."""


def read_proc_stat(path="/proc/stat"):
    """``(busy, total)`` CPU jiffies of the whole machine, or None where there is no such file."""
    try:
        with open(path, "rb") as handle:
            fields = handle.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != b"cpu":
        return None
    values = [int(value) for value in fields[1:9]]  # user nice system idle iowait irq softirq steal
    idle = values[3] + values[4]
    total = sum(values)
    return total - idle, total


class BusyPacing:
    """The pause after a run, from how busy the other work kept the machine since the last run.

    ``read`` returns ``(busy, total)`` jiffies (``read_proc_stat``); ``ticks`` jiffies per
    second. Not thread-safe: one runner thread asks it.
    """

    def __init__(self, pacing, read=read_proc_stat, ticks=None):
        self.pacing = pacing
        self.read = read
        self.ticks = ticks or (os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100)
        self._last = read()

    def pause(self, seconds, analysis_cpu):
        """The pause after a run of ``seconds`` that used ``analysis_cpu`` CPU seconds."""
        return self.pacing * self.stretch(analysis_cpu) * seconds

    def stretch(self, analysis_cpu):
        """How many times the configured pause to wait (1 to ``MAX_STRETCH``)."""
        now = self.read()
        last, self._last = self._last, now
        if now is None or last is None or now[1] <= last[1]:
            return 1.0
        busy, total = now[0] - last[0], now[1] - last[1]
        others = (busy - analysis_cpu * self.ticks) / total
        share = min(1.0, max(0.0, (others - BUSY_FROM) / (BUSY_FULL - BUSY_FROM)))
        return 1.0 + (MAX_STRETCH - 1.0) * share
