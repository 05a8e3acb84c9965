"""Template tags every page uses: ``{% load web %}``.

    {% state_badge task %}             the object's state, coloured (task, plan, inspection, finding)
    {% outcome_badge task %}           done on time (with an extension) / done late / overdue /
                                       open in term / in term, awaiting review / cancelled
    {{ task.days_left|days_left }}     "còn 3 ngày làm việc", "quá hạn 2 ngày làm việc"
    {{ score.points|points }}          "2,90" (Vietnamese) / "2.90" (English)
"""
from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backend.plans import outcomes

register = template.Library()

# Bootstrap badge classes by state value (the machines share some names).
_STATE_CLASS = {
    "draft": "text-bg-secondary", "planned": "text-bg-secondary",
    "assigned": "text-bg-info", "open": "text-bg-info",
    "in_progress": "text-bg-primary", "in_remediation": "text-bg-primary",
    "submitted": "text-bg-warning", "remediation_submitted": "text-bg-warning", "reported": "text-bg-warning",
    "returned": "text-bg-danger",
    "done": "text-bg-success", "closed": "text-bg-success", "approved": "text-bg-success",
    "referred": "text-bg-success",
    "cancelled": "text-bg-light border",
}

# Labels from the one place that defines the outcomes (the API says the same words).
OUTCOMES = {key: (outcomes.LABELS[key], css) for key, css in {
    "done_on_time": "text-bg-success",
    "done_late": "text-bg-warning",
    "overdue": "text-bg-danger",
    "open_in_term": "text-bg-info",
    "awaiting_review": "text-bg-info",
    "cancelled": "text-bg-light border",
}.items()}


@register.simple_tag
def state_badge(obj):
    state = getattr(obj, "state", "")
    label = obj.get_state_display() if hasattr(obj, "get_state_display") else state
    return format_html('<span class="badge state-badge {}" data-state="{}">{}</span>',
                       _STATE_CLASS.get(state, "text-bg-secondary"), state, label)


@register.simple_tag
def outcome_badge(outcome):
    """``outcome``: a task (its own label: "done on time (with an extension)", "cancelled
    after its due date") or an outcome key (the counts of a list)."""
    own_label = None
    if not isinstance(outcome, str):
        own_label, outcome = outcome.outcome_label, outcome.outcome
    label, css = OUTCOMES.get(outcome, (outcome, "text-bg-secondary"))
    label = own_label or label
    return format_html('<span class="badge outcome-badge {}" data-outcome="{}">{}</span>', css, outcome, label)


@register.filter
def days_left(days):
    """Working days to the due date (``backend.web.deadlines.with_days_left``), in words."""
    if days is None or days == "":
        return ""
    days = int(days)
    if days > 0:
        return ngettext("%(n)s working day left", "%(n)s working days left", days) % {"n": days}
    if days == 0:
        return _("due today")
    return ngettext("%(n)s working day overdue", "%(n)s working days overdue", -days) % {"n": -days}


@register.filter
def points(value, places=2):
    """Points with the language's decimal separator: 2,90 in Vietnamese."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, int(places), use_l10n=True)


@register.filter
def absolute(value):
    """|x|: a fall in points is shown as "giảm 0,25", not "giảm -0,25"."""
    return abs(value) if value not in (None, "") else value


@register.filter
def percent(share, places=1):
    """A share (0.967) as a percentage in the language's format: 96,7 %."""
    if share is None or share == "":
        return ""
    return f"{formats.number_format(share * 100, int(places), use_l10n=True)} %"
