"""Who is told about what: the one table of notification rules (SPEC §6).

Each event type maps to the audiences that must know. An audience turns an event
into a filter on users; the consumer ORs them, keeps only active members of the
event's agency, drops the actor (nobody is told about their own action) and anyone
who switched that event type off. Types not in the table notify nobody.

Audiences read only the event payload (see workflows.events and each subject's
``event_payload``), never the domain models: a notification says what was true when
the event happened.
"""
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from django.db.models import Q

from backend.accounts.models import Role


class Who(NamedTuple):
    """The users one audience names for one event: by id, by office and role, or by role.

    The same set two ways: ``q()`` for a query, ``among(people)`` for a batch of events
    matched against the agency's people loaded once. A tuple: a deadline pass makes,
    hashes and compares tens of thousands of them.
    """

    ids: tuple = ()
    offices: tuple = ()
    roles: tuple = ()

    def q(self):
        if self.ids:
            return Q(pk__in=self.ids)
        if self.offices:
            return Q(office_id__in=self.offices, role__in=self.roles)
        return Q(role__in=self.roles)

    def among(self, people) -> set:
        """Ids of the users of ``people`` (a ``People`` of one agency) this names."""
        if self.ids:
            return {pk for pk in self.ids if pk in people.ids}
        if self.offices:
            return {pk for office in self.offices for role in self.roles
                    for pk in people.by_office_role.get((office, role), ())}
        return {pk for role in self.roles for pk in people.by_role.get(role, ())}


@dataclass
class People:
    """One agency's active users, indexed the ways audiences name them."""

    ids: set = field(default_factory=set)
    by_role: dict = field(default_factory=dict)
    by_office_role: dict = field(default_factory=dict)

    def add(self, pk, role, office_id):
        self.ids.add(pk)
        self.by_role.setdefault(role, set()).add(pk)
        if office_id is not None:
            self.by_office_role.setdefault((office_id, role), set()).add(pk)


@dataclass(frozen=True)
class Audience:
    name: str
    users: Callable  # event -> Who, or None for nobody
    # The wording this audience reads, when it is not the event's own (texts.VARIANTS):
    # a supporting office is told "your office supports task …", not "new task".
    variant: str | None = None

    def __call__(self, event):
        return self.users(event)


def _ids(value):
    if value is None:
        return []
    values = value if isinstance(value, (list, tuple)) else [value]
    return [v for v in values if isinstance(v, int)]


def _payload(event, key):
    return (event.payload or {}).get(key)


def _office_role(office_key, *roles):
    def users(event):
        offices = _ids(_payload(event, office_key))
        return Who(offices=tuple(offices), roles=roles) if offices else None
    return users


def _listed(key):
    def users(event):
        ids = _ids(_payload(event, key))
        return Who(ids=tuple(ids)) if ids else None
    return users


def _assignee_or_officers(event):
    """The assignee; while a task has none, the officers of its lead office."""
    assignee = _ids(_payload(event, "assignee"))
    if assignee:
        return Who(ids=tuple(assignee))
    return _office_role("lead_office", Role.OFFICER)(event)


def _all_office_heads(event):
    return Who(roles=(Role.OFFICE_HEAD,))


ASSIGNEE = Audience("assignee", _listed("assignee"))
ASSIGNEE_OR_LEAD_OFFICERS = Audience("assignee, else the lead office's officers", _assignee_or_officers)
LEAD_OFFICE_OFFICERS = Audience("the lead office's officers", _office_role("lead_office", Role.OFFICER))
LEAD_OFFICE_HEAD = Audience("the lead office's head", _office_role("lead_office", Role.OFFICE_HEAD))
DEPARTMENT_HEADS = Audience("the department heads", lambda event: Who(roles=(Role.HEAD,)))
OFFICE_HEADS = Audience("every office head of the agency", _all_office_heads)
OFFICE_OFFICERS = Audience("the responsible office's officers", _office_role("office", Role.OFFICER))
OFFICE_HEAD = Audience("the responsible office's head", _office_role("office", Role.OFFICE_HEAD))
OFFICE_MEMBERS = Audience("the responsible office's members",
                          _office_role("office", Role.OFFICER, Role.OFFICE_HEAD))
# Đơn vị phối hợp: the heads and officers of the offices that support the lead office.
SUPPORTING_OFFICES = Audience("the supporting offices' heads and officers",
                              _office_role("supporting_offices", Role.OFFICE_HEAD, Role.OFFICER),
                              variant="supporting")
INSPECTORS = Audience("the inspection's inspectors", _listed("inspectors"))
INSPECTED_OFFICE_HEADS = Audience("the inspected offices' heads", _office_role("offices", Role.OFFICE_HEAD))
# A background job's outcome goes to who asked for it (the job itself has no actor).
REQUESTER = Audience("who asked for it", _listed("requested_by"))


RULES = {
    # plans
    "plan.approved": (DEPARTMENT_HEADS, OFFICE_HEADS),
    # tasks
    "task.assigned": (ASSIGNEE, LEAD_OFFICE_OFFICERS, SUPPORTING_OFFICES),
    "task.started": (LEAD_OFFICE_HEAD,),
    "task.submitted": (LEAD_OFFICE_HEAD, DEPARTMENT_HEADS),
    "task.returned": (ASSIGNEE_OR_LEAD_OFFICERS,),
    "task.resumed": (LEAD_OFFICE_HEAD,),
    "task.completed": (ASSIGNEE_OR_LEAD_OFFICERS,),
    "task.cancelled": (ASSIGNEE, LEAD_OFFICE_HEAD),
    "task.deadline_extended": (ASSIGNEE, LEAD_OFFICE_HEAD),
    "task.due_soon": (ASSIGNEE_OR_LEAD_OFFICERS, SUPPORTING_OFFICES),
    "task.overdue": (ASSIGNEE_OR_LEAD_OFFICERS, LEAD_OFFICE_HEAD, DEPARTMENT_HEADS, SUPPORTING_OFFICES),
    "task.extension_requested": (DEPARTMENT_HEADS,),
    "task.extension_approved": (ASSIGNEE_OR_LEAD_OFFICERS,),
    "task.extension_rejected": (ASSIGNEE_OR_LEAD_OFFICERS,),
    # inspections and findings
    "inspection.started": (INSPECTED_OFFICE_HEADS,),
    "finding.raised": (OFFICE_OFFICERS, OFFICE_HEAD),
    "finding.reopened": (OFFICE_OFFICERS, OFFICE_HEAD),
    "finding.remediation_submitted": (INSPECTORS,),
    "finding.closed": (OFFICE_MEMBERS, DEPARTMENT_HEADS),
    "finding.referred": (OFFICE_MEMBERS, DEPARTMENT_HEADS),
    "finding.overdue": (OFFICE_HEAD, DEPARTMENT_HEADS, INSPECTORS),
    "finding.deadline_extended": (OFFICE_OFFICERS, OFFICE_HEAD, INSPECTORS),
    "finding.remediation_ready": (OFFICE_MEMBERS,),
    # the score
    "score.changed": (DEPARTMENT_HEADS,),
    # the evidence dossier
    "dossier.ready": (REQUESTER,),
    "dossier.failed": (REQUESTER,),
}


def notified_event_types() -> list[str]:
    return sorted(RULES)


def addressed(event) -> list[tuple[Who, str | None]]:
    """(what each audience names, the wording it reads) for ``event`` ([] for nobody)."""
    found = []
    for audience in RULES.get(event.type, ()):
        who = audience(event)
        if who is not None:
            found.append((who, audience.variant))
    return found


def audience_of(event) -> list[Who]:
    """What each of the rules' audiences names for ``event`` ([] for nobody)."""
    return [who for who, _variant in addressed(event)]


def audience_filter(event):
    """The Q selecting every user the rules name for ``event``, or None for nobody."""
    combined = None
    for who in audience_of(event):
        q = who.q()
        combined = q if combined is None else combined | q
    return combined
