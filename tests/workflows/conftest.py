# The task fixtures of the API tests (assignee, cast, task_in) serve these tests too.
from tests.api.conftest import assignee, cast, task_in  # noqa: F401
