"""Whether the demo department is loaded, and whom to log in as.

``seed_demo`` marks nothing with a flag: the demo *is* its agency (``AGENCY_NAME`` in
``PROVINCE``) with the users of ``PEOPLE``. A database without that agency has no demo
logins, whatever usernames it happens to hold.
"""
from backend.accounts.models import User

from .builders import AGENCY_NAME, DEMO_PASSWORD, PEOPLE, PROVINCE

# The six the README introduces, one per role (and a second office's officer).
FEATURED = ("head", "office_head", "officer", "officer2", "inspector", "admin")
_TITLES = {p.username: p.title for p in PEOPLE}


def demo_logins() -> list[dict]:
    """The featured demo users that exist in the demo agency, in README order; [] without the demo."""
    found = {u.username: u for u in User.objects.filter(
        username__in=FEATURED, agency__name=AGENCY_NAME, agency__province=PROVINCE, is_active=True,
    ).only("username", "full_name", "role")}
    return [{"username": name, "full_name": found[name].full_name, "role": found[name].get_role_display(),
             "title": _TITLES.get(name, ""), "password": DEMO_PASSWORD}
            for name in FEATURED if name in found]
