"""Fixtures of the paper-card pages: the "Kartenerfassung" key."""

import pytest


@pytest.fixture
def cards_key(workshop):
    from participation.workshops.cards_keys import rotate_cards_key

    return rotate_cards_key(workshop)
