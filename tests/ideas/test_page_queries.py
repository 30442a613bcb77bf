"""Pages that list every idea read them in a fixed number of queries, however many there are.

A hall's phone page is drawn again after each of 1,500 posts; one query per idea for its
nickname, its merged ideas and its edits made every post slower than the one before.
"""

from contextlib import contextmanager

from sqlalchemy import event

from participation.extensions import db
from participation.ideas import similar
from participation.ideas.services import edit_idea
from participation.moderation import services as moderation

from helpers import make_participant, post_idea


@contextmanager
def counted_queries():
    statements = []

    def count(_connection, _cursor, statement, *_args):
        # The site settings (public address) are re-read every few seconds, whenever a
        # request finds them older: on a slow machine that may fall into either page.
        if statement.lstrip().upper().startswith("SELECT") and "site_setting" not in statement:
            statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _add_ideas(workshop, how_many, start):
    ideas = [post_idea(workshop, make_participant(workshop, f"autorin{number}-"),
                       f"Idee Nummer {number}: Bürgerbus nach Büsum 🚌")
             for number in range(start, start + how_many)]
    # Everything idea_state reads beyond the idea itself: a merge and an edit.
    moderation.merge(ideas[1], ideas[0])
    edit_idea(ideas[2], ideas[2].text + " (überarbeitet)")
    return ideas


def _queries_for(client, path):
    db.session.expire_all()
    with counted_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def test_phone_page_reads_ideas_in_a_fixed_number_of_queries(attendee, workshop):
    client, _token = attendee
    _add_ideas(workshop, 4, 0)
    few = _queries_for(client, f"/j/{workshop.code}/ideas")
    _add_ideas(workshop, 20, 100)
    many = _queries_for(client, f"/j/{workshop.code}/ideas")
    assert many == few


def test_wall_and_console_read_ideas_in_a_fixed_number_of_queries(logged_in, workshop, monkeypatch):
    # The console's similar-idea index is rebuilt whenever the ideas changed (in a hall at
    # most every few seconds): both counts then include its rebuild.
    monkeypatch.setattr(similar, "REBUILD_SECONDS", 0)
    _add_ideas(workshop, 4, 0)
    paths = [f"/moderation/workshops/{workshop.id}/console", f"/api/workshops/{workshop.code}/ideas"]
    few = [_queries_for(logged_in, path) for path in paths]
    _add_ideas(workshop, 20, 100)
    assert [_queries_for(logged_in, path) for path in paths] == few
