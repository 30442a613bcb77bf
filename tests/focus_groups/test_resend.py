"""A measure form rejected for its CSRF token comes back with every box the group typed."""

from datetime import date, timedelta

from participation.focus_groups.services import create_link


def test_expired_form_shows_every_typed_box_again(app, workshop):
    field = workshop.fields[0]
    _link, token = create_link(workshop, field, date.today() + timedelta(days=3), "Gruppe Bildung")
    client = app.test_client()
    typed = {
        "title": "Digitale Lernwerkstatt in Heide",
        "description": "Ein Raum mit Tablets für alle Schulen 📚",
        "costs": "ca. 40.000 € im Jahr",
        "milestones": "1. Raum finden\n2. Geräte beschaffen",
        "priority": "hoch",
    }
    response = client.post(f"/f/{token}/measures/new", data=typed)  # no CSRF token
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for box in ("Maßnahmenbezeichnung", "Beschreibung der Maßnahme", "Kosten", "Meilensteine"):
        assert f">{box}</label>" in page
    assert "Ein Raum mit Tablets für alle Schulen 📚</textarea>" in page
    assert "1. Raum finden\n2. Geräte beschaffen</textarea>" in page
    assert 'type="hidden" name="priority" value="hoch"' in page
