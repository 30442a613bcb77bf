"""Import tests: a logged-in moderator's client and ways to upload a file."""

import io
import re

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from helpers import csrf_token


@pytest.fixture
def upload(logged_in):
    """``upload(workshop, name, content)`` -> the response of the upload form (not followed)."""
    def send(workshop, name, content):
        # encoded here, in memory: the test client would spool a large body to a temporary
        # file it never closes (a ResourceWarning, and warnings are errors)
        boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), name), "csrf_token": csrf_token(logged_in)})
        return logged_in.post(f"/moderation/workshops/{workshop.id}/import", data=body,
                              content_type=f"multipart/form-data; boundary={boundary}")

    return send


def preview_url(response):
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert re.search(r"/import/[\w-]+$", response.location), response.location
    return response.location


def form_values(page):
    """The chosen option of every select and the checked boxes of the preview's form."""
    values = {}
    for name, body in re.findall(r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        values[name] = chosen.group(1) if chosen else ""
    for name in re.findall(r'<input type="checkbox" name="([^"]+)" value="1" checked', page):
        values[name] = "1"
    return values
