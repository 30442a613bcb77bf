"""A workshop with group work, built through the real services: three groups (two tables
and an online room), ideas posted in each, ideas of no group, and ideas promoted to the
plenary by group 2 (in a known order).

``EXPECTED`` says, per idea text, which group number it belongs to (None: no group) and
whether it was promoted; the exports, charts and filters are checked against it.
"""

from helpers import make_participant, post_idea

GROUPS = (("Tisch Nord", "Mobilität auf dem Land"), ("Tisch Süd", ""), ("Online-Raum", "Digitale Verwaltung"))
# text -> (group number or None, promoted, question index)
EXPECTED = {
    "Mitfahrbank am Marktplatz": (1, False, 0),
    "Bürgerbus am Wochenende nach Heide": (1, False, 1),
    "Schnelles WLAN im Bürgerhaus": (2, True, 0),
    "Ärztehaus mit Videosprechstunde in Marne": (2, True, 1),
    "Digitale Sprechstunde im Rathaus": (2, False, 2),
    "Online-Terminbuchung beim Amt": (3, False, 2),
    "Repair-Café im Gemeindehaus": (None, False, 0),
    "Dorfladen mit Café und Paketstation": (None, False, 1),
}
PROMOTED_ORDER = ("Ärztehaus mit Videosprechstunde in Marne", "Schnelles WLAN im Bürgerhaus")
AUTHORS = {1: "anna", 2: "björn", 3: "carla", None: "dörte"}


def build_group_workshop(workshop):
    """Fill ``workshop`` (the Dithmarschen template); returns (groups by number, ideas by text)."""
    from participation.fields import services as sorting
    from participation.groups.services import add_group, join_group, promote
    from participation.voting.services import give_vote

    groups = {number: add_group(workshop, name, topic) for number, (name, topic) in enumerate(GROUPS, start=1)}
    people = {number: make_participant(workshop, name) for number, name in AUTHORS.items()}
    for number, person in people.items():
        if number is not None:
            join_group(person, groups[number])
    ideas = {}
    for text, (number, _promoted, question) in EXPECTED.items():
        ideas[text] = post_idea(workshop, people[number], text, question=question)
        assert ideas[text].group_id == (groups[number].id if number else None)
    for text in PROMOTED_ORDER:
        promote(groups[2], ideas[text])
    give_vote(people[1], ideas["Schnelles WLAN im Bürgerhaus"])
    give_vote(people[3], ideas["Schnelles WLAN im Bürgerhaus"])
    give_vote(people[2], ideas["Repair-Café im Gemeindehaus"])
    sorting.run_analysis(workshop)
    mobility = next(item for item in workshop.fields if "Mobilität" in item.name)
    sorting.move_idea(ideas["Mitfahrbank am Marktplatz"], mobility)
    sorting.move_idea(ideas["Bürgerbus am Wochenende nach Heide"], mobility)
    return groups, ideas


def group_label(number):
    return f"{number} {GROUPS[number - 1][0]}" if number else ""
