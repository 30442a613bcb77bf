"""A workshop whose ideas came from three places, built through the real services: phones
(with digital dots), paper cards typed in during the evening (with sticker dots) and a row of
an imported file ("ideen.xlsx", with votes carried over), plus a phone idea that also got
sticker dots on the printed wall.

``EXPECTED`` says, per idea text, what every export must show: the source's words and the
dots given digitally, on paper and in total.
"""

from helpers import make_participant, post_idea

PHONE_TOP = "Mitfahrbank am Marktplatz"  # 2 digital + 1 sticker dot
PHONE_PLAIN = "Schnelles WLAN im Bürgerhaus"  # 1 digital
PAPER_DOTTED = "Mehr Bänke am Deich"  # paper card, 3 sticker dots (set after typing it in)
PAPER_PLAIN = "Kinderspielplatz am Hafen"  # paper card, no dots
IMPORTED = "Dorfladen mit Café"  # imported row with 4 votes
IMPORT_FILE = "ideen.xlsx"

# text -> (source words, digital, paper, total)
EXPECTED = {
    PHONE_TOP: ("Handy", 2, 1, 3),
    PHONE_PLAIN: ("Handy", 1, 0, 1),
    PAPER_DOTTED: ("Papier", 0, 3, 3),
    PAPER_PLAIN: ("Papier", 0, 0, 0),
    IMPORTED: ("Import: ideen.xlsx", 0, 4, 4),
}


def build_mixed_sources_workshop(workshop):
    """Fill ``workshop`` (the Dithmarschen template) with ideas from phones, paper and a file;
    returns the ideas by text (``Idea`` objects)."""
    from participation.extensions import db
    from participation.ideas.cards import Card, add_cards
    from participation.ideas.models import IMPORT, PAPER, Idea
    from participation.voting.paper import set_paper_votes
    from participation.voting.services import give_vote

    people = [make_participant(workshop, name) for name in ("anna", "björn", "carla")]
    ideas = {
        PHONE_TOP: post_idea(workshop, people[0], PHONE_TOP, question=0),
        PHONE_PLAIN: post_idea(workshop, people[1], PHONE_PLAIN, question=1),
    }
    question = workshop.questions[0].id
    states, _repeated = add_cards(workshop, question, [
        Card(PAPER_DOTTED, key="card-1", author="Hilde"),
        Card(PAPER_PLAIN, key="card-2"),
    ], source=PAPER)
    imported, _repeated = add_cards(workshop, workshop.questions[1].id, [
        Card(IMPORTED, key="ideen.xlsx:2", author="Padlet-Gruppe", paper_votes=4),
    ], source=IMPORT, source_name=IMPORT_FILE)
    for state in (*states, *imported):
        idea = db.session.get(Idea, state["id"])
        ideas[idea.text] = idea

    for voter in people[1:]:
        give_vote(voter, ideas[PHONE_TOP])
    give_vote(people[0], ideas[PHONE_PLAIN])
    set_paper_votes(ideas[PHONE_TOP], 1)
    set_paper_votes(ideas[PAPER_DOTTED], 3)
    return ideas
