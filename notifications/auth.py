"""WebSocket authentication by API token: ``/ws/notifications/?token=<token>``.

Sits inside Channels' ``AuthMiddlewareStack`` (session cookie). A ``token``
parameter, when given, decides alone: a wrong, expired or revoked token is anonymous
(closed with 4401) even if a session cookie came along. The rule is the API's own
(``backend.accounts.authentication.user_of_token``).
"""
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser
from rest_framework.exceptions import AuthenticationFailed

from backend.accounts.authentication import user_of_token


@database_sync_to_async
def _user_of_token(key):
    try:
        return user_of_token(key)
    except AuthenticationFailed:
        return AnonymousUser()


class TokenAuthMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        params = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        keys = params.get("token")
        if keys:
            scope = dict(scope, user=await _user_of_token(keys[0][:128]))
        return await super().__call__(scope, receive, send)
