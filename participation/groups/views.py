"""The moderator's group pages: the list of groups (add, create N, edit, delete), the promotion limit, facilitator links (shown once, new, revoked), printable table cards and posters."""

from . import bp  # noqa: F401  (the routes go on the package blueprint)
