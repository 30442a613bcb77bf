"""Labelling texts and groups by their most characteristic words."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .features import Features, build_features

__all__ = ["top_terms", "group_terms", "label_from_terms", "EMPTY_LABEL"]

EMPTY_LABEL = "Ohne erkennbare Begriffe"
"""Label of a group whose ideas have no content words (emoji, only stop words)."""

LABEL_TERMS = 3


def top_terms(texts: Sequence[str], n: int = 8) -> tuple[str, ...]:
    """The ``n`` words with the highest summed TF-IDF weight in ``texts``, readable.

    Ties are broken alphabetically; texts without content words contribute nothing.
    """
    texts = sorted(text or "" for text in texts)
    if not texts or n <= 0:
        return ()
    features = build_features(texts)
    if not features.n_word:
        return ()
    weights = np.asarray(features.word_block().sum(axis=0)).ravel()
    return _ranked(features, weights, n)


def group_terms(features: Features, rows: np.ndarray, n: int = 8) -> tuple[str, ...]:
    """Words that distinguish the ``rows`` of ``features`` from the other rows.

    Score of a word: its mean weight inside the group minus its mean weight outside, so
    that words every group uses ("digital", "App") do not label every group.
    """
    word = features.word_block()
    inside = np.asarray(word[rows].mean(axis=0)).ravel()
    others = np.setdiff1d(np.arange(word.shape[0]), rows)
    outside = np.asarray(word[others].mean(axis=0)).ravel() if len(others) else np.zeros_like(inside)
    weights = np.where(inside > 0, inside - outside, 0.0)
    return _ranked(features, weights, n)


def label_from_terms(terms: Sequence[str]) -> str:
    """A group label: its first few terms joined."""
    return ", ".join(terms[:LABEL_TERMS]) if terms else EMPTY_LABEL


def _ranked(features: Features, weights: np.ndarray, n: int) -> tuple[str, ...]:
    order = sorted(
        (index for index in np.flatnonzero(weights > 0)),
        key=lambda index: (-round(float(weights[index]), 12), features.readable[index]),
    )
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
