"""The rows of the Handlungsfelder page: every idea with its field and how sure the
analysis is of it, searchable, filterable and ordered weakest match first, or
"Unsichere zuerst": the undecided ideas with the smallest lead of the best field over
the second-best first, where a moderator's decision teaches the analysis the most
(active learning; see :func:`participation.analysis.confidence.least_certain_first`).

The confidence needs the score of the second-best field, which is not stored (no
column for it); the analysis is run once more for the page, outside any transaction,
like ``run_analysis`` does (about 0.1 s for 500 ideas). Its result is kept per workshop
and event number: every change that could alter it (an idea posted, edited, moved or
hidden, a field edited, an analysis run) is an event, so searching, filtering and paging
through an unchanged workshop do not run it again.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from ..analysis import assign_to_fields
from ..analysis.confidence import GUESSED, SURE, UNSURE, confidence, margin, strength
from ..core.forms import search_words
from ..events.log import latest_seq
from .services import analysable_ideas, field_specs

DECIDED, NO_FIELD = "decided", "none"
NO_GROUP = "ohne"  # the group filter's value for ideas of no group
LEVELS = (GUESSED, NO_FIELD, UNSURE, SURE, DECIDED)  # weakest first
ORDERS = ("field", "weakest", "uncertain")
_UNCERTAIN_RANK = {GUESSED: 0, NO_FIELD: 0, UNSURE: 1, SURE: 2, DECIDED: 3}


@dataclass
class Row:
    idea: object
    level: str
    strength: float
    key: str = ""  # keyboard key of the idea's field ("1" .. "9", "0"), if any
    margin: float = 0.0  # lead of the best field over the second-best (undecided ideas)
    second: object = None  # the second-best field, when it came close (for "Unsichere zuerst")
    evidence: float = 0.0  # score of the best field: among equal margins, a tie of two good fields first


@dataclass
class View:
    """What the person asked to see (GET parameters), cleaned."""

    q: str = ""
    field: str = ""  # a field id, "none" or "" (all)
    level: str = ""
    order: str = "field"
    group: str = ""  # ``?gruppe=``: a group id, "ohne" (ideas of no group) or "" (all)

    @classmethod
    def from_args(cls, args):
        order = args.get("order", "field")
        level = args.get("level", "")
        return cls(
            q=search_words(args.get("q")),
            field=args.get("field", "").strip()[:12],
            level=level if level in LEVELS else "",
            order=order if order in ORDERS else "field",
            group=args.get("gruppe", "").strip()[:12],
        )

    def params(self):
        """The non-default parameters, to carry through a move and its redirect."""
        return {name: value for name, value in (("q", self.q), ("field", self.field), ("level", self.level),
                                                  ("order", self.order if self.order != "field" else ""),
                                                  ("gruppe", self.group)) if value}


def field_keys(workshop):
    """{field id: key}: the first ten fields are moved to with the keys 1 .. 9 and 0."""
    return {field.id: str((number + 1) % 10) for number, field in enumerate(workshop.fields[:10])}


_CACHE_SIZE = 8  # workshops sorted at the same time by one worker
_cache = OrderedDict()  # (workshop id, join code, event seq) -> assignments
_cache_lock = threading.Lock()


def _assignments(workshop, ideas, seq):
    # The join code is random: tests reuse ids and event numbers on fresh databases
    key = (workshop.id, workshop.code, seq)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    open_texts = {idea.id: idea.text for idea in ideas if not idea.field_confirmed or idea.field_id is not None}
    examples = {idea.id: idea.field_id for idea in ideas if idea.field_confirmed and idea.field_id is not None}
    fresh = assign_to_fields(open_texts, field_specs(workshop), examples) if open_texts else {}
    with _cache_lock:
        _cache[key] = fresh
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return fresh


def rows(workshop, ideas=None):
    """A Row per idea the room sees, in field order then strongest first."""
    seq = latest_seq(workshop.id)  # before the ideas are read: the key is never newer than they are
    ideas = analysable_ideas(workshop) if ideas is None else ideas
    fresh = _assignments(workshop, ideas, seq)
    keys = field_keys(workshop)
    fields = {field.id: field for field in workshop.fields}
    result = []
    for idea in ideas:
        assignment = fresh.get(idea.id)
        lead, second, evidence = 9.0, None, 0.0
        if idea.field_confirmed:
            level, value = DECIDED, 9.0
        elif idea.field_id is None:
            level, value = NO_FIELD, -1.0
            if assignment is not None:
                lead, evidence = margin(assignment.score, assignment.runner_up), assignment.score
        else:
            score = idea.field_score or 0.0
            current = assignment is not None and assignment.field_key == idea.field_id
            runner_up = assignment.runner_up if current else score
            level, value = confidence(score, runner_up), strength(score, runner_up)
            lead, evidence = margin(score, runner_up), score
            if current and level != SURE:
                second = fields.get(assignment.runner_up_key)
        result.append(Row(idea, level, value, keys.get(idea.field_id, ""), lead, second, evidence))
    position = {field.id: number for number, field in enumerate(workshop.fields)}
    result.sort(key=lambda row: (position.get(row.idea.field_id, len(position)), -row.strength, row.idea.id))
    return result


def visible(all_rows, view, keep=None):
    """The rows ``view`` asks for, in its order; ``keep``: an idea id shown regardless
    (the one just moved, so the person does not lose it)."""
    needle = view.q.casefold()
    chosen = []
    for row in all_rows:
        idea = row.idea
        matches = (
            (not needle or needle in idea.text.casefold())
            and (not view.field or view.field == str(idea.field_id if idea.field_id is not None else "none"))
            and (not view.level or view.level == row.level)
            and (not view.group or view.group == str(idea.group_id if idea.group_id is not None else NO_GROUP))
        )
        if matches or idea.id == keep:
            chosen.append(row)
    if view.order == "weakest":
        chosen.sort(key=lambda row: (LEVELS.index(row.level), row.strength, row.idea.id))
    elif view.order == "uncertain":
        # by the words first (a "sicher" above an "unsicher" would look like a mistake), then
        # within them the smallest lead first (an idea that matches no field has none); among
        # equal leads a tie of two good fields before an idea without any match
        chosen.sort(key=lambda row: (_UNCERTAIN_RANK[row.level], row.margin, -row.evidence, row.idea.id))
    return chosen


MOST_ROWS = 5000  # rows one page draws at most, however often "more" was followed


def first_rows(chosen, limit, step, keep=None):
    """The first ``limit`` of ``chosen`` (and the row of idea ``keep``, wherever it is) and
    how many rows the "more" link asks for, or None when these are all.

    A workshop open for weeks has thousands of ideas; a page with every row was megabytes
    (7 MB at 5,000 ideas). Counts and filters still cover every idea."""
    shown = chosen[:limit]
    if keep is not None and all(row.idea.id != keep for row in shown):
        shown += [row for row in chosen[limit:] if row.idea.id == keep]
    more = None
    if len(chosen) > limit and limit < MOST_ROWS:
        more = min(MOST_ROWS, limit + step)  # the link draws the page again with a page more
    return shown, more


def counts(workshop, all_rows):
    """Ideas per field (and "none") and per level, for the filters."""
    by_field = {field.id: 0 for field in workshop.fields}
    by_field["none"] = 0
    by_level = dict.fromkeys(LEVELS, 0)
    for row in all_rows:
        by_field[row.idea.field_id if row.idea.field_id in by_field else "none"] += 1
        by_level[row.level] += 1
    return by_field, by_level
