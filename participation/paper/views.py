"""The paper-card entry page (``/karten/<code>``): a moderator or a helper holding the
"Kartenerfassung" link types the room's cards in, one per field or one per line, and
their sticker dots (a group's facilitator, with their Tischmoderation key, the cards of
their own group: stored with that group, and only those listed; the others may pick a
group for the cards); on the console, the link is made and revoked, and sticker dots are
entered for any idea (a printed wall list collects dots too).

Cards entered by the team are taken while the workshop is closed for phones: the cards
collected in the room still have to be typed in after the phones stop. Without
JavaScript every form posts and comes back (the text kept when it is refused); with it,
paper.js posts the same forms and asks for JSON.
"""


from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.ids import parse_id
from ..core.web import asks_for_json
from ..core.text import is_blank
from ..ideas.cards import Card, add_cards
from ..ideas.models import PAPER
from ..ideas.rules import IdeaRejected
from ..ideas.services import idea_of
from ..moderation.views import _back
from ..voting.paper import PaperVotesRejected, parse_paper_votes, set_paper_votes
from ..workshops.access import managed_workshop
from ..workshops.cards_keys import revoke_cards_key, rotate_cards_key
from ..workshops.qr import qr_inline_svg
from ..workshops.urls import public_url
from . import bp, services
from .access import card_entry, link_key

PREFIX = "/moderation/workshops/<int:workshop_id>/karten"
NO_STORE = {"Cache-Control": "no-store"}  # the page carries the key: no browser or proxy keeps it




@bp.app_template_global()
def paper_card_count(workshop):
    """How many paper cards ``workshop`` has (the console's fold says it)."""
    return services.count_paper_cards(workshop)


def _question_id(workshop, raw):
    """The chosen question's id if it is one of the workshop's, else the first question's."""
    wanted = parse_id(raw)
    ids = [question.id for question in workshop.questions]
    return wanted if wanted in ids else (ids[0] if ids else None)


def _group_id(workshop, raw):
    """The group chosen on the page (moderators and the "Kartenerfassung" link): one of the
    workshop's groups, or None (no group, the default)."""
    wanted = parse_id(raw)
    return wanted if wanted in {group.id for group in workshop.groups} else None


def _entry_page(workshop, key, status=200, typed=None, errors=None, focus="text", group=None):
    """The entry page; ``typed`` holds what a refused form sent (shown again as typed),
    ``errors`` maps a field name (or ``dots-<id>``) to its message; ``group`` is the
    facilitator's own group (fixed: the page shows and stores that group's cards only)."""
    typed = typed or {}
    show_all = request.args.get("alle") == "1"
    cards = services.paper_cards(workshop, services.ALL_CARDS if show_all else services.RECENT_CARDS, group)
    return render_template(
        "paper/entry.html",
        workshop=workshop,
        key=key,
        question_id=_question_id(workshop, typed.get("question_id") or request.args.get("question")),
        question_numbers={question.id: number for number, question in enumerate(workshop.questions, 1)},
        typed=typed,
        errors=errors or {},
        focus=request.args.get("focus", focus),
        card_key=typed.get("card_key") or services.new_card_key(),
        cards=cards,
        total=services.count_paper_cards(workshop, group),
        show_all=show_all,
        fixed_group=group,
        group_id=_group_id(workshop, typed.get("group_id") or request.args.get("gruppe")),
    ), status, NO_STORE


@bp.get("/karten/<code>")
def entry(code):
    """The fast entry page (phone- and laptop-sized; works without JavaScript)."""
    key = link_key()
    workshop, group = card_entry(code, key)
    return _entry_page(workshop, key, group=group)


def _refuse(workshop, key, message, field, focus, group=None):
    if asks_for_json():
        return jsonify(error="refused", message=message, field=field), 422
    return _entry_page(workshop, key, 422, typed=request.form.to_dict(), errors={field: message}, focus=focus,
                       group=group)


def _card_group_id(workshop, group):
    """The group the cards go to: the facilitator's own, else the one chosen (or none)."""
    return group.id if group is not None else _group_id(workshop, request.form.get("group_id"))


def _saved(workshop, key, states, repeated, focus, group=None):
    """The answer to stored cards: JSON for paper.js (the new rows drawn by the server),
    else back to the page with the question kept and the focus in the field."""
    if states:
        message = ngettext("Karte gespeichert: „%(text)s“", "%(num)d Karten gespeichert.", len(states),
                           text=states[0]["text"][:60])
    else:
        message = _("Diese Karte war schon gespeichert.") if repeated == 1 else _("Diese Karten waren schon gespeichert.")
    if asks_for_json():
        cards = [card for card in (services.paper_card(workshop, state["id"]) for state in states) if card]
        rows = [render_template("paper/_card_row.html", card=card, workshop=workshop, key=key,
                                question_numbers={q.id: n for n, q in enumerate(workshop.questions, 1)})
                for card in reversed(cards)]  # newest first, as the list shows them
        return jsonify(message=message, rows=rows, saved=len(states), repeated=repeated,
                       total=services.count_paper_cards(workshop, group), key=services.new_card_key())
    flash(message)
    question = request.form.get("question_id")
    chosen = None if group is not None else _group_id(workshop, request.form.get("group_id"))
    return redirect(url_for("paper.entry", code=workshop.code, key=key, question=question, gruppe=chosen,
                            focus=None if focus == "text" else focus))


@bp.post("/karten/<code>")
def add(code):
    """One card (Enter in the card's field): its text, the name on it, its sticker dots."""
    key = link_key()
    workshop, group = card_entry(code, key)
    text = request.form.get("text", "")
    if is_blank(text):
        return _refuse(workshop, key, _("Bitte schreiben Sie den Text der Karte in das Feld."), "text", "text", group)
    try:
        dots = parse_paper_votes(request.form.get("paper_votes"))
    except PaperVotesRejected as rejection:
        return _refuse(workshop, key, rejection.message, "paper_votes", "text", group)
    card = Card(text=text, key=services.usable_card_key(request.form.get("card_key")),
                author=request.form.get("author"), paper_votes=dots)
    try:
        states, repeated = add_cards(workshop, parse_id(request.form.get("question_id")), [card], source=PAPER,
                                     group_id=_card_group_id(workshop, group))
    except IdeaRejected as rejection:
        return _refuse(workshop, key, rejection.message, rejection.field, "text", group)
    return _saved(workshop, key, states, repeated, "text", group)


@bp.post("/karten/<code>/mehrere")
def add_lines(code):
    """Several cards at once: each line of the box is one card."""
    key = link_key()
    workshop, group = card_entry(code, key)
    try:
        cards = services.cards_from_lines(workshop, request.form.get("lines"),
                                          services.usable_card_key(request.form.get("card_key")))
        states, repeated = add_cards(workshop, parse_id(request.form.get("question_id")), cards, source=PAPER,
                                     group_id=_card_group_id(workshop, group))
    except services.CardsRejected as rejection:
        return _refuse(workshop, key, rejection.message, rejection.field, "lines", group)
    except IdeaRejected as rejection:
        field = "lines" if rejection.field == "text" else rejection.field
        return _refuse(workshop, key, rejection.message, field, "lines", group)
    return _saved(workshop, key, states, repeated, "lines", group)


@bp.post("/karten/<code>/karte/<int:idea_id>/klebepunkte")
def card_dots(code, idea_id):
    """The sticker dots of one paper card (set, not added: sending it twice changes nothing)."""
    key = link_key()
    workshop, group = card_entry(code, key)
    card = services.paper_card(workshop, idea_id, group)
    if card is None:
        abort(404)
    try:
        set_paper_votes(card, parse_paper_votes(request.form.get("paper_votes")))
    except PaperVotesRejected as rejection:
        if asks_for_json():
            return jsonify(error="refused", message=rejection.message), 422
        return _entry_page(workshop, key, 422, errors={f"dots-{card.id}": rejection.message},
                           typed={f"dots-{card.id}": request.form.get("paper_votes", "")}, focus=f"dots-{card.id}",
                           group=group)
    message = ngettext("%(num)d Klebepunkt gespeichert.", "%(num)d Klebepunkte gespeichert.", card.paper_votes)
    if asks_for_json():
        return jsonify(message=message, paper_votes=card.paper_votes)
    flash(message)
    return redirect(url_for("paper.entry", code=workshop.code, key=key, alle=request.args.get("alle"),
                            _anchor=f"card-{card.id}"))


@bp.post("/moderation/workshops/<int:workshop_id>/ideas/<int:idea_id>/klebepunkte")
@managed_workshop
def idea_dots(workshop, idea_id):
    """Sticker dots for any idea, from the console's "Mehr" menu (a printed wall list)."""
    idea = idea_of(workshop, idea_id)
    if idea is None:
        abort(404)
    typed = request.form.get("paper_votes", "")
    try:
        set_paper_votes(idea, parse_paper_votes(typed))
    except PaperVotesRejected as rejection:
        flash(_("%(message)s Eingegeben war: „%(typed)s“.", message=rejection.message, typed=typed[:20]), "error")
    else:
        flash(ngettext("Die Idee hat jetzt %(num)d Klebepunkt.", "Die Idee hat jetzt %(num)d Klebepunkte.",
                       idea.paper_votes))
    return _back(workshop, idea)


@bp.post(f"{PREFIX}/link")
@managed_workshop
def new_link(workshop):
    """A new "Kartenerfassung" link for helpers (an old one stops working), shown once."""
    key = rotate_cards_key(workshop)
    url = public_url(url_for("paper.entry", code=workshop.code, key=key))
    page = render_template("paper/cards_link.html", workshop=workshop, cards_url=url, qr=_qr_image(url))
    return page, 200, NO_STORE


def _qr_image(url):
    """The link's QR code as inline SVG, sized by CSS and named for screen readers."""
    return qr_inline_svg(url, _("QR-Code des Kartenerfassungs-Links"), "remote-link-qr")


@bp.post(f"{PREFIX}/widerrufen")
@managed_workshop
def revoke_link(workshop):
    revoke_cards_key(workshop)
    flash(_("Der Link zur Kartenerfassung ist widerrufen; er funktioniert nicht mehr."))
    return redirect(url_for("moderation.console", workshop_id=workshop.id, _anchor="paper-details"))
