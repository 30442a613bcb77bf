"""`flask retention` writes its dates as German calendar days in Berlin, not in UTC."""

from datetime import datetime, time, timedelta, timezone

from participation.database import write_transaction
from participation.workshops.services import create_workshop, set_open


def _closed_at(moderator, title, when):
    workshop = create_workshop(moderator, "blank", title)
    set_open(workshop, False)
    with write_transaction():
        workshop.closed_at = when
    return workshop


def test_retention_dates_are_berlin_days(app, runner, moderator):
    days = app.config["RETENTION_DAYS"]
    # 23:30 UTC is already the next day in Berlin, summer or winter.
    old = _closed_at(moderator, "Alt", datetime(2020, 12, 31, 23, 30, tzinfo=timezone.utc))
    deletion_day = datetime.now(timezone.utc).date() + timedelta(days=3)
    deletion = datetime.combine(deletion_day, time(23, 30), tzinfo=timezone.utc)
    soon = _closed_at(moderator, "Bald", deletion - timedelta(days=days))

    result = runner.invoke(args=["retention", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert f"Würde löschen: „Alt“ ({old.code}), geschlossen am 01.01.2021\n" in result.output
    berlin_day = (deletion_day + timedelta(days=1)).strftime("%d.%m.%Y")
    assert f"Demnächst: „Bald“ ({soon.code}) wird am {berlin_day} gelöscht.\n" in result.output
