"""2-D map coordinates for ideas: similar ideas lie close together.

The TF-IDF features are reduced by truncated SVD (at most ``DIMENSIONS`` components),
normalised to unit length, and projected onto their two principal axes (PCA, exact
solver). Coordinates are scaled so that the largest absolute value is 1 and rounded to
six decimals. Deterministic and independent of the order of the ideas; signs are fixed
by the SVD sign convention, so the same ideas always give the same picture.

Ideas without content words (emoji, only stop words) sit at the origin.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import numpy as np
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.preprocessing import normalize

from .corpus import canonical_order
from .features import build_features

__all__ = ["project_2d"]

DIMENSIONS = 50
RANDOM_STATE = 0


def project_2d(ideas: Mapping[Hashable, str]) -> dict[Hashable, tuple[float, float]]:
    """An ``(x, y)`` position in [-1, 1]² for every idea (see module docstring)."""
    keys, texts = canonical_order(ideas)
    if not keys:
        return {}
    features = build_features(texts)
    filled = np.flatnonzero(~features.empty_rows())
    coordinates = np.zeros((len(keys), 2))
    if len(filled) >= 2:
        matrix = features.matrix[filled]
        dimensions = min(DIMENSIONS, len(filled) - 1, matrix.shape[1] - 1)
        if dimensions >= 2:
            points = TruncatedSVD(dimensions, algorithm="randomized", random_state=RANDOM_STATE).fit_transform(matrix)
        else:
            points = matrix.toarray()
        points = normalize(points)
        components = min(2, points.shape[1], len(filled))
        if np.ptp(points, axis=0).max() > 1e-12:
            projected = PCA(n_components=components, svd_solver="full").fit_transform(points)
            coordinates[filled, :components] = projected
    scale = np.abs(coordinates).max()
    if scale > 1e-12:
        coordinates /= scale
    coordinates = np.round(coordinates, 6) + 0.0  # "+ 0.0" turns -0.0 into 0.0
    return {key: (float(x), float(y)) for key, (x, y) in zip(keys, coordinates)}
