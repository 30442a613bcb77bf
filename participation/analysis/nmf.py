"""Non-negative matrix factorisation for discovery: NNDSVD start, HALS updates.

A small, deterministic implementation (Cichocki and Phan's hierarchical alternating least
squares, initialised by Boutsidis and Gallopoulos' NNDSVD) instead of scikit-learn's NMF,
so that the number of iterations is fixed and no ConvergenceWarning arises on
degenerate input (duplicates, a handful of ideas), and without per-call validation
overhead. It factorises a sparse ``X ≈ W H`` with ``W, H ≥ 0`` and returns ``H``.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.utils.extmath import randomized_svd

__all__ = ["nmf_topics"]

ITERATIONS = 100
"""Fixed number of HALS sweeps: bounded time, and on our development data no better
grouping came from running to convergence (norm-change tests stopped too early)."""
SVD_ITERATIONS = 2
_EPS = 1e-10


def nmf_topics(matrix: sp.csr_matrix, k: int, random_state: int = 0, iterations: int = ITERATIONS) -> np.ndarray:
    """The ``k`` topic rows ``H`` (k × features) of a non-negative factorisation."""
    w, h = _nndsvd(matrix, k, random_state)
    matrix_t = matrix.T.tocsr()
    for _ in range(iterations):
        # Update W column by column with H fixed, then H row by row with W fixed.
        _hals(w, np.asarray(matrix @ h.T), h @ h.T)
        _hals(h.T, np.asarray(matrix_t @ w), w.T @ w)  # h.T is a view: updates h
    return h


def _hals(factor: np.ndarray, cross: np.ndarray, gram: np.ndarray) -> None:
    # In place: factor[:, j] += (cross[:, j] - factor @ gram[:, j]) / gram[j, j], kept > 0.
    for j in range(factor.shape[1]):
        if gram[j, j] <= _EPS:
            continue
        column = factor[:, j] + (cross[:, j] - factor @ gram[:, j]) / gram[j, j]
        np.maximum(column, _EPS, out=column)
        factor[:, j] = column


def _nndsvd(matrix: sp.csr_matrix, k: int, random_state: int) -> tuple[np.ndarray, np.ndarray]:
    u, s, vt = randomized_svd(matrix, k, n_iter=SVD_ITERATIONS, random_state=random_state)
    w = np.zeros((matrix.shape[0], k))
    h = np.zeros((k, matrix.shape[1]))
    w[:, 0] = np.sqrt(s[0]) * np.abs(u[:, 0])
    h[0, :] = np.sqrt(s[0]) * np.abs(vt[0, :])
    for j in range(1, k):
        x, y = u[:, j], vt[j, :]
        x_pos, x_neg = np.maximum(x, 0), np.maximum(-x, 0)
        y_pos, y_neg = np.maximum(y, 0), np.maximum(-y, 0)
        x_pos_norm, y_pos_norm = np.linalg.norm(x_pos), np.linalg.norm(y_pos)
        x_neg_norm, y_neg_norm = np.linalg.norm(x_neg), np.linalg.norm(y_neg)
        positive, negative = x_pos_norm * y_pos_norm, x_neg_norm * y_neg_norm
        if positive >= negative:
            if positive <= _EPS:
                continue
            u_j, v_j, sigma = x_pos / x_pos_norm, y_pos / y_pos_norm, positive
        else:
            u_j, v_j, sigma = x_neg / x_neg_norm, y_neg / y_neg_norm, negative
        weight = np.sqrt(s[j] * sigma)
        w[:, j] = weight * u_j
        h[j, :] = weight * v_j
    w[w < _EPS] = 0.0
    h[h < _EPS] = 0.0
    return w, h
