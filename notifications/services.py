"""Writes of the notifications app: turning events into notifications, reading, choices."""
import datetime
import logging
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from workflows.setwise import ids_in, insert_rows

from . import push, rules, texts
from .models import Notification, NotificationPreference, NotificationSequence

log = logging.getLogger(__name__)

# An event older than this when it is finally processed (a long outage, a consumer
# added to an existing log) is recorded as processed without telling anyone: stale
# news is noise.
STALE_AFTER = datetime.timedelta(days=3)


class NotificationsConsumer:
    """The event-log consumer (registered in ``NotificationsConfig.ready``)."""

    name = "notifications"
    priority = 10  # people wait for these; recomputations can come after

    @property
    def event_types(self):
        """The types the rules tell someone of: no receipt for any other."""
        return rules.notified_event_types()

    def handle(self, event):
        notify_events(events=[event])

    def handle_batch(self, events):
        notify_events(events=events)


def recipients_of(event):
    """Users the rules name for ``event``: active, of its agency, not the actor, not opted out."""
    audience = rules.audience_filter(event)
    if audience is None or event.agency_id is None:
        return User.objects.none()
    opted_out = NotificationPreference.objects.filter(
        user=OuterRef("pk"), event_type=event.type, enabled=False
    )
    qs = User.objects.filter(audience, agency_id=event.agency_id, is_active=True).filter(~Exists(opted_out))
    if event.actor_id is not None:
        qs = qs.exclude(pk=event.actor_id)
    return qs.order_by("pk")


def _take_ids(count) -> int:
    """Reserve ``count`` notification ids; returns the first. Locks the counter to commit."""
    sequence, _created = NotificationSequence.objects.select_for_update().get_or_create(pk=1)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    return first


# Written by one set-wise INSERT (workflows.setwise): one statement for any number.
_COLUMNS = ("id", "recipient", "event", "event_type", "subject_type", "subject_id", "title", "body", "url")


class Written(NamedTuple):
    """A notification just written, with a Notification's attribute names (what the
    push and the callers read): a deadline pass writes tens of thousands, and model
    instances would cost more than the insert."""

    id: int
    recipient_id: int
    event_id: int
    event_type: str
    subject_type: str
    subject_id: int
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: None


def notify_event(*, event) -> list[Written]:
    """Store one notification per recipient of ``event``; push them after commit."""
    return notify_events(events=[event])


def notify_events(*, events) -> list[Written]:
    """Store one notification per recipient of each event; push them after commit.

    Set-wise: the same few queries for one event or the ten thousand of a deadline
    pass (the agencies' people, preferences, actors and earlier notifications are read
    once; the rules are matched in memory; one INSERT). Ids are taken from the counter
    in (event, recipient) order. Idempotent: recipients that already have an event's
    notification are skipped (and the (event, recipient) unique key backs that up
    against a race).
    """
    stale_before = timezone.now() - STALE_AFTER
    wanted = []
    for event in events:
        if event.occurred_at < stale_before:
            log.info("event #%s is stale; nobody is notified", event.pk)
            continue
        audience = rules.addressed(event) if event.agency_id is not None else []
        if audience:
            wanted.append((event, audience))
    if not wanted:
        return []
    with transaction.atomic():
        agency_ids = {event.agency_id for event, _ in wanted}
        people, users = {}, {}
        for user in User.objects.filter(agency_id__in=agency_ids, is_active=True).only(
                "pk", "agency_id", "role", "office_id", "language"):
            people.setdefault(user.agency_id, rules.People()).add(user.pk, user.role, user.office_id)
            users[user.pk] = user
        opted_out = set(NotificationPreference.objects.filter(
            user__agency_id__in=agency_ids, enabled=False,
            event_type__in={event.type for event, _ in wanted}).values_list("user_id", "event_type"))
        event_ids = [event.pk for event, _ in wanted]
        already = set(Notification.objects.filter(event_id__in=ids_in(event_ids)).values_list(
            "event_id", "recipient_id"))
        actor_ids = {event.actor_id for event, _ in wanted if event.actor_id is not None}
        actor_names = {u.pk: str(u) for u in User.objects.filter(pk__in=actor_ids).only(
            "full_name", "username")} if actor_ids else {}

        now = timezone.now()
        language_of = {pk: texts.language_of(user) for pk, user in users.items()}
        wordings = {}  # language → its messages, translated once for the whole batch
        named_by = {}  # (agency, audience) → the ids it names
        # Thousands of events of a pass name the same few audiences (an officer, the
        # office head, the heads): who is told, in which wording, worked out once each.
        told_by = {}  # (agency, type, actor, audiences) → [(recipient, language, variant)]
        # (recipient, (event id, type, subject type, subject id), title, body, url), in
        # (event, recipient) order: what each event gives its rows, read once per event.
        drafts = []
        for event, audience in sorted(wanted, key=lambda pair: pair[0].pk):
            of_agency = people.get(event.agency_id)
            if of_agency is None:
                continue
            told_key = (event.agency_id, event.type, event.actor_id, tuple(audience))
            told = told_by.get(told_key)
            if told is None:
                # Who reads which wording: the event's own for anyone an audience without
                # a variant names; otherwise the variant of the (first) audience naming them.
                variant_of = {}
                for who, variant in audience:
                    key = (event.agency_id, who)
                    if key not in named_by:
                        named_by[key] = who.among(of_agency)
                    for pk in named_by[key]:
                        if variant is None:
                            variant_of[pk] = None
                        else:
                            variant_of.setdefault(pk, variant)
                variant_of.pop(event.actor_id, None)
                told = told_by[told_key] = [(pk, language_of[pk], variant_of[pk]) for pk in sorted(variant_of)
                                            if (pk, event.type) not in opted_out]
            if already:
                told = [t for t in told if (event.pk, t[0]) not in already]
            if not told:
                continue
            rendered = {}
            about = (event.pk, event.type, event.subject_type, event.subject_id)
            url = texts.url_of(event)
            actor_name = actor_names.get(event.actor_id, "")
            for pk, language, variant in told:
                if (language, variant) not in rendered:
                    if language not in wordings:
                        wordings[language] = texts.Wording(language)
                    rendered[(language, variant)] = texts.render(
                        event, language=language, actor_name=actor_name, wording=wordings[language],
                        variant=variant)
                drafts.append((pk, about, *rendered[(language, variant)], url))
        if not drafts:
            return []

        # From here to the commit the counter row is locked: keep it short.
        first = _take_ids(len(drafts))
        # Each recipient's newest notification before these: committed, since every
        # writer before us held the counter lock until its commit.
        previous = dict(
            Notification.objects.filter(recipient_id__in={d[0] for d in drafts})
            .values("recipient_id").annotate(last=Max("id")).values_list("recipient_id", "last")
        )
        rows = [(first + i, pk, *about, title, body, url) for i, (pk, about, title, body, url) in enumerate(drafts)]
        insert_rows(Notification, _COLUMNS, rows, same={"created_at": now})
        created = [Written(*row, now, None) for row in rows]  # _COLUMNS are Written's first fields
        transaction.on_commit(lambda: _push_created(created, previous), robust=True)
    return created


def _push_created(created, previous):
    """One push per recipient, whatever the number of their new notifications: the
    newest frame, the id of their notification before it (``previous``) and the id of
    their last one before this batch (``since``). A socket that has sent ``previous``
    forwards the frame; any other reads what it has not sent from the database first
    (``consumers.NotificationConsumer``), so each socket still gets every one, in order,
    once, and a deadline pass sends a few messages, not one per notification."""
    newest, before_newest, since = {}, {}, {}
    for n in created:  # ascending ids
        r = n.recipient_id
        if r in newest:
            before_newest[r] = newest[r].id
        else:
            before_newest[r] = since[r] = previous.get(r)
        newest[r] = n
    unread = dict(
        Notification.objects.filter(recipient_id__in=list(newest), read_at__isnull=True)
        .values("recipient_id").annotate(n=Count("id")).values_list("recipient_id", "n")
    )
    push.push_notifications([(n, before_newest[r], unread.get(r, 0), since[r]) for r, n in newest.items()])


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_mark_read(*, user, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionDenied(_("only the recipient marks a notification read"))
    if notification.read_at is None:
        updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        notification.refresh_from_db(fields=["read_at"])
        if updated:
            _push_unread_on_commit(user.pk)
    return notification


def notifications_mark_all_read(*, user) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    if marked:
        _push_unread_on_commit(user.pk)
    return marked


def _push_unread_on_commit(user_id):
    def send():
        push.push_unread_count(user_id, Notification.objects.filter(
            recipient_id=user_id, read_at__isnull=True).count())
    transaction.on_commit(send, robust=True)


def preferences_update(*, user, changes: dict) -> None:
    """``changes``: event type → on/off. Unknown types are refused by the caller's input check."""
    with transaction.atomic():
        for event_type, enabled in changes.items():
            if enabled:
                # On is the default: no row needed.
                NotificationPreference.objects.filter(user=user, event_type=event_type).delete()
            else:
                NotificationPreference.objects.update_or_create(
                    user=user, event_type=event_type, defaults={"enabled": False}
                )
