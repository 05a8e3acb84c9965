"""Notification titles and bodies: gettext messages rendered in the recipient's language.

The English source strings are the msgids (context ``notification``); the Vietnamese
is in ``locale/vi``, written as a provincial official writes it. Each message is
``%``-formatted over a context built from the event payload; a key an event does not
carry renders as empty text rather than failing (the event schemas keep payloads
whole; this keeps an old stored event readable). Dates, numbers and the reminder's
working days follow the recipient's language; no identifier (``task.due_soon``,
``high``) reaches a person.
"""
import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import pgettext_lazy

DEFAULT_LANGUAGE = "vi"
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

TEMPLATES = {
    "plan.approved": (
        pgettext_lazy("notification", "The %(year)s reform plan was issued"),
        pgettext_lazy("notification", "%(actor)s issued “%(title)s”."),
    ),
    "task.assigned": (
        pgettext_lazy("notification", "New task: %(code)s %(title)s"),
        pgettext_lazy("notification", "%(actor)s assigned “%(title)s”. Due %(due_date)s."),
    ),
    "task.started": (
        pgettext_lazy("notification", "Task %(code)s started"),
        pgettext_lazy("notification", "%(actor)s started work on “%(title)s”."),
    ),
    "task.submitted": (
        pgettext_lazy("notification", "Task %(code)s awaits review"),
        pgettext_lazy("notification", "%(actor)s submitted “%(title)s” for review."),
    ),
    "task.returned": (
        pgettext_lazy("notification", "Task %(code)s was returned"),
        pgettext_lazy("notification", "%(actor)s returned “%(title)s”. Reason: %(reason)s"),
    ),
    "task.resumed": (
        pgettext_lazy("notification", "Task %(code)s resumed"),
        pgettext_lazy("notification", "%(actor)s resumed work on “%(title)s” after its return."),
    ),
    "task.completed": (
        pgettext_lazy("notification", "Task %(code)s is done"),
        pgettext_lazy("notification", "%(actor)s approved the result of “%(title)s”."),
    ),
    "task.cancelled": (
        pgettext_lazy("notification", "Task %(code)s was cancelled"),
        pgettext_lazy("notification", "%(actor)s cancelled “%(title)s”. Reason: %(reason)s"),
    ),
    "task.deadline_extended": (
        pgettext_lazy("notification", "Task %(code)s deadline extended"),
        pgettext_lazy("notification", "%(actor)s extended “%(title)s” to %(due_date)s. Reason: %(reason)s"),
    ),
    # The body says how many working days are left (``_due_soon_body``).
    "task.due_soon": (
        pgettext_lazy("notification", "Task %(code)s is due soon"),
        pgettext_lazy("notification", "“%(title)s” is due on %(due_date)s."),
    ),
    "task.overdue": (
        pgettext_lazy("notification", "Task %(code)s is overdue"),
        pgettext_lazy("notification", "“%(title)s” was due on %(due_date)s."),
    ),
    "task.extension_requested": (
        pgettext_lazy("notification", "Extension requested for task %(code)s"),
        pgettext_lazy("notification", "%(actor)s asks to extend “%(title)s”. Reason: %(reason)s"),
    ),
    "task.extension_approved": (
        pgettext_lazy("notification", "Extension approved for task %(code)s"),
        pgettext_lazy("notification", "%(actor)s extended “%(title)s” to %(due_date)s."),
    ),
    "task.extension_rejected": (
        pgettext_lazy("notification", "Extension refused for task %(code)s"),
        pgettext_lazy("notification", "%(actor)s did not extend “%(title)s”. Reason: %(reason)s"),
    ),
    "inspection.started": (
        pgettext_lazy("notification", "An inspection has started"),
        pgettext_lazy("notification", "The inspection “%(title)s” has started."),
    ),
    "finding.raised": (
        pgettext_lazy("notification", "New inspection finding (%(severity)s)"),
        pgettext_lazy("notification", "%(actor)s recorded a finding: %(description)s. Remedy by %(due_date)s."),
    ),
    "finding.reopened": (
        pgettext_lazy("notification", "Remediation not accepted"),
        pgettext_lazy("notification", "%(actor)s reopened the finding: %(description)s. Reason: %(reason)s"),
    ),
    "finding.deadline_extended": (
        pgettext_lazy("notification", "Finding remediation deadline extended"),
        pgettext_lazy("notification", "%(actor)s extended the remediation of: %(description)s to %(due_date)s. Reason: %(reason)s"),
    ),
    "finding.remediation_submitted": (
        pgettext_lazy("notification", "Remediation awaits verification"),
        pgettext_lazy("notification", "%(actor)s submitted the remediation of: %(description)s."),
    ),
    "finding.closed": (
        pgettext_lazy("notification", "Finding closed"),
        pgettext_lazy("notification", "%(actor)s confirmed the remediation of: %(description)s."),
    ),
    "finding.referred": (
        pgettext_lazy("notification", "Finding referred to the competent authority"),
        pgettext_lazy("notification", "%(actor)s referred the finding “%(description)s” to %(referred_to)s for "
                                      "handling. Reason: %(reason)s"),
    ),
    "finding.overdue": (
        pgettext_lazy("notification", "Finding remediation is overdue"),
        pgettext_lazy("notification", "The finding “%(description)s” was due on %(due_date)s."),
    ),
    "finding.remediation_ready": (
        pgettext_lazy("notification", "Remediation task completed"),
        pgettext_lazy("notification", "The linked remediation task is done; the remediation of "
                                      "“%(description)s” can be submitted."),
    ),
    # The body says which way the points moved (``_score_body``).
    "score.changed": (
        pgettext_lazy("notification", "Leadership score for %(year)s changed"),
        pgettext_lazy("notification", "The leadership criterion moved from %(old_points)s to %(new_points)s points."),
    ),
    "dossier.ready": (
        pgettext_lazy("notification", "The %(year)s evidence dossier is ready"),
        pgettext_lazy("notification", "The evidence dossier you asked for is ready to download: %(files)s files "
                                      "and %(links)s links, with the index."),
    ),
    "dossier.failed": (
        pgettext_lazy("notification", "The %(year)s evidence dossier could not be built"),
        pgettext_lazy("notification", "Building the evidence dossier you asked for failed. Ask for it again; if "
                                      "it fails again, tell the administrator."),
    ),
}
# What an audience with a variant reads (notifications.rules.Audience.variant) instead of
# the event's own wording; a special body (BODIES) still says the working days left.
VARIANTS = {
    ("task.assigned", "supporting"): (
        pgettext_lazy("notification", "Your office supports task %(code)s"),
        pgettext_lazy("notification", "%(actor)s assigned “%(title)s”; your office supports the lead office. "
                                      "Due %(due_date)s."),
    ),
    ("task.due_soon", "supporting"): (
        pgettext_lazy("notification", "Task %(code)s your office supports is due soon"),
        pgettext_lazy("notification", "“%(title)s” is due on %(due_date)s."),
    ),
    ("task.overdue", "supporting"): (
        pgettext_lazy("notification", "Task %(code)s your office supports is overdue"),
        pgettext_lazy("notification", "“%(title)s” was due on %(due_date)s."),
    ),
}
# A type with a rule but no text of its own (the rules test forbids it): still words.
FALLBACK = (
    pgettext_lazy("notification", "Update on a %(subject)s"),
    pgettext_lazy("notification", "%(actor)s updated a %(subject)s."),
)

SYSTEM_ACTOR = pgettext_lazy("notification", "The system")
SEVERITY = {
    "low": pgettext_lazy("finding severity", "low"),
    "medium": pgettext_lazy("finding severity", "medium"),
    "high": pgettext_lazy("finding severity", "high"),
}
SUBJECT = {
    "plan": pgettext_lazy("subject", "plan"),
    "task": pgettext_lazy("subject", "task"),
    "inspection": pgettext_lazy("subject", "inspection"),
    "finding": pgettext_lazy("subject", "finding"),
    "score": pgettext_lazy("subject", "score"),
    "dossier": pgettext_lazy("subject", "evidence dossier"),
}


# Said by the special bodies below; lazy, so each Wording translates each once.
DATE_PATTERN = pgettext_lazy("notification date", "%Y-%m-%d")  # how the language writes a date
DUE_TODAY = pgettext_lazy("notification", "“%(title)s” is due today, %(due_date)s.")
# Two messages rather than ngettext: Vietnamese has one form, English two, and the
# catalogue (and its checks) stay singular-only.
DUE_IN_ONE_DAY = pgettext_lazy("notification", "“%(title)s” is due on %(due_date)s (1 working day left).")
DUE_IN_DAYS = pgettext_lazy("notification", "“%(title)s” is due on %(due_date)s (%(days_left)s working days left).")
SCORE_ROSE = pgettext_lazy("notification", "The leadership criterion rose from %(old_points)s to %(new_points)s points.")
SCORE_FELL = pgettext_lazy("notification", "The leadership criterion fell from %(old_points)s to %(new_points)s points.")
ITEM = pgettext_lazy("subject", "item")


class Wording:
    """The messages of one language, each translated once.

    A deadline pass renders thousands of notifications: with one Wording per language
    and batch, each title, body and label is looked up in the catalogue once, not once
    per event (``render(…, wording=…)``).
    """

    def __init__(self, language):
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._said = {}
        self._dates = {}

    def __call__(self, message) -> str:
        """``message`` (a lazy module-level message) in this language."""
        key = id(message)  # the lazy object hashes by its text in the active language
        if key not in self._said:
            with translation.override(self.language):
                self._said[key] = (message, str(message))  # keeps ``message`` alive with its id
        return self._said[key][1]

    def date(self, value) -> str:
        """A payload date in this language's way (Vietnamese dd/mm/yyyy)."""
        if not isinstance(value, str):
            return str(value or "")  # not an ISO date: said as it is
        if value not in self._dates:
            try:
                day = datetime.date.fromisoformat(value[:10])
            except ValueError:
                self._dates[value] = value
            else:
                # The strftime pattern is itself a message: each language says how it writes a date.
                self._dates[value] = day.strftime(self(DATE_PATTERN))
        return self._dates[value]

    def points(self, value) -> str:
        """Points with two decimals and this language's decimal mark (2,40 in Vietnamese)."""
        if value is None:
            return ""
        try:
            number = Decimal(str(value))
        except (InvalidOperation, TypeError, ValueError):
            return str(value or "")
        with translation.override(self.language):
            return formats.number_format(number, 2, use_l10n=True)


class _Context(dict):
    """The words a message is %-formatted over, each made when the message names it
    (a pass renders thousands: a task's overdue notice needs three words, not ten):
    the words of ``WORDS``, else the payload's own text and numbers, else empty text."""

    def __init__(self, event, say, actor_name):
        super().__init__()
        self.event, self.say, self.actor_name = event, say, actor_name
        self.payload = event.payload or {}

    def __missing__(self, key):
        word = WORDS.get(key)
        if word is not None:
            value = word(self)
        else:
            value = self.payload.get(key)
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                value = ""
        self[key] = value
        return value


def _short(text, limit=160):
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _due_soon_body(payload, context, say):
    days_left = payload.get("days_left")
    if not isinstance(days_left, int):
        return None  # an old event without the count: the plain text says the date
    if days_left <= 0:
        return say(DUE_TODAY) % context
    return say(DUE_IN_ONE_DAY if days_left == 1 else DUE_IN_DAYS) % context


def _score_body(payload, context, say):
    try:
        old, new = Decimal(str(payload["old_points"])), Decimal(str(payload["new_points"]))
    except (KeyError, InvalidOperation, TypeError, ValueError):
        return None
    return say(SCORE_ROSE if new > old else SCORE_FELL) % context


# Bodies that depend on more than the payload's words.
BODIES = {"task.due_soon": _due_soon_body, "score.changed": _score_body}


def language_of(user) -> str:
    language = getattr(user, "language", None) or DEFAULT_LANGUAGE
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _severity(context):
    severity = SEVERITY.get(context.payload.get("severity"))
    return context.say(severity) if severity is not None else ""


# The words a message may name beyond the payload's plain values, as the reader says them.
WORDS = {
    "actor": lambda c: c.actor_name or c.say(SYSTEM_ACTOR),
    "due_date": lambda c: c.say.date(c.payload.get("due_date")),
    "description": lambda c: _short(c.payload.get("description")),
    "severity": _severity,
    "reason": lambda c: _short(c.payload.get("reason"), 300),
    "subject": lambda c: c.say(SUBJECT.get(c.event.subject_type, ITEM)),
    "old_points": lambda c: c.say.points(c.payload.get("old_points")),
    "new_points": lambda c: c.say.points(c.payload.get("new_points")),
}


def render(event, *, language, actor_name="", wording=None, variant=None) -> tuple[str, str]:
    """(title, body) of ``event`` in ``language`` (``wording``: that language's, shared
    by the events of a batch), in the audience's ``variant`` wording if any."""
    say = wording if wording is not None else Wording(language)
    context = _Context(event, say, actor_name)
    title, body = VARIANTS.get((event.type, variant)) or TEMPLATES.get(event.type, FALLBACK)
    special = BODIES.get(event.type)
    text = special(context.payload, context, say) if special else None
    if text is None:
        text = say(body) % context
    return _short(say(title) % context, 300), text.strip()


# Where a notification leads in the web UI, by subject type.
SUBJECT_URLS = {
    "plan": "/plans/{id}/",
    "task": "/tasks/{id}/",
    "inspection": "/inspections/{id}/",
    "finding": "/findings/{id}/",
    "score": "/scores/",
    "dossier": "/dossiers/{id}/",
}


def url_of(event) -> str:
    pattern = SUBJECT_URLS.get(event.subject_type, "")
    return pattern.format(id=event.subject_id)
