"""Similar public ideas: the phone's hint while typing, and the console's possible duplicates.

Only public ideas (``state.is_public``: visible, not merged away) of the one workshop are
ever in the index, so nothing hidden, pending or from another workshop can be answered.
The index (``analysis.SimilarIdeas``) is built once per workshop and kept until the
workshop's public ideas change: a cheap aggregate (count, sum of ids, newest change)
tells, so typing asks the database one small question and fits nothing. While ideas
pour in, an index is rebuilt at most every ``REBUILD_SECONDS`` (fitting 2,000 ideas
takes about half a second of CPU); an older index may miss the newest ideas, but its
answers are checked against the database, so a hidden, merged or edited idea is never
offered with a stale text.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..analysis import SimilarIdeas
from ..extensions import db
from .models import Idea
from .state import public_in

HINTS = 2
"""At most this many similar ideas in the phone's hint."""
MIN_TYPED = 12
"""Typed texts shorter than this (characters, spaces trimmed) get no hint yet."""
MAX_TYPED = 1000
REBUILD_SECONDS = 10
DUPLICATE_PAIRS = 3
INDEX_WINDOW = 3000
"""The phone's hints and the duplicates look at most at a workshop's newest this many public ideas."""
DUPLICATE_WINDOW = 1000
"""In a workshop with more public ideas, possible duplicates are pairs among its newest this many."""
_CACHED_WORKSHOPS = 16

_cache = OrderedDict()  # workshop id → _Entry
_lock = threading.Lock()


@dataclass
class _Entry:
    stamp: tuple
    index: SimilarIdeas
    texts: dict
    owners: dict
    built: float = 0.0
    duplicates: list | None = field(default=None)


def _stamp(workshop):
    count, id_sum, changed = db.session.execute(
        select(func.count(Idea.id), func.coalesce(func.sum(Idea.id), 0), func.max(Idea.updated_at))
        .where(*public_in(workshop))
    ).one()
    return count, id_sum, str(changed)


def _entry(workshop):
    stamp = _stamp(workshop)
    with _lock:
        entry = _cache.get(workshop.id)
        if entry is not None and (entry.stamp == stamp or time.monotonic() - entry.built < REBUILD_SECONDS):
            _cache.move_to_end(workshop.id)
            return entry
    # the newest INDEX_WINDOW public ideas: fitting grows with the ideas (a workshop of
    # 20,000 took seconds of CPU every REBUILD_SECONDS while phones typed)
    rows = db.session.execute(
        select(Idea.id, Idea.text, Idea.participant_id).where(*public_in(workshop))
        .order_by(Idea.id.desc()).limit(INDEX_WINDOW)
    ).all()
    texts = {row.id: row.text for row in rows}
    entry = _Entry(stamp, SimilarIdeas(texts), texts, {row.id: row.participant_id for row in rows}, time.monotonic())
    with _lock:
        _cache[workshop.id] = entry
        _cache.move_to_end(workshop.id)
        while len(_cache) > _CACHED_WORKSHOPS:
            _cache.popitem(last=False)
    return entry


def similar_to_typed(workshop, participant, text):
    """``[(idea id, text)]``: public ideas of ``workshop`` close to ``text``, closest first.

    Never the participant's own ideas (a dot for one's own idea makes no sense), nothing
    for short texts or while others' ideas are not shown on the phones.
    """
    text = (text or "")[:MAX_TYPED]
    if len(" ".join(text.split())) < MIN_TYPED or not workshop.show_ideas_to_attendees:
        return []
    entry = _entry(workshop)
    own = {key for key, owner in entry.owners.items() if participant is not None and owner == participant.id}
    found = [key for key, _ in entry.index.like(text, limit=HINTS + 3, exclude=own)]
    current = _public_texts(workshop, found)
    return [(key, current[key]) for key in found if key in current][:HINTS]


def _public_texts(workshop, ids):
    """``{id: text}`` of those of ``ids`` that are public ideas of ``workshop`` now."""
    if not ids:
        return {}
    rows = db.session.execute(select(Idea.id, Idea.text).where(*public_in(workshop), Idea.id.in_(ids)))
    return {row.id: row.text for row in rows}


def possible_duplicates(workshop, limit=DUPLICATE_PAIRS):
    """``[(idea id, idea id, closeness)]``: the closest pairs of public ideas, closest first."""
    entry = _entry(workshop)
    if entry.duplicates is None:
        if len(entry.texts) > DUPLICATE_WINDOW:
            # a big workshop (an online phase of weeks): pairs among its newest ideas, so
            # the console costs the same at 20,000 ideas as at 1,000 (comparing every pair
            # grows with the square; the merge page's search still finds older ones)
            newest = dict(sorted(entry.texts.items())[-DUPLICATE_WINDOW:])
            entry.duplicates = SimilarIdeas(newest).duplicates(limit=DUPLICATE_PAIRS)
        else:
            entry.duplicates = entry.index.duplicates(limit=DUPLICATE_PAIRS)
    return entry.duplicates[:limit]


def possible_duplicate_ideas(workshop, limit=DUPLICATE_PAIRS):
    """Like :func:`possible_duplicates`, as ``(older idea, newer idea)`` pairs: the newer
    one is the one usually merged into the older."""
    pairs = possible_duplicates(workshop, limit)
    ids = {key for pair in pairs for key in pair[:2]}
    if not ids:
        return []
    ideas = {idea.id: idea for idea in db.session.scalars(select(Idea).where(*public_in(workshop), Idea.id.in_(ids)))}
    found = []
    for first, second, _ in pairs:
        if first in ideas and second in ideas:
            found.append(tuple(sorted((ideas[first], ideas[second]), key=lambda idea: (idea.created_at, idea.id))))
    return found


def clear_cache():
    """Forget every index (tests)."""
    with _lock:
        _cache.clear()
