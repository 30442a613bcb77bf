"""Database ids from URLs, forms and query strings, bounded to what every database stores.

SQLite raises OverflowError (a 500) on integers beyond 64 bits, PostgreSQL on ids beyond
its integer column; an out-of-range id is simply an id that does not exist.
"""

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def parse_id(value):
    """A positive id from user input, or None (for "abc", "²", "-3", "1e9", huge numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value or "").strip()
        if not text.isascii() or not text.isdigit():
            return None
        number = int(text)
    return number if 1 <= number <= MAX_ID else None


class IdConverter(IntegerConverter):
    """``<int:...>`` in URLs, refusing numbers no row can have (404 instead of a 500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)
