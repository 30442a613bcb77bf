"""A photo of a pin board on a phone (390x844): chosen with the file input, read into
proposed cards, one corrected, confirmed; the cards are ideas with source "Papier".
axe is clean on the photo form and the proposals, in German and in English."""

import re

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible
from paper.photos import CARD_TEXTS, PRINT_FONT, board_image, jpeg_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def cards_key(database_app, workshop):
    from participation.extensions import db
    from participation.workshops.cards_keys import rotate_cards_key
    from participation.workshops.models import Workshop

    with database_app.app_context():
        return rotate_cards_key(db.session.get(Workshop, workshop.id))


def _ideas(database_app, workshop_id):
    from participation.extensions import db
    from participation.ideas.models import Idea

    with database_app.app_context():
        return [(idea.text, idea.source) for idea in db.session.query(Idea).filter_by(workshop_id=workshop_id)
                .order_by(Idea.id)]


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_photo_becomes_corrected_cards(phone, database_app, workshop, cards_key, tmp_path, language):
    photo = tmp_path / "pinnwand.jpg"
    photo.write_bytes(jpeg_bytes(board_image(CARD_TEXTS[:4], PRINT_FONT)))
    english = language == "en"
    phone.goto(f"/karten/{workshop.code}/foto?key={cards_key}")
    if english:
        phone.get_by_role("link", name="English").click()
    expect(phone.locator("#photo-file")).to_have_attribute("capture", "environment")
    assert_accessible(phone, f"photo form ({language})")
    phone.screenshot(path=str(tmp_path / f"photo-{language}.png"), full_page=True)

    phone.set_input_files("#photo-file", str(photo))
    phone.get_by_role("button", name="Read photo" if english else "Foto lesen").click()
    expect(phone.locator("#cards-read")).to_contain_text("4 cards read." if english else "4 Karten erkannt.")
    for index, text in enumerate(CARD_TEXTS[:4]):
        expect(phone.locator(f"#card-{index}-text")).to_have_value(text)
    assert_accessible(phone, f"proposed cards ({language})")
    phone.screenshot(path=str(tmp_path / f"cards-{language}.png"), full_page=True)

    phone.fill("#card-0-text", "Mehr Radwege zwischen Heide und Büsum, bitte!")
    phone.locator("input[name=card-3-take]").uncheck()
    phone.get_by_role("button", name="Add ticked cards" if english else "Angekreuzte Karten übernehmen").click()
    expect(phone).to_have_url(re.compile(rf"/karten/{workshop.code}\?"))
    assert _ideas(database_app, workshop.id) == [("Mehr Radwege zwischen Heide und Büsum, bitte!", "paper"),
                                                  (CARD_TEXTS[1], "paper"), (CARD_TEXTS[2], "paper")]
