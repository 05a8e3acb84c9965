from tests.scoring.conftest import template  # noqa: F401 (the shipped 876 template, as a fixture)
from tests.web.conftest import page  # noqa: F401 (the pages' test client, as a fixture)
