"""The moderator console: the dense idea list, its settings panel, and merging duplicates.

The list pages through the ideas (a hall's 500 are five pages) and is filtered by question,
status and typed words; ``?partial=list`` gives only the list, so that the console's
script can patch changed rows in place (``?partial=runsheet``: only the run-sheet panel).
Merge targets are found on a page of their own (by typing or from the analysis'
suggestions), which works without JavaScript; the script loads the same candidates
(``?partial=1``) into the row's menu.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_number
from flask_babel import gettext as _

from ..core.forms import search_words
from ..core.ids import parse_id
from ..events.log import latest_seq
from ..ideas import similar
from ..ideas.done import done_counts
from ..ideas.services import idea_of
from ..ideas.state import count_votes, idea_states, vote_counts
from ..phases.phase import phase_of
from ..phases.services import phase_payload, step_label
from ..voting.services import reset_votes
from ..workshops.access import managed_workshop
from . import bp, merging, services, sources
from .forms import LiveSettingsForm
from .views import CONSOLE_STATUSES, PREFIX, _back, _idea


def _query(name="q"):
    return search_words(request.args.get(name))


@bp.get(f"{PREFIX}/console")
@managed_workshop
def console(workshop):
    return _render_console(workshop)


def _render_console(workshop, settings=None, http_status=200):
    """The console page; ``settings`` is a rejected settings form to show again as typed."""
    partial = request.args.get("partial")
    if partial == "runsheet":  # the run-sheet panel alone, for the console's script
        return render_template("runsheet/_console_panel.html", workshop=workshop, run=run_sheet_panel(workshop))
    question_id = parse_id(request.args.get("question"))
    status = request.args.get("status", "")
    if status not in CONSOLE_STATUSES:
        status = ""
    query = _query()
    group = services.parse_group_filter(workshop, request.args.get("gruppe"))
    seq = latest_seq(workshop.id)  # before reading the ideas: an event in between is replayed
    listing = services.console_page(
        workshop, question_id, status or None, query, parse_id(request.args.get("page")) or 1, group=group
    )
    template = "moderation/_console_list.html" if partial == "list" else "moderation/console.html"
    return render_template(
        template,
        workshop=workshop,
        listing=listing,
        ideas=listing.ideas,
        states={state["id"]: state for state in idea_states(listing.ideas)},
        question_filter=question_id,
        status_filter=status,
        text_filter=query,
        group_filter=group,
        groups=list(workshop.groups),
        filters=_filters(question_id, status, query, listing.page, group),
        seq=seq,
        spotlight=services.spotlighted_idea(workshop),
        notice=sources.flood_notice(workshop),
        format_number=format_number,
        settings=settings or _settings_form(workshop),
        settings_open=settings is not None or request.args.get("settings") == "open",
        duplicates=similar.possible_duplicate_ideas(workshop) if partial != "list" else [],
        run=run_sheet_panel(workshop) if partial != "list" else None,
        # while the dots are counted in secret: no idea's count, only how many were given
        dots_given=count_votes(workshop) if workshop.votes_hidden else None,
    ), http_status


def run_sheet_panel(workshop):
    """What the console's run-sheet panel shows: the phase as walls get it, the steps (for
    "Schritt starten"), how many are done, and the names of the kinds."""
    remaining = phase_of(workshop).remaining()
    return {
        "phase": phase_payload(workshop),
        "remaining": remaining,
        "remaining_whole": int(-(-remaining // 1)) if remaining is not None else 0,  # seconds, rounded up
        "steps": list(workshop.steps),
        "done": done_counts(workshop),
        "step_label": step_label,
        "question_numbers": {question.id: number for number, question in enumerate(workshop.questions, 1)},
    }


def _filters(question_id, status, query, page, group=None):
    """The console's filters as query arguments, for links and hidden fields."""
    values = {
        "question": question_id, "status": status, "gruppe": group, "q": query, "page": page if page > 1 else None,
    }
    return {key: value for key, value in values.items() if value}


def _settings_form(workshop):
    # Not obj=workshop: WTForms prefers obj over data, which showed the word list as a
    # Python repr ("['Mist']") that the next save stored as garbled words.
    return LiveSettingsForm(
        formdata=None,
        data={
            "dots_per_participant": workshop.dots_per_participant,
            "show_ideas_to_attendees": workshop.show_ideas_to_attendees,
            "premoderation": workshop.premoderation,
            "word_filter": "\n".join(workshop.word_filter or ()),
        },
    )


@bp.get(f"{PREFIX}/ideas/<int:idea_id>/merge")
@managed_workshop
def merge_page(workshop, idea_id):
    """Find the idea to merge into: the closest suggestions, or the ideas holding typed words."""
    source = _idea(workshop, idea_id)
    query = _query()
    candidates, total = merging.merge_candidates(workshop, source, query)
    context = dict(
        workshop=workshop, source=source, candidates=candidates, total=total, query=query,
        votes={} if workshop.votes_hidden else vote_counts(idea.id for idea in candidates),
        question_numbers={question.id: number for number, question in enumerate(workshop.questions, 1)},
    )
    if request.args.get("partial"):
        return render_template("moderation/_merge_candidates.html", **context)
    return render_template("moderation/merge.html", **context)


@bp.post(f"{PREFIX}/ideas/<int:idea_id>/merge")
@managed_workshop
def merge(workshop, idea_id):
    source = _idea(workshop, idea_id)
    target_id = parse_id(request.form.get("target_id"))
    target = idea_of(workshop, target_id) if target_id else None
    error = None
    if target is None:
        error = _("Bitte wählen Sie die Idee, mit der diese zusammengeführt werden soll.")
    else:
        try:
            target = services.merge(source, target)
        except services.ModerationError as refusal:
            error = refusal.message
    if error is not None:
        flash(error, "error")
        if request.form.get("back") == "merge":  # the page without JavaScript: search kept
            query = search_words(request.form.get("merge_q"))
            return redirect(url_for("moderation.merge_page", workshop_id=workshop.id, idea_id=source.id,
                                    **({"q": query} if query else {})))
        return _back(workshop, source)
    flash(_("Die Ideen sind zusammengeführt."))
    return _back(workshop, target)


@bp.post(f"{PREFIX}/live-settings")
@managed_workshop
def live_settings(workshop):
    form = LiveSettingsForm()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return _render_console(workshop, settings=form, http_status=422)  # shown as typed, nothing stored
    services.update_live_settings(
        workshop,
        dots=form.dots_per_participant.data,
        show_ideas=form.show_ideas_to_attendees.data,
        premoderation=form.premoderation.data,
        word_filter=services.parse_word_filter(form.word_filter.data),
    )
    flash(_("Die Einstellungen für Wand und Abstimmung sind gespeichert."))
    return redirect(url_for("moderation.console", workshop_id=workshop.id, _anchor="settings"))


@bp.post(f"{PREFIX}/reset-votes")
@managed_workshop
def reset_all_votes(workshop):
    if request.form.get("confirm") != "yes":
        flash(_("Bitte bestätigen Sie, dass alle Punkte gelöscht werden sollen."), "error")
        return redirect(url_for("moderation.console", workshop_id=workshop.id, settings="open", _anchor="settings"))
    reset_votes(workshop)
    flash(_("Alle Punkte sind zurückgesetzt."))
    return redirect(url_for("moderation.console", workshop_id=workshop.id, _anchor="settings"))
