"""Language tests read English from the compiled catalogue: compile it if it is stale."""

import pytest

from i18n.catalogues import compile_stale_catalogues


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    compile_stale_catalogues()
