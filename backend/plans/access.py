"""Who may see and change plans and tasks (Zulip's ``access_*`` helpers).

``access_plan`` / ``access_task`` fetch within what the user may see (another agency's
object is ``NotFound``, like a missing one), optionally locked; the ``may_*`` predicates
are the policy of the edits that are not transitions (who runs a transition is declared
by the state machine). Services, the API and the pages all ask here.
"""
from django.utils.translation import gettext as _

from backend.accounts.access import fetch_visible, is_department_head, manages_office, same_agency
from workflows.errors import Forbidden


from .machines import _doer
from .models import ReformPlan, Task
from .selectors import plans_visible_to, tasks_visible_to


def access_plan(user, plan_id, *, lock=False) -> ReformPlan:
    return fetch_visible(plans_visible_to(user), plan_id, lock=lock)


def access_task(user, task_id, *, lock=False) -> Task:
    return fetch_visible(tasks_visible_to(user), task_id, lock=lock)


def may_create_plan(user) -> bool:
    return user.is_authenticated and user.is_head and user.agency_id is not None


def may_edit_plan(user, plan) -> bool:
    return is_department_head(user, plan.agency_id)


def may_create_task(user, plan) -> bool:
    """The department head, or an office head (for their own office)."""
    return same_agency(user, plan.agency_id) and (user.is_head or user.is_office_head)


def may_manage_task(user, task) -> bool:
    """The department head or the head of the task's lead office: edits the task itself."""
    return manages_office(user, task.plan.agency_id, task.lead_office_id)


def does_task(user, task) -> bool:
    """The assignee, or an officer of the lead office (the machine's ``start``/``submit`` rule)."""
    return _doer(task, user)


def may_update_progress(user, task) -> bool:
    return does_task(user, task) or may_manage_task(user, task)


# --- who first: the API asks these before it reads a body, the services again ---------

def check_may_create_plan(user) -> None:
    if not may_create_plan(user):
        raise Forbidden(_("only a department head creates plans"))


def check_may_edit_plan(user, plan) -> None:
    if not may_edit_plan(user, plan):
        raise Forbidden(_("only the department head edits the plan"))


def check_may_create_tasks(user) -> None:
    """By role, before the body names the plan (``may_create_task`` then checks that plan)."""
    if not (user.is_authenticated and user.agency_id is not None and (user.is_head or user.is_office_head)):
        raise Forbidden(_("only a department head or an office head creates tasks"))


def check_may_edit_task(user, task) -> None:
    """Someone who manages the task or does it; which fields each may change comes after."""
    if not (may_manage_task(user, task) or may_update_progress(user, task)):
        raise Forbidden(_("you may not edit this task"))
