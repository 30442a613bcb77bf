"""The exports page, downloads, charts and the published results page, through HTTP and the CLI."""

import pytest

from helpers import TEST_PASSWORD, csrf_token

from factories import RichWorkshop, build_rich_workshop

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "json": "application/json",
    "pdf": "application/pdf",
}


@pytest.fixture
def rich(workshop):
    return build_rich_workshop(workshop)


def _other_moderator_client(app):
    from participation.auth.services import create_moderator

    create_moderator("andere", TEST_PASSWORD)
    client = app.test_client()
    client.post("/moderation/login", data={"username": "andere", "password": TEST_PASSWORD, "csrf_token": csrf_token(client)})
    return client


def test_exports_page_lists_downloads_charts_and_counts(logged_in, rich):
    page = logged_in.get(f"/moderation/workshops/{rich.workshop.id}/exports").get_data(as_text=True)
    for fmt in FORMATS:
        assert f"/export.{fmt}" in page
    assert "delimiter=comma" in page
    assert page.count("/charts/") == 4
    assert "11 Ideen" in page and "Zahlen als Tabelle" in page
    assert "Mobilität" in page  # a chart's data table


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_downloads_as_an_attachment(logged_in, rich, fmt):
    response = logged_in.get(f"/moderation/workshops/{rich.workshop.id}/export.{fmt}")
    assert response.status_code == 200
    assert response.mimetype == FORMATS[fmt]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f'{rich.workshop.code}-dithmarschen-digital' in disposition
    assert "no-store" in response.headers["Cache-Control"]
    assert len(response.data) > 200


def test_csv_delimiter_choice(logged_in, rich):
    base = f"/moderation/workshops/{rich.workshop.id}/export.csv"
    semicolon = logged_in.get(base).data.decode("utf-8-sig")
    comma = logged_in.get(base + "?delimiter=comma").data.decode("utf-8-sig")
    assert semicolon.splitlines()[0].count(";") > comma.splitlines()[0].count(";")
    response = logged_in.get(base + "?delimiter=tab")
    assert response.status_code == 400
    assert "Semikolon" in response.get_data(as_text=True)


def test_unknown_format_and_chart_are_404(logged_in, rich):
    assert logged_in.get(f"/moderation/workshops/{rich.workshop.id}/export.docx").status_code == 404
    assert logged_in.get(f"/moderation/workshops/{rich.workshop.id}/charts/secret.svg").status_code == 404
    assert logged_in.get(f"/moderation/workshops/{rich.workshop.id}/charts/fields.gif").status_code == 404


@pytest.mark.parametrize("path", ["exports", "export.csv", "export.json", "charts/fields.svg"])
def test_only_the_workshops_moderators_get_exports(app, rich, path):
    client = app.test_client()
    url = f"/moderation/workshops/{rich.workshop.id}/{path}"
    assert client.get(url).status_code == 302  # anonymous: to the login
    assert _other_moderator_client(app).get(url).status_code == 404


def test_charts_are_drawn_again_only_after_a_change(logged_in, rich):
    from participation.charts.cache import chart_cache
    from helpers import make_participant, post_idea

    url = f"/moderation/workshops/{rich.workshop.id}/charts/questions.png"
    first = logged_in.get(url)
    assert first.mimetype == "image/png"
    renders = chart_cache.renders
    assert logged_in.get(url).data == first.data
    assert chart_cache.renders == renders
    post_idea(rich.workshop, make_participant(rich.workshop, "neu"), "Noch eine Idee für den Hafen ⚓")
    assert logged_in.get(url).data != first.data
    assert chart_cache.renders == renders + 1


def test_results_page_only_when_published(app, logged_in, rich):
    workshop = rich.workshop
    client = app.test_client()  # an attendee, not logged in
    response = client.get(f"/w/{workshop.code}/results")
    assert response.status_code == 404
    assert "nicht veröffentlicht" in response.get_data(as_text=True)
    assert client.get(f"/w/{workshop.code}/charts/fields.svg").status_code == 404

    token = csrf_token(logged_in)
    assert logged_in.post(f"/moderation/workshops/{workshop.id}/results", data={"publish": "1", "csrf_token": token}).status_code == 302
    page = client.get(f"/w/{workshop.code}/results").get_data(as_text=True)
    assert RichWorkshop.merge_target_text in page and RichWorkshop.merged_source_text in page
    assert rich.hidden_text not in page and rich.pending_text not in page
    assert client.get(f"/w/{workshop.code}/charts/fields.svg").mimetype == "image/svg+xml"
    assert client.get(f"/w/{workshop.code.lower()}/results").status_code == 200  # typed codes are forgiven

    logged_in.post(f"/moderation/workshops/{workshop.id}/results", data={"publish": "0", "csrf_token": token})
    assert client.get(f"/w/{workshop.code}/results").status_code == 404


def test_publishing_needs_csrf_and_a_moderator(app, logged_in, rich):
    url = f"/moderation/workshops/{rich.workshop.id}/results"
    assert logged_in.post(url, data={"publish": "1"}).status_code == 400
    client = app.test_client()
    assert client.post(url, data={"publish": "1", "csrf_token": csrf_token(client)}).status_code == 302
    assert _other_moderator_client(app).post(url, data={"publish": "1", "csrf_token": "x"}).status_code in (400, 404)
    from participation.extensions import db

    db.session.refresh(rich.workshop)
    assert rich.workshop.results_published is False


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_export_writes_the_same_file(runner, logged_in, rich, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    result = runner.invoke(args=["export", rich.workshop.code.lower(), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert rich.workshop.code in result.output
    if fmt in ("csv", "json"):  # deterministic formats: byte-identical to the download
        assert out.read_bytes() == logged_in.get(f"/moderation/workshops/{rich.workshop.id}/export.{fmt}").data


def test_cli_export_of_an_unknown_code_fails_clearly(runner, tmp_path):
    result = runner.invoke(args=["export", "ZZZZZZ", "--format", "csv", "--out", str(tmp_path / "x.csv")])
    assert result.exit_code != 0
    assert "Kein Workshop" in result.output
    assert not (tmp_path / "x.csv").exists()


def test_phones_get_a_link_to_published_results(app, attendee, workshop):
    from participation.exports.services import set_results_published

    client, _token = attendee
    assert f"/w/{workshop.code}/results" not in client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    set_results_published(workshop, True)
    for path in (f"/j/{workshop.code}", f"/j/{workshop.code}/ideas"):
        assert f"/w/{workshop.code}/results" in client.get(path).get_data(as_text=True)


def test_deleting_a_workshop_drops_its_cached_charts(logged_in, rich):
    from participation.charts.cache import chart_cache
    from participation.moderation.services import delete_workshop

    workshop_id = rich.workshop.id
    assert logged_in.get(f"/moderation/workshops/{workshop_id}/charts/fields.svg").status_code == 200
    assert workshop_id in chart_cache.workshop_ids()
    delete_workshop(rich.workshop)
    assert workshop_id not in chart_cache.workshop_ids()


def test_cli_export_in_english_matches_the_english_download(runner, logged_in, rich, tmp_path):
    out = tmp_path / "export.csv"
    result = runner.invoke(args=["export", rich.workshop.code, "--format", "csv", "--out", str(out), "--language", "en"])
    assert result.exit_code == 0, result.output
    logged_in.get("/language/en")
    english = logged_in.get(f"/moderation/workshops/{rich.workshop.id}/export.csv").data
    assert out.read_bytes() == english
    assert "Question".encode() in english or "question".encode() in english.lower()


def test_cli_export_follows_the_workshops_language(app, runner, rich, tmp_path):
    from participation.workshops.services import update_workshop

    update_workshop(rich.workshop, language="en")
    german, english = tmp_path / "de.csv", tmp_path / "en.csv"
    assert runner.invoke(args=["export", rich.workshop.code, "--format", "csv", "--out", str(english)]).exit_code == 0
    assert runner.invoke(args=["export", rich.workshop.code, "--format", "csv", "--out", str(german),
                               "--language", "de"]).exit_code == 0
    assert german.read_bytes() != english.read_bytes()
    assert "Leitfrage".encode() in german.read_bytes()
