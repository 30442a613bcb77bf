"""The security world (two workshops, every kind of visitor) for the form fuzzing."""

import pytest

from security.world import build_world


@pytest.fixture
def world(app):
    return build_world(app)
