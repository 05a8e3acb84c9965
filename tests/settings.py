"""The test run's settings: the embedded default's development mode (DEBUG's dev secret
key, event-schema checks that raise), then the app's own settings unchanged. pytest-django
still runs each test with DEBUG off. Subprocesses the tests start (Daphne for the browser
tests) inherit the variable."""
import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from backend.settings import *  # noqa: E402,F401,F403
