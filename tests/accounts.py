"""Moderator accounts and logged-in clients for tests of roles and permissions."""

from helpers import TEST_PASSWORD, csrf_token, known_hashes


def make_account(username, role="moderator", password=TEST_PASSWORD):
    from participation.auth.services import create_moderator

    with known_hashes():
        return create_moderator(username, password, role=role)


def log_in(app, username, password=TEST_PASSWORD):
    """A new client logged in as ``username``."""
    client = app.test_client()
    response = client.post(
        "/moderation/login", data={"username": username, "password": password, "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def post(client, url, **data):
    """A form post with the client's CSRF token."""
    return client.post(url, data={"csrf_token": csrf_token(client), **data})
