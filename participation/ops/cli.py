"""`flask backup OUT`, `flask restore IN` and `flask retention [--dry-run]`."""

from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from ..extensions import db
from ..i18n.formatting import local_date
from .backup import BackupError, backup_sqlite, inspect_backup, restore_sqlite
from ..workshops.retention import retention_days
from .retention import delete_due_workshops, prune_event_log, purge_stale_counters, upcoming_workshops

# Tables every backup of this app has, whatever its age; a current one has all of them.
CORE_TABLES = {"alembic_version", "moderator", "workshop", "question", "participant", "idea"}


def _sqlite_file_or_guidance(action, path):
    """The SQLite database file; on PostgreSQL, how to ``action`` it with ``path``, and exit 1."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        _postgres_guidance(action, path)
        raise SystemExit(1)
    if not url.database or url.database == ":memory:":
        raise click.ClickException("Eine Datenbank im Arbeitsspeicher lässt sich nicht sichern.")
    return Path(url.database)


@contextmanager
def _reported_as_click_error():
    """A BackupError ends the command with its message, without a traceback."""
    try:
        yield
    except BackupError as error:
        raise click.ClickException(str(error)) from None


def _libpq_url():
    """The PostgreSQL address for pg_dump/pg_restore, without the password."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    return url.render_as_string(hide_password=True).replace(":***@", "@")


def _postgres_guidance(action, path):
    url = _libpq_url()
    click.echo("Die Datenbank ist PostgreSQL: sichern und zurückspielen Sie sie mit den Werkzeugen von PostgreSQL.")
    click.echo("Das Passwort kommt aus ~/.pgpass oder der Umgebungsvariable PGPASSWORD.")
    click.echo("")
    if action == "backup":
        click.echo("  Sichern (im laufenden Betrieb, ein konsistenter Stand):")
        click.echo(f"    pg_dump --format=custom --no-owner --file={path} '{url}'")
    else:
        click.echo("  Zurückspielen (vorher den Server stoppen):")
        click.echo(f"    pg_restore --clean --if-exists --no-owner --single-transaction --dbname='{url}' {path}")
        click.echo("  danach:  flask --app wsgi db upgrade")
    click.echo("")


def _counts(counts):
    names = {"workshop": "Workshops", "idea": "Ideen", "participant": "Teilnehmende", "moderator": "Konten"}
    return ", ".join(f"{label}: {counts[key]}" for key, label in names.items() if key in counts)


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@with_appcontext
def backup_command(out, force):
    """Write a consistent copy of the SQLite database to OUT, while the server runs."""
    source = _sqlite_file_or_guidance("backup", out)
    with _reported_as_click_error():
        counts = backup_sqlite(source, out, current_app.config["SQLITE_BUSY_TIMEOUT_MS"], overwrite=force)
    size = out.stat().st_size / 1024 / 1024
    click.echo(f"Sicherung geschrieben: {out} ({size:.1f} MB; {_counts(counts)}).")
    click.echo("Die Datei enthält alle Ideen und Konten: bewahren Sie sie geschützt auf.")


def _heads():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    return script, set(script.get_heads())


@click.command("restore")
@click.argument("source", metavar="IN", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source, yes):
    """Replace the SQLite database with the backup IN (stop the server first)."""
    target = _sqlite_file_or_guidance("restore", source)
    with _reported_as_click_error():
        tables, revision, counts = inspect_backup(source)
    script, heads = _heads()
    missing = CORE_TABLES - tables
    if revision in heads:
        missing |= {table.name for table in db.metadata.sorted_tables} - tables
    if missing:
        raise click.ClickException(
            f"{source} ist keine Sicherung dieser Anwendung: es fehlen die Tabellen {', '.join(sorted(missing))}."
        )
    try:
        known = script.get_revision(revision) is not None
    except Exception:
        known = False
    if not known:
        raise click.ClickException(
            f"{source} stammt von einer neueren oder fremden Version (Schema {revision}). "
            "Spielen Sie sie mit der Version zurück, die sie geschrieben hat."
        )
    click.echo(f"Sicherung geprüft: {source} ({_counts(counts)}).")
    click.echo(f"Sie ersetzt die Datenbank {target}.")
    click.echo("Stoppen Sie vorher den Server (z. B. systemctl stop participation) und starten Sie ihn danach wieder.")
    if not yes and not click.confirm("Datenbank jetzt ersetzen?", default=False):
        raise click.ClickException("Abgebrochen; nichts wurde geändert.")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    previous = target.with_name(f"{target.name}.before-restore-{stamp}")
    db.session.remove()
    db.engine.dispose()  # this process lets go of the file before it is replaced
    with _reported_as_click_error():
        restored = restore_sqlite(source, target, previous, current_app.config["SQLITE_BUSY_TIMEOUT_MS"])
    click.echo(f"Zurückgespielt: {_counts(restored)}.")
    if previous.exists():
        click.echo(f"Der vorherige Stand liegt in {previous} (löschen Sie ihn, wenn alles passt).")
    if revision not in heads:
        click.echo("Die Sicherung hat ein älteres Schema: führen Sie jetzt  flask --app wsgi db upgrade  aus.")


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Only list what would be deleted.")
@with_appcontext
def retention_command(dry_run):
    """Delete workshops closed more than RETENTION_DAYS days ago (for cron)."""
    if not dry_run:
        purge_stale_counters()
        prune_event_log()  # paging (issue 23): the live event log keeps what catch-up needs
    days = retention_days()
    if days <= 0:
        click.echo("Automatisches Löschen ist ausgeschaltet (RETENTION_DAYS = 0).")
        return
    done = delete_due_workshops(dry_run=dry_run)
    verb = "Würde löschen" if dry_run else "Gelöscht"
    for item in done:
        click.echo(f"{verb}: „{item.title}“ ({item.code}), geschlossen am {local_date(item.closed)}")
    if not done:
        click.echo(f"Nichts zu löschen (Workshops werden {days} Tage nach dem Schließen gelöscht).")
    elif dry_run:
        click.echo(f"{len(done)} Workshop(s) würden gelöscht; ohne --dry-run wird gelöscht.")
    else:
        click.echo(f"{len(done)} Workshop(s) gelöscht.")
    for item in upcoming_workshops():
        click.echo(f"Demnächst: „{item.title}“ ({item.code}) wird am {local_date(item.deletion)} gelöscht.")
