"""The rows of the Handlungsfelder page: confidence words, search, filters, weakest first,
and moves that answer JavaScript with the new rows instead of a reload (issue 15, item 7)."""

import html
import re

from participation.analysis.confidence import confidence
from participation.extensions import db
from participation.fields import board
from participation.fields import services as sorting

from hall_ideas import build_hall
from helpers import csrf_token


def _url(workshop, suffix=""):
    return f"/moderation/workshops/{workshop.id}/fields{suffix}"


def _row_ids(page):
    return [int(value) for value in re.findall(r'<li class="sort-row[^"]*" id="idea-(\d+)"', page)]


def test_every_row_has_a_word_and_weakest_first_orders_by_it(workshop):
    build_hall(workshop, 125)
    db.session.rollback()
    rows = board.rows(workshop)
    assert len(rows) == 125
    levels = {row.level for row in rows}
    assert {"sure", "unsure", "guessed", "none"} <= levels  # a real hall has all of them
    for row in rows:
        assert (row.level == "none") == (row.idea.field_id is None and not row.idea.field_confirmed)
        if row.level in ("sure", "unsure", "guessed"):  # strength = margin (capped): runner-up recovered
            runner_up = row.idea.field_score - row.strength
            assert row.strength == row.idea.field_score or row.level == confidence(row.idea.field_score, runner_up)
    weakest = board.visible(rows, board.View(order="weakest"))
    order = [board.LEVELS.index(row.level) for row in weakest]
    assert order == sorted(order) and weakest[0].level == "guessed"
    guessed = [row.strength for row in weakest if row.level == "guessed"]
    assert guessed == sorted(guessed)


def test_unsure_first_offers_the_smallest_lead_first(workshop):
    build_hall(workshop, 125)
    db.session.rollback()
    rows = board.rows(workshop)
    ordered = board.visible(rows, board.View(order="uncertain"))
    undecided = [row for row in ordered if row.level != "decided"]
    assert ordered[: len(undecided)] == undecided  # decided ideas last
    ranks = [board._UNCERTAIN_RANK[row.level] for row in undecided]
    assert ranks == sorted(ranks)  # guesses and ideas without a field, then "unsicher", then "sicher"
    for rank in set(ranks):  # within each, the smallest lead of the best field first
        leads = [row.margin for row in undecided if board._UNCERTAIN_RANK[row.level] == rank]
        assert leads == sorted(leads)
    assert undecided[0].margin < 0.02
    assert ordered[0].level in ("guessed", "none")
    assert any(row.second is not None for row in undecided[:10])  # the close second field is named


def test_search_field_and_level_filters_combine(workshop):
    build_hall(workshop, 125)
    db.session.rollback()
    rows = board.rows(workshop)
    found = board.visible(rows, board.View(q="glasfaser"))
    assert found and all("glasfaser" in row.idea.text.casefold() for row in found)
    assert len(found) == sum("glasfaser" in row.idea.text.casefold() for row in rows)
    field = next(f for f in workshop.fields if f.name == "Mobilität")
    mobility = board.visible(rows, board.View(field=str(field.id), level="sure"))
    assert mobility and all(row.idea.field_id == field.id and row.level == "sure" for row in mobility)
    none = board.visible(rows, board.View(field="none"))
    assert none and all(row.idea.field_id is None for row in none)
    kept = board.visible(rows, board.View(q="nichts passt hierzu"), keep=rows[0].idea.id)
    assert [row.idea.id for row in kept] == [rows[0].idea.id]


def test_page_filters_without_javascript(logged_in, workshop):
    build_hall(workshop, 125)
    client = logged_in
    page = client.get(_url(workshop), query_string={"q": "Glasfaser", "level": "sure"}).get_data(as_text=True)
    ids = _row_ids(page)
    db.session.rollback()
    expected = [row.idea.id for row in board.visible(board.rows(workshop), board.View(q="Glasfaser", level="sure"))]
    assert ids == expected and 0 < len(ids) < 125
    assert 'value="Glasfaser"' in page and f"{len(ids)} von 125 Ideen angezeigt" in html.unescape(page)
    weakest = _row_ids(client.get(_url(workshop), query_string={"order": "weakest"}).get_data(as_text=True))
    assert len(weakest) == 125 and weakest != _row_ids(client.get(_url(workshop)).get_data(as_text=True))


def test_a_move_asked_for_json_answers_with_the_new_row_and_keeps_the_filters(logged_in, workshop):
    ideas, fields = build_hall(workshop, 125)
    client = logged_in
    token = csrf_token(client)
    idea_id = ideas[next(text for text in ideas if text.startswith("Glasfaser"))]
    target = fields["Kultur, Freizeit & Ehrenamt"]
    response = client.post(_url(workshop, f"/ideas/{idea_id}/move"), headers={"Accept": "application/json"},
                           data={"field_id": str(target), "csrf_token": token, "q": "Glasfaser", "level": "sure"})
    assert response.status_code == 200 and response.is_json
    data = response.get_json()
    assert data["message"].endswith("ist jetzt in „Kultur, Freizeit & Ehrenamt“.")
    row = data["rows"][str(idea_id)]
    assert f'id="idea-{idea_id}"' in row and f'data-field-id="{target}"' in row and 'data-level="decided"' in row
    assert '<input type="hidden" name="q" value="Glasfaser">' in row  # the row's form keeps the view
    assert data["fields"][str(target)] >= 1
    db.session.rollback()
    assert sorting.analysable_ideas(workshop) and db.session.get(type(sorting.analysable_ideas(workshop)[0]), idea_id).field_id == target

    # without JavaScript: back to the row, with the view kept
    response = client.post(_url(workshop, f"/ideas/{idea_id}/move"),
                           data={"field_id": "", "csrf_token": token, "q": "Glasfaser", "order": "weakest"})
    assert response.headers["Location"].endswith(f"?moved={idea_id}&q=Glasfaser&order=weakest#idea-{idea_id}")


def test_a_refused_move_asked_for_json_says_why(logged_in, workshop):
    ideas, _ = build_hall(workshop, 125)
    client = logged_in
    idea_id = next(iter(ideas.values()))
    response = client.post(_url(workshop, f"/ideas/{idea_id}/move"), headers={"Accept": "application/json"},
                           data={"field_id": "99999", "csrf_token": csrf_token(client)})
    assert response.status_code == 400
    assert response.get_json()["message"] == "Bitte wählen Sie ein Handlungsfeld dieses Workshops."
