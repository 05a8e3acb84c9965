"""ASGI entry point for Daphne: HTTP through Django, WebSockets through Channels."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django_asgi_app = get_asgi_application()

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
