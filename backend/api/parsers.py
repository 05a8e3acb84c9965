"""Request bodies as the API reads them: JSON no deeper than any real body needs.

Python's decoder recurses once per nesting level: ``"[" * 50000`` ends in a
``RecursionError`` (a 500) before any validator sees it. Bodies of this API are flat
objects with lists of ids at most; anything nested deeper than ``MAX_DEPTH`` is refused
as a malformed body, the same way on HTTP (``JSONParser``) and on the WebSocket
(``loads``).
"""
import json

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


class TooDeep(ValueError):
    """A JSON text nested deeper than ``MAX_DEPTH`` (a ``ValueError``, like any bad JSON)."""


def depth_of(value) -> int:
    """How deeply lists and objects nest in ``value``, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def check_depth(value):
    if depth_of(value) > MAX_DEPTH:
        raise TooDeep(_("the JSON is nested too deeply (at most %(n)s levels)") % {"n": MAX_DEPTH})
    return value


def loads(text):
    """``json.loads`` that refuses a too-deep text with ``TooDeep`` instead of crashing."""
    try:
        value = json.loads(text)
    except RecursionError as exc:
        raise TooDeep(_("the JSON is nested too deeply (at most %(n)s levels)") % {"n": MAX_DEPTH}) from exc
    return check_depth(value)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with the nesting refused as a 400 ``validation_error``."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            value = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("the JSON is nested too deeply (at most %(n)s levels)")
                             % {"n": MAX_DEPTH}) from exc
        try:
            return check_depth(value)
        except TooDeep as exc:
            raise ParseError(str(exc)) from exc
