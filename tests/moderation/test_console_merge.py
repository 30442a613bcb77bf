"""The console at a hall's size: text filter, pages, and finding where a duplicate goes."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.core.timeutil import utcnow
from participation.database import write_transaction
from participation.extensions import db
from participation.ideas.models import HIDDEN, PENDING, VISIBLE, Idea
from participation.moderation import services as moderation

from helpers import csrf_token, make_participant


@pytest.fixture
def mod(logged_in):
    return logged_in, csrf_token(logged_in)


def _store(workshop, texts, status=VISIBLE, nickname=None, minute=0):
    """Ideas with these texts, one a minute (the last is the newest); returns their ids."""
    person = make_participant(workshop, nickname or f"inge-{status}")
    start = utcnow() - timedelta(hours=3)
    with write_transaction() as session:
        ideas = [
            Idea(workshop_id=workshop.id, question_id=workshop.questions[number % 3].id, participant_id=person.id,
                 idempotency_key=f"merge-test-{status}-{number:04d}", text=text, status=status,
                 created_at=start + timedelta(minutes=minute + number))
            for number, text in enumerate(texts)
        ]
        session.add_all(ideas)
    return [idea.id for idea in ideas]


EVENING = [
    "Ärztehaus mit Videosprechstunde in Marne",
    "Mehr Busse am Wochenende nach Büsum",
    "Glasfaser für alle Dörfer im Kreis",
    "Videosprechstunde beim Hausarzt, spart die Fahrt nach Heide",
    "Tablets für jede Klasse",
    "Bürgerbüro online: Termine im Amt buchen",
    "Aerztehaus mit Video-Sprechstunde in Marne!!",
]


def _merge_page(client, workshop, idea_id, **args):
    response = client.get(f"/moderation/workshops/{workshop.id}/ideas/{idea_id}/merge", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _targets(html):
    return [int(value) for value in re.findall(r'name="target_id" value="(\d+)"', html)]


def test_merge_page_suggests_the_near_duplicate_first_and_only_public_ideas(mod, workshop):
    client, _ = mod
    ids = dict(zip(EVENING, _store(workshop, EVENING)))
    hidden, waiting = _store(workshop, ["Ärztehaus in Marne mit Video"], HIDDEN) + _store(
        workshop, ["Ärztehaus Marne Videosprechstunde bitte"], PENDING
    )
    source = ids["Aerztehaus mit Video-Sprechstunde in Marne!!"]
    merged_away = ids["Videosprechstunde beim Hausarzt, spart die Fahrt nach Heide"]
    moderation.merge(db.session.get(Idea, merged_away), db.session.get(Idea, ids["Tablets für jede Klasse"]))

    html = _merge_page(client, workshop, source)
    assert "Ähnliche Ideen, die ähnlichste zuerst" in html
    targets = _targets(html)
    assert targets[0] == ids["Ärztehaus mit Videosprechstunde in Marne"]
    assert not {source, hidden, waiting, merged_away} & set(targets)
    assert ids["Tablets für jede Klasse"] not in targets  # nothing in common: no suggestion
    assert "<html" in html and 'name="back" value="merge"' in html

    fragment = _merge_page(client, workshop, source, partial="1")
    assert "<html" not in fragment and _targets(fragment) == targets


@pytest.mark.parametrize("query, expected", [
    ("marne", ["Ärztehaus mit Videosprechstunde in Marne"]),
    ("ARZTEHAUS", ["Ärztehaus mit Videosprechstunde in Marne"]),
    ("busum wochenende", ["Mehr Busse am Wochenende nach Büsum"]),
    ("sprechstunde", ["Ärztehaus mit Videosprechstunde in Marne",
                      "Videosprechstunde beim Hausarzt, spart die Fahrt nach Heide"]),
])
def test_merge_page_finds_targets_by_typed_words_closest_first(mod, workshop, query, expected):
    client, _ = mod
    ids = dict(zip(EVENING, _store(workshop, EVENING)))
    html = _merge_page(client, workshop, ids["Aerztehaus mit Video-Sprechstunde in Marne!!"], q=query)
    assert _targets(html) == [ids[text] for text in expected]
    assert f"„{query}“" in html and f'value="{query}"' in html


def test_merge_page_with_no_match_says_so(mod, workshop):
    client, _ = mod
    ids = _store(workshop, EVENING)
    html = _merge_page(client, workshop, ids[0], q="Windpark")
    assert _targets(html) == [] and "Keine sichtbare Idee enthält alle diese Wörter." in html


def test_a_refused_merge_from_the_merge_page_returns_there_with_the_search(mod, workshop):
    client, token = mod
    ids = _store(workshop, EVENING)
    url = f"/moderation/workshops/{workshop.id}/ideas/{ids[-1]}/merge"
    response = client.post(url, data={"csrf_token": token, "back": "merge", "merge_q": "Ärztehaus Marne"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{url}?q=")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bitte wählen Sie die Idee, mit der diese zusammengeführt werden soll." in page
    assert 'value="Ärztehaus Marne"' in page
    response = client.post(url, data={"csrf_token": token, "back": "merge", "target_id": ids[0]})
    assert response.headers["Location"].endswith(f"#idea-{ids[0]}")
    db.session.rollback()
    assert db.session.get(Idea, ids[-1]).merged_into_id == ids[0]


def _rows(client, workshop, **args):
    html = client.get(f"/moderation/workshops/{workshop.id}/console", query_string=args).get_data(as_text=True)
    return [int(value) for value in re.findall(r'data-idea-id="(\d+)"', html)], html


def test_console_pages_through_many_ideas_and_filters_by_text(mod, workshop):
    client, token = mod
    ids = _store(workshop, [f"Idee Nummer {number} für Dithmarschen" for number in range(230)])
    ids += _store(workshop, EVENING, nickname="Hauke", minute=len(ids))
    newest_first = list(reversed(ids))

    rows, html = _rows(client, workshop)
    assert rows == newest_first[:100] and "1–100 von 237" in html and "Seite 1 von 3" in html
    rows, html = _rows(client, workshop, page=3)
    assert rows == newest_first[200:] and "201–237 von 237" in html and 'rel="prev"' in html
    assert _rows(client, workshop, page=99)[0] == newest_first[200:]  # past the end: the last page
    assert _rows(client, workshop, page="x")[0] == newest_first[:100]

    rows, html = _rows(client, workshop, q="aerztehaus MARNE")
    assert rows == [ids[-1], ids[230]] and "Seite 1 von" not in html
    # each word anywhere in the text: "17" is in 217, 170–179, 117 and 17
    assert _rows(client, workshop, q="nummer 17")[0] == [ids[n] for n in (217, *range(179, 169, -1), 117, 17)]
    assert _rows(client, workshop, q="hauke")[0] == newest_first[:7]  # the nickname counts too
    assert _rows(client, workshop, q="Windpark")[1].count("Keine Ideen mit diesem Filter.") == 1

    partial = client.get(f"/moderation/workshops/{workshop.id}/console", query_string={"partial": "list"})
    assert "<html" not in partial.get_data(as_text=True) and 'id="console-ideas"' in partial.get_data(as_text=True)

    # an action on an idea far down comes back to the page that shows it, filters kept
    oldest = ids[0]
    response = client.post(f"/moderation/workshops/{workshop.id}/ideas/{oldest}/hide",
                           data={"csrf_token": token, "page": "1", "q": ""})
    assert response.headers["Location"].endswith(f"?page=3#idea-{oldest}")
    response = client.post(f"/moderation/workshops/{workshop.id}/ideas/{ids[1]}/merge",
                           data={"csrf_token": token, "target_id": ids[2], "status": "visible"})
    assert response.headers["Location"].endswith(f"?status=visible&page=3#idea-{ids[2]}")
    rows, _ = _rows(client, workshop, status="visible", page=3)
    assert ids[2] in rows


def test_merge_suggestions_follow_a_corrected_text(mod, workshop):
    client, _ = mod
    ids = _store(workshop, ["Mehr Busse am Wochenende", "Glasfaser überall", "Bus am Wochenende, bitte!"])
    assert _targets(_merge_page(client, workshop, ids[2]))[0] == ids[0]
    moderation.fix_text(db.session.get(Idea, ids[1]), "Bus am Wochenende bitte")
    assert _targets(_merge_page(client, workshop, ids[2]))[0] == ids[1]
    assert db.session.scalar(select(Idea.text).where(Idea.id == ids[1])) == "Bus am Wochenende bitte"
