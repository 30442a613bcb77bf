"""Labelling texts and groups by their most characteristic words."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .display import displayable_columns
from .features import Features, build_features

__all__ = ["top_terms", "group_terms", "label_from_terms", "EMPTY_LABEL"]

EMPTY_LABEL = "Ohne erkennbare Begriffe"
"""Label of a group whose ideas have no content words (emoji, only stop words)."""

LABEL_TERMS = 3


def top_terms(texts: Sequence[str], n: int = 8) -> tuple[str, ...]:
    """The ``n`` words with the highest summed TF-IDF weight in ``texts``, readable.

    Only words worth showing count (nouns and compounds, no filler: see :mod:`.display`).
    Ties are broken alphabetically; texts without content words contribute nothing.
    """
    texts = sorted(text or "" for text in texts)
    if not texts or n <= 0:
        return ()
    features = build_features(texts)
    if not features.n_word:
        return ()
    weights = np.asarray(features.word_block().sum(axis=0)).ravel()
    weights[~displayable_columns(features)] = 0.0
    return _ranked(features, weights, n)


def group_terms(features: Features, rows: np.ndarray, n: int = 8, shown: np.ndarray | None = None) -> tuple[str, ...]:
    """Words that distinguish the ``rows`` of ``features`` from the other rows.

    Score of a word: the share of the group's ideas that use it minus the share of the
    other ideas that do, so that words every group uses ("Kreis", "Dorf") do not label
    every group and a word of a single idea does not label a large group. Words used by
    at least two ideas of the group come first; ties go to the higher mean TF-IDF weight.
    Only words worth showing are named (``shown``, a mask over the word columns from
    :func:`.display.displayable_columns`, computed here if not given).
    """
    if shown is None:
        shown = displayable_columns(features)
    word = features.word_block()
    present = (word > 0).astype(np.float64).tocsr()
    inside_count = np.asarray(present[rows].sum(axis=0)).ravel()
    others = np.setdiff1d(np.arange(word.shape[0]), rows)
    inside = inside_count / max(len(rows), 1)
    outside = np.asarray(present[others].sum(axis=0)).ravel() / len(others) if len(others) else np.zeros_like(inside)
    weight = np.asarray(word[rows].mean(axis=0)).ravel()
    score = np.where(inside_count > 0, inside - outside, -np.inf)
    shared = inside_count >= 2
    # Rank: shared words first, then by score, then by weight (scores combined in a key).
    candidates = np.flatnonzero(np.isfinite(score) & (score > 0) & shown)
    order = sorted(
        candidates,
        key=lambda index: (not shared[index], -round(float(score[index]), 12), -round(float(weight[index]), 12), features.readable[index]),
    )
    return _unique_readable(features, order, n)


def label_from_terms(terms: Sequence[str]) -> str:
    """A group label: its first few terms joined."""
    return ", ".join(terms[:LABEL_TERMS]) if terms else EMPTY_LABEL


def _ranked(features: Features, weights: np.ndarray, n: int) -> tuple[str, ...]:
    order = sorted(
        (index for index in np.flatnonzero(weights > 0)),
        key=lambda index: (-round(float(weights[index]), 12), features.readable[index]),
    )
    return _unique_readable(features, order, n)


def _unique_readable(features: Features, order, n: int) -> tuple[str, ...]:
    terms: list[str] = []
    seen: set[str] = set()
    for index in order:
        word = features.readable[index]
        if word.casefold() not in seen:
            seen.add(word.casefold())
            terms.append(word)
        if len(terms) == n:
            break
    return tuple(terms)
