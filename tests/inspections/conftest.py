"""The inspection cast: the world's people, plus an inspector who is not on the team."""
# The inspection tests' ``cast`` fixture (shared with the finding and inspection pages' tests).
from tests.cast import inspection_cast  # noqa: F401

# Everybody in tests/conftest.py's world, plus the two below.
CAST = [
    "head", "office_head", "officer", "officer2", "office_head_b", "inspector", "inspector2",
    "admin", "outsider_head", "outsider_officer", "outsider_inspector",
]
OUTSIDERS = {"outsider_head", "outsider_officer", "outsider_inspector"}
