"""Learning from moderator decisions: field vectors from profiles and confirmed ideas.

A field starts as its profile (name, description, keywords). Every idea a moderator has
put into the field is an example of what the field means in this workshop. The field's
vector is a weighted mean of the profile and the centroid of its examples (Rocchio): the
profile counts like ``PROFILE_PRIOR`` examples, so a field with one or two confirmed ideas
is still mostly its keywords, and one with twenty is mostly its examples. In addition an
idea scores with its most similar confirmed examples (nearest neighbours), which catches
fields that are about several distinct things ("Bus" and "Radweg" in "Mobilität").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

__all__ = ["PROFILE_PRIOR", "NEIGHBOUR_WEIGHT", "field_vectors", "field_scores"]

PROFILE_PRIOR = 2.0
"""How many confirmed examples the profile of a field is worth."""

NEIGHBOUR_WEIGHT = 0.3
"""Share of the nearest-neighbour score in the score of a field that has examples."""

NEIGHBOURS = 2


def field_vectors(
    profiles: sp.csr_matrix, examples: sp.csr_matrix, example_fields: Sequence[int]
) -> sp.csr_matrix:
    """One L2-normalised vector per field: profile mixed with the centroid of its examples.

    ``profiles`` has one row per field, ``examples`` one row per confirmed idea and
    ``example_fields`` the row index of each example's field in ``profiles``.
    """
    n_fields = profiles.shape[0]
    if not len(example_fields):
        return normalize(profiles)
    membership = sp.csr_matrix(
        (np.ones(len(example_fields)), (np.asarray(example_fields), np.arange(len(example_fields)))),
        shape=(n_fields, examples.shape[0]),
    )
    counts = np.asarray(membership.sum(axis=1)).ravel()
    centroids = normalize(membership @ examples)
    profile_share = PROFILE_PRIOR / (PROFILE_PRIOR + counts)
    mixed = sp.diags(profile_share) @ normalize(profiles) + sp.diags(1.0 - profile_share) @ centroids
    return normalize(sp.csr_matrix(mixed))


def field_scores(
    ideas: sp.csr_matrix,
    vectors: sp.csr_matrix,
    examples: sp.csr_matrix | None = None,
    example_fields: Sequence[int] = (),
) -> np.ndarray:
    """Score of every idea for every field (cosine), shape ``(ideas, fields)``.

    With examples, a field's score is ``1 - NEIGHBOUR_WEIGHT`` times the cosine with its
    vector plus ``NEIGHBOUR_WEIGHT`` times the mean cosine with its ``NEIGHBOURS`` most
    similar examples (fields without examples use the cosine alone).
    """
    scores = np.asarray((ideas @ vectors.T).toarray())
    if examples is None or not len(example_fields) or NEIGHBOUR_WEIGHT == 0:
        return scores
    example_fields = np.asarray(example_fields)
    fields = np.unique(example_fields)
    examples_t = examples.T.tocsc()
    # In chunks of rows, so that memory stays small for tens of thousands of ideas.
    for start in range(0, ideas.shape[0], _CHUNK):
        similarity = np.asarray((ideas[start : start + _CHUNK] @ examples_t).toarray())
        for field in fields:
            columns = similarity[:, example_fields == field]
            top = min(NEIGHBOURS, columns.shape[1])
            nearest = -np.sort(-columns, axis=1)[:, :top].mean(axis=1)
            block = scores[start : start + _CHUNK, field]
            scores[start : start + _CHUNK, field] = (1.0 - NEIGHBOUR_WEIGHT) * block + NEIGHBOUR_WEIGHT * nearest
    return scores


_CHUNK = 2048
