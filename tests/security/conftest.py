"""The security world: two workshops of two moderators and four kinds of visitors."""

import pytest

from paper.conftest import ensure_entry_page
from security.world import build_world


@pytest.fixture
def world(app):
    ensure_entry_page(app)  # until the paper-card entry page is merged
    return build_world(app)
