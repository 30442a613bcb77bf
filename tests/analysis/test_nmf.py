"""Our small NMF for discovery."""

import numpy as np
import scipy.sparse as sp

from participation.analysis.nmf import nmf_topics


def test_topics_are_non_negative_and_deterministic():
    rng = np.random.RandomState(0)
    matrix = sp.random(40, 30, density=0.2, random_state=rng, format="csr")
    topics = nmf_topics(matrix, 4)
    assert topics.shape == (4, 30)
    assert (topics >= 0).all()
    assert np.array_equal(topics, nmf_topics(matrix, 4))


def test_block_structure_is_recovered():
    matrix = sp.csr_matrix(np.kron(np.eye(3), np.ones((5, 4))))
    topics = nmf_topics(matrix, 3)
    owners = {int(np.argmax(topics[:, column])) for column in range(0, 12, 4)}
    assert len(owners) == 3


def test_degenerate_input_gives_no_warning():
    # Duplicates only: pytest turns a ConvergenceWarning into an error.
    matrix = sp.csr_matrix(np.ones((6, 3)))
    assert nmf_topics(matrix, 2).shape == (2, 3)


def test_the_start_does_not_depend_on_the_order_of_the_columns():
    # A new idea bringing a new word shifts the feature columns; the topics must not change.
    rng = np.random.RandomState(1)
    matrix = sp.csr_matrix(rng.rand(40, 30) * (rng.rand(40, 30) > 0.7))
    order = rng.permutation(30)
    topics = nmf_topics(matrix, 3)
    shuffled = nmf_topics(matrix[:, order].tocsr(), 3)
    assert np.allclose(topics[:, order], shuffled, atol=1e-6)
