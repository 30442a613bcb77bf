"""Database engine tuning and the write-transaction helper every service uses.

SQLite is the embedded default and must survive several gunicorn workers writing at
once. Three things make that work:

* WAL journal, so readers never block the single writer;
* ``busy_timeout``, so a writer waits for the lock instead of failing;
* write transactions opened with ``BEGIN IMMEDIATE``. A deferred transaction that reads
  first and writes later cannot wait for the lock: SQLite answers SQLITE_BUSY at once,
  whatever the busy timeout, because its snapshot may be stale. Taking the write lock
  at BEGIN lets the busy timeout do its job.

PostgreSQL needs none of this; there ``write_transaction`` is a plain transaction.
"""

from contextlib import contextmanager

from sqlalchemy import event

from .extensions import db

WRITE_OPTION = "participation_write"


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
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write_transaction():
    """Run the block in one write transaction, committed at the end, rolled back on error.

    Any read transaction the request has open is finished first, so that on SQLite the
    block starts with ``BEGIN IMMEDIATE`` and holds the write lock until it commits.
    """
    session = db.session()  # the request's Session behind the scoped proxy
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={WRITE_OPTION: True})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def is_sqlite(engine=None):
    return (engine or db.engine).dialect.name == "sqlite"

