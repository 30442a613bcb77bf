"""Small helpers shared by tests (fixtures live in conftest.py)."""

import os
import re

BACKENDS = [name.strip() for name in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",") if name.strip()]
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TEST_PASSWORD = "richtig-geheim-42"


def csrf_token(client):
    """The session's CSRF token; valid for every form of that client."""
    return client.get("/api/session").get_json()["csrf_token"]


def form_token(response):
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    return match.group(1)
