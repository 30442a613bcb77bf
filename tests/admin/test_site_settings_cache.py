"""The site settings cache never makes requests wait for one another's database read.

It held its lock while reading with a connection of its own; when a worker's pool was
taken by requests waiting for that lock, every request of the hall stood still for the
pool's 30 s timeout, every 33 s (seen in bench/load.py under load).
"""

import threading

from sqlalchemy import event, select, text

from participation.core import site_settings
from participation.extensions import db
from participation.workshops.models import Workshop


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


def test_a_request_holding_a_connection_reads_through_it(app):
    """The first read of a fresh worker happens at the end of its first requests, whose
    sessions hold a pooled connection each: reading on a second one ran the pool dry under
    a burst of joins (each request holding one and waiting for another, 30 s for all). A
    thread whose session holds a transaction reads through it and takes no connection."""
    site_settings.store_setting(app, site_settings.PUBLIC_BASE_URL, "https://beteiligung.example")
    site_settings._cache(app).forget()
    checkouts = []
    listener = lambda *_args: checkouts.append(1)  # noqa: E731
    event.listen(db.engine, "checkout", listener)
    try:
        db.session.execute(select(Workshop.id)).all()  # a request's read: its connection is held
        assert db.session().in_transaction()
        held = len(checkouts)
        assert site_settings.setting(app, site_settings.PUBLIC_BASE_URL) == "https://beteiligung.example"
        assert len(checkouts) == held  # no second connection
        assert db.session().in_transaction()  # the request's transaction goes on
        db.session.execute(select(Workshop.id)).all()
    finally:
        event.remove(db.engine, "checkout", listener)
        db.session.rollback()


def test_a_missing_table_inside_a_request_reads_as_nothing_set(app):
    """Through the request's connection a failed read (a database not migrated yet) is
    rolled back to its savepoint: the request's own transaction stays usable."""
    db.session.execute(select(Workshop.id)).all()
    db.session.execute(text("ALTER TABLE site_setting RENAME TO site_setting_away"))
    try:
        site_settings._cache(app).forget()
        assert site_settings.setting(app, site_settings.PUBLIC_BASE_URL) is None
        db.session.execute(select(Workshop.id)).all()  # not aborted (PostgreSQL would say so)
    finally:
        db.session.execute(text("ALTER TABLE site_setting_away RENAME TO site_setting"))
        db.session.commit()
