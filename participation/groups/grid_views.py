"""The moderator's overview of all groups: live activity, help requests, the message to every group wall."""

from . import bp  # noqa: F401  (the routes go on the package blueprint)
