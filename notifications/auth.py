"""WebSocket authentication by API token: ``/ws/notifications/?token=<token>``.

Sits inside Channels' ``AuthMiddlewareStack`` (session cookie). A ``token``
parameter, when given, decides alone: a wrong token is anonymous (closed with 4401)
even if a session cookie came along.
"""
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser


@database_sync_to_async
def _user_of_token(key):
    from rest_framework.authtoken.models import Token  # noqa: PLC0415  (apps must be ready)

    # Keys are 40 hex characters; anything else (a NUL byte would make PostgreSQL
    # refuse the query and crash the socket) cannot be one.
    if not key.isalnum():
        return AnonymousUser()
    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return AnonymousUser()
    return token.user


class TokenAuthMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        params = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        keys = params.get("token")
        if keys:
            scope = dict(scope, user=await _user_of_token(keys[0][:64]))
        return await super().__call__(scope, receive, send)
