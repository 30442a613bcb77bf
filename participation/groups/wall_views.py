"""A group's wall (a tablet on the table, a shared screen in a breakout room): only the group's ideas, live; the moderator's message."""

from . import bp  # noqa: F401  (the routes go on the package blueprint)
