"""Incremental analysis of a workshop: ideas posted after a full run are sorted with the model
that run fitted, reading only them; anything else makes the next run fit the workshop anew.

"The same inputs": the model a full run fitted (kept in this process). The rows written by
the full run and by the incremental runs after it are exactly what that model, frozen,
gives every open idea of the workshop at the end.
"""

import itertools

import pytest

from sqlalchemy import event, select

from participation.database import write_transaction
from participation.extensions import db
from participation.fields import fitted as fitted_module
from participation.fields import services as sorting
from participation.fields.coordination import shared_state
from participation.fields.fitted import Fitted, FittedModels, fitted_models
from participation.ideas.models import VISIBLE, Idea
from participation.workshops.models import Field

from hall_ideas import hall_ideas

_keys = itertools.count()


@pytest.fixture(autouse=True)
def _incremental_at_every_size(monkeypatch):
    """Production sorts incrementally from 2,000 fitted ideas and fits again after 10 %
    growth; these tests use small workshops and a quarter (the mechanism, not the numbers:
    ``test_small_workshops_are_always_fitted_in_full`` checks production's), and no spacing
    of a burst's fits (``test_a_burst_is_fitted_again_only_after...`` checks it)."""
    monkeypatch.setattr(fitted_module, "INCREMENTAL_FROM", 0)
    monkeypatch.setattr(fitted_module, "GROWTH", 0.25)
    monkeypatch.setattr(fitted_module, "FIT_SPACING", 0.0)


def test_small_workshops_are_always_fitted_in_full(monkeypatch):
    monkeypatch.setattr(fitted_module, "INCREMENTAL_FROM", 2000)
    monkeypatch.setattr(fitted_module, "GROWTH", 0.10)
    now = 1000.0
    small = Fitted(model=None, generation=(0, 0), fields=(), watermark=10, size=1999, fitted_at=now)
    large = Fitted(model=None, generation=(0, 0), fields=(), watermark=10, size=2000, fitted_at=now)
    assert small.due_for_a_fit(now, 1)
    assert not large.due_for_a_fit(now, 1)
    assert large.due_for_a_fit(now, 201)  # grown by more than a tenth since the fit


def test_a_burst_is_fitted_again_only_after_a_pause_as_long_as_twenty_fits(monkeypatch):
    """A workshop growing by a tenth within seconds (a hall posting as fast as it can) is not
    fitted after every tenth: its new ideas are sorted with the model until ``FIT_SPACING``
    times the last fit's CPU time has passed, unless it grew by half."""
    monkeypatch.setattr(fitted_module, "INCREMENTAL_FROM", 2000)
    monkeypatch.setattr(fitted_module, "GROWTH", 0.10)
    monkeypatch.setattr(fitted_module, "FIT_SPACING", 20.0)
    monkeypatch.setattr(fitted_module, "GROWTH_LIMIT", 0.5)
    model = Fitted(model=None, generation=(0, 0), fields=(), watermark=10, size=10_000, fitted_at=100.0,
                   fit_seconds=2.0)
    assert not model.due_for_a_fit(110.0, 1500)  # grown by 15 % ten seconds after a fit of 2 s
    assert model.due_for_a_fit(140.0, 1500)  # 40 s = 20 fits later
    assert not model.due_for_a_fit(140.0, 900)  # ... but only once grown by a tenth
    assert model.due_for_a_fit(110.0, 5001)  # grown by more than half: at once


def test_a_full_run_keeps_how_long_its_fit_took(app, workshop, monkeypatch):
    """The spacing of a burst's fits is measured on the fit itself (CPU time of this thread)."""
    _insert(workshop, hall_ideas(30))
    sorting.run_analysis(workshop)
    assert _model(app, workshop).fit_seconds > 0


def test_an_old_model_is_fitted_again_once_enough_ideas_share_the_fit(monkeypatch):
    """After ``REFIT_SECONDS`` a model is fitted anew, but only once it sorted a share of its
    size: one post an hour into a workshop of 20,000 must not pay for a fit of 20,000."""
    monkeypatch.setattr(fitted_module, "INCREMENTAL_FROM", 2000)
    monkeypatch.setattr(fitted_module, "REFIT_SECONDS", 600)
    monkeypatch.setattr(fitted_module, "REFIT_SHARE", 0.01)
    model = Fitted(model=None, generation=(0, 0), fields=(), watermark=10, size=20_000, fitted_at=0.0)
    assert not model.due_for_a_fit(599.0, 500)  # young: sorted incrementally
    assert not model.due_for_a_fit(3600.0, 1)  # old, but one post would carry the whole fit
    model.added = 199
    assert model.due_for_a_fit(3600.0, 1)  # 200 posts share it: 1 % of the workshop


def _insert(workshop, texts, field=None):
    """Store ideas directly (no signal, no analysis); ``field``: decided into it (a card)."""
    with write_transaction() as session:
        ideas = [
            Idea(workshop_id=workshop.id, question_id=workshop.questions[0].id,
                 idempotency_key=f"incremental-{next(_keys)}", text=text, status=VISIBLE,
                 field_id=field.id if field is not None else None, field_confirmed=field is not None)
            for text in texts
        ]
        session.add_all(ideas)
    return [idea.id for idea in ideas]


def _model(app, workshop):
    return fitted_models(app).get(workshop.id)


def _rows(workshop):
    db.session.rollback()
    return db.session.execute(
        select(Idea.id, Idea.text, Idea.field_id, Idea.field_score, Idea.field_terms)
        .where(Idea.workshop_id == workshop.id, Idea.field_confirmed.is_(False))
    ).all()


def _field(workshop, name):
    return next(field for field in workshop.fields if field.name == name)


def test_incremental_runs_write_what_the_frozen_model_gives_every_idea(app, workshop):
    texts = hall_ideas(240)
    _insert(workshop, texts[:200])
    sorting.run_analysis(workshop)
    fitted = _model(app, workshop)
    assert fitted is not None and fitted.size == 200
    for start in range(200, 240, 8):  # five bursts of posts, 20 % growth: no refit yet
        _insert(workshop, texts[start : start + 8])
        sorting.run_analysis(workshop, incremental=True)
    assert _model(app, workshop) is fitted and fitted.added == 40
    rows = _rows(workshop)
    assert len(rows) == 240
    frozen = fitted.model.assign({row.id: row.text for row in rows})
    assert {row.id: (row.field_id, row.field_score, row.field_terms) for row in rows} == {
        key: sorting._assignment_row(assignment) for key, assignment in frozen.items()
    }
    assert sum(row.field_id is not None for row in rows[200:]) >= 30  # they were sorted, not skipped


def test_growing_by_a_quarter_fits_again(app, workshop):
    texts = hall_ideas(140)
    _insert(workshop, texts[:100])
    sorting.run_analysis(workshop)
    first = _model(app, workshop)
    _insert(workshop, texts[100:124])
    sorting.run_analysis(workshop, incremental=True)
    assert _model(app, workshop) is first and first.added == 24
    _insert(workshop, texts[124:])  # 40 % more than fitted on
    sorting.run_analysis(workshop, incremental=True)
    second = _model(app, workshop)
    assert second is not first and second.size == 140 and second.added == 0


def test_a_decision_teaches_ideas_posted_afterwards(app, workshop):
    """A moderator decides (and, as the view does, runs the analysis) in one worker; another
    worker still holds the model from before: its next incremental run must fit anew, so
    that the decision teaches the new idea."""
    texts = hall_ideas(60) + ["Kiosk am Bahnhof wieder öffnen"]
    ids = _insert(workshop, texts)
    sorting.run_analysis(workshop)
    other_worker = _model(app, workshop)
    bildung = _field(workshop, "Bildung")
    sorting.move_idea(db.session.get(Idea, ids[-1]), bildung)
    sorting.run_analysis(workshop)  # the deciding worker's run
    fitted_models(app).put(workshop.id, other_worker)  # this process kept the model from before
    (new,) = _insert(workshop, ["Ein Kiosk am Bahnhof wieder öffnen, bitte"])
    sorting.run_analysis(workshop, incremental=True)
    assert _model(app, workshop) is not other_worker  # another process fitted since: fitted anew
    assert db.session.get(Idea, new).field_id == bildung.id


def test_a_change_that_needs_a_full_fit_is_counted_in_the_shared_state(app, workshop):
    _insert(workshop, hall_ideas(80))
    sorting.run_analysis(workshop)
    first = _model(app, workshop)
    shared_state(app).bump(workshop.id, full=False)  # ideas added: the model stays
    _insert(workshop, ["Rufbus nach Heide am Sonntag"])
    sorting.run_analysis(workshop, incremental=True)
    assert _model(app, workshop) is first
    shared_state(app).bump(workshop.id, full=True)  # say, an idea hidden in another worker
    _insert(workshop, ["Glasfaser bis zum Hof"])
    sorting.run_analysis(workshop, incremental=True)
    assert _model(app, workshop) is not first


def test_a_decided_card_or_a_changed_field_makes_the_run_fit_anew(app, workshop):
    _insert(workshop, hall_ideas(80))
    sorting.run_analysis(workshop)
    first = _model(app, workshop)
    _insert(workshop, ["Kiosk am Bahnhof wieder öffnen"], field=_field(workshop, "Bildung"))
    sorting.run_analysis(workshop, incremental=True)
    second = _model(app, workshop)
    assert second is not first and second.size == 80  # the card is decided: an example, not open
    with write_transaction():  # keywords changed without any signal (say, by a script)
        field = db.session.get(Field, _field(workshop, "Mobilität").id)
        field.keywords = [*field.keywords, "kiosk"]
    _insert(workshop, ["Kiosk im Dorf"])
    sorting.run_analysis(workshop, incremental=True)
    assert _model(app, workshop) is not second


class _Reads:
    """Counts the statements a block sends and the rows its ORM queries return."""

    def __init__(self):
        self.statements, self.rows = 0, 0

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._statement)
        event.listen(db.session, "do_orm_execute", self._execute)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._statement)
        event.remove(db.session, "do_orm_execute", self._execute)

    def _statement(self, *args):
        self.statements += 1

    def _execute(self, state):
        if not state.is_select:
            return None
        result = state.invoke_statement().freeze()
        self.rows += len(result().all())
        return result()


def _incremental_reads(app, workshop, size, monkeypatch):
    monkeypatch.setattr(fitted_module, "SETTLE_SECONDS", 0.0)  # every earlier idea has committed
    _insert(workshop, hall_ideas(size))
    sorting.run_analysis(workshop)
    _insert(workshop, ["Rufbus nach Heide am Sonntag", "Glasfaser bis zum Hof", "Hundewiese in Marne"])
    db.session.rollback()
    workshop = db.session.get(type(workshop), workshop.id)
    with _Reads() as reads:
        sorting.run_analysis(workshop, incremental=True)
    assert _model(app, workshop).added == 3
    return reads.statements, reads.rows


def test_an_incremental_run_reads_only_the_new_ideas(app, workshop, moderator, monkeypatch):
    """The same statements and rows at 100 and at 2,000 ideas: the fields, the new ids, the
    new ideas, the writes."""
    from participation.workshops.services import create_workshop

    small = _incremental_reads(app, workshop, 100, monkeypatch)
    large = _incremental_reads(app, create_workshop(moderator, "dithmarschen"), 2000, monkeypatch)
    assert small == large
    statements, rows = small
    assert rows <= 3 * 3 + 8 + 5  # a few rows per new idea and field


def test_the_window_read_again_is_bounded(app, workshop):
    _insert(workshop, hall_ideas(600))
    sorting.run_analysis(workshop)
    fitted = _model(app, workshop)
    assert fitted.watermark > 0 and len(fitted.recent) == sorting.SETTLE_IDS
    _insert(workshop, ["Rufbus nach Heide am Sonntag"])
    with _Reads() as reads:
        sorting.run_analysis(workshop, incremental=True)
    assert reads.rows <= sorting.SETTLE_IDS + 1 + 30
    assert fitted.added == 1


def test_the_kept_models_are_bounded():
    models = FittedModels(max_models=2, max_ideas=1000)
    for workshop_id in (1, 2, 3):
        models.put(workshop_id, Fitted(None, (0, 0), (), 0, 100))
    assert models.get(1) is None and len(models) == 2
    models.put(4, Fitted(None, (0, 0), (), 0, 950))
    assert len(models) == 1 and models.get(4) is not None  # 100 + 950 > 1000: the older one goes


def test_only_the_background_runner_holds_a_workshop_it_fitted(app, workshop):
    """A fit made in place (a request, a command) names no holder: no runner of that process
    watches the workshop, and the workers' runners would wait for it in vain."""
    from participation.fields.coordination import shared_state

    _insert(workshop, hall_ideas(30))
    sorting.run_analysis(workshop)
    assert shared_state(app).read(workshop.id)["holder"] == ""
    sorting.run_analysis(workshop, holder="server-a:12:ab")  # as the runner's full fit
    assert shared_state(app).read(workshop.id)["holder"] == "server-a:12:ab"
