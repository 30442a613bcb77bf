"""The one check for ``next`` parameters (login, language switch): paths on this site only."""

import pytest

from participation.core.urls import safe_local_target

FALLBACK = "/fallback"


@pytest.mark.parametrize(
    "target",
    [
        "/",
        "/moderation/workshops/new?vorlage=1",
        "/moderation/workshops/7/console?status=hidden&question=3",
        "/j/ABC123?q=a%2Fb#other-5",
        "/moderation/workshops/7/console?q=%5C",  # an encoded backslash in a query is only a search
    ],
)
def test_paths_on_this_site_are_followed(target):
    assert safe_local_target(target, FALLBACK) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "moderation/",
        "evil.example",
        " /moderation/",
        # other hosts, with and without a scheme
        "//evil.example",
        "///evil.example",
        "http://evil.example",
        "https://evil.example/moderation/",
        "http:evil.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        # backslashes, which browsers read as slashes
        "/\\evil.example",
        "/\\/evil.example",
        "\\\\evil.example",
        "/moderation\\..\\evil",
        # control characters browsers drop, and CR/LF (header splitting)
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\nSet-Cookie: x=1",
        "/moderation/\x7f",
        # the same once percent-encoded
        "/%2F/evil.example",
        "/%2f%2fevil.example",
        "/%5Cevil.example",
        "/%5c%5cevil.example",
        "/%09/evil.example",
        "/%0d%0aSet-Cookie:%20x=1",
    ],
)
def test_anything_else_gives_the_fallback(target):
    assert safe_local_target(target, FALLBACK) == FALLBACK
