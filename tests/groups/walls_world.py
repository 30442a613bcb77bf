"""Three groups with ideas of their own (and one without a group), for the walls' tests."""

from dataclasses import dataclass, field

from helpers import make_participant, post_idea
from participation.extensions import db
from participation.groups import services
from participation.workshops.models import Group, Workshop


@dataclass
class Tables:
    workshop: object
    groups: list
    ideas: dict = field(default_factory=dict)  # group number (0: none) -> [idea]

    def texts(self, number):
        return [idea.text for idea in self.ideas[number]]

    def group(self, number):
        return db.session.get(Group, self.groups[number - 1].id)

    def fresh(self):
        return db.session.get(Workshop, self.workshop.id)


def three_tables(workshop, per_group=2):
    groups = services.add_groups(workshop, 3)
    tables = Tables(workshop, groups)
    for group in groups:
        person = make_participant(tables.fresh(), f"tisch{group.number}")
        services.join_group(person, db.session.get(Group, group.id))
        tables.ideas[group.number] = [
            post_idea(tables.fresh(), person, f"Tischidee {group.number}-{index} Geheimwort{group.number}x{index}",
                      question=index % 2)
            for index in range(per_group)]
    loner = make_participant(tables.fresh(), "ohnegruppe")
    tables.ideas[0] = [post_idea(tables.fresh(), loner, "Idee ohne Gruppe Einzelgänger")]
    return tables
