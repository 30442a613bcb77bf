"""Light on the wire (issue 23): what a phone transfers on its first visit to the phone page
of a workshop with 100 ideas, and that the page works the same without compression.

The numbers are bytes, not times: the same page always weighs the same, however busy the
machine. The browser's view of the same visit is tests/browser/test_page_weight.py.
"""

import gzip

from markupsafe import escape

from helpers import csrf_token
from page_weight import build_busy_workshop, first_visit

BUDGET = 30 * 1024  # the page and every file it loads, compressed as sent


def _joined(client, workshop):
    response = client.post(f"/j/{workshop.code}", data={"nickname": "Inge", "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    return f"/j/{workshop.code}/ideas"


def test_a_first_visit_to_the_phone_page_of_100_ideas_transfers_under_30_kb(app, client, workshop):
    texts = build_busy_workshop(workshop)
    assert len(texts) == 100 and any(len(text) > 300 for text in texts)
    page = _joined(client, workshop)

    visit = first_visit(client, page, accept_encoding="gzip, deflate")

    print("\n" + visit.table())
    assert visit.page.encoding == "gzip"
    for asset in visit.assets:
        assert asset.encoding == "gzip", asset.url
    assert any("app.css" in asset.url for asset in visit.assets)
    assert any("phone.js" in asset.url for asset in visit.assets)
    assert any("offline.js" in asset.url for asset in visit.assets)  # an import of phone.js
    assert visit.total < BUDGET, visit.table()


def test_every_idea_is_on_the_compressed_page(app, client, workshop):
    texts = build_busy_workshop(workshop)
    page = _joined(client, workshop)
    response = client.get(page, headers={"Accept-Encoding": "gzip"})
    html = gzip.decompress(response.get_data()).decode()
    plain = client.get(page, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    for text in texts:
        escaped = str(escape(text))
        assert escaped in html and escaped in plain


def test_without_compression_everything_still_loads(app, client, workshop):
    """``Accept-Encoding: identity`` (or none): every answer plain, nothing else changes."""
    build_busy_workshop(workshop, count=20)
    page = _joined(client, workshop)
    for accept in ("identity", ""):
        visit = first_visit(client, page, accept_encoding=accept)
        assert visit.page.encoding == ""
        assert all(asset.encoding == "" for asset in visit.assets)
        assert len(visit.assets) >= 8
