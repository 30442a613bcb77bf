"""Where a duplicate can go: merge targets found by typing and by the text analysis.

A merge target is a public idea (visible, not merged away) other than the idea itself.
Without a search the moderator gets the analysis' suggestions, the closest ideas first;
with one, every public idea whose text holds all the typed words, again the closest
first. The analysis features of a workshop are fitted once per set of texts and kept for
a few workshops, so typing a search does not fit them again for every letter.
"""

import threading
from collections import OrderedDict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..analysis import SimilarIdeas, matches_words
from ..extensions import db
from ..ideas.models import Idea
from ..ideas.state import is_public

SUGGESTIONS = 6
MAX_MATCHES = 12
_CACHED_WORKSHOPS = 8
_cache = OrderedDict()  # workshop id → (fingerprint of its texts, SimilarIdeas)
_cache_lock = threading.Lock()


def _index(workshop_id, texts):
    fingerprint = hash(tuple(sorted(texts.items())))
    with _cache_lock:
        cached = _cache.get(workshop_id)
        if cached is not None and cached[0] == fingerprint:
            _cache.move_to_end(workshop_id)
            return cached[1]
    index = SimilarIdeas(texts)  # outside the lock: fitting takes a tenth of a second
    with _cache_lock:
        _cache[workshop_id] = (fingerprint, index)
        _cache.move_to_end(workshop_id)
        while len(_cache) > _CACHED_WORKSHOPS:
            _cache.popitem(last=False)
    return index


def merge_candidates(workshop, source, query=""):
    """``(ideas, total)``: where ``source`` may be merged into, closest first.

    Without ``query``, the analysis' suggestions (at most ``SUGGESTIONS``); with it, the
    public ideas containing every typed word, closest first, then newest first (at most
    ``MAX_MATCHES`` of ``total`` matches).
    """
    ideas = db.session.scalars(
        select(Idea)
        .where(Idea.workshop_id == workshop.id)
        .options(selectinload(Idea.participant), selectinload(Idea.question))
        .order_by(Idea.created_at.desc(), Idea.id.desc())
    ).all()
    targets = [idea for idea in ideas if is_public(idea) and idea.id != source.id]
    index = _index(workshop.id, {idea.id: idea.text for idea in ideas})
    by_id = {idea.id: idea for idea in targets}
    query = " ".join((query or "").split())
    if not query:
        ranked = index.to(source.id, limit=SUGGESTIONS, among=by_id)
        return [by_id[key] for key, _ in ranked], len(ranked)
    found = [idea for idea in targets if matches_words(f"{idea.text} {idea.nickname or ''}", query)]
    closeness = dict(index.to(source.id, limit=None, among={idea.id for idea in found}, min_score=0.0))
    # sorted() is stable: among equally close ideas (no shared word) the newest first.
    found = sorted(found, key=lambda idea: -closeness.get(idea.id, 0.0))
    return found[:MAX_MATCHES], len(found)
