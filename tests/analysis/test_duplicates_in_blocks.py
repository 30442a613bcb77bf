"""Possible duplicates computed a block of rows at a time give exactly the pairs of the
whole product (issue 23: the whole product of a big workshop held gigabytes)."""

import numpy as np
import pytest
import scipy.sparse as sp

from bench.workshop_set import WORKSHOP_SET
from participation.analysis import SimilarIdeas
from participation.analysis.similarity import MIN_DUPLICATE


def _full_product(index, limit):
    """The pairs as the whole ``n x n`` product gives them (the former computation)."""
    matrix = index._index().matrix
    product = sp.triu(matrix @ matrix.T, k=1).tocoo()
    keep = product.data >= MIN_DUPLICATE - 1e-9
    rows, cols, values = product.row[keep], product.col[keep], np.round(product.data[keep], 6)
    order = np.lexsort((cols, rows, -values))[:limit]
    return [(index.keys[rows[i]], index.keys[cols[i]], float(values[i])) for i in order]


@pytest.mark.parametrize("block", [1, 7, 256])
@pytest.mark.parametrize("limit", [3, 40])
def test_blocks_give_the_pairs_of_the_whole_product(block, limit):
    texts = {number: text for number, (_field, text) in enumerate(WORKSHOP_SET)}
    texts.update({1000 + number: text for number, text in list(texts.items())[:15]})  # exact twins
    index = SimilarIdeas(texts)
    assert index.duplicates_of(None, limit=limit, block=block) == _full_product(index, limit)
    assert index.duplicates(limit=limit) == _full_product(index, limit)


def test_pairs_among_some_ideas_have_one_of_them():
    texts = {number: text for number, (_field, text) in enumerate(WORKSHOP_SET)}
    texts.update({1000 + number: text for number, text in list(texts.items())[:15]})
    index = SimilarIdeas(texts)
    among = set(range(1000, 1015))
    pairs = index.duplicates_of(among, limit=50, block=4)
    everything = _full_product(index, 10_000)
    assert pairs == [pair for pair in everything if pair[0] in among or pair[1] in among][:50]
    assert {(1000 + number) for number in range(15)} <= {key for pair in pairs for key in pair[:2]}


def test_a_big_workshop_looks_for_duplicates_among_its_newest_ideas(app, workshop, monkeypatch):
    from participation.ideas import similar

    from helpers import make_participant, post_idea

    app.config["IDEA_RATE_LIMIT"] = 10_000
    monkeypatch.setattr(similar, "DUPLICATE_WINDOW", 6)
    similar.clear_cache()
    anna = make_participant(workshop)
    old = post_idea(workshop, anna, "Mitfahrbank an der Bushaltestelle in Albersdorf")
    for number in range(4):
        post_idea(workshop, anna, f"Thema {number}: {WORKSHOP_SET[number * 20][1]}")
    twin_a = post_idea(workshop, anna, "Glasfaser für jedes Dorf in Dithmarschen")
    twin_b = post_idea(workshop, anna, "Glasfaser für jedes Dorf in Dithmarschen!")
    post_idea(workshop, anna, "Mitfahrbank an der Bushaltestelle in Albersdorf!")
    pairs = similar.possible_duplicates(workshop)
    assert pairs and {pairs[0][0], pairs[0][1]} == {twin_a.id, twin_b.id}
    assert all(old.id not in pair[:2] for pair in pairs)  # older than the newest six


def test_the_hint_index_holds_the_newest_ideas_of_a_big_workshop(app, workshop, monkeypatch):
    from participation.ideas import similar

    from helpers import make_participant, post_idea

    app.config["IDEA_RATE_LIMIT"] = 10_000
    monkeypatch.setattr(similar, "INDEX_WINDOW", 5)
    similar.clear_cache()
    anna = make_participant(workshop)
    ideas = [post_idea(workshop, anna, f"Idee {number}: {WORKSHOP_SET[number * 9][1]}") for number in range(8)]
    entry = similar._entry(workshop)
    assert sorted(entry.texts) == [idea.id for idea in ideas[-5:]]
