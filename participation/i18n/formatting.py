"""Dates, times and numbers written the way the current language writes them.

Times are stored in UTC and shown in Europe/Berlin (BABEL_DEFAULT_TIMEZONE). German output
is the one the pages always had: 05.03.2025 · 19:05 · 05.03.2025, 19:05 · 0,85.
"""

from flask_babel import format_date, format_decimal, format_time, get_locale


def local_datetime(value):
    """A stored UTC timestamp as date and time in Berlin ("Mar 5, 2025, 7:05 PM")."""
    if value is None:
        return ""
    date = format_date(value, "medium")
    time = format_time(value, "short")
    return get_locale().datetime_formats["medium"].format(time, date)


def local_time(value):
    """A stored UTC timestamp as the time of day in Berlin ("19:05", "7:05 PM")."""
    return format_time(value, "short") if value is not None else ""


def local_date(value):
    """A calendar date, or the Berlin date of a UTC timestamp ("05.03.2025", "Mar 5, 2025")."""
    return format_date(value, "medium") if value is not None else ""


def decimal(value, digits=2):
    """A number with ``digits`` decimals ("0,85" in German, "0.85" in English)."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0")
