"""A workshop with everything an export must get right, built through the real services.

Visible ideas with umlauts, emoji, a typo, one-word and very long texts, a nickname and none;
a hidden idea and a pending one (never exported); a merge (exported once, both texts);
dots; a moderator's field decision; and a measure linked to two ideas.
"""

from dataclasses import dataclass, field

from helpers import make_participant, post_idea

LONG_TEXT = ((
    "Ein Bürgerbus für die Dörfer zwischen Heide und Büsum, der nach Bedarf fährt und per App "
    "oder Telefon bestellt werden kann, damit auch ältere Menschen ohne Auto zum Arzt, "
    "zum Einkaufen und zur Volkshochschule kommen. "
) * 6).strip()

VISIBLE_TEXTS = (
    "Mitfahrbank für Büsum 🚌",
    "Glasfaser für alle Ortsteile – auch Süderdeich!",
    "Digitale Sprechstunde beim Hausarzt 🩺",
    "WLAN",
    "Carsharing-App fürs Dorf, mit E-Autos 🚗⚡",
    "Kurse für Senioren: Smartphone & Tablet (Volkshochschule)",
    "Bessere Busverbindung nach Heide, auch am Wochenende, und abends nach 20 Uhr",
    "Online-Termine im Bürgerbüro statt Warteschlange",
    "Schulen brauchen mehr Tablets unt WLAN",  # typo kept as typed
    LONG_TEXT,
    "=SUMME(A1:A9) ist kein Vorschlag, aber ein Test",
)


@dataclass
class RichWorkshop:
    workshop: object
    visible: list = field(default_factory=list)  # exported ideas (texts), merged source excluded
    hidden_text: str = "Hassrede, die ausgeblendet wurde"
    pending_text: str = "Noch nicht freigegeben: Idee aus der Vormoderation"
    merged_source_text: str = "Mitfahrbänke an allen Bushaltestellen 😊"
    merge_target_text: str = VISIBLE_TEXTS[0]
    # Not the sheet's own example ("Mitfahrbänke in allen Ortsteilen"), which every form shows
    measure_title: str = "Mitfahrbänke in allen Ortsteilen der Marsch"
    voted: dict = field(default_factory=dict)  # text → dots


def build_rich_workshop(workshop):
    """Fill ``workshop`` (the Dithmarschen template) and return what an export must show."""
    from participation.database import write_transaction
    from participation.measures.models import Measure
    from participation.ideas.models import Idea
    from participation.moderation import services as moderation
    from participation.fields import services as sorting
    from participation.voting.services import give_vote
    from participation.workshops.services import update_workshop

    update_workshop(workshop, idea_max_length=2000)
    people = [make_participant(workshop, name) for name in ("anna", "björn", "ça", "dörte")]
    anonymous = make_participant(workshop, "anonym")
    with write_transaction():
        anonymous.nickname = None
    ideas = {}
    for number, text in enumerate(VISIBLE_TEXTS):
        author = anonymous if number == 3 else people[number % len(people)]
        ideas[text] = post_idea(workshop, author, text, question=number % 3)

    hidden = post_idea(workshop, people[0], RichWorkshop.hidden_text, question=1)
    moderation.hide(hidden)
    source = post_idea(workshop, people[1], RichWorkshop.merged_source_text, question=0)
    moderation.merge(source, ideas[VISIBLE_TEXTS[0]])
    update_workshop(workshop, premoderation=True)
    pending = post_idea(workshop, people[2], RichWorkshop.pending_text, question=2)
    assert pending.status == "pending"
    update_workshop(workshop, premoderation=False)

    voted = {VISIBLE_TEXTS[0]: 3, VISIBLE_TEXTS[1]: 2, VISIBLE_TEXTS[4]: 1}
    for text, dots in voted.items():
        others = [person for person in people if person.id != ideas[text].participant_id]
        for voter in others[:dots]:
            give_vote(voter, ideas[text])

    sorting.run_analysis(workshop)
    mobility = next(item for item in workshop.fields if "Mobilität" in item.name)
    sorting.move_idea(ideas[VISIBLE_TEXTS[4]], mobility)

    with write_transaction() as session:
        measure = Measure(
            workshop_id=workshop.id,
            field_id=mobility.id,
            title=RichWorkshop.measure_title,
            description="Bänke mit Schild „Mitnehmen?“ an Ortsausgängen; Kosten gering 😊",
            priority="hoch",
            actors="Amt Büsum-Wesselburen\nSeniorenbeirat",
            costs="=2+3 (nur ein Test)",
        )
        measure.fields = [mobility]
        measure.ideas = [session.get(Idea, ideas[VISIBLE_TEXTS[0]].id), session.get(Idea, ideas[VISIBLE_TEXTS[6]].id)]
        session.add(measure)

    return RichWorkshop(workshop=workshop, visible=list(VISIBLE_TEXTS), voted=voted)
