"""Group work: tables in the hall or breakout rooms online (Gruppen).

A moderator adds groups to a workshop; attendees join one by its own link or choose it on
their phone, and their ideas carry it. Each group has a wall of its own, a facilitator
(Tischmoderation) with a secret link limited to the group (hide, fix typos, merge, paper
cards, promote up to N ideas to the plenary, ask for help), and a place in the moderator's
overview. Everything downstream (console, Handlungsfelder, charts, exports) knows the group.

``services`` changes groups, ``rules`` says who may act on a group and its ideas,
``keys`` holds the facilitator links; the pages are in the ``*_views`` modules.
"""

from flask import Blueprint

bp = Blueprint("groups", __name__)
