"""Representative ideas of one Handlungsfeld: central to the field and different from each other.

The documentation (participation.reports) quotes a handful of ideas per field. They are
chosen by maximal marginal relevance over the analysis' TF-IDF features
(:func:`.features.build_features`): centrality is an idea's cosine to the field's centroid,
and each further pick trades centrality against its highest cosine to the ideas already
picked (``lam`` centrality, ``1 - lam`` novelty). Near-duplicates of a picked idea (cosine of
at least ``DUPLICATE`` or the same text) are never picked, so a field of copies gets one quote.

Pure and deterministic: the texts are processed in the order of their keys (then text), so
the order they are given in does not change the choice; ties go to the smaller key.
Ideas without content words (emoji only, stop words only) have no features: they are only
picked when nothing else is left, by key.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from .features import build_features

__all__ = ["DUPLICATE", "LAMBDA", "representatives"]

LAMBDA = 0.7
"""Weight of centrality against novelty in the marginal relevance."""

DUPLICATE = 0.85
"""Cosine from which an idea counts as a near-duplicate of a picked one."""

_DIGITS = 9  # scores are rounded before comparing, so float noise never breaks a tie


def _same_text(text: str) -> str:
    return " ".join(str(text or "").casefold().split())


def representatives(
    texts: Sequence[str], keys: Sequence[Hashable] | None = None, k: int = 5, lam: float = LAMBDA
) -> list[int]:
    """Indices (into ``texts``) of up to ``k`` representative ideas, most central first.

    ``keys`` (one per text, sortable, e.g. idea ids or appendix numbers) fix the canonical
    order and break ties; by default the positions.
    """
    count = len(texts)
    if keys is None:
        keys = list(range(count))
    if len(keys) != count:
        raise ValueError("one key per text")
    if count == 0 or k <= 0:
        return []
    order = sorted(range(count), key=lambda index: (keys[index], str(texts[index] or "")))
    canonical = [str(texts[index] or "") for index in order]
    folded = [_same_text(text) for text in canonical]

    matrix = build_features(canonical).matrix  # unit rows; empty rows for texts without features
    has_features = np.asarray(matrix.getnnz(axis=1) > 0)
    centroid = np.asarray(matrix.sum(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    centrality = matrix @ (centroid / norm) if norm > 0 else np.zeros(count)
    centrality = np.round(np.asarray(centrality).ravel(), _DIGITS)

    picked: list[int] = []  # canonical positions
    closest = np.zeros(count)  # highest cosine to a picked idea
    blocked = np.zeros(count, dtype=bool)  # picked, or a near-duplicate of a picked idea
    while len(picked) < min(k, count):
        candidates = np.flatnonzero(~blocked)
        if not len(candidates):
            break
        scores = np.round(lam * centrality - (1.0 - lam) * closest, _DIGITS)
        # ideas with features first; among them the highest score; then the smaller key
        best = min(candidates, key=lambda position: (not has_features[position], -scores[position], position))
        picked.append(int(best))
        similarity = np.asarray((matrix @ matrix[best].T).todense()).ravel()
        closest = np.maximum(closest, similarity)
        blocked |= similarity >= DUPLICATE
        blocked |= np.array([text == folded[best] for text in folded])
        blocked[best] = True
    return [order[position] for position in picked]
