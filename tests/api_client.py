"""The HTTP API as one user sees it: the client every API test drives."""
from knox.models import AuthToken
from rest_framework.test import APIClient


class Api:
    """The HTTP API as one user sees it (token authentication, JSON bodies).

    Requests say ``Accept-Language: en`` unless told otherwise (``language=None``: no
    header), so assertions on message wording read the English source strings; the
    Vietnamese default is tested in ``tests/api/test_language.py``.
    """

    def __init__(self, user=None, *, language="en"):
        self.user = user
        self.client = APIClient(**({"HTTP_ACCEPT_LANGUAGE": language} if language else {}))
        if user is not None:
            _instance, token = AuthToken.objects.create(user=user)
            self.client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    def get(self, path, params=None):
        return self.client.get(path, params or {})

    def post(self, path, data=None, **kwargs):
        kwargs.setdefault("format", "json")
        return self.client.post(path, data if data is not None else {}, **kwargs)

    def patch(self, path, data=None):
        return self.client.patch(path, data or {}, format="json")

    def transition(self, kind, obj_id, name, data=None):
        return self.post(f"/api/v1/{kind}/{obj_id}/transitions/{name}/", data or {})
