"""Learning from moderator decisions: confirmed ideas as evidence for their field.

A field is first of all its profile (name, description, keywords): in workshop data the
keywords a moderator wrote describe a field far better than a handful of example ideas
(on our development data even a classifier trained on half of the labels loses against
the keyword profiles). So confirmed ideas add evidence instead of replacing the profile:

* nearest neighbours: an idea that closely resembles a confirmed idea (cosine above
  ``NEIGHBOUR_THRESHOLD``) gains the excess similarity for that idea's field, so near
  duplicates and rephrasings follow the moderator's decision;
* centroid: the field's confirmed ideas, minus what all ideas have in common, form a
  second profile; its cosine, weighted by ``CENTROID_WEIGHT`` and by how many examples
  there are (``n / (n + PROFILE_PRIOR)``), is added too. This carries fields that have
  few keywords (e.g. a field adopted from a discovered group) once examples exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from .features import unit_rows

__all__ = ["FieldScorer", "field_scores", "example_centroids", "fit_field_scorer"]

PROFILE_PRIOR = 2.0
"""How many confirmed examples the profile of a field is worth."""
CENTROID_WEIGHT = 0.5
NEIGHBOUR_WEIGHT = 1.0
NEIGHBOUR_THRESHOLD = 0.3
_CHUNK = 2048


def example_centroids(
    examples: sp.csr_matrix, example_fields: Sequence[int], n_fields: int, background: sp.csr_matrix
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Distinctive centroid of each field's examples and the number of examples per field.

    The centroid is the mean of the examples minus the mean of all ideas (``background``),
    clipped at zero and L2-normalised: words every idea uses do not pull.
    """
    if not len(example_fields):
        return sp.csr_matrix((n_fields, examples.shape[1])), np.zeros(n_fields)
    membership = sp.csr_matrix(
        (np.ones(len(example_fields)), (np.asarray(example_fields), np.arange(len(example_fields)))),
        shape=(n_fields, examples.shape[0]),
    )
    counts = np.asarray(membership.sum(axis=1)).ravel()
    means = (sp.diags(1.0 / np.maximum(counts, 1)) @ membership @ examples).tocsr()
    common = np.asarray(background.mean(axis=0)).ravel()
    # Subtract only where the centroid has weight: keeps the result sparse.
    means.data -= common[means.indices]
    means.data = np.maximum(means.data, 0.0)
    means.eliminate_zeros()
    return unit_rows(means), counts


def field_scores(
    ideas: sp.csr_matrix,
    profiles: sp.csr_matrix,
    examples: sp.csr_matrix | None = None,
    example_fields: Sequence[int] = (),
) -> tuple[np.ndarray, sp.csr_matrix]:
    """Scores of every idea for every field, shape ``(ideas, fields)``, and field vectors.

    The field vectors (profile plus weighted centroid, one row per field) are what an
    assignment is explained against: the words an idea shares with them.
    """
    scorer = fit_field_scorer(ideas, profiles, examples, example_fields)
    return scorer.scores(ideas), scorer.vectors


@dataclass
class FieldScorer:
    """What :func:`field_scores` learned from the ideas it was fitted on: the unit
    profiles, the weighted example centroids (whose background is the mean of the fitted
    ideas) and the examples. :meth:`scores` gives each row's scores from that row alone."""

    profiles: sp.csr_matrix
    vectors: sp.csr_matrix
    weighted: sp.csr_matrix | None = None
    examples_t: sp.csc_matrix | None = None
    example_fields: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def scores(self, ideas: sp.csr_matrix) -> np.ndarray:
        scores = np.asarray((ideas @ self.profiles.T).toarray())
        if self.weighted is None:
            return scores
        scores += np.asarray((ideas @ self.weighted.T).toarray())
        # In chunks of rows, so that memory stays small for tens of thousands of ideas.
        for start in range(0, ideas.shape[0], _CHUNK):
            similarity = np.asarray((ideas[start : start + _CHUNK] @ self.examples_t).toarray())
            for field_ in np.unique(self.example_fields):
                nearest = similarity[:, self.example_fields == field_].max(axis=1)
                scores[start : start + _CHUNK, field_] += NEIGHBOUR_WEIGHT * np.maximum(nearest - NEIGHBOUR_THRESHOLD, 0.0)
        return scores


def fit_field_scorer(
    ideas: sp.csr_matrix,
    profiles: sp.csr_matrix,
    examples: sp.csr_matrix | None = None,
    example_fields: Sequence[int] = (),
) -> FieldScorer:
    """The :class:`FieldScorer` of :func:`field_scores`; ``ideas`` only give the background."""
    vectors = unit_rows(profiles)  # no columns at all (no idea has a word): no error
    if examples is None or not len(example_fields):
        return FieldScorer(vectors, vectors)
    n_fields = profiles.shape[0]
    centroids, counts = example_centroids(examples, example_fields, n_fields, ideas)
    weighted = sp.diags(CENTROID_WEIGHT * counts / (counts + PROFILE_PRIOR)) @ centroids
    return FieldScorer(vectors, unit_rows(vectors + weighted), weighted, examples.T.tocsc(), np.asarray(example_fields))
