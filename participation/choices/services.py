"""Final votes of a process (Projektauswahl): make one, fill its shortlist, open it, take
ballots, close it and record the result.

A vote is a draft (candidates can be added, removed and moved), then open (the voting page
``/auswahl/<code>`` takes ballots; the candidates are fixed), then closed: the result is
recorded in ``ProjectChoice.result`` and the vote never opens again (a recorded result is
what the process decided; a new vote is a new vote). A ballot is kept under the SHA-256 of
the vote's code and a random token in the voter's cookie: no account, no address.
"""

import hashlib
import secrets

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from ..core.ordering import move_one
from ..core.text import clean_line, is_blank
from ..core.timeutil import utcnow
from ..database import write_transaction
from ..extensions import db
from ..ideas.models import VISIBLE, Idea
from ..ideas.state import vote_counts
from ..measures.models import Measure
from ..workshops.models import Workshop
from . import tally
from .models import CLOSED, DOTS, DRAFT, METHODS, OPEN, RANKING, ProjectBallot, ProjectCandidate, ProjectChoice

TITLE_MAX = 200
DESCRIPTION_MAX = 2000
MAX_POINTS = 20
MAX_CANDIDATES = 30
SHORTLIST_IDEAS = 20
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or typed from a slide
CODE_LENGTH = 8
# The voter's cookie: a random token, one per browser, sent only to /auswahl/ pages
VOTER_COOKIE = "auswahl"
VOTER_COOKIE_MAX_AGE = 180 * 24 * 3600


class ChoiceError(Exception):
    """A change that cannot be made; ``message`` is shown to the person (German UI text)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- the vote itself ----------------------------------------------------------------------


def _new_code(session):
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))
        if session.scalar(select(ProjectChoice.id).where(ProjectChoice.code == code)) is None:
            return code


def _checked_settings(title, method, points, winners):
    title = clean_line(title or "")
    if is_blank(title):
        raise ChoiceError(_("Bitte geben Sie der Abstimmung einen Titel."), "title")
    if len(title) > TITLE_MAX:
        raise ChoiceError(_("Der Titel ist zu lang (höchstens %(limit)d Zeichen).", limit=TITLE_MAX), "title")
    if method not in METHODS:
        raise ChoiceError(_("Bitte wählen Sie, wie abgestimmt wird."), "method")
    if not isinstance(points, int) or not 1 <= points <= MAX_POINTS:
        raise ChoiceError(_("Punkte pro Person: bitte eine Zahl von 1 bis %(limit)d.", limit=MAX_POINTS), "points")
    if not isinstance(winners, int) or not 1 <= winners <= MAX_CANDIDATES:
        raise ChoiceError(_("Anzahl der Projekte: bitte eine Zahl von 1 bis %(limit)d.", limit=MAX_CANDIDATES),
                          "winners")
    return title


def create_choice(process, title, method=DOTS, points=3, winners=1):
    title = _checked_settings(title, method, points, winners)
    with write_transaction() as session:
        choice = ProjectChoice(process_id=process.id, title=title, method=method, points_per_voter=points,
                               winners=winners, state=DRAFT, code=_new_code(session))
        session.add(choice)
    return choice


def update_choice(choice, title, method, points, winners):
    """Change the settings; the method and the dots only while the vote is a draft."""
    title = _checked_settings(title, method, points, winners)
    if choice.state != DRAFT and (method != choice.method or points != choice.points_per_voter
                                  or winners != choice.winners):
        raise ChoiceError(_("Die Abstimmung läuft schon: nur ihr Titel lässt sich noch ändern."))
    with write_transaction():
        choice.title = title
        choice.method, choice.points_per_voter, choice.winners = method, points, winners
    return choice


def delete_choice(choice):
    """Delete the vote with its candidates and ballots (the database cascades)."""
    with write_transaction() as session:
        session.delete(choice)


def choices_of(process):
    return db.session.scalars(
        select(ProjectChoice).where(ProjectChoice.process_id == process.id)
        .order_by(ProjectChoice.created_at, ProjectChoice.id)
    ).all()


def choice_of(process, choice_id):
    choice = db.session.get(ProjectChoice, choice_id)
    return choice if choice is not None and choice.process_id == process.id else None


def choice_by_code(code):
    if not isinstance(code, str) or len(code) > 32:
        return None
    return db.session.scalar(select(ProjectChoice).where(ProjectChoice.code == code))


def recorded_results(process):
    """The closed votes of ``process`` with their recorded result, oldest first."""
    return [choice for choice in choices_of(process) if choice.state == CLOSED and choice.result]


# --- the shortlist and the candidates -----------------------------------------------------


def _workshop_ids(process):
    return db.session.scalars(select(Workshop.id).where(Workshop.process_id == process.id)).all()


def shortlist(process):
    """What a moderator can put on the ballot: the measures of the process's workshops and
    its visible ideas with the most dots (``SHORTLIST_IDEAS`` across the workshops).
    Returns (measures, ideas): measures as Measure rows (with ``workshop``), ideas as
    (idea, dots, workshop title) best first."""
    workshop_ids = _workshop_ids(process)
    if not workshop_ids:
        return [], []
    measures = db.session.scalars(
        select(Measure).where(Measure.workshop_id.in_(workshop_ids)).order_by(Measure.workshop_id, Measure.id)
    ).all()
    ideas = db.session.scalars(
        select(Idea).where(Idea.workshop_id.in_(workshop_ids), Idea.status == VISIBLE,
                           Idea.merged_into_id.is_(None))
    ).all()
    counts = vote_counts(idea.id for idea in ideas)
    titles = dict(db.session.execute(select(Workshop.id, Workshop.title).where(Workshop.id.in_(workshop_ids))).all())
    ranked = sorted(ideas, key=lambda idea: (-counts.get(idea.id, 0), idea.id))[:SHORTLIST_IDEAS]
    return measures, [(idea, counts.get(idea.id, 0), titles.get(idea.workshop_id, "")) for idea in ranked]


def _draft_only(choice):
    if choice.state != DRAFT:
        raise ChoiceError(_("Die Abstimmung ist schon geöffnet: die Vorschläge stehen fest."))


def add_candidate(choice, title=None, description="", idea_id=None, measure_id=None):
    """Put an idea, a measure (of the process's workshops) or a typed title on the ballot."""
    _draft_only(choice)
    workshop_ids = set(_workshop_ids(choice.process))
    if idea_id is not None:
        idea = db.session.get(Idea, idea_id)
        if idea is None or idea.workshop_id not in workshop_ids or idea.status != VISIBLE or idea.merged_into_id:
            raise ChoiceError(_("Diese Idee gehört zu keinem Workshop des Prozesses."))
        title, description = idea.text, ""
    elif measure_id is not None:
        measure = db.session.get(Measure, measure_id)
        if measure is None or measure.workshop_id not in workshop_ids:
            raise ChoiceError(_("Diese Maßnahme gehört zu keinem Workshop des Prozesses."))
        title, description = measure.title, measure.description or ""
    title = clean_line(title or "")
    if is_blank(title):
        raise ChoiceError(_("Bitte geben Sie dem Vorschlag einen Titel."), "title")
    if len(title) > TITLE_MAX:
        raise ChoiceError(_("Der Titel ist zu lang (höchstens %(limit)d Zeichen).", limit=TITLE_MAX), "title")
    description = (description or "").strip()[:DESCRIPTION_MAX]
    if len(choice.candidates) >= MAX_CANDIDATES:
        raise ChoiceError(_("Höchstens %(limit)d Vorschläge pro Abstimmung.", limit=MAX_CANDIDATES))
    for candidate in choice.candidates:
        if (idea_id is not None and candidate.idea_id == idea_id) or (
                measure_id is not None and candidate.measure_id == measure_id):
            raise ChoiceError(_("Dieser Vorschlag steht schon auf dem Stimmzettel."))
    with write_transaction() as session:
        highest = session.scalar(select(func.max(ProjectCandidate.position))
                                 .where(ProjectCandidate.choice_id == choice.id))
        candidate = ProjectCandidate(choice_id=choice.id, position=0 if highest is None else highest + 1,
                                     title=title, description=description, idea_id=idea_id, measure_id=measure_id)
        session.add(candidate)
    db.session.refresh(choice)
    return candidate


def candidate_of(choice, candidate_id):
    return next((candidate for candidate in choice.candidates if candidate.id == candidate_id), None)


def remove_candidate(choice, candidate):
    _draft_only(choice)
    with write_transaction() as session:
        session.delete(candidate)
    db.session.refresh(choice)


def move_candidate(choice, candidate, direction):
    """Swap a candidate with its neighbour (-1 up, +1 down)."""
    _draft_only(choice)
    with write_transaction():
        moved = move_one(choice.candidates, candidate, direction)  # also closes gaps left by removals
    if moved:
        db.session.refresh(choice)


# --- open, close, pick --------------------------------------------------------------------


def open_choice(choice):
    _draft_only(choice)
    if len(choice.candidates) < 2:
        raise ChoiceError(_("Für eine Abstimmung braucht es mindestens zwei Vorschläge."))
    with write_transaction():
        choice.state, choice.opened_at = OPEN, utcnow()
    return choice


def close_choice(choice):
    """Close the vote and record its result (it cannot be opened again)."""
    if choice.state != OPEN:
        raise ChoiceError(_("Nur eine geöffnete Abstimmung lässt sich schließen."))
    ballots = db.session.scalars(select(ProjectBallot.marks).where(ProjectBallot.choice_id == choice.id)).all()
    rows = tally.tally(choice.method, [(candidate.id, candidate.title) for candidate in choice.candidates],
                       ballots, choice.winners)
    with write_transaction():
        choice.result = {"ballots": len(ballots), "rows": rows}
        choice.state, choice.closed_at = CLOSED, utcnow()
    return choice


def result_rows(choice):
    return list((choice.result or {}).get("rows", []))


def has_border_tie(choice):
    return any(row.get("border_tie") and row.get("decided_by") != tally.MODERATOR for row in result_rows(choice)) \
        and not (choice.result or {}).get("picked")


def pick_winners(choice, candidate_ids):
    """The moderator's pick among a tie at the winners' border (once the vote is closed)."""
    if choice.state != CLOSED or not has_border_tie(choice):
        raise ChoiceError(_("Hier gibt es keinen Gleichstand zu entscheiden."))
    rows = result_rows(choice)
    slots = tally.border_slots(rows)
    try:
        rows = tally.pick_from_tie(rows, candidate_ids)
    except ValueError:
        raise ChoiceError(ngettext("Bitte wählen Sie genau einen der gleichauf liegenden Vorschläge.",
                                   "Bitte wählen Sie genau %(num)d der gleichauf liegenden Vorschläge.", slots),
                          "picked") from None
    with write_transaction():
        choice.result = {**choice.result, "rows": rows, "picked": True}
    return choice


def ballot_count(choice):
    return db.session.scalar(select(func.count(ProjectBallot.id)).where(ProjectBallot.choice_id == choice.id)) or 0


# --- ballots --------------------------------------------------------------------------------


def new_voter_token():
    return secrets.token_urlsafe(24)


def voter_hash(choice, token):
    """What is stored of a voter: the SHA-256 of the vote's code and the cookie's token
    (the same browser is a different voter to every vote: votes cannot be linked)."""
    return hashlib.sha256(f"{choice.code}:{token}".encode()).hexdigest()


def ballot_of(choice, token):
    if not token:
        return None
    return db.session.scalar(select(ProjectBallot).where(ProjectBallot.choice_id == choice.id,
                                                         ProjectBallot.voter == voter_hash(choice, token)))


def parse_marks(choice, values):
    """The ballot from the form (``values``: candidate id -> typed text). Returns the marks
    ({candidate id as str: int}) or raises ChoiceError with a German message."""
    candidates = choice.candidates
    numbers = {}
    for candidate in candidates:
        text = (values.get(candidate.id) or "").strip()
        if not text:
            numbers[candidate.id] = 0
            continue
        try:
            numbers[candidate.id] = int(text)
        except ValueError:
            raise ChoiceError(_("Bitte nur ganze Zahlen eintragen.")) from None
    if choice.method == RANKING:
        return _ranking(candidates, numbers)
    return _dots(choice, numbers)


def _dots(choice, numbers):
    if any(number < 0 for number in numbers.values()):
        raise ChoiceError(_("Bitte keine negativen Punkte."))
    given = sum(numbers.values())
    if given > choice.points_per_voter:
        raise ChoiceError(_("Sie haben %(given)d Punkte verteilt, erlaubt sind höchstens %(limit)d. "
                            "Bitte nehmen Sie %(more)d weg.", given=given, limit=choice.points_per_voter,
                            more=given - choice.points_per_voter))
    if given == 0:
        raise ChoiceError(_("Bitte verteilen Sie mindestens einen Punkt."))
    return {str(candidate_id): number for candidate_id, number in numbers.items() if number}


def _ranking(candidates, numbers):
    count = len(candidates)
    if any(number == 0 for number in numbers.values()):
        raise ChoiceError(_("Bitte geben Sie jedem Vorschlag einen Platz."))
    if any(not 1 <= number <= count for number in numbers.values()):
        raise ChoiceError(_("Bitte nur Plätze von 1 bis %(count)d vergeben.", count=count))
    seen = {}
    for number in numbers.values():
        seen[number] = seen.get(number, 0) + 1
    twice = sorted(number for number, times in seen.items() if times > 1)
    if twice:
        raise ChoiceError(_("Jeder Platz nur einmal: Platz %(rank)d ist mehrfach vergeben.", rank=twice[0]))
    return {str(candidate_id): number for candidate_id, number in numbers.items()}


def cast_ballot(choice, token, marks, admit=None, limit=None):
    """Store (or replace) the ballot of the voter with ``token`` while the vote is open.

    ``admit(session)`` is called for a new voter (the rate limit on new voters, per browser
    session and address), ``limit(voter, session)`` for every ballot (per voter); both may
    raise. Returns the ballot."""
    if choice.state != OPEN:
        raise ChoiceError(_("Diese Abstimmung ist nicht geöffnet."))
    voter = voter_hash(choice, token)
    with write_transaction() as session:
        ballot = session.scalar(select(ProjectBallot).where(ProjectBallot.choice_id == choice.id,
                                                            ProjectBallot.voter == voter))
        if limit is not None:
            limit(voter, session)
        if ballot is None:
            if admit is not None:
                admit(session)
            ballot = ProjectBallot(choice_id=choice.id, voter=voter, marks=marks)
            session.add(ballot)
        else:
            ballot.marks = dict(marks)
            ballot.updated_at = utcnow()
    return ballot
