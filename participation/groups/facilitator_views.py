"""The facilitator's page (Tischmoderation, secret link limited to one group): hide, correct, merge, paper cards for the group, promote to the plenary, ask for help."""

from . import bp  # noqa: F401  (the routes go on the package blueprint)
