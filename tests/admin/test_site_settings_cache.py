"""The site settings cache never makes requests wait for one another's database read.

It held its lock while reading with a connection of its own; when a worker's pool was
taken by requests waiting for that lock, every request of the hall stood still for the
pool's 30 s timeout, every 33 s (seen in bench/load.py under load).
"""

import threading

from participation.core import site_settings


def test_a_slow_read_does_not_hold_up_other_threads(monkeypatch):
    cache = site_settings._Cache()
    now = [0.0]
    monkeypatch.setattr(site_settings, "_read_all", lambda: {"public_base_url": "http://alt"})
    assert cache.get(lambda: now[0]) == {"public_base_url": "http://alt"}

    reading, release = threading.Event(), threading.Event()

    def slow_read():
        reading.set()
        release.wait(30)
        return {"public_base_url": "http://neu"}

    monkeypatch.setattr(site_settings, "_read_all", slow_read)
    now[0] = site_settings.CACHE_SECONDS + 1
    reader = threading.Thread(target=cache.get, args=(lambda: now[0],))
    reader.start()
    assert reading.wait(30)
    # Meanwhile another request gets the values read before, at once.
    assert cache.get(lambda: now[0]) == {"public_base_url": "http://alt"}
    release.set()
    reader.join(30)
    assert cache.get(lambda: now[0]) == {"public_base_url": "http://neu"}


def test_a_failed_read_keeps_the_last_values(monkeypatch):
    cache = site_settings._Cache()
    monkeypatch.setattr(site_settings, "_read_all", lambda: {"public_base_url": "http://alt"})
    assert cache.get(lambda: 0.0)["public_base_url"] == "http://alt"
    monkeypatch.setattr(site_settings, "_read_all", lambda: None)
    assert cache.get(lambda: 10.0)["public_base_url"] == "http://alt"
    cache.forget()
    assert cache.get(lambda: 20.0) == {}  # nothing read yet: the configured defaults
