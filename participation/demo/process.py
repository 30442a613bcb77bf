"""A demo process: the demo kick-off, an online phase and a second evening sharing one
catalogue, with a measure whose progress is public (for first starts, screenshots, reports)."""

from datetime import date, timedelta

from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db
from ..fields.services import run_analysis
from ..ideas.participants import hash_token
from ..ideas.models import Idea, Participant
from ..measures.models import Measure, MeasureMilestone
from ..processes import services as processes
from ..processes.models import Process
from ..workshops.models import Workshop
from ..workshops.services import create_workshop
from .services import DEMO_TITLE, bootstrap_demo, fill_with_demo_ideas

PROCESS_TITLE = "Dithmarschen Digital – Strategieprozess"
ONLINE_TITLE = "Dithmarschen Digital – Online-Phase"
EVENING_TITLE = "Dithmarschen Digital – Zweiter Abend"

# (question index, text): written for the demo, in the voice of a county's online phase
ONLINE_IDEAS = (
    (1, "Rufbus per App für die Dörfer zwischen Meldorf und Marne"),
    (1, "Mitfahrbänke mit Anzeige, wann der nächste Bus kommt"),
    (2, "Fahrplanauskunft auf dem Smartphone, auch für Anrufsammeltaxis"),
    (0, "In Hennstedt gibt es schon E-Carsharing – das sollte es überall geben"),
    (1, "Tablets und WLAN für alle Grundschulen im Kreis"),
    (2, "Programmierkurse für Kinder in der Stadtbücherei Heide"),
    (1, "Lernplattform der Volkshochschule mit Kursen am Abend"),
    (0, "Die Telemedizin-Sprechstunde in Brunsbüttel hilft älteren Menschen sehr"),
    (1, "Videoberatung für pflegende Angehörige"),
    (2, "Hausarzttermine online buchen statt Warteschleife"),
    (1, "Bürgeramt online: Ummelden und Anträge ohne Wartezeit"),
    (2, "Digitale Sprechstunde im Rathaus einmal pro Woche"),
    (1, "Glasfaser bis in jedes Dorf, auch für Außenbereiche"),
    (2, "Freies WLAN an Bushaltestellen und im Hafen Büsum"),
    (1, "Coworking im alten Bahnhof für Pendlerinnen und Pendler"),
    (0, "Regionale Online-Marktplätze helfen den Hofläden"),
    (1, "Smarte Straßenbeleuchtung, die Strom spart"),
    (2, "Energieberatung per App für Hausbesitzer"),
    (1, "Ein Vereinsportal für Ehrenamtliche im ganzen Kreis"),
    (2, "Digitale Ehrenamtsbörse für Nachbarschaftshilfe 🤝"),
)
EVENING_IDEAS = (
    (1, "Rufbus auch am Wochenende und abends"),
    (1, "Smartphone-Kurse für Senioren im Gemeindehaus"),
    (2, "Schul-WLAN, das auch wirklich funktioniert"),
    (1, "Pflegeplätze online finden"),
    (1, "Online-Termine in allen Bürgerbüros"),
    (2, "Glasfaser-Sprechstunde im Dorfgemeinschaftshaus"),
    (1, "Hofladen-App mit Lieferung ins Dorf"),
    (2, "Solarstrom vom Dach der Schule für das Dorf"),
    (1, "Kulturkalender für den ganzen Kreis als App"),
    (2, "Repair-Café mit digitaler Terminbuchung"),
)


def _fill(workshop, ideas, prefix):
    with write_transaction() as session:
        participants = []
        for number in range(4):
            token = f"demo-{workshop.code}-{prefix}-{number}"
            participant = session.scalar(select(Participant).where(
                Participant.workshop_id == workshop.id, Participant.token_hash == hash_token(token)))
            if participant is None:
                participant = Participant(workshop_id=workshop.id, token_hash=hash_token(token))
                session.add(participant)
                session.flush()
            participants.append(participant)
        for number, (question, text) in enumerate(ideas):
            key = f"demo-{prefix}-{number:03d}"
            author = participants[number % len(participants)]
            if session.scalar(select(Idea.id).where(Idea.participant_id == author.id, Idea.idempotency_key == key)):
                continue
            session.add(Idea(workshop_id=workshop.id, question_id=workshop.questions[question].id,
                             participant_id=author.id, idempotency_key=key, text=text))


def _workshop(owner, title, event_date, place):
    workshop = db.session.scalar(select(Workshop).where(Workshop.title == title).limit(1))
    return workshop or create_workshop(owner, "dithmarschen", title, place=place, event_date=event_date)


def build_demo_process():
    """The demo process (made once; later calls return it): returns the ``Process``."""
    existing = db.session.scalar(select(Process).where(Process.title == PROCESS_TITLE).limit(1))
    if existing is not None:
        return existing
    bootstrap_demo()
    kickoff = db.session.scalar(select(Workshop).where(Workshop.title == DEMO_TITLE).limit(1))
    owner = kickoff.owner
    fill_with_demo_ideas(kickoff)
    start = kickoff.event_date or date.today()
    online = _workshop(owner, ONLINE_TITLE, start + timedelta(days=14), "online")
    evening = _workshop(owner, EVENING_TITLE, start + timedelta(days=42), "Kreishaus Heide")
    _fill(online, ONLINE_IDEAS, "online")
    _fill(evening, EVENING_IDEAS, "abend")
    process = processes.create_process(
        owner, PROCESS_TITLE, "Vom Auftakt über die Online-Phase zur Digitalstrategie des Kreises.")
    for workshop in (kickoff, online, evening):
        processes.join(process, db.session.get(Workshop, workshop.id))
        run_analysis(db.session.get(Workshop, workshop.id))
    processes.update_process(process, process.title, process.description, public=True)
    _measure(db.session.get(Workshop, online.id))
    return process


def _measure(workshop):
    """A public measure grown from the online phase's bus ideas, in planning, one milestone reached."""
    sources = db.session.scalars(select(Idea).where(
        Idea.workshop_id == workshop.id, Idea.text.in_([text for _q, text in ONLINE_IDEAS[:2]]))).all()
    field = next((field for field in workshop.fields if field.name == "Mobilität"), None)
    with write_transaction() as session:
        measure = Measure(
            workshop_id=workshop.id, field_id=field.id if field else None, title="Rufbus und Mitfahrbänke",
            description="Ein Rufbus per App und Mitfahrbänke mit Anzeige für die Dörfer.", stage="planung",
            public_update="Der Kreis prüft mit dem Verkehrsverbund zwei Pilotgemeinden.", is_public=True,
        )
        measure.ideas = [session.get(Idea, idea.id) for idea in sources]
        if field is not None:
            measure.fields = [session.get(type(field), field.id)]
        measure.checkpoints = [
            MeasureMilestone(position=0, title="Pilotgemeinden auswählen", done_on=date.today()),
            MeasureMilestone(position=1, title="Förderantrag stellen"),
        ]
        session.add(measure)
    return measure
