"""Whether the demo department is loaded, and whom to log in as.

``seed_demo`` marks nothing with a flag: the demo *is* its agency (``AGENCY_NAME`` in
``PROVINCE``) with the people of ``PEOPLE``, each with their username *and* full name.
A database without them has no demo logins, whatever usernames it happens to hold.
"""
from django.db.models import Q

from backend.accounts.models import User

from .builders import AGENCY_NAME, DEMO_PASSWORD, PEOPLE, PROVINCE

# The six the README introduces, one per role (and a second office's officer).
FEATURED = ("head", "office_head", "officer", "officer2", "inspector", "admin")
_PEOPLE = {p.username: p for p in PEOPLE if p.username in FEATURED}


def demo_logins() -> list[dict]:
    """The featured demo users that exist in the demo agency, in README order; [] without the demo."""
    people = Q()
    for person in _PEOPLE.values():
        people |= Q(username=person.username, full_name=person.full_name)
    found = {u.username: u for u in User.objects.filter(
        people, agency__name=AGENCY_NAME, agency__province=PROVINCE, is_active=True,
    ).only("username", "full_name", "role")}
    return [{"username": name, "full_name": found[name].full_name, "role": found[name].get_role_display(),
             "title": _PEOPLE[name].title, "password": DEMO_PASSWORD}
            for name in FEATURED if name in found]
