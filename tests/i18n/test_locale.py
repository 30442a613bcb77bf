"""Which language a page is in: the switch, the workshop's language, the browser; dates.

Order: the person's choice (``lang`` cookie) > the workshop's language on its attendee
pages > Accept-Language > German.
"""

import html
import re
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest
from flask import render_template_string

from helpers import TEST_PASSWORD, csrf_token
from i18n.catalogues import german_ui_fragments

GERMAN_BROWSER = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def switch_links(response):
    """The header's language links: {code: (href, tag)}."""
    page = response.get_data(as_text=True)
    nav = re.search(r'<nav class="language-switch".*?</nav>', page, re.S).group(0)
    links = {}
    for tag in re.findall(r"<a [^>]*>", nav):
        href = html.unescape(re.search(r'href="([^"]+)"', tag).group(1))
        links[re.search(r'lang="(\w+)"', tag).group(1)] = (href, tag)
    return links


@pytest.fixture
def english_workshop(app, moderator):
    """A workshop written in English, so that any German on its pages is the app's own."""
    from participation.workshops.services import create_workshop
    from participation.workshops.structure import add_question

    workshop = create_workshop(moderator, "blank", "Town hall on mobility")
    add_question(workshop, "How should we get around in 2030?")
    return workshop


def _set_language(workshop, language):
    from participation.workshops.services import update_workshop

    update_workshop(workshop, language=language)


# --- the browser's language ------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("en-US,en;q=0.9", "en"),
        ("en", "en"),
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("fr-FR,fr;q=0.9,en;q=0.5", "en"),  # French is not offered: the next choice wins
        ("fr-FR", "de"),
        ("", "de"),
    ],
)
def test_accept_language_picks_the_language(client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept} if accept else {})
    assert response.status_code == 200
    assert html_lang(response) == expected


def test_english_browser_gets_english_words(client):
    page = client.get("/", headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert "Take part in the workshop" in page
    assert "Mitmachen beim Workshop" not in page


def test_language_pages_tell_caches_what_they_depend_on(client):
    response = client.get("/", headers=ENGLISH_BROWSER)
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


# --- the switch --------------------------------------------------------------------------------


def test_cookie_wins_over_the_browser(client):
    client.set_cookie("lang", "en")
    assert html_lang(client.get("/", headers=GERMAN_BROWSER)) == "en"
    client.set_cookie("lang", "de")
    assert html_lang(client.get("/", headers=ENGLISH_BROWSER)) == "de"


def test_unknown_cookie_value_is_ignored(client):
    client.set_cookie("lang", "xx")
    assert html_lang(client.get("/", headers=ENGLISH_BROWSER)) == "en"


def test_switch_sets_the_cookie_and_goes_back(client, workshop):
    response = client.get(f"/language/en?next=/j/{workshop.code}", headers=GERMAN_BROWSER)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/j/{workshop.code}"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en;")
    for attribute in ("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=31536000"):
        assert attribute in cookie
    assert "Secure" not in cookie  # plain http on a venue LAN keeps working
    page = client.get(f"/j/{workshop.code}", headers=GERMAN_BROWSER)
    assert html_lang(page) == "en"
    assert "Let’s go" in page.get_data(as_text=True)


def test_switch_cookie_is_secure_behind_https(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True  # what PUBLIC_BASE_URL=https://... sets
    assert "Secure" in client.get("/language/en?next=/").headers["Set-Cookie"]


def test_switch_keeps_the_query_string(client):
    target = "/moderation/workshops/7/console?status=hidden&question=3"
    response = client.get("/language/de", query_string={"next": target})
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "http://evil.example",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
def test_switch_refuses_to_lead_elsewhere(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert response.headers["Set-Cookie"].startswith("lang=en;")


def test_switch_without_next_goes_to_the_start_page(client):
    assert client.get("/language/en").headers["Location"] == "/"


def test_switch_knows_only_its_languages(client):
    response = client.get("/language/fr?next=/")
    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers or "lang=" not in response.headers["Set-Cookie"]


def test_every_page_has_the_switch_marking_the_current_language(client, workshop):
    response = client.get(f"/j/{workshop.code}?from=poster", headers=GERMAN_BROWSER)
    links = switch_links(response)
    assert list(links) == ["de", "en"]
    (de_href, de_tag), (en_href, en_tag) = links["de"], links["en"]
    assert 'aria-current="true"' in de_tag and "aria-current" not in en_tag
    assert ">Deutsch<" in response.get_data(as_text=True) and ">English<" in response.get_data(as_text=True)
    assert 'hreflang="en"' in en_tag
    # the link leads back to this very page, query string included
    back = client.get(en_href)
    assert back.headers["Location"] == f"/j/{workshop.code}?from=poster"
    english = client.get(back.headers["Location"], headers=GERMAN_BROWSER)
    assert 'aria-current="true"' in switch_links(english)["en"][1]


def test_switch_after_a_rejected_form_leads_to_a_page_that_opens(logged_in, workshop):
    """A form posted to an address without GET: the switch leads back to the form's page."""
    token = csrf_token(logged_in)
    edit = f"/moderation/workshops/{workshop.id}/edit"
    response = logged_in.post(
        f"/moderation/workshops/{workshop.id}/settings",
        data={"title": "", "idea_max_length": "500", "csrf_token": token},
        headers={"Referer": f"http://localhost{edit}"},
    )
    assert response.status_code == 422
    assert logged_in.get(switch_links(response)["en"][0]).headers["Location"] == edit


def test_switch_after_a_rejected_join_leads_back_to_the_join_page(client, workshop):
    token = csrf_token(client)
    response = client.post(f"/j/{workshop.code}", data={"nickname": "x" * 80, "csrf_token": token})
    assert response.status_code == 422
    assert client.get(switch_links(response)["en"][0]).headers["Location"] == f"/j/{workshop.code}"


# --- the workshop's language -------------------------------------------------------------------


def test_workshop_language_wins_over_the_browser(client, workshop):
    _set_language(workshop, "en")
    response = client.get(f"/j/{workshop.code}", headers=GERMAN_BROWSER)
    assert html_lang(response) == "en"
    assert "Let’s go" in response.get_data(as_text=True)


def test_workshop_language_german_for_an_english_browser(client, workshop):
    _set_language(workshop, "de")
    assert html_lang(client.get(f"/j/{workshop.code}", headers=ENGLISH_BROWSER)) == "de"


def test_cookie_wins_over_the_workshop_language(client, workshop):
    _set_language(workshop, "en")
    client.set_cookie("lang", "de")
    assert html_lang(client.get(f"/j/{workshop.code}", headers=ENGLISH_BROWSER)) == "de"


def test_without_a_workshop_language_the_browser_decides(client, workshop):
    assert workshop.language is None
    assert html_lang(client.get(f"/j/{workshop.code}", headers=ENGLISH_BROWSER)) == "en"
    assert html_lang(client.get(f"/j/{workshop.code}", headers=GERMAN_BROWSER)) == "de"


def test_workshop_language_on_its_other_attendee_pages(client, workshop):
    _set_language(workshop, "en")
    # /w/<code>/...: the results page, not published yet
    response = client.get(f"/w/{workshop.code}/results", headers=GERMAN_BROWSER)
    assert response.status_code == 404
    assert "have not been published" in response.get_data(as_text=True)
    # the JSON API answers in the workshop's language too
    token = csrf_token(client)
    response = client.post(
        f"/api/workshops/{workshop.code}/ideas/999999/vote", headers={"X-CSRFToken": token, **GERMAN_BROWSER}
    )
    assert response.status_code == 404
    assert response.get_json()["message"] == "This idea does not exist in this workshop."


def test_workshop_language_on_focus_group_pages(client, workshop):
    from participation.focus_groups.services import create_link

    _set_language(workshop, "en")
    _link, token = create_link(workshop, workshop.fields[0], date.today() + timedelta(days=5))
    response = client.get(f"/f/{token}", headers=GERMAN_BROWSER)
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "Field of action: " in response.get_data(as_text=True)


def test_moderator_pages_follow_the_moderator_not_the_workshop(logged_in, workshop):
    _set_language(workshop, "en")
    response = logged_in.get(f"/moderation/workshops/{workshop.id}", headers=GERMAN_BROWSER)
    assert html_lang(response) == "de"


def test_unknown_code_page_follows_the_browser(client):
    response = client.get("/j/ZZZZZZ", headers=ENGLISH_BROWSER)
    assert response.status_code == 404
    assert html_lang(response) == "en"
    assert "There is no workshop with this code" in response.get_data(as_text=True)


# --- the moderator's setting ---------------------------------------------------------------------


def _settings(workshop, **changes):
    data = {"title": workshop.title, "idea_max_length": "500", "is_open": "y", "language": ""}
    data.update(changes)
    return data


@pytest.mark.parametrize("chosen, stored", [("en", "en"), ("de", "de"), ("", None)])
def test_moderator_sets_the_workshop_language(app, logged_in, workshop, chosen, stored):
    from participation.extensions import db
    from participation.workshops.models import Workshop

    _set_language(workshop, "de" if stored is None else None)
    data = _settings(workshop, language=chosen, csrf_token=csrf_token(logged_in))
    response = logged_in.post(f"/moderation/workshops/{workshop.id}/settings", data=data)
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.get(Workshop, workshop.id).language == stored


def test_moderator_cannot_set_an_unknown_language(logged_in, workshop):
    data = _settings(workshop, language="fr", csrf_token=csrf_token(logged_in))
    response = logged_in.post(f"/moderation/workshops/{workshop.id}/settings", data=data)
    assert response.status_code == 422


def test_editor_shows_the_language_setting(logged_in, workshop):
    _set_language(workshop, "en")
    response = logged_in.get(f"/moderation/workshops/{workshop.id}/edit", headers=GERMAN_BROWSER)
    page = response.get_data(as_text=True)
    select = re.search(r'<select[^>]*name="language".*?</select>', page, re.S).group(0)
    assert "Sprache der Teilnehmenden-Seiten" in page
    assert '<option value="">Browser entscheidet</option>' in select
    assert re.search(r'<option lang="de" value="de">Deutsch</option>', select)
    assert re.search(r'<option lang="en" selected value="en">English</option>', select)


# --- dates and numbers ---------------------------------------------------------------------------

WINTER_EVENING = datetime(2025, 3, 5, 18, 5, tzinfo=timezone.utc)  # 19:05 in Berlin
SUMMER_EVENING = datetime(2025, 7, 1, 17, 5, tzinfo=timezone.utc)  # 19:05 in Berlin (CEST)
DATES = "{{ when|local_datetime }} | {{ when|local_time }} | {{ day|local_date }} | {{ 1234.5|decimal }}"


def _render(app, language, when):
    with app.app_context(), app.test_request_context(headers={"Cookie": f"lang={language}"}):
        return render_template_string(DATES, when=when, day=date(2025, 3, 5))


@pytest.mark.parametrize("when", [WINTER_EVENING, SUMMER_EVENING])
def test_german_dates_are_as_they_always_were(app, when):
    day = when.astimezone(timezone(timedelta(hours=1))).strftime("%d.%m.%Y")
    assert _render(app, "de", when) == f"{day}, 19:05 | 19:05 | 05.03.2025 | 1.234,50"


def test_english_dates(app):
    pm = "\u202fPM"  # CLDR puts a narrow no-break space before AM/PM
    assert _render(app, "en", WINTER_EVENING) == f"Mar 5, 2025, 7:05{pm} | 7:05{pm} | Mar 5, 2025 | 1,234.50"
    assert _render(app, "en", SUMMER_EVENING).startswith("Jul 1, 2025, 7:05\u202fPM")


def test_workshop_date_in_both_languages(client, workshop):
    from participation.workshops.services import update_workshop

    update_workshop(workshop, event_date=date(2025, 3, 5), place="Heide")
    german = client.get(f"/j/{workshop.code}", headers=GERMAN_BROWSER).get_data(as_text=True)
    english = client.get(f"/j/{workshop.code}", headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert "05.03.2025 · Heide" in german
    assert "Mar 5, 2025 · Heide" in english


def test_own_ideas_show_the_time_in_the_locale(client, english_workshop):
    token = csrf_token(client)
    _post_idea(client, english_workshop, token, "More buses on Sundays")
    german = client.get(f"/j/{english_workshop.code}/ideas", headers=GERMAN_BROWSER).get_data(as_text=True)
    english = client.get(f"/j/{english_workshop.code}/ideas", headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert re.search(r'class="idea-meta">\d\d:\d\d Uhr', german)
    assert re.search(r'class="idea-meta">\d{1,2}:\d\d\s[AP]M', english)


# --- English pages are English -------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """Text a person sees or hears: text nodes and the attributes read out or shown."""

    SPOKEN = {"aria-label", "alt", "title", "placeholder"}

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and (name in self.SPOKEN or (name.startswith("data-") and " " in value)):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(response):
    parser = _VisibleText()
    parser.feed(response.get_data(as_text=True))
    return "\n".join(parser.parts)


@pytest.fixture(scope="module")
def german_fragments():
    fragments = german_ui_fragments()
    assert len(fragments) > 300
    return fragments


def assert_english(response, german_fragments, what):
    assert html_lang(response) == "en", what
    text = visible_text(response)
    found = [fragment for fragment in german_fragments if fragment in text]
    umlauts = sorted(set(re.findall(r"[äöüÄÖÜß„]", text)))  # “ opens an English quote
    assert not found and not umlauts, f"German on the English {what}: {found} {umlauts}\n{text}"


def _post_idea(client, workshop, token, text):
    from participation.ideas.services import new_idempotency_key

    return client.post(
        f"/j/{workshop.code}/ideas",
        data={"question_id": workshop.questions[0].id, "text": text,
              "idempotency_key": new_idempotency_key(), "csrf_token": token},
        follow_redirects=True,
    )


def test_english_join_and_post_pages_have_no_german(client, english_workshop, german_fragments):
    client.set_cookie("lang", "en")
    code = english_workshop.code
    assert_english(client.get(f"/j/{code}"), german_fragments, "join page")
    token = csrf_token(client)
    too_long = client.post(f"/j/{code}", data={"nickname": "x" * 80, "csrf_token": token})
    assert too_long.status_code == 422
    assert_english(too_long, german_fragments, "join page with an error")
    joined = client.post(f"/j/{code}", data={"nickname": "Ann", "csrf_token": token}, follow_redirects=True)
    assert_english(joined, german_fragments, "post page")
    posted = _post_idea(client, english_workshop, token, "More buses on Sundays")
    assert "Thank you! Your idea is saved." in posted.get_data(as_text=True)
    assert_english(posted, german_fragments, "post page after posting")
    empty = _post_idea(client, english_workshop, token, "   ")
    assert empty.status_code == 422
    assert_english(empty, german_fragments, "post page with an error")


def test_english_start_and_error_pages_have_no_german(client, german_fragments):
    client.set_cookie("lang", "en")
    assert_english(client.get("/"), german_fragments, "start page")
    assert_english(client.get("/join?code=ZZZZZZ"), german_fragments, "start page with an unknown code")
    assert_english(client.get("/nothing-here"), german_fragments, "404 page")


def test_english_moderator_login_has_no_german(client, moderator, german_fragments):
    client.set_cookie("lang", "en")
    assert_english(client.get("/moderation/login"), german_fragments, "login page")
    token = csrf_token(client)
    wrong = client.post(
        "/moderation/login", data={"username": "moderatorin", "password": "falsch", "csrf_token": token}
    )
    assert "The username or password is wrong." in wrong.get_data(as_text=True)
    assert_english(wrong, german_fragments, "login page with an error")
    empty = client.post("/moderation/login", data={"username": "", "password": "", "csrf_token": token})
    assert_english(empty, german_fragments, "login page with empty fields")
    logged_in = client.post(
        "/moderation/login", data={"username": "moderatorin", "password": TEST_PASSWORD, "csrf_token": token},
        follow_redirects=True,
    )
    assert_english(logged_in, german_fragments, "moderator start page")
