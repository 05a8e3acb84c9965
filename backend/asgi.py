"""ASGI entry point for Daphne: HTTP through Django, WebSockets through Channels."""
import os
from urllib.parse import quote_from_bytes

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")


def escaped_query_string(app):
    """A query string that is not UTF-8 (``?a=\xff``) made Django's ASGI handler answer a
    bare 400 with no body before any middleware ran. Escape its bytes as the WSGI handler
    effectively does: ``%FF`` then reads as U+FFFD, and the request goes on to the views,
    which answer with the error body if the value matters."""
    async def application(scope, receive, send):
        query = scope.get("query_string", b"")
        if query:
            try:
                query.decode("utf-8")
            except UnicodeDecodeError:
                scope = {**scope, "query_string": quote_from_bytes(query, safe="&=+%;/?:@,$!'()*[]~").encode()}
        return await app(scope, receive, send)
    return application


django_asgi_app = escaped_query_string(get_asgi_application())

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from backend.api.body_limit import BodySizeLimit  # noqa: E402
from notifications.auth import TokenAuthMiddleware  # noqa: E402
from notifications.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter({
    # Bodies over the cap are refused before Django reads them (backend/api/body_limit.py).
    "http": BodySizeLimit(django_asgi_app),
    # Origin checked against ALLOWED_HOSTS; then the session cookie, then ?token=.
    "websocket": AllowedHostsOriginValidator(
        AuthMiddlewareStack(TokenAuthMiddleware(URLRouter(websocket_urlpatterns)))
    ),
})
