"""A small world for the Rückmeldung tests: a public process with one workshop, a public
measure grown from a visible idea (plus a hidden, a pending and a merged-away one linked
too), and a measure that is not public."""

from dataclasses import dataclass

from helpers import make_participant, post_idea

VISIBLE = "Rufbus am Abend zwischen Heide und Meldorf"
HIDDEN = "Versteckt: ausgeblendete Idee"
PENDING = "Wartet noch auf Freigabe"
MERGED = "Zusammengeführt: Rufbus per App"
SECRET = "Geheime Maßnahme, noch nicht öffentlich"
PUBLIC = "Rufbus für die Marsch"


@dataclass
class World:
    process: object
    workshop: object
    public: object
    secret: object
    visible: object
    author: object


def build(moderator, workshop, slug="kreis-digital"):
    from participation.database import write_transaction
    from participation.ideas.models import Idea
    from participation.measures.models import Measure
    from participation.moderation import services as moderation
    from participation.processes import services as processes
    from participation.workshops.services import update_workshop

    anna, bernd = make_participant(workshop, "anna"), make_participant(workshop, "bernd")
    visible = post_idea(workshop, anna, VISIBLE)
    hidden = post_idea(workshop, bernd, HIDDEN)
    moderation.hide(hidden)
    merged = post_idea(workshop, bernd, MERGED)
    moderation.merge(merged, visible)
    update_workshop(workshop, premoderation=True)
    pending = post_idea(workshop, bernd, PENDING, question=1)
    update_workshop(workshop, premoderation=False)
    with write_transaction() as session:
        public = Measure(workshop_id=workshop.id, title=PUBLIC, is_public=True, public_update="Der Kreis prüft Angebote.")
        public.ideas = [session.get(Idea, item.id) for item in (visible, hidden, pending, merged)]
        secret = Measure(workshop_id=workshop.id, title=SECRET)
        secret.ideas = [session.get(Idea, visible.id)]
        session.add_all([public, secret])
    process = processes.create_process(moderator, "Kreis Digital", "Vom Auftakt bis zur Strategie")
    processes.join(process, workshop)
    processes.update_process(process, "Kreis Digital", "Vom Auftakt bis zur Strategie", public=True, slug=slug)
    return World(process, workshop, public, secret, visible, anna)
