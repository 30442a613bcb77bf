"""Online backup and restore of the SQLite database (plain sqlite3, no Flask).

Backup uses SQLite's backup API in one step: it reads one consistent snapshot while the
server goes on writing (WAL: readers never block the writer), writes it to a temporary
file next to the target, checks it, and renames it into place. The copy is a single file
in rollback-journal mode, readable only by its owner (it holds attendees' texts).

Restore copies a checked backup into the live database file through the same API, so
SQLite's own locking and journal do the replacing: no renamed files, no stale ``-wal``
file that could be replayed onto the restored data. The database as it was before is
first saved next to it.
"""

import os
import sqlite3
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    pass


def _connect(path, timeout_ms, read_only=False):
    if read_only:
        connection = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, timeout=timeout_ms / 1000)
    else:
        connection = sqlite3.connect(str(path), timeout=timeout_ms / 1000)
    connection.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
    return connection


def _fsync(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _integrity(connection):
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    return rows == ["ok"], rows


def backup_sqlite(source, target, timeout_ms=15000, overwrite=False):
    """Write a consistent copy of the database ``source`` to ``target``; returns table row counts."""
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise BackupError(f"Die Datenbank {source} gibt es nicht.")
    if target.exists() and not overwrite:
        raise BackupError(f"{target} gibt es schon. Wählen Sie einen anderen Namen oder --force.")
    if target.resolve() == source.resolve():
        raise BackupError("Die Sicherung kann nicht die Datenbank selbst sein.")
    partial = target.with_name(f".{target.name}.part")
    partial.unlink(missing_ok=True)
    # Created empty with owner-only permissions before SQLite writes anything into it.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        origin = _connect(source, timeout_ms)
        copy = _connect(partial, timeout_ms)
        try:
            origin.backup(copy)  # pages=-1: the whole database in one step, one snapshot
            copy.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
            healthy, problems = _integrity(copy)
            if not healthy:
                raise BackupError("Die Sicherung ist beschädigt: " + "; ".join(problems[:5]))
            counts = _row_counts(copy)
        finally:
            copy.close()
            origin.close()
        _fsync(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return counts


def _row_counts(connection, tables=("workshop", "idea", "participant", "moderator")):
    present = _tables(connection)
    return {table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in tables if table in present}


def _tables(connection):
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def inspect_backup(path, timeout_ms=15000):
    """Check a backup file: SQLite, intact; returns (tables, migration revision or None, row counts)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Die Datei {path} gibt es nicht.")
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path} ist keine SQLite-Datenbank.")
    try:
        connection = _connect(path, timeout_ms, read_only=True)
    except sqlite3.Error as error:
        raise BackupError(f"{path} lässt sich nicht öffnen: {error}") from None
    try:
        healthy, problems = _integrity(connection)
        if not healthy:
            raise BackupError(f"{path} ist beschädigt (integrity_check): " + "; ".join(problems[:5]))
        tables = _tables(connection)
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return tables, revision, _row_counts(connection)
    except sqlite3.Error as error:
        raise BackupError(f"{path} lässt sich nicht lesen: {error}") from None
    finally:
        connection.close()


def restore_sqlite(source, target, keep_previous_as, timeout_ms=15000):
    """Replace the contents of database ``target`` with the checked backup ``source``.

    The database as it was is first written to ``keep_previous_as`` (if it exists).
    Returns the row counts of the restored database.
    """
    source, target = Path(source), Path(target)
    if target.exists():
        backup_sqlite(target, keep_previous_as, timeout_ms)
    origin = _connect(source, timeout_ms, read_only=True)
    live = _connect(target, timeout_ms)
    try:
        try:
            origin.backup(live)
        except sqlite3.OperationalError as error:
            raise BackupError(
                f"Die Datenbank konnte nicht ersetzt werden ({error}). Läuft der Server noch? "
                "Bitte stoppen Sie ihn und versuchen Sie es noch einmal."
            ) from None
        healthy, problems = _integrity(live)
        if not healthy:
            raise BackupError("Nach dem Zurückspielen ist die Datenbank beschädigt: " + "; ".join(problems[:5]))
        return _row_counts(live)
    finally:
        live.close()
        origin.close()
