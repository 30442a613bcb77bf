"""Discovering groups among ideas: NMF topics on pruned TF-IDF, automatic k by stability.

Short ideas share few words, so the features are first pruned to those that can connect
ideas at all: word features used by at least two ideas, and the ``CHAR_FEATURES`` most
widespread character n-grams (used by at least two ideas). (Keeping more n-grams for long
texts, half as many as word features, was tried against the suspicion that the 500 most
widespread are generic there: on the bench's long-text set it moved NMI by less than
its spread over draws, +0.03 on dev and -0.02 on test, at 40 % more time; dropped.) Non-negative matrix
factorisation (NMF, see :mod:`.nmf`) then finds k topics; each idea joins the topic its
vector is closest to (cosine). Ideas that keep no feature after pruning join the group
whose centre is most similar in the full feature space. (On our development data NMF
grouped better than k-means on LSA, agglomerative or spectral clustering.)

Without a given k, the candidates are the rule of thumb ``sqrt(n / 2)`` ± 1 (within 2 ..
``max_k``), and the k whose grouping is most reproducible wins: NMF is fitted on three
80 % subsamples and the groupings are compared by adjusted Rand index. (Silhouette,
Calinski-Harabasz, Davies-Bouldin and topic coherence rose or fell steadily with k on
short ideas, so they could not pick one.) Large inputs are sampled deterministically for
choosing k and fitting the topics, so 10,000 ideas take little longer than 1,000.

Stability: one more idea must not reshuffle the groups. The samples are therefore the
ideas with the smallest hash of their text (one more idea changes at most one member,
where an evenly spread sample shifted all of them), and the NMF starts from an SVD
computed to convergence (see :mod:`.nmf`). A k-means refinement in a low-rank projection
after NMF was tried and dropped: it changed neither the agreement with the gold classes
nor the stability beyond the noise of the bench.

Ideas without any content word (emoji only, only stop words) are kept out and returned as
a group of their own, labelled :data:`EMPTY_LABEL`, in canonical order.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

from .corpus import canonical_order
from .display import displayable_columns
from .features import Features, build_features, unit_rows
from .labelling import EMPTY_LABEL, group_terms, label_from_terms
from .nmf import ITERATIONS, nmf_topics

__all__ = ["Group", "discover_groups", "cluster_ideas", "choose_k"]

RANDOM_STATE = 0
CHAR_FEATURES = 500
FIT_SAMPLE = 1000
STABILITY_SAMPLE = 200
STABILITY_REPEATS = 3
STABILITY_SHARE = 0.8
K_WINDOW = 1
K_MARGIN = 0.1
STABILITY_ITERATIONS = 50
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
    """Groups among ``ideas``: ``k`` of them, or chosen automatically (2..max_k) if None.

    Fewer groups come back when the ideas do not allow ``k`` (fewer distinct ideas, a
    topic nobody is closest to). Groups are ordered by size (largest first), then by
    label; the group of ideas without content words, if any, comes last. Deterministic
    and independent of the order of ``ideas``.
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
        labels = _cluster(features, rows, k, max_k, [texts[row] for row in rows])
        full = features.matrix[rows]
        groups = []
        shown = displayable_columns(features)
        for cluster in np.unique(labels):
            local = np.flatnonzero(labels == cluster)
            members = rows[local]
            centre = normalize(sp.csr_matrix(full[local].mean(axis=0)))
            closeness = np.asarray((full[local] @ centre.T).toarray()).ravel()
            order = sorted(range(len(members)), key=lambda i: (-round(float(closeness[i]), 9), i))
            terms = group_terms(features, members, GROUP_TERMS, shown)
            group = Group(label_from_terms(terms), terms, tuple(keys[members[i]] for i in order))
            groups.append((group, {keys[members[i]]: round(float(closeness[i]), 6) for i in order}))
        groups.sort(key=lambda item: (-len(item[0].idea_keys), item[0].label, repr(item[0].idea_keys[0])))
        result.extend(groups)
    if empty.any():
        members = [keys[row] for row in np.flatnonzero(empty)]
        result.append((Group(EMPTY_LABEL, (), tuple(members)), {key: 0.0 for key in members}))
    return result


def _cluster(
    features: Features, rows: np.ndarray, k: int | None, max_k: int, texts: Sequence[str] | None = None
) -> np.ndarray:
    """Group labels (0..k-1) for the given rows of the feature matrix (``texts``: theirs)."""
    full = features.matrix[rows]
    hashes = _hashes(texts) if texts is not None else np.arange(len(rows), dtype=np.uint64)
    fit = _stable_sample(hashes, FIT_SAMPLE)
    columns = _connecting_columns(full[fit], features.n_word)
    reduced = unit_rows(full[:, columns])
    usable = np.flatnonzero(reduced.getnnz(axis=1) > 0)
    distinct = _distinct_rows(reduced[usable])
    limit = min(distinct, len(columns))
    if k is not None and limit < min(k, len(rows)):
        # Asked for more groups than shared features allow: use all features.
        reduced, usable = full, np.arange(len(rows))
        distinct = _distinct_rows(full)
        limit = min(distinct, full.shape[1])
    if k is None:
        k = choose_k(full[usable], features.n_word, max_k, hashes[usable]) if limit >= 2 else 1
    k = max(1, min(int(k), limit))
    labels = np.zeros(len(rows), dtype=int)
    if k == 1:
        return labels
    fit = np.intersect1d(fit, usable)
    topics = _topics(reduced[fit], k) if len(fit) >= k else _topics(reduced[usable], k)
    labels[usable] = np.asarray((reduced[usable] @ topics.T).toarray()).argmax(axis=1)
    # Rows without a connecting feature join the group with the most similar centre.
    leftover = np.setdiff1d(np.arange(len(rows)), usable)
    if len(leftover):
        members = sp.csr_matrix(
            (np.ones(len(usable)), (labels[usable], np.arange(len(usable)))), shape=(k, len(usable))
        )
        centres = normalize(members @ full[usable])
        similarity = np.asarray((full[leftover] @ centres.T).toarray())
        sizes = np.asarray(members.sum(axis=1)).ravel()
        # Highest similarity; among equals (e.g. all zero) the largest group.
        labels[leftover] = [
            max(range(k), key=lambda c: (similarity[i, c], sizes[c], -c)) for i in range(len(leftover))
        ]
    # Renumber by first appearance, dropping topics nobody is closest to.
    _, first = np.unique(labels, return_index=True)
    renumber = {old: new for new, old in enumerate(np.unique(labels)[np.argsort(first)])}
    return np.array([renumber[label] for label in labels], dtype=int)


def choose_k(matrix: sp.csr_matrix, n_word: int, max_k: int, hashes: np.ndarray | None = None) -> int:
    """The most reproducible k near ``sqrt(n / 2)`` (see module docstring).

    ``matrix`` holds the ideas' feature rows, ``n_word`` is the width of its word block;
    ``hashes`` (one per row, see :func:`_hashes`) choose the samples, so that one more
    idea does not change which ideas the others are compared on.
    """
    n = matrix.shape[0]
    hashes = np.arange(n, dtype=np.uint64) if hashes is None else np.asarray(hashes)
    chosen = _stable_sample(hashes, STABILITY_SAMPLE)
    sample, hashes = matrix[chosen], hashes[chosen]
    sample = unit_rows(sample[:, _connecting_columns(sample, n_word)])
    limit = min(max_k, _distinct_rows(sample), sample.shape[1])
    if n < 4 or limit < 2:
        return 1
    guess = min(max(2, round(math.sqrt(n / 2))), limit)
    candidates = [k for k in range(guess - K_WINDOW, guess + K_WINDOW + 1) if 2 <= k <= limit]
    size = max(2, int(STABILITY_SHARE * sample.shape[0]))
    # Subset r: the rows with the smallest hashes mixed with r (stable when an idea is added).
    subsets = [_stable_sample(_mix(hashes, repeat + 1), size) for repeat in range(STABILITY_REPEATS)]
    scores: dict[int, float] = {}
    for k in candidates:
        groupings = []
        for subset in subsets:
            part = sample[subset]
            if min(part.shape) < k:
                break
            groupings.append(np.asarray((sample @ _topics(part, k, STABILITY_ITERATIONS).T).toarray()).argmax(axis=1))
        if len(groupings) < STABILITY_REPEATS:
            continue
        score = np.mean([
            adjusted_rand_score(groupings[a], groupings[b])
            for a in range(len(groupings)) for b in range(a + 1, len(groupings))
        ])
        scores[k] = float(score)
    if not scores:
        return guess
    # The rule of thumb stands unless another k is clearly more reproducible: a k that
    # wins by a hair flips when one idea is added.
    best_k = max(scores, key=lambda k: (scores[k], -k))
    if guess in scores and scores[best_k] < scores[guess] + K_MARGIN:
        return guess
    return best_k


def _topics(matrix: sp.csr_matrix, k: int, iterations: int = ITERATIONS) -> sp.csr_matrix:
    """Unit-length topic vectors (rows) of an NMF with k components."""
    return sp.csr_matrix(normalize(nmf_topics(matrix, k, RANDOM_STATE, iterations)))


def _connecting_columns(matrix: sp.csr_matrix, n_word: int) -> np.ndarray:
    """Columns that can connect ideas (see module docstring), sorted."""
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    words = np.flatnonzero(frequency[:n_word] >= 2)
    char_frequency = frequency[n_word:]
    ranked = np.argsort(-char_frequency, kind="stable")[:CHAR_FEATURES]
    chars = np.sort(ranked[char_frequency[ranked] >= 2]) + n_word
    return np.concatenate([words, chars])


def _hashes(texts: Sequence[str]) -> np.ndarray:
    """A stable number per text (CRC-32 of its UTF-8 form), for choosing samples."""
    return np.array([zlib.crc32(text.encode("utf-8")) for text in texts], dtype=np.uint64)


def _mix(hashes: np.ndarray, salt: int) -> np.ndarray:
    # A different, still stable order of the same rows for each salt (SplitMix64 finaliser;
    # uint64 arithmetic wraps around).
    x = np.asarray(hashes, dtype=np.uint64) + np.uint64(salt * 0x9E3779B97F4A7C15 % 2**64)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _stable_sample(hashes: np.ndarray, size: int) -> np.ndarray:
    """Rows of the ``size`` smallest hashes (ties: the earlier row), in row order.

    Unlike an evenly spread sample, one more row changes at most one member.
    """
    if len(hashes) <= size:
        return np.arange(len(hashes))
    return np.sort(np.lexsort((np.arange(len(hashes)), hashes))[:size])


def _distinct_rows(matrix: sp.csr_matrix) -> int:
    """How many different rows ``matrix`` has (values compared to 9 decimals)."""
    if matrix.shape[0] == 0:
        return 0
    indices, data, pointers = matrix.indices, np.round(matrix.data, 9), matrix.indptr
    return len({
        indices[start:end].tobytes() + data[start:end].tobytes() for start, end in zip(pointers[:-1], pointers[1:])
    })
