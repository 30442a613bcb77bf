"""Running the German text analysis on a workshop and keeping the moderator in control.

The analysis (``participation.analysis``, pure Python) proposes a field per idea; a
moderator's move is stored as confirmed and never overwritten by a re-run, and confirmed
ideas are the examples the analysis learns from for all others.
"""

import logging
import threading
import time
from dataclasses import dataclass, field as dc_field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ..analysis import FieldSpec, discover_groups, project_2d, top_terms
from ..analysis.fields import fit_fields
from ..charts.palette import UNASSIGNED_COLOUR, next_field_colour
from ..core.ids import parse_id
from ..core.signals import announce_content_changed
from ..database import write_transaction
from ..events.log import record_event, record_events
from ..extensions import db
from ..ideas.models import VISIBLE, Idea
from ..ideas.services import announce_idea
from ..ideas.state import idea_states, is_public, public_ideas, public_in
from ..workshops.models import Field, Workshop
from ..workshops.structure import next_position
from .coordination import shared_state
from .fitted import Fitted, fitted_models

log = logging.getLogger(__name__)

# Scores are kept at the precision they are shown with (pages, CSV, XLSX: two places).
# With four, nearly every idea's score moved a little whenever ideas were added, and each
# run rewrote the whole workshop: 4,945 of 12,100 ideas after 100 new ones, holding
# SQLite's write lock for 244 ms while every post waited (15 ms and 68 ideas with two).
SCORE_DIGITS = 2


class SortingError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def analysable_ideas(workshop):
    """The ideas the analysis sorts: those the room sees (``public_ideas``), by id."""
    return public_ideas(workshop, order_by=(Idea.id,))


def _analysis_rows(workshop):
    """What the analysis needs of those ideas, as plain rows (no objects): a hall's
    thousands of ideas are read again after every burst of posts."""
    columns = (Idea.id, Idea.text, Idea.field_id, Idea.field_score, Idea.field_terms, Idea.field_confirmed)
    return db.session.execute(select(*columns).where(*public_in(workshop)).order_by(Idea.id)).all()


def field_specs(workshop):
    return [
        FieldSpec(key=field.id, name=field.name, description=field.description, keywords=tuple(field.keywords),
                  catch_all=bool(field.catch_all))
        for field in workshop.fields
    ]


# One analysis per workshop at a time in this process; runs in other processes give the
# same result (deterministic), so their writes agree. A fixed set of locks, one chosen by
# the workshop's id (a lock per workshop ever analysed grew with every workshop a
# long-running process saw); two workshops sharing one only take turns, as the CPU
# makes them anyway.
_RUNNING = tuple(threading.Lock() for _ in range(32))


def _workshop_lock(workshop_id):
    return _RUNNING[workshop_id % len(_RUNNING)]


def run_analysis(workshop, incremental=False, holder=""):
    """Assign every idea that no moderator decided on; returns how many changed field.

    The analysis runs outside any transaction; the write transaction then touches only
    the ideas whose field, score or terms changed, with one bulk UPDATE. On SQLite every
    post waits while it holds the write lock, so it must stay short even with thousands
    of ideas.

    A full run fits the analysis on the whole workshop and keeps the fitted model in this
    process (see ``fitted``). With ``incremental`` (the background runner, when ideas were
    only added) only the ideas posted since are read and sorted with that model, at a cost
    that does not grow with the workshop; it falls back to a full run when there is no
    usable model: none in this process, another process fitted since, a change needed a
    full fit (shared counters, see ``coordination``), the fields differ, a new idea comes
    decided (a card with a field teaches), or the workshop grew by ``fitted.GROWTH`` since
    the fit (in a burst no sooner than ``fitted.FIT_SPACING`` times the CPU time of the last
    full run), or by ``fitted.REFIT_SHARE`` with a fit older than ``fitted.REFIT_SECONDS``.

    ``holder``: the background runner's process (``coordination.process_token``), which holds
    the workshop after a full fit and watches for changes made elsewhere. A fit made outside a
    runner (a request analysing in place, a command) names no holder: nobody would watch.
    """
    with _workshop_lock(workshop.id):
        if incremental:
            changed = _run_incremental(workshop)
            if changed is not None:
                return changed
        return _run_full(workshop, holder)


def _generation(workshop_id):
    """(full changes, fits) of the shared state, None if it cannot be read."""
    try:
        state = shared_state(current_app).read(workshop_id)
        return state["full"], state["fits"]
    except Exception:
        log.exception("analysis state of workshop %s unreadable", workshop_id)
        return None


def _run_full(workshop, holder=""):
    started = time.thread_time()
    app = current_app._get_current_object()
    models = fitted_models(app)
    models.drop(workshop.id)  # no longer current once this run writes
    generation = _generation(workshop.id)  # before reading: a later change makes the model stale
    ideas = _analysis_rows(workshop)
    decided = {idea.id: idea.field_id for idea in ideas if idea.field_confirmed}
    open_ideas = [idea for idea in ideas if not idea.field_confirmed]
    if not open_ideas:
        return 0
    texts = {idea.id: idea.text for idea in ideas if not idea.field_confirmed or idea.field_id is not None}
    examples = {idea_id: field_id for idea_id, field_id in decided.items() if field_id is not None}
    for key, (text, field_id) in process_examples(workshop).items():
        texts[key], examples[key] = text, field_id
    specs = field_specs(workshop)
    model, result = fit_fields(texts, specs, examples)
    kept = None
    if model is not None and generation is not None:
        try:
            fits = shared_state(app).fitted(workshop.id, holder)  # others' models are stale now
        except Exception:
            fits = None
        if fits is not None:
            kept = _fitted(model, (generation[0], fits), specs, [idea.id for idea in ideas], len(open_ideas))
            models.put(workshop.id, kept)
    wanted = {}
    for idea in open_ideas:
        if idea.id in result:
            row = _assignment_row(result[idea.id])
            if (idea.field_id, idea.field_score, idea.field_terms) != row:
                wanted[idea.id] = row
    db.session.rollback()  # the analysis ran outside any transaction; now write
    moved = _write_assignments(workshop, wanted)
    if kept is not None:  # the whole run: writing a refit's new scores costs more than the fit
        kept.fit_seconds = time.thread_time() - started
    return moved


def _fitted(model, generation, specs, ids, size):
    """What a process keeps of a full run: the newest ids read stay in the window that is read
    again until they settle (an idea with a smaller id may still commit, see ``fitted``)."""
    ids = sorted(ids)
    now = time.monotonic()
    recent, older = ids[-SETTLE_IDS:], ids[:-SETTLE_IDS]
    return Fitted(model, generation, tuple(specs), older[-1] if older else 0, size,
                  recent={idea_id: now for idea_id in recent})


# The newest ideas of a full run that an incremental run still reads the ids of (see _fitted).
SETTLE_IDS = 200


def _run_incremental(workshop):
    """Sort only the ideas posted since the model was fitted; None when a full run is needed."""
    models = fitted_models(current_app)
    fitted = models.get(workshop.id)
    now = time.monotonic()
    if fitted is None or fitted.due_for_a_fit(now):
        return None
    if _generation(workshop.id) != fitted.generation or tuple(field_specs(workshop)) != fitted.fields:
        return None
    watermark = fitted.settle(now)
    ids = db.session.scalars(select(Idea.id).where(*public_in(workshop), Idea.id > watermark)).all()
    new_ids = sorted(idea_id for idea_id in ids if idea_id not in fitted.recent)
    if not new_ids:
        db.session.rollback()
        return 0
    if fitted.due_for_a_fit(now, len(new_ids)):
        return None
    columns = (Idea.id, Idea.text, Idea.field_id, Idea.field_score, Idea.field_terms, Idea.field_confirmed)
    rows = db.session.execute(select(*columns).where(Idea.id.in_(new_ids), *public_in(workshop))).all()
    if any(row.field_confirmed for row in rows):
        return None  # a decided idea (a card with its field) teaches the others: fit anew
    result = fitted.model.assign({row.id: row.text for row in rows})
    wanted = {}
    for row in rows:
        assignment = _assignment_row(result[row.id])
        if (row.field_id, row.field_score, row.field_terms) != assignment:
            wanted[row.id] = assignment
    for idea_id in new_ids:
        fitted.recent[idea_id] = now
    fitted.added += len(new_ids)
    db.session.rollback()
    return _write_assignments(workshop, wanted)


def _write_assignments(workshop, wanted):
    """Write ``{idea id: (field id, score, terms)}`` to the ideas still open; returns how many moved."""
    if not wanted:
        return 0
    with write_transaction() as session:
        current = session.execute(
            select(Idea.id, Idea.field_id, Idea.field_score, Idea.field_terms).where(
                Idea.id.in_(wanted), Idea.field_confirmed.is_(False), *public_in(workshop),
            )
        ).all()  # a moderator may have moved, hidden or merged some meanwhile
        updates, moved = [], []
        for idea_id, field_id, score, terms in current:
            row = wanted[idea_id]
            if (field_id, score, terms) == row:
                continue
            updates.append({"id": idea_id, "field_id": row[0], "field_score": row[1], "field_terms": row[2]})
            if field_id != row[0]:  # walls group by field; a new score alone is not news for them
                moved.append(idea_id)
        if updates:
            session.execute(update(Idea), updates)
        if moved:  # their new states in a few queries, their events in one statement
            fresh = {"populate_existing": True}
            ideas = session.scalars(select(Idea).where(Idea.id.in_(moved)).order_by(Idea.id), execution_options=fresh)
            record_events(session, workshop.id, "idea", [{"idea": state} for state in idea_states(ideas.all())])
    return len(moved)


# At most this many decisions of the other workshops of a process teach a workshop (the
# newest): the analysis reads them on every run.
PROCESS_EXAMPLES_LIMIT = 3000


def process_examples(workshop):
    """The moderators' decisions of the other workshops of ``workshop``'s process, as
    training examples here: ``{-idea id: (text, this workshop's field id)}``.

    A decision counts where its field stands for a catalogue entry this workshop has a field
    for too (``Field.process_field_id``); the keys are negative so they never meet this
    workshop's own idea ids. Only ideas the room saw (visible, not merged away) teach.
    """
    if workshop.process_id is None:
        return {}
    local = dict(db.session.execute(
        select(Field.process_field_id, Field.id).where(Field.workshop_id == workshop.id,
                                                      Field.process_field_id.is_not(None))
    ).all())
    if not local:
        return {}
    rows = db.session.execute(
        select(Idea.id, Idea.text, Field.process_field_id)
        .join(Field, Idea.field_id == Field.id)
        .join(Workshop, Idea.workshop_id == Workshop.id)
        .where(Workshop.process_id == workshop.process_id, Idea.workshop_id != workshop.id,
               Idea.field_confirmed.is_(True), Idea.status == VISIBLE, Idea.merged_into_id.is_(None),
               Field.process_field_id.in_(list(local)))
        .order_by(Idea.id.desc())
        .limit(PROCESS_EXAMPLES_LIMIT)
    ).all()
    return {-idea_id: (text, local[entry_id]) for idea_id, text, entry_id in rows}


def _assignment_row(assignment):
    """(field id, rounded score, terms) as stored on the idea."""
    score = round(assignment.score, SCORE_DIGITS) if assignment.field_key is not None else None
    return assignment.field_key, score, list(assignment.terms)


def move_idea(idea, field):
    """A moderator puts ``idea`` into ``field`` (None: "Noch nicht zugeordnet"); final."""
    if field is not None and field.workshop_id != idea.workshop_id:
        raise SortingError(_("Dieses Handlungsfeld gehört nicht zu diesem Workshop."))
    with write_transaction() as session:
        _decide(session, [idea], field)
    teach_the_process(idea.workshop_id)
    return idea


def release_idea(idea):
    """Undo a moderator decision: the analysis decides this idea again."""
    with write_transaction() as session:
        idea.field_confirmed = False
        announce_idea(session, idea)
    teach_the_process(idea.workshop_id)
    return idea


def teach_the_process(workshop_id):
    """A decision in ``workshop_id`` teaches the other workshops of its process: they are
    analysed again (in the background and coalesced like any change; at once in tests)."""
    process_id = db.session.scalar(select(Workshop.process_id).where(Workshop.id == workshop_id))
    if process_id is None:
        return
    others = db.session.scalars(select(Workshop.id).where(Workshop.process_id == process_id,
                                                         Workshop.id != workshop_id)).all()
    for other_id in others:
        announce_content_changed(other_id)




def field_of(workshop, field_id):
    field_id = parse_id(field_id)
    field = db.session.get(Field, field_id) if field_id else None
    return field if field is not None and field.workshop_id == workshop.id else None


# --- the overview a moderator works with ---------------------------------------------------


def field_overview(workshop):
    """Per field (and for the unassigned): its ideas, sorted by score, and its top terms."""
    ideas = analysable_ideas(workshop)
    by_field = {field.id: [] for field in workshop.fields}
    unassigned = []
    for idea in ideas:
        (by_field.get(idea.field_id) if idea.field_id in by_field else unassigned).append(idea)
    sections = []
    for field in workshop.fields:
        members = sorted(by_field[field.id], key=lambda idea: (not idea.field_confirmed, -(idea.field_score or 0), idea.id))
        sections.append({"field": field, "ideas": members, "terms": top_terms([i.text for i in members], 6) if members else ()})
    return sections, unassigned


def proposals(workshop, unassigned=None):
    """Groups among the unassigned ideas: candidates for new Handlungsfelder."""
    unassigned = unassigned if unassigned is not None else field_overview(workshop)[1]
    if len(unassigned) < 3:
        return []
    groups = discover_groups({idea.id: idea.text for idea in unassigned}, workshop.discovery_k)
    ideas_by_id = {idea.id: idea for idea in unassigned}
    return [
        {"label": group.label, "terms": group.terms, "ideas": [ideas_by_id[key] for key in group.idea_keys]}
        for group in groups
        if group.terms and len(group.idea_keys) >= 2
    ]


@dataclass
class Adoption:
    """What adopting (or merging) a shown group did: ``left_out`` names each shown idea
    that was not taken and why; ``joined``: other ideas the analysis then put there."""

    field: Field
    taken: list = dc_field(default_factory=list)
    left_out: list = dc_field(default_factory=list)  # (text or None, reason)
    joined: int = 0


def adopt_group(workshop, idea_ids, name, terms):
    """Make a shown group a new Handlungsfeld with exactly the shown ideas.

    The ideas become moderator decisions: before, they were only put there as the
    analysis' guess, and the run right after adoption sorted them again by the new
    field's profile (name plus discovered terms), so ideas fell back out and others that
    shared a term (often just a place name) were pulled in. A shown idea that is hidden,
    merged or decided by a moderator meanwhile is left out and named in ``left_out``.
    """
    name = " ".join((name or "").split())
    if not name:
        raise SortingError(_("Bitte geben Sie dem neuen Handlungsfeld einen Namen."))
    if len(name) > 120:
        raise SortingError(_("Der Name darf höchstens 120 Zeichen lang sein."))
    with write_transaction() as session:
        ideas, left_out = _shown_ideas(session, workshop, idea_ids)
        if not ideas:  # a stale proposal (all decided or deleted since), or a crafted form
            raise SortingError(_(
                "Die Ideen dieses Vorschlags sind inzwischen zugeordnet oder gelöscht; es wurde kein "
                "Handlungsfeld angelegt. Bitte sehen Sie sich die neuen Vorschläge an."
            ))
        field = Field(
            workshop_id=workshop.id, position=next_position(session, Field, workshop), name=name,
            description="", keywords=_without_repeats(_shared_terms(terms, ideas)), colour=_next_colour(workshop),
        )
        session.add(field)
        session.flush()
        record_event(session, workshop.id, "fields", {})
        _decide(session, ideas, field)
    return _after_adoption(workshop, field, ideas, left_out)


def merge_group_into(workshop, field, idea_ids, terms):
    """Add a shown group to an existing field: exactly its ideas, as moderator decisions;
    the terms they share become keywords of the field."""
    if field.workshop_id != workshop.id:
        raise SortingError(_("Dieses Handlungsfeld gehört nicht zu diesem Workshop."))
    with write_transaction() as session:
        ideas, left_out = _shown_ideas(session, workshop, idea_ids)
        field.keywords = _without_repeats([*field.keywords, *_shared_terms(terms, ideas)])
        _decide(session, ideas, field)
    return _after_adoption(workshop, field, ideas, left_out)


def _decide(session, ideas, field):
    """A moderator's decision: ``ideas`` go to ``field`` (None: no field), final for every re-run."""
    for idea in ideas:
        idea.field_id = field.id if field is not None else None
        idea.field_confirmed, idea.field_score, idea.field_terms = True, None, []
        announce_idea(session, idea)


def _after_adoption(workshop, field, ideas, left_out):
    run_analysis(workshop)  # learn from the new decisions
    teach_the_process(workshop.id)
    taken = {idea.id for idea in ideas}
    db.session.rollback()
    joined = db.session.scalar(
        select(func.count()).select_from(Idea).where(*public_in(workshop), Idea.field_id == field.id, Idea.id.not_in(taken))
    )
    return Adoption(field=db.session.get(Field, field.id), taken=sorted(taken), left_out=left_out, joined=joined or 0)


def _shared_terms(terms, ideas):
    """The group's terms that at least two of its ideas use (all when it has one idea).

    Discovery labels a group with the words that set it apart, and in a small group that
    can be a word of one idea only, often a place ("Kamera, Storchennest, Eddelak"): as
    a keyword it pulled every idea mentioning Eddelak into the new field.
    """
    texts = [idea.text.casefold() for idea in ideas]
    needed = min(2, len(texts))
    return [term for term in terms if sum(term.casefold() in text for text in texts) >= needed]


def _without_repeats(keywords):
    """Keywords in order, each once: "Umwelt" repeats "umwelt" (the analysis folds case)."""
    seen = {}
    for keyword in keywords:
        seen.setdefault(keyword.casefold(), keyword)
    return list(seen.values())


def _shown_ideas(session, workshop, idea_ids):
    """The shown ideas that can still be taken, and (text, reason) for each that cannot."""
    wanted = list(dict.fromkeys(idea_ids))
    found = {idea.id: idea for idea in session.scalars(
        select(Idea).where(Idea.workshop_id == workshop.id, Idea.id.in_(wanted)).order_by(Idea.id)
    )}
    names = {field.id: field.name for field in workshop.fields}
    ideas, left_out = [], []
    for idea_id in wanted:
        idea = found.get(idea_id)
        if idea is None:
            left_out.append((None, _("nicht mehr vorhanden")))
        elif not is_public(idea):
            left_out.append((idea.text, _("inzwischen ausgeblendet oder zusammengeführt")))
        elif idea.field_confirmed:
            left_out.append((idea.text, _("inzwischen von der Moderation nach „%(field)s“ verschoben",
                                          field=names.get(idea.field_id, _("Noch nicht zugeordnet")))))
        else:
            ideas.append(idea)
    return ideas, left_out


def _next_colour(workshop):
    return next_field_colour(field.colour for field in workshop.fields)


def set_discovery_k(workshop, k):
    with write_transaction():
        workshop.discovery_k = k


MAP_MOST_POINTS = 2000  # a bigger workshop's map shows an even sample of its ideas


def map_points(workshop, most=None):
    """(x, y, colour, label) per idea for the 2-D map; of a workshop with more than
    ``most`` ideas an even sample of that many (the map of 20,000 ideas was a 3 MB SVG
    that took half a minute: a sample shows the same clusters)."""
    ideas = analysable_ideas(workshop)
    if not ideas:
        return []
    most = MAP_MOST_POINTS if most is None else most
    if len(ideas) > most:
        ideas = [ideas[index * len(ideas) // most] for index in range(most)]
    coordinates = project_2d({idea.id: idea.text for idea in ideas})
    colours = {field.id: field.colour for field in workshop.fields}
    return [
        (*coordinates[idea.id], colours.get(idea.field_id, UNASSIGNED_COLOUR), idea.field.name if idea.field else None)
        for idea in ideas
    ]


def is_colour(value):
    return isinstance(value, str) and len(value) == 7 and value[0] == "#" and all(
        char in "0123456789abcdefABCDEF" for char in value[1:]
    )
