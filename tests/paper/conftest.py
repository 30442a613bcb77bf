"""Fixtures of the paper-card pages: the "Kartenerfassung" key, and a stand-in for the
entry page (``paper.entry``) where it does not exist yet (branches built beside it)."""

import pytest


def ensure_entry_page(app):
    """A plain ``paper.entry`` at /karten/<code> (with the same access check) when the real
    entry page is missing."""
    if "paper.entry" not in app.view_functions:
        from participation.paper.access import card_workshop, link_key

        def entry(code):
            card_workshop(code, link_key())
            return "Karteneingabe"

        app.add_url_rule("/karten/<code>", endpoint="paper.entry", view_func=entry)


@pytest.fixture
def app(app):
    ensure_entry_page(app)
    return app


@pytest.fixture
def cards_key(workshop):
    from participation.workshops.cards_keys import rotate_cards_key

    return rotate_cards_key(workshop)
