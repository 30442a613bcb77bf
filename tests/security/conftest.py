"""The security world: two workshops of two moderators and four kinds of visitors."""

import pytest

from security.world import build_world


@pytest.fixture
def world(app):
    return build_world(app)
