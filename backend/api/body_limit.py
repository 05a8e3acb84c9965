"""The request-body cap, in front of Django (ASGI), for the API and the pages alike.

Django's ASGI handler reads the whole body before any view runs, so a limit checked in a
view comes too late. Here a body announced larger than the cap (Content-Length) is
answered 413 before a byte of it is read; a body without a length (chunked) is counted
as it arrives and answered 413 the moment it crosses the cap, Django being told the
client left. Under /api/v1/ the answer is the JSON error body of API.md, elsewhere the
site's page. The proxy in front (deploy/nginx.conf, ``client_max_body_size``) refuses
earlier still; Daphne itself has no limit of its own.
"""
import json

from asgiref.sync import sync_to_async
from django.conf import settings
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

from backend.api.errors import error_body


def max_body_bytes() -> int:
    return settings.MAX_REQUEST_BODY_BYTES


def _is_api(path: str) -> bool:
    return path.startswith("/api/")


def _page_html(limit_mb):
    with translation.override(settings.LANGUAGE_CODE):
        return loader.get_template("web/errors/413.html").render(
            {"LANGUAGE_CODE": settings.LANGUAGE_CODE, "error_page": True, "limit_mb": limit_mb})


async def _refuse(scope, send, limit):
    limit_mb = max(1, limit // (1024 * 1024))
    if _is_api(scope.get("path", "")):
        with translation.override(settings.LANGUAGE_CODE):
            message = _("the request body is larger than %(mb)s MB") % {"mb": limit_mb}
        body = json.dumps(error_body("request_too_large", message, {"max_bytes": limit})).encode()
        content_type = b"application/json"
    else:
        body = (await sync_to_async(_page_html, thread_sensitive=False)(limit_mb)).encode()
        content_type = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", content_type), (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = max_body_bytes()
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                too_large = False  # Django answers a malformed length itself
            if too_large:
                return await _refuse(scope, send, limit)

        received = 0
        refused = False

        async def counting_receive():
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    await _refuse(scope, send, limit)
                    return {"type": "http.disconnect"}  # Django stops reading and answers nothing
            return message

        async def guarded_send(message):
            if not refused:
                await send(message)

        return await self.app(scope, counting_receive, guarded_send)
