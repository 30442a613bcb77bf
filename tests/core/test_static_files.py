"""Fingerprinted static files (issue 23, wire): an address with the file's hash is cached
for a year, a changed file gets a new address, a module's address changes with the modules
it imports, and scripts and stylesheets are sent without comments but otherwise unchanged."""

import re

import pytest
from flask import url_for

from participation.core.static_files import StaticFiles, strip_css, strip_js

YEAR = "public, max-age=31536000, immutable"


@pytest.fixture
def folder(app, tmp_path):
    """The app's static folder replaced by a small one of this test."""
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "main.js").write_text('// main\nimport { part } from "./part.js";\npart();\n')
    (tmp_path / "js" / "part.js").write_text("export function part() {\n  return 1; // one\n}\n")
    (tmp_path / "site.css").write_text("/* colours */\nbody { color: #222; }\n")
    app.static_folder = str(tmp_path)
    app.extensions["participation_static_files"] = StaticFiles(tmp_path)
    return tmp_path


def _url(app, filename):
    with app.test_request_context():
        return url_for("static", filename=filename)


def test_a_fingerprinted_address_is_cached_for_a_year_and_others_are_revalidated(app, client, folder):
    address = _url(app, "site.css")
    assert re.fullmatch(r"/static/site\.css\?v=[0-9a-f]{12}", address)
    fresh = client.get(address)
    assert fresh.status_code == 200 and fresh.headers["Cache-Control"] == YEAR
    assert fresh.get_data(as_text=True) == "body { color: #222; }\n"
    assert "Cookie" not in fresh.headers.get("Vary", "")  # the same file for every session
    for plain in ("/static/site.css", "/static/site.css?v=000000000000"):
        answer = client.get(plain)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-cache"
    again = client.get(address, headers={"If-None-Match": fresh.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/static/gibt-es-nicht.css").status_code == 404
    assert client.get("/static/../wsgi.py").status_code == 404


def test_a_changed_file_gets_a_new_address_and_so_do_the_modules_importing_it(app, client, folder):
    css, main, part = _url(app, "site.css"), _url(app, "js/main.js"), _url(app, "js/part.js")
    sent = client.get(main).get_data(as_text=True)
    assert f'from "./part.js?v={part.split("=")[1]}"' in sent  # the import is fingerprinted too
    assert "// main" not in sent and "part();" in sent

    (folder / "js" / "part.js").write_text("export function part() {\n  return 2;\n}\n")
    (folder / "site.css").write_text("body { color: #000; }\n")
    assert _url(app, "js/part.js") != part
    assert _url(app, "js/main.js") != main  # its content did not change, its import did
    assert _url(app, "site.css") != css
    assert client.get(css).headers["Cache-Control"] == "no-cache"  # the old address: asked again
    assert "color: #000" in client.get(_url(app, "site.css")).get_data(as_text=True)


def test_pages_link_fingerprinted_files_and_nothing_from_another_host(app, client, workshop):
    html = client.get(f"/j/{workshop.code}").get_data(as_text=True)
    linked = re.findall(r'(?:href|src)="([^"]+\.(?:css|js)[^"]*)"', html)
    assert linked and all(re.fullmatch(r"/static/[\w/.-]+\?v=[0-9a-f]{12}", link) for link in linked)
    assert not re.search(r'(?:href|src)="(?:https?:)?//', html)
    for link in linked:
        assert client.get(link).headers["Cache-Control"] == YEAR


def test_comments_go_strings_stay():
    script = 'const a = 1; // keep the code\n  // a comment line\n/* block\n   comment */\nconst b = "// not a comment";\n'
    assert strip_js(script) == 'const a = 1; // keep the code\nconst b = "// not a comment";\n'
    multiline = "const t = `line one\n  // part of the string\n`;\n"
    assert strip_js(multiline) == multiline  # a string over several lines: sent as it is
    assert strip_css("/* a */\n.x {\n  color: red; /* b */\n}\n") == ".x {\ncolor: red;\n}\n"
    quoted = '.x::before { content: "/* not */"; }\n'
    assert strip_css(quoted) == quoted


def test_the_service_worker_keeps_its_own_address(app, client):
    response = client.get("/j/sw.js")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    assert "self.addEventListener" in response.get_data(as_text=True)
