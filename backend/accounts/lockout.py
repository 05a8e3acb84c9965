"""Brute-force protection of every password login (django-axes)."""
from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, for logins that come with a request (pages, admin, API).

    ``authenticate()`` without a request is no login over the network (a management
    command, the test client's ``login()``): axes would raise; here it passes on to
    the password check.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request):
    """The address failures are counted against: REMOTE_ADDR, which behind the proxy is the
    one nginx saw (Daphne --proxy-headers, deploy/nginx.conf), never a header the client
    wrote. Said here so that installing django-ipware later changes nothing."""
    return request.META.get("REMOTE_ADDR")
