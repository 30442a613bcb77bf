"""Joining a group from the phone: the group's own short link, and choosing or changing the group on the workshop page."""

from . import bp  # noqa: F401  (the routes go on the package blueprint)
