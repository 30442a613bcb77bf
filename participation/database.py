"""Database engine tuning and the write-transaction helper every service uses.

SQLite is the embedded default and must survive several gunicorn workers writing at
once. Three things make that work:

* WAL journal, so readers never block the single writer;
* ``busy_timeout``, so a writer waits for the lock instead of failing;
* write transactions opened with ``BEGIN IMMEDIATE``. A deferred transaction that reads
  first and writes later cannot wait for the lock: SQLite answers SQLITE_BUSY at once,
  whatever the busy timeout, because its snapshot may be stale. Taking the write lock
  at BEGIN lets the busy timeout do its job;
* writers queue for that lock on a lock file beside the database (a thread lock inside
  the process, ``flock`` between processes), once they hold a pooled connection, so
  that no writer waits for the pool while others wait for it. SQLite's busy timeout
  makes a waiting writer sleep and retry, up to 100 ms at a time, so with a hall of
  phones posting the lock sat idle while writers slept and posts took seconds; a
  queued writer wakes the moment the one before it commits.

PostgreSQL needs none of this; there ``write_transaction`` is a plain transaction.
"""

import fcntl
import os
import threading
import weakref
from contextlib import contextmanager

from sqlalchemy import event, exc

from .extensions import db

WRITE_OPTION = "participation_write"
PLAIN_READ_OPTION = "participation_plain_read"  # SQLite: no BEGIN, see ``read_row``
_QUEUES = {}
_QUEUES_LOCK = threading.Lock()


class WriterQueue:
    """One writer at a time across threads and processes; re-entrant within a thread."""

    def __init__(self, path):
        self.path = path
        self._thread_lock = threading.RLock()
        self._local = threading.local()
        self._fd, self._pid = None, None

    def _file(self):
        if self._pid != os.getpid():  # a forked worker needs its own open file for flock
            self._fd, self._pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
        return self._fd

    def acquire(self):
        self._thread_lock.acquire()
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            try:
                fcntl.flock(self._file(), fcntl.LOCK_EX)
            except BaseException:
                self._thread_lock.release()
                raise
        self._local.depth = depth + 1

    def release(self):
        self._local.depth -= 1
        if self._local.depth == 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._thread_lock.release()


def writer_queue(engine):
    """The queue of ``engine``'s writers, or None off SQLite (nothing to queue for)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = os.path.abspath(database) + "-writers.lock"
    with _QUEUES_LOCK:
        return _QUEUES.setdefault(path, WriterQueue(path))


def configure_engine(engine, busy_timeout_ms):
    """Install SQLite connection pragmas and explicit BEGIN handling on ``engine``."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")  # deleted texts are overwritten in the file
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        options = connection.get_execution_options()
        if options.get(PLAIN_READ_OPTION):
            return  # one statement in SQLite's autocommit mode: its own snapshot, no BEGIN
        take_turn = options.get(WRITE_OPTION)
        if take_turn:
            if callable(take_turn):
                take_turn()  # queue now that the pool has given a connection, not before
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


@contextmanager
def write_transaction(keep_loaded=False):
    """Run the block in one write transaction, committed at the end, rolled back on error.

    Any read transaction the request has open is finished first, so that on SQLite the
    block starts with ``BEGIN IMMEDIATE`` and holds the write lock until it commits.
    Finishing it expires every object read so far, which the block then reads again
    while every other writer waits. ``keep_loaded`` keeps them as read: for a block that
    uses only what cannot have changed since (ids, a participant's token hash) and
    re-reads, under the lock, whatever it decides on.
    """
    session = end_reading(keep_loaded)
    queue, turns = writer_queue(db.engine), []

    def take_turn():
        if queue is not None:
            queue.acquire()
            turns.append(queue)

    try:
        session.connection(execution_options={WRITE_OPTION: take_turn})
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        for held in turns:
            held.release()


def read_row(statement, params):
    """The first row of one read ``statement``, read outside a transaction where it can be.

    For the requests a hall sends most (``ideas.posting.load_posting``). Inside the
    session's transaction, if one is open: a second connection per thread could exhaust
    the pool under load (every thread holding one, waiting for another;
    tests/groups/test_grid_load.py). Otherwise on a pooled connection of its own (the
    thread holds no other), with no transaction: on SQLite no BEGIN (the statement is its
    own snapshot) and nothing to commit; on PostgreSQL one round trip instead of three
    (BEGIN, SELECT, COMMIT), sent by the driver itself (``_read_on_driver``). The session
    stays without a transaction, so the write after it starts afresh without one to end.
    """
    session = db.session()
    if session.in_transaction():
        return session.connection().execute(statement, params).first()
    if is_sqlite():
        with db.engine.connect().execution_options(**{PLAIN_READ_OPTION: True}) as connection:
            return connection.execute(statement, params).first()
    return _read_on_driver(statement, params)


class _DriverRead:
    """A read statement compiled once for the engine's dialect, with what turns its row's
    values into what SQLAlchemy would return (aware datetimes of ``UTCDateTime``, say)."""

    def __init__(self, statement, dialect):
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.defaults = compiled.params  # every bind by name, with its value where the statement has one
        self.dialect = dialect
        self.types = [column.type.dialect_impl(dialect) for column in getattr(statement, "selected_columns", ())]
        self.processors = None  # known once the driver has described a result (some depend on its types)

    def row(self, values, description):
        if self.processors is None:
            # a text() statement has no column types, nor a row without conversions: values as read ([])
            processors = [type_.result_processor(self.dialect, column.type_code)
                          for type_, column in zip(self.types, description)]
            self.processors = processors if any(processors) else []
        if not self.processors:
            return tuple(values)
        return tuple(value if process is None else process(value) for value, process in zip(values, self.processors))


_DRIVER_READS = weakref.WeakKeyDictionary()  # statement -> _DriverRead, as long as the statement lives


def _read_on_driver(statement, params):
    """PostgreSQL: ``statement``'s first row, on a pooled connection in the driver's
    autocommit mode, without SQLAlchemy's execution layers.

    The posting read is half of what a post costs the server in Python beside the write;
    through ``Connection.execute`` (an AUTOCOMMIT connection set up and reset, an
    execution context, a result object) it cost twice what psycopg needs for it. Errors
    come out as SQLAlchemy's (``DBAPIError`` and its kinds), and a connection the server
    dropped is taken out of the pool, as on SQLAlchemy's own path."""
    engine = db.engine
    read = _DRIVER_READS.get(statement)
    if read is None:
        read = _DRIVER_READS.setdefault(statement, _DriverRead(statement, engine.dialect))
    connection = engine.raw_connection()
    try:
        driver = connection.driver_connection
        try:
            driver.autocommit = True
            cursor = driver.execute(read.sql, {**read.defaults, **params})
            values, description = cursor.fetchone(), cursor.description
            driver.autocommit = False
        except engine.dialect.loaded_dbapi.Error as error:
            connection.invalidate(error)  # not back into the pool in autocommit mode, or broken
            raise driver_error(error, read.sql, driver) from error
    finally:
        connection.close()
    return None if values is None else read.row(values, description)


def driver_error(error, sql, driver_connection):
    """SQLAlchemy's exception (``DBAPIError`` or the kind it maps to: ``IntegrityError``,
    ``OperationalError``, ...) for the driver's ``error`` of a statement the app sent on the
    driver's own connection, with its parameters hidden as the engine hides them."""
    dialect = db.engine.dialect
    return exc.DBAPIError.instance(sql, None, error, dialect.loaded_dbapi.Error, hide_parameters=True,
                                   connection_invalidated=dialect.is_disconnect(error, driver_connection, None),
                                   dialect=dialect)


def end_reading(keep_loaded=False):
    """Finish the request's read transaction, if one is open; returns the session.

    On SQLite a read transaction sees the database as it was when it began: what another
    thread committed since (a post written with others, see ``core.group_commit``) shows
    only in the next one. ``keep_loaded`` as for ``write_transaction``.
    """
    session = db.session()  # the request's Session behind the scoped proxy
    if session.in_transaction():
        if keep_loaded:
            expire, session.expire_on_commit = session.expire_on_commit, False
            try:
                session.commit()
            finally:
                session.expire_on_commit = expire
        else:
            session.commit()
    return session


def checkpoint():
    """On SQLite, copy the WAL into the database file and empty it.

    With ``secure_delete`` a deletion overwrites the rows in the database pages, but the
    WAL still holds earlier versions of those pages until a checkpoint; after deleting a
    workshop nothing of it may stay on disk. Waits for readers (busy timeout) and
    returns whether the WAL is empty now. Elsewhere a no-op that returns True.
    """
    if not is_sqlite():
        return True
    with db.engine.connect() as connection:
        busy, _frames, _copied = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    return not busy


def is_sqlite(engine=None):
    return (engine or db.engine).dialect.name == "sqlite"

