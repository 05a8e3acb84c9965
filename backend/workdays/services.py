"""Declaring and withdrawing calendar overrides."""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from workflows.errors import Forbidden, ValidationFailed

from .models import CalendarOverride
from .selectors import may_edit_overrides


def override_create(*, actor, date, kind, agency=None, note="") -> CalendarOverride:
    agency_id = agency.pk if agency is not None else None
    if not may_edit_overrides(actor, agency_id):
        raise Forbidden(
            _("only the department head or an administrator edits the agency's calendar")
            if agency_id is not None else _("only the province's administrator edits the national calendar")
        )
    if CalendarOverride.objects.filter(agency_id=agency_id, date=date).exists():
        raise ValidationFailed(details={"date": [_("this date already has an override; delete it first")]})
    try:
        with transaction.atomic():
            return CalendarOverride.objects.create(
                agency_id=agency_id, date=date, kind=kind, note=note, created_by=actor,
            )
    except IntegrityError:  # the same date declared at the same moment
        raise ValidationFailed(details={"date": [_("this date already has an override; delete it first")]}) from None


def override_delete(*, actor, override: CalendarOverride) -> None:
    if not may_edit_overrides(actor, override.agency_id):
        raise Forbidden(_("you may not edit this calendar"))
    override.delete()
