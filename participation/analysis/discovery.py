"""Discovering groups among ideas: LSA, spherical k-means and an automatic k.

The ideas' TF-IDF features (see :mod:`.features`) are reduced by truncated SVD (latent
semantic analysis, which lets "Bus" and "Haltestelle" meet through co-occurrence),
normalised to unit length and clustered by k-means with a fixed random state (k-means on
unit vectors approximates clustering by cosine). Without a given k, every k from 2 to
``max_k`` is tried and the one with the best silhouette (cosine) wins.

Ideas without any content word (emoji only, only stop words) are kept out of the
clustering and returned as a group of their own, labelled :data:`EMPTY_LABEL`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from .corpus import canonical_order
from .features import build_features
from .labelling import EMPTY_LABEL, group_terms, label_from_terms

__all__ = ["Group", "discover_groups", "cluster_ideas", "LSA_DIMENSIONS"]

LSA_DIMENSIONS = 100
RANDOM_STATE = 0
N_INIT = 4
SILHOUETTE_SAMPLE = 2000
MIN_AUTO = 4  # fewer ideas than this form one group when k is chosen automatically
GROUP_TERMS = 8


@dataclass(frozen=True)
class Group:
    """A discovered group: label (top terms joined), its terms and its ideas.

    ``idea_keys`` are ordered from the most typical idea (closest to the group centre)
    to the least typical.
    """

    label: str
    terms: tuple[str, ...]
    idea_keys: tuple[Hashable, ...]


def discover_groups(ideas: Mapping[Hashable, str], k: int | None = None, *, max_k: int = 12) -> list[Group]:
    """Groups among ``ideas``; ``k`` groups, or chosen automatically (2..max_k) if None.

    Groups are ordered by size (largest first), then by label; the group of ideas
    without content words, if any, comes last. Deterministic and independent of the
    order of ``ideas``.
    """
    return [group for group, _ in cluster_ideas(ideas, k, max_k=max_k)]


def cluster_ideas(
    ideas: Mapping[Hashable, str], k: int | None = None, *, max_k: int = 12
) -> list[tuple[Group, dict[Hashable, float]]]:
    """Like :func:`discover_groups`, with each idea's cosine to its group centre."""
    keys, texts = canonical_order(ideas)
    if not keys:
        return []
    features = build_features(texts)
    empty = features.empty_rows()
    rows = np.flatnonzero(~empty)
    result: list[tuple[Group, dict[Hashable, float]]] = []
    if len(rows):
        points = _embed(features.matrix[rows])
        labels = _cluster(points, k, max_k)
        groups = []
        for cluster in np.unique(labels):
            members = rows[labels == cluster]
            local = np.flatnonzero(labels == cluster)
            centre = normalize(points[local].mean(axis=0, keepdims=True))[0]
            closeness = points[local] @ centre
            order = sorted(range(len(members)), key=lambda i: (-round(float(closeness[i]), 9), i))
            terms = group_terms(features, members, GROUP_TERMS)
            group = Group(label_from_terms(terms), terms, tuple(keys[members[i]] for i in order))
            similarity = {keys[members[i]]: round(float(closeness[i]), 6) for i in order}
            groups.append((group, similarity))
        groups.sort(key=lambda item: (-len(item[0].idea_keys), item[0].label, repr(item[0].idea_keys[0])))
        result.extend(groups)
    if empty.any():
        members = [keys[row] for row in np.flatnonzero(empty)]
        result.append((Group(EMPTY_LABEL, (), tuple(members)), {key: 0.0 for key in members}))
    return result


def _embed(matrix) -> np.ndarray:
    """Unit-length LSA coordinates of the rows of a sparse TF-IDF matrix."""
    n_samples, n_features = matrix.shape
    dimensions = min(LSA_DIMENSIONS, n_samples - 1, n_features - 1)
    if dimensions >= 2:
        svd = TruncatedSVD(n_components=dimensions, algorithm="randomized", random_state=RANDOM_STATE)
        points = svd.fit_transform(matrix)
    else:
        points = matrix.toarray()
    return normalize(points)


def _cluster(points: np.ndarray, k: int | None, max_k: int) -> np.ndarray:
    """Cluster labels 0..k-1 for unit vectors ``points``."""
    distinct = len(np.unique(np.round(points, 9), axis=0))
    if k is None:
        upper = min(max_k, distinct - 1)
        if len(points) < MIN_AUTO or upper < 2:
            return np.zeros(len(points), dtype=int)
        k = _choose_k(points, range(2, upper + 1))
    k = max(1, min(int(k), distinct))
    if k == 1:
        return np.zeros(len(points), dtype=int)
    return KMeans(n_clusters=k, n_init=N_INIT, random_state=RANDOM_STATE).fit_predict(points)


def _choose_k(points: np.ndarray, candidates: range) -> int:
    """The k with the best cosine silhouette (the smallest k among equals)."""
    best_k, best_score = candidates[0], -np.inf
    sample = min(SILHOUETTE_SAMPLE, len(points))
    for k in candidates:
        labels = KMeans(n_clusters=k, n_init=N_INIT, random_state=RANDOM_STATE).fit_predict(points)
        if len(np.unique(labels)) < 2:
            continue
        score = silhouette_score(points, labels, metric="cosine", sample_size=sample, random_state=RANDOM_STATE)
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k
