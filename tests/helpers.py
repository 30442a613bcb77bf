"""Small helpers shared by tests (fixtures live in conftest.py)."""

import os
import re

BACKENDS = [name.strip() for name in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",") if name.strip()]
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TEST_PASSWORD = "richtig-geheim-42"


def redis_test_url(database):
    """The machine's Redis, a database of the tests' own (11 to 15 name them). Tests run in
    pytest-xdist workers side by side; each worker gets its own block of five databases (gw0:
    11 to 15, gw1: 6 to 10, gw2: 1 to 5), so one worker's flush or counter never meets
    another's. Publish/subscribe channels are shared by all databases: on ours messages only
    wake readers, which then read their own database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker[2:]) if worker[2:].isdigit() else 0
    if number > 2:
        raise RuntimeError("at most three pytest-xdist workers share the machine's Redis (TEST_WORKERS<=3)")
    return f"redis://127.0.0.1:6379/{database - 5 * number}"


def empty_database():
    """After a test, inside its app context: end the session, empty PostgreSQL's tables
    (a SQLite file goes with the test's tmp_path) and close the pool."""
    from sqlalchemy import text

    from participation.extensions import db

    db.session.remove()
    if db.engine.dialect.name == "postgresql":
        tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.engine.dispose()


_HASHES = {}


def known_password_hash(password, *args, **kwargs):
    """``generate_password_hash`` with the app's own method, computed once per password and
    test session: scrypt costs a tenth of a second or more per call, and fixtures create a
    moderator for almost every test. The hash is real (method, cost, salt); only fixtures use
    it, so code under test that sets a password still salts anew (see test_login)."""
    from werkzeug.security import generate_password_hash

    key = (password, args, tuple(sorted(kwargs.items())))
    if key not in _HASHES:
        _HASHES[key] = generate_password_hash(password, *args, **kwargs)
    return _HASHES[key]


def known_hashes():
    """A context in which setting a password uses ``known_password_hash``."""
    from unittest.mock import patch

    return patch("participation.auth.models.generate_password_hash", known_password_hash)


class FakeClock:
    """A clock for ``participation.limits.clock`` (every limit and the login throttle read
    it): time passes only when a test says so."""

    def __init__(self, now=1_700_000_000.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


def csrf_token(client):
    """The session's CSRF token; valid for every form of that client."""
    return client.get("/api/session").get_json()["csrf_token"]


def form_token(response):
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    return match.group(1)


def make_participant(workshop, name="anna"):
    """An attendee of ``workshop`` created directly (no browser): nickname ``name.title()``."""
    from participation.database import write_transaction
    from participation.ideas.models import Participant

    with write_transaction() as session:
        participant = Participant(workshop_id=workshop.id, token_hash=name.ljust(64, "0"), nickname=name.title())
        session.add(participant)
    return participant


def post_idea(workshop, participant, text, question=0):
    """``participant`` posts ``text`` to the workshop's question number ``question``."""
    import hashlib

    from participation.ideas.services import submit_idea

    key = "key-%d-%s" % (participant.id, hashlib.sha1(text.encode()).hexdigest()[:16])
    idea, _ = submit_idea(workshop, participant, workshop.questions[question].id, text, key)
    return idea


def wait_until(condition, what, seconds=60):
    """Wait for ``condition()`` to hold; fail with ``what`` after ``seconds``.

    The deadline is generous on purpose: only a thing that never happens fails, however busy
    the machine. How fast things happen is measured in bench/, not judged in tests.
    """
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)
