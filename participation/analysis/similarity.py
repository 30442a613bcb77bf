"""Which ideas say nearly the same: the closest ideas to one idea, for merging duplicates.

The cosine of two ideas' TF-IDF rows (:mod:`.features`: word stems, compound parts and
character n-grams, so "Ärztehaus" finds "Aerztehaus" and "Internett" finds "Internet").
:class:`SimilarIdeas` builds the features once for a set of ideas and then answers "most
similar to X" for any of them; :func:`similar_ideas` is the one-off form.
:func:`matches_words` is the plain search a moderator types: every word of the query,
folded like the analysis folds (case, umlauts, ß), occurs in the text.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping

import numpy as np

from .corpus import canonical_order
from .features import build_features
from .normalise import fold

__all__ = ["MIN_SIMILARITY", "SimilarIdeas", "matches_words", "similar_ideas"]

MIN_SIMILARITY = 0.15
"""Below this cosine two ideas share little more than a common word; not a suggestion."""


class SimilarIdeas:
    """Features of a set of ideas (key → text), fitted once, asked many times."""

    def __init__(self, ideas: Mapping[Hashable, str]) -> None:
        self.keys, texts = canonical_order(ideas)
        self._row = {key: row for row, key in enumerate(self.keys)}
        self._matrix = build_features(texts).matrix if texts else None

    def __contains__(self, key: Hashable) -> bool:
        return key in self._row

    def to(
        self,
        key: Hashable,
        *,
        limit: int | None = 5,
        among: Collection[Hashable] | None = None,
        min_score: float = MIN_SIMILARITY,
    ) -> list[tuple[Hashable, float]]:
        """The ideas most similar to ``key``, closest first, as ``(key, cosine)``.

        ``among`` limits the answer to these keys (say, the ideas a merge may go to);
        ``key`` itself is never in it. Equal scores keep the canonical order (by text), so
        the answer does not depend on the order of the mapping. An unknown key has none.
        """
        row = self._row.get(key)
        if row is None or self._matrix is None:
            return []
        scores = np.asarray((self._matrix @ self._matrix[row].T).toarray()).ravel()
        allowed = None if among is None else {self._row[k] for k in among if k in self._row}
        ranked = [
            (self.keys[other], float(scores[other]))
            for other in np.argsort(-scores, kind="stable")
            if other != row and scores[other] >= min_score and (allowed is None or other in allowed)
        ]
        return ranked if limit is None else ranked[:limit]


def similar_ideas(
    ideas: Mapping[Hashable, str], key: Hashable, *, limit: int | None = 5, min_score: float = MIN_SIMILARITY
) -> list[tuple[Hashable, float]]:
    """The ideas of ``ideas`` most similar to the idea ``key``, closest first."""
    return SimilarIdeas(ideas).to(key, limit=limit, min_score=min_score)


def matches_words(text: str, query: str) -> bool:
    """Whether every word of ``query`` occurs in ``text`` (folded: "arzte" finds "Ärzte")."""
    folded = fold(text or "")
    return all(fold(word) in folded for word in (query or "").split())
