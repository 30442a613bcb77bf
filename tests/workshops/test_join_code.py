"""Join codes, QR images, the poster and the warning about addresses phones cannot open."""

import io
import random
import re
import xml.etree.ElementTree as ElementTree

import pytest
import zxingcpp
from PIL import Image

from participation import create_app
from participation.extensions import db
from participation.workshops import codes, services, urls
from participation.workshops.services import create_workshop

from helpers import TEST_PASSWORD, csrf_token

LAN_BASE_URL = "http://192.168.178.20:5000"
WARNING = "Achtung: Diese Adresse können Handys nicht öffnen."


def _decode(png):
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


@pytest.fixture
def lan_app(app):
    """A second app on the same database whose PUBLIC_BASE_URL is the venue laptop's LAN address."""
    settings = {key: app.config[key] for key in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")}
    lan = create_app({**settings, "PUBLIC_BASE_URL": LAN_BASE_URL})
    lan.test_client_class = app.test_client_class
    yield lan
    with lan.app_context():
        db.engine.dispose()


@pytest.fixture
def lan_client(lan_app):
    return lan_app.test_client()


# --- codes ------------------------------------------------------------------------------


def test_alphabet_leaves_out_look_alikes():
    for char in "0O1IL":
        assert char not in codes.ALPHABET
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET)
    assert codes.ALPHABET == codes.ALPHABET.upper()


def test_generated_codes_use_only_the_alphabet():
    for _ in range(500):
        code = codes.generate_code()
        assert len(code) == 6
        assert set(code) <= set(codes.ALPHABET)


def test_generate_code_takes_a_random_source():
    rng = random.Random(42)
    first = codes.generate_code(rng.choice)
    rng = random.Random(42)
    assert codes.generate_code(rng.choice) == first


@pytest.mark.parametrize(
    "typed",
    ["K7M2QX", "k7m2qx", " k7m2qx ", "K7M-2QX", "k7m 2qx", "k7-m2-qx", "K7M\t2QX", "K7M_2QX", "K7M.2QX"],
)
def test_normalise_code_accepts_how_people_type_it(typed):
    assert codes.normalise_code(typed) == "K7M2QX"


@pytest.mark.parametrize(
    "typed",
    [
        None,
        "",
        "   ",
        "K7M2Q",  # too short
        "K7M2QXA",  # too long
        "K0M2QX",  # zero
        "KOM2QX",  # letter O
        "K1M2QX",  # one
        "KIM2QX",  # letter I
        "KLM2QX",  # letter L
        "KÄM2QX",  # umlaut
        "K7M2Q!",
        "K7M/2QX",
    ],
)
def test_normalise_code_rejects_what_cannot_be_a_code(typed):
    assert codes.normalise_code(typed) is None


def test_codes_of_many_workshops_are_unique(app, moderator):
    created = [create_workshop(moderator, "blank", f"Werkstatt Meldorf {number}").code for number in range(200)]
    assert len(set(created)) == 200
    for code in created:
        assert codes.normalise_code(code) == code


def test_a_taken_code_is_not_handed_out_again(app, moderator, monkeypatch):
    first = create_workshop(moderator, "blank", "Werkstatt Heide")
    offered = iter([first.code, first.code, "HEJDE7"])
    monkeypatch.setattr(services, "generate_code", lambda: next(offered))
    assert create_workshop(moderator, "blank", "Werkstatt Büsum").code == "HEJDE7"


# --- QR images --------------------------------------------------------------------------


def test_qr_png_decodes_to_the_join_url(client, workshop):
    response = client.get(f"/w/{workshop.code}/qr.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert _decode(response.data) == f"http://localhost/j/{workshop.code}"


def test_qr_png_download_and_size(client, workshop):
    response = client.get(f"/w/{workshop.code}/qr.png?size=20&download=1")
    assert response.headers["Content-Disposition"] == f'attachment; filename="qr-{workshop.code}.png"'
    large = Image.open(io.BytesIO(response.data)).size
    small = Image.open(io.BytesIO(client.get(f"/w/{workshop.code}/qr.png?size=5").data)).size
    assert large[0] == 4 * small[0]
    assert _decode(response.data) == f"http://localhost/j/{workshop.code}"
    # Absurd sizes are clamped instead of producing huge or unreadable images.
    huge = client.get(f"/w/{workshop.code}/qr.png?size=100000")
    assert huge.status_code == 200
    assert Image.open(io.BytesIO(huge.data)).size[0] == Image.open(
        io.BytesIO(client.get(f"/w/{workshop.code}/qr.png?size=40").data)
    ).size[0]


def test_qr_png_with_public_base_url_decodes_to_the_lan_address(lan_client, workshop):
    response = lan_client.get(f"/w/{workshop.code}/qr.png")
    assert response.status_code == 200
    assert _decode(response.data) == f"http://192.168.178.20:5000/j/{workshop.code}"


def test_qr_code_accepts_typed_code(lan_client, workshop):
    typed = f"{workshop.code[:3].lower()}-{workshop.code[3:].lower()}"
    response = lan_client.get(f"/w/{typed}/qr.png")
    assert response.status_code == 200
    assert _decode(response.data) == f"http://192.168.178.20:5000/j/{workshop.code}"


def test_public_base_url_trailing_slash_is_ignored(app, workshop):
    settings = {key: app.config[key] for key in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")}
    lan = create_app({**settings, "PUBLIC_BASE_URL": LAN_BASE_URL + "/"})
    lan.test_client_class = app.test_client_class
    try:
        png = lan.test_client().get(f"/w/{workshop.code}/qr.png").data
        assert _decode(png) == f"http://192.168.178.20:5000/j/{workshop.code}"
    finally:
        with lan.app_context():
            db.engine.dispose()


def test_qr_svg_is_xml(client, workshop):
    response = client.get(f"/w/{workshop.code}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    root = ElementTree.fromstring(response.data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}path") is not None


@pytest.mark.parametrize("path", ["qr.png", "qr.svg"])
@pytest.mark.parametrize("code", ["ABCDEF", "abc", "K0M2QX", "ÄÖÜ123"])
def test_unknown_code_gives_404(client, workshop, path, code):
    assert code != workshop.code
    assert client.get(f"/w/{code}/{path}").status_code == 404


def test_qr_images_need_no_login(client, workshop):
    assert client.get(f"/w/{workshop.code}/qr.svg").status_code == 200
    assert client.get(f"/w/{workshop.code}/qr.png").status_code == 200


# --- overview: the address phones must reach -------------------------------------------


def test_overview_warns_when_phones_cannot_reach_localhost(logged_in, workshop):
    html = logged_in.get(f"/moderation/workshops/{workshop.id}").get_data(as_text=True)
    assert WARNING in html
    assert f"http://localhost/j/{workshop.code}" in html
    assert workshop.code in html
    assert f'src="/w/{workshop.code}/qr.svg"' in html


def test_overview_with_public_base_url_shows_it_without_warning(lan_client, moderator, workshop):
    token = csrf_token(lan_client)
    response = lan_client.post(
        "/moderation/login", data={"username": "moderatorin", "password": TEST_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    html = lan_client.get(f"/moderation/workshops/{workshop.id}").get_data(as_text=True)
    assert WARNING not in html
    assert f'href="http://192.168.178.20:5000/j/{workshop.code}"' in html
    assert "localhost" not in html


@pytest.mark.parametrize(
    "url, unreachable",
    [
        ("http://localhost/j/K7M2QX", True),
        ("http://localhost:5000/j/K7M2QX", True),
        ("http://LOCALHOST:5000/j/K7M2QX", True),
        ("http://laptop.localhost:5000/j/K7M2QX", True),
        ("http://127.0.0.1:5000/j/K7M2QX", True),
        ("http://127.1.2.3/j/K7M2QX", True),
        ("http://[::1]:5000/j/K7M2QX", True),
        ("http://0.0.0.0:5000/j/K7M2QX", True),
        ("http://[::]:5000/j/K7M2QX", True),
        ("http://192.168.178.20:5000/j/K7M2QX", False),
        ("http://10.0.0.7/j/K7M2QX", False),
        ("http://[fd00::20]:5000/j/K7M2QX", False),
        ("https://beteiligung.dithmarschen.de/j/K7M2QX", False),
        ("http://meldorf-laptop.fritz.box:5000/j/K7M2QX", False),
    ],
)
def test_is_unreachable_from_phones(url, unreachable):
    assert urls.is_unreachable_from_phones(url) is unreachable


# --- poster -----------------------------------------------------------------------------


def test_poster_shows_everything_to_join(logged_in, workshop):
    response = logged_in.get(f"/moderation/workshops/{workshop.id}/poster")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Dithmarschen Digital – Auftakt</h1>" in html
    assert f'<p class="poster-code">{workshop.code}</p>' in html
    assert f"http://localhost/j/{workshop.code}" in html
    for question in workshop.questions:
        assert question.text in html
    image = re.search(r'<img[^>]*class="poster-qr"[^>]*>', html).group(0)
    assert f'src="/w/{workshop.code}/qr.svg"' in image
    assert 'alt="QR-Code zum Mitmachen' in image


def test_poster_uses_public_base_url_and_escapes_title(lan_client, moderator):
    workshop = create_workshop(moderator, "blank", "Gesundheit & Pflege <Meldorf>")
    token = csrf_token(lan_client)
    lan_client.post(
        "/moderation/login", data={"username": "moderatorin", "password": TEST_PASSWORD, "csrf_token": token}
    )
    html = lan_client.get(f"/moderation/workshops/{workshop.id}/poster").get_data(as_text=True)
    assert "Gesundheit &amp; Pflege &lt;Meldorf&gt;" in html
    assert f"http://192.168.178.20:5000/j/{workshop.code}" in html
    assert "Unsere Fragen an Sie" not in html  # no questions yet, no empty list


def test_poster_needs_login(client, workshop):
    response = client.get(f"/moderation/workshops/{workshop.id}/poster")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/moderation/login")
