from tests.web.conftest import page  # noqa: F401 (the pages' test client, as a fixture)
