"""The answer to a locked-out login (django-axes' ``AXES_LOCKOUT_CALLABLE``).

One answer for every login: the API's token endpoint gets the JSON error body of API.md
(429 ``too_many_attempts``, ``Retry-After``); the pages' login and the admin's get the
login page again with the reason in plain words, also 429.
"""
import math

from axes.helpers import get_cool_off
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from backend.api.errors import error_body
from backend.demo.selectors import demo_logins

from .accounts.forms import LoginForm
from .middleware import is_page


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    minutes = max(1, math.ceil(seconds / 60))
    message = ngettext(
        "Too many wrong passwords for this account. To protect it, logging in is paused "
        "for %(minutes)d minute. Please try again later.",
        "Too many wrong passwords for this account. To protect it, logging in is paused "
        "for %(minutes)d minutes. Please try again later.",
        minutes,
    ) % {"minutes": minutes}
    if is_page(request.path_info):
        form = LoginForm(request, initial={"username": request.POST.get("username", "")})
        response = render(request, "web/accounts/login.html",
                          {"form": form, "lockout_message": message, "next": request.POST.get("next", ""),
                           "demo_logins": demo_logins()}, status=429)
    else:
        response = JsonResponse(error_body("too_many_attempts", message,
                                           {"retry_after": seconds}), status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
