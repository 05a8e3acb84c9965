"""The product's settings with one more URL: the bare DRF task list of bench/load.py."""
from backend.settings import *  # noqa: F403

ROOT_URLCONF = "bare_urls"
