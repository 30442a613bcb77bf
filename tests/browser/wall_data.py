"""Walls of real sizes for browser tests: 3 to 12 Handlungsfelder and ~125 ideas, stored
in-process on the test server's database (no clicking), as after an evening's analysis."""

from playwright.sync_api import expect

SIZES = {"1280x720": {"width": 1280, "height": 720}, "1920x1080": {"width": 1920, "height": 1080}}

EXTRA_FIELDS = (
    "Kooperation, Organisation und interkommunale Zusammenarbeit der Ämter und Gemeinden",
    "Breitband und digitale Infrastrukturen im ländlichen Raum",
    "Daseinsvorsorge",
    "Verwaltungsdigitalisierung, Onlinezugangsgesetz und Bürgerservice",
)
IDEA_TEXTS = (
    "Mitfahrbank an jeder Bushaltestelle",
    "Glasfaser bis zum letzten Hof, auch in Süderdeich und Wesselburenerkoog",
    "Digitale Sprechstunde beim Hausarzt für alle, die nicht mehr Auto fahren",
    "WLAN in der Bücherei",
    "Ein Rufbus per App, der auch abends nach 20 Uhr noch in die Dörfer fährt und sich nach Bedarf richtet",
    "Smartphone-Kurse für Seniorinnen und Senioren in der Volkshochschule Heide",
    "Online-Termine im Bürgerbüro statt Warteschlange",
    "Digitale Dorfplattform mit Veranstaltungen, Vereinen und Mitfahrgelegenheiten",
    "Tablets für alle Grundschulen",
    "Sensoren an den Deichen, die Wasserstand und Schäden melden",
)
LONG_QUESTION = (
    "Welche konkrete Projektidee haben wir für die Digitalstrategie im Kreis Dithmarschen, "
    "die in den nächsten fünf Jahren umgesetzt werden kann, die Menschen in den Dörfern wie "
    "in den Städten erreicht, die Verwaltung entlastet und die auch dann noch trägt, wenn "
    "die Fördermittel auslaufen und der Alltag zurückkehrt?"
)


def fill_wall(database_app, workshop, fields=10, ideas=125, long_question=False):
    """Give ``workshop`` ``fields`` Handlungsfelder and ``ideas`` visible ideas spread over
    questions and fields (every field gets some; a few stay unassigned). The fields are
    set as a moderator's decision, so the server's background analysis keeps them.

    Returns {field column list id: [idea ids]}: the ids of the wall's columns by field.
    """
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.ideas.models import VISIBLE, Idea
    from participation.workshops.models import Workshop
    from participation.workshops.structure import add_field, delete_field

    with database_app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        for field in list(stored.fields)[fields:]:
            delete_field(field)
        for name in EXTRA_FIELDS[: max(0, fields - len(stored.fields))]:
            add_field(stored, name)
        db.session.expire_all()
        stored = db.session.get(Workshop, workshop.id)
        field_ids = [field.id for field in stored.fields]
        assert len(field_ids) == fields, field_ids
        with write_transaction() as session:
            if long_question:
                stored.questions[1].text = LONG_QUESTION[:300]
            rows = []
            for number in range(ideas):
                field_id = None if number % 13 == 12 else field_ids[number % len(field_ids)]
                text = f"{IDEA_TEXTS[number % len(IDEA_TEXTS)]} ({number + 1})"
                rows.append(Idea(workshop_id=stored.id, question_id=stored.questions[number % 3].id,
                                 idempotency_key=f"wall-size-{workshop.id}-{number:05d}", text=text,
                                 status=VISIBLE, field_id=field_id, field_confirmed=field_id is not None))
            session.add_all(rows)
        columns = {f"wall-list-field-{field_id}": [] for field_id in field_ids}
        columns["wall-list-field-none"] = []
        for row in rows:
            columns[f"wall-list-field-{row.field_id}" if row.field_id else "wall-list-field-none"].append(row.id)
        db.session.remove()
    return columns


def open_wall(page, workshop, query=""):
    page.goto(f"/w/{workshop.code}/wall{query}")
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected")  # paging is set up, too
    return page
