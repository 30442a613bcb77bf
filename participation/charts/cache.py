"""Rendered charts kept until the data behind them changes.

Keyed by workshop, chart, format and language; an entry remembers the spec it was drawn
from, and a request with a different spec (new idea, new dot, renamed field) draws anew.
Drawing costs 0.1–0.3 s; comparing two specs costs microseconds. The cache is per process
and bounded; ``forget`` drops a deleted workshop's entries (their labels are its texts).
"""

import threading
from collections import OrderedDict

MAX_ENTRIES = 512


class ChartCache:
    def __init__(self, max_entries=MAX_ENTRIES):
        self.max_entries = max_entries
        self._entries = OrderedDict()
        self._lock = threading.Lock()
        self.renders = 0  # how many times a chart was really drawn (for tests and benches)

    def get(self, key, spec, draw):
        """The bytes for ``key`` drawn from ``spec``; ``draw(spec)`` only when the spec changed."""
        with self._lock:
            cached = self._entries.get(key)
            if cached is not None and cached[0] == spec:
                self._entries.move_to_end(key)
                return cached[1]
        output = draw(spec)  # outside the lock: other charts need not wait
        with self._lock:
            self.renders += 1
            self._entries[key] = (spec, output)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return output

    def forget(self, workshop_id):
        with self._lock:
            for key in [key for key in self._entries if key[0] == workshop_id]:
                del self._entries[key]

    def workshop_ids(self):
        with self._lock:
            return {key[0] for key in self._entries}

    def __len__(self):
        return len(self._entries)


chart_cache = ChartCache()
