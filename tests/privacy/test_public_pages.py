"""The accessibility statement (BITV 2.0) and the help page in Leichte Sprache."""

import re
from html import unescape


def _main_text_blocks(response):
    """The text of every paragraph and list item inside <main>."""
    html = response.get_data(as_text=True)
    main = re.search(r"<main\b.*?</main>", html, re.DOTALL).group(0)
    blocks = re.findall(r"<(p|li)\b[^>]*>(.*?)</\1>", main, re.DOTALL)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", inner)).split()) for _tag, inner in blocks]


def test_accessibility_statement_has_the_parts_bitv_asks_for(client):
    response = client.get("/barrierefreiheit")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for part in ("Erklärung zur Barrierefreiheit", "BITV 2.0", "WCAG 2.1", "Wie barrierefrei ist das Angebot?",
                 "Welche Inhalte sind nicht barrierefrei?", "Wie ist diese Erklärung entstanden?",
                 "Barrieren melden", "Schlichtungsverfahren", "Schlichtungsstelle"):
        assert part in html, part


def test_feedback_contact_comes_from_the_config(app, client):
    assert "noch keine Kontaktangabe" in client.get("/barrierefreiheit").get_data(as_text=True)
    app.config.update(ACCESSIBILITY_CONTACT="barrierefrei@kreis.example\nTelefon 0481 97-0",
                      ACCESSIBILITY_ENFORCEMENT="Ombudsstelle des Landes, Karolinenweg 1, 24105 Kiel")
    html = client.get("/barrierefreiheit").get_data(as_text=True)
    assert "barrierefrei@kreis.example\nTelefon 0481 97-0" in html
    assert "Ombudsstelle des Landes" in html and "noch keine Kontaktangabe" not in html


def test_help_page_is_in_leichte_sprache(client):
    response = client.get("/hilfe")
    assert response.status_code == 200
    blocks = _main_text_blocks(response)
    assert len(blocks) > 20
    for block in blocks:
        words = block.split()
        assert len(words) <= 12, block  # short sentences
        sentences = re.findall(r"[.!?](\s|$)", block)
        assert len(sentences) <= 1, block  # one thought per line
    text = " ".join(blocks)
    for step in ("QR-Code", "Code", "Idee absenden", "Meine Ideen", "Punkt", "Cookie"):
        assert step in text


def test_help_page_names_the_retention_period(app, client):
    assert "Das passiert nach 180 Tagen." in _main_text_blocks(client.get("/hilfe"))
    app.config["RETENTION_DAYS"] = 0
    assert not any("Tagen" in block for block in _main_text_blocks(client.get("/hilfe")))


def test_pages_need_no_login_and_link_each_other(client):
    for url in ("/barrierefreiheit", "/hilfe", "/datenschutz"):
        html = client.get(url).get_data(as_text=True)
        for href in ("/barrierefreiheit", "/hilfe", "/datenschutz"):
            assert f'href="{href}"' in html, (url, href)


def test_pages_work_for_logged_in_moderators_too(logged_in):
    for url in ("/barrierefreiheit", "/hilfe", "/datenschutz"):
        assert logged_in.get(url).status_code == 200
