"""The labelled workshop set used by the benchmark."""

from collections import Counter

from bench.workshop_set import WORKSHOP_SET
from participation.workshops.catalog import get_template


def test_every_idea_has_a_field_of_the_dithmarschen_template():
    names = {field.name for field in get_template("dithmarschen").fields}
    counts = Counter(field for field, _ in WORKSHOP_SET)
    assert set(counts) == names
    assert 150 <= len(WORKSHOP_SET) <= 250
    assert len({text for _, text in WORKSHOP_SET}) == len(WORKSHOP_SET)
    assert min(counts.values()) >= 20
