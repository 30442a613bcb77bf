"""The run sheet's tests start from the Dithmarschen workshop without its prepared run
sheet, so that each test builds exactly the steps it is about."""

import pytest


@pytest.fixture
def workshop(app, moderator):
    from participation.phases.services import replace_steps
    from participation.workshops.services import create_workshop

    workshop = create_workshop(moderator, "dithmarschen")
    replace_steps(workshop, [])
    return workshop
