from tests.api.conftest import _fast_passwords, _media_in_tmp, assignee, cast, task_in  # noqa: F401
