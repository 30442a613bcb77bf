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
    """``<int:...>`` in URLs: numbers no row can have become 0, an id no row has.

    Not a routing failure (werkzeug's ``max``): a rule refused by its converter after a
    sibling rule on the same path refused the method turns into a 405, so DELETE
    /api/.../ideas/<huge>/vote answered 405 where POST answered 404. As 0, the view looks
    the id up like any other and answers 404 for every method.
    """

    def to_python(self, value):
        number = super().to_python(value)
        return number if number <= MAX_ID else 0
