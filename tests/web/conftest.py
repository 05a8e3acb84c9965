"""Pages through Django's test client, as each member of the shared cast (tests/conftest.py)."""
import pytest
from django.test import Client


@pytest.fixture
def page():
    """``page(user)`` → a test client logged in as that user (``page()``: anonymous).

    No Accept-Language header: pages speak Vietnamese unless the user chose English.
    Exceptions become the site's 500 page, as for a real visitor.
    """

    def make(user=None, **kwargs):
        kwargs.setdefault("raise_request_exception", False)
        kwargs.setdefault("HTTP_ACCEPT", "text/html,application/xhtml+xml,*/*;q=0.8")  # as a browser
        client = Client(**kwargs)
        if user is not None:
            client.force_login(user)
        return client

    return make
