"""An automatic step ends exactly once while several server processes race for it.

Two gunicorn instances (two workers each) share one database (PostgreSQL with Redis, and
SQLite for a single machine); every worker runs the run sheet's ticker at its default
interval. A 2-second automatic collecting step is followed by a voting step: when its time
is up, all tickers find it due at about the same moment, and the conditional update on
the step lets one of them move on. The event log shows the advance once, the voting step
starts once (at the moment the collecting step ended) and the collecting step's record is
kept once.

Nothing here asks ``phase.json`` (which would move the step on itself): the test reads
the shared database directly, so only the tickers act.
"""

import contextlib
import json
import subprocess
import time
import urllib.request

import pytest
import redis
from sqlalchemy import create_engine, text

from helpers import BACKENDS, POSTGRES_URL, redis_test_url
from servers import BIN, ROOT, flask, gunicorn, postgres_schema, server_env

pytestmark = pytest.mark.servers

REDIS_URL = redis_test_url(12)
COLLECT_SECONDS = 2
# Generous: on a loaded machine a tick may come late; only a step that never moves on (or
# moves on twice) fails the test.
ADVANCE_DEADLINE = 90
SETTLE_SECONDS = 4  # ticks after the advance in which a second advance would show up

WORKSHOP_SCRIPT = """
import json
from participation import create_app
from participation.auth.services import create_moderator
from participation.extensions import db
from sqlalchemy import text
from participation.phases.services import next_step, replace_steps
from participation.workshops.services import create_workshop
app = create_app()
with app.app_context():
    owner = create_moderator("ticker", "ticker-password-0123456789")
    workshop = create_workshop(owner, "dithmarschen", title="Automatisch weiter")
    replace_steps(workshop, [
        {"kind": "collect", "duration_seconds": %(seconds)d, "auto_advance": True, "title": "Kurz sammeln"},
        {"kind": "vote", "duration_seconds": 300, "title": "Punkten"},
    ])
    db.session.refresh(workshop)
    assert next_step(workshop)
    steps = [step.id for step in workshop.steps]
    # the log's position right after the start: read here, not by the test once this
    # process has ended (on a loaded machine the 2-second step may have ended by then)
    seq = db.session.scalar(text("SELECT event_seq FROM workshop WHERE id = :id"), {"id": workshop.id})
    print(json.dumps({"id": workshop.id, "code": workshop.code, "steps": steps, "seq": seq}))
""" % {"seconds": COLLECT_SECONDS}


def _servers(envs, count=2):
    """Start ``count`` gunicorn instances (two workers each); returns (stack, base URLs)."""
    stack = contextlib.ExitStack()
    bases = [stack.enter_context(gunicorn(env, workers=2, threads=8)) for env in envs[:count]]
    return stack, bases


def _wake_every_worker(bases):
    """Each worker starts its ticker with its first request: knock often enough that
    every worker of every instance has most likely answered one."""
    for base in bases:
        for _ in range(12):
            with urllib.request.urlopen(base + "/", timeout=60):
                pass


@pytest.fixture(params=["postgresql", "sqlite"])
def shared_database(request, tmp_path_factory):
    """(database URL, extra environment) of a fresh database both servers use."""
    if request.param not in BACKENDS:
        pytest.skip(f"needs {request.param} (TEST_DATABASES)")
    if request.param == "postgresql":
        redis.Redis.from_url(REDIS_URL).flushdb()
        try:
            with postgres_schema(POSTGRES_URL, "ticker") as url:
                yield url, {"REDIS_URL": REDIS_URL}
        finally:
            redis.Redis.from_url(REDIS_URL).flushdb()
    else:
        folder = tmp_path_factory.mktemp("ticker-sqlite")
        yield f"sqlite:///{folder / 'participation.sqlite'}", {}


def test_an_automatic_step_moves_on_once_with_two_servers_racing(shared_database, tmp_path_factory):
    database_url, extra = shared_database
    envs = [server_env(tmp_path_factory.mktemp(f"ticker-{name}"), DATABASE_URL=database_url, **extra)
            for name in ("a", "b")]
    flask(envs[0], "db", "upgrade")
    engine = create_engine(database_url)
    try:
        stack, bases = _servers(envs)
        with stack:
            _wake_every_worker(bases)
            made = subprocess.run([str(BIN / "python"), "-c", WORKSHOP_SCRIPT], cwd=ROOT, env=envs[0],
                                  capture_output=True, text=True, check=True)
            workshop = json.loads(made.stdout.strip().splitlines()[-1])
            collect_id, vote_id = workshop["steps"]
            started_seq = workshop["seq"]

            deadline = time.monotonic() + ADVANCE_DEADLINE
            while _current_step(engine, workshop["id"]) != vote_id:
                assert time.monotonic() < deadline, "no ticker moved the automatic step on"
                time.sleep(0.2)
            time.sleep(SETTLE_SECONDS)  # every ticker has had its turn at the ended step
            _wake_every_worker(bases)  # late-started tickers too
            time.sleep(SETTLE_SECONDS)

            phases = _phase_events_after(engine, workshop["id"], started_seq)
            assert len(phases) == 1, f"the advance was announced {len(phases)} times: {phases}"
            announced = phases[0]
            assert announced["step"]["id"] == vote_id and announced["step"]["kind"] == "vote"
            assert announced["votes_hidden"] is True

            collect, vote = _step_rows(engine, collect_id), _step_rows(engine, vote_id)
            assert collect["ended_at"] is not None
            assert _same_moment(collect["ended_at"], collect["ends_at"]), "the step ended at its time, not a tick's"
            assert collect["record"] is not None, "the collecting step kept no record"
            record = collect["record"] if isinstance(collect["record"], dict) else json.loads(collect["record"])
            assert record.get("ideas") == 0
            # started once: at the collecting step's end, never restarted by a later tick
            assert _same_moment(vote["started_at"], collect["ends_at"])
            assert vote["ended_at"] is None and vote["record"] is None
            assert _current_step(engine, workshop["id"]) == vote_id
    finally:
        engine.dispose()


# --- reading the shared database -------------------------------------------------------------


def _current_step(engine, workshop_id):
    with engine.connect() as connection:
        return connection.execute(text("SELECT current_step_id FROM workshop WHERE id = :id"),
                                  {"id": workshop_id}).scalar()


def _phase_events_after(engine, workshop_id, seq):
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT payload FROM event WHERE workshop_id = :id AND kind = 'phase' AND seq > :seq ORDER BY seq"),
            {"id": workshop_id, "seq": seq},
        ).scalars().all()
    return [row if isinstance(row, dict) else json.loads(row) for row in rows]


def _step_rows(engine, step_id):
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT started_at, ends_at, ended_at, record FROM run_step WHERE id = :id"), {"id": step_id}
        ).mappings().one()


def _same_moment(a, b):
    """Two stored times equal (SQLite hands back strings, PostgreSQL datetimes)."""
    return a is not None and b is not None and str(a)[:23].replace("T", " ") == str(b)[:23].replace("T", " ")
