"""What every page writer uses: formats, badges, working days left, page forms, refusals."""
import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from backend.web.deadlines import with_days_left
from backend.web.forms import PageForm
from backend.web.refusals import refusal_shown
from backend.workdays.models import CalendarOverride
from workflows.errors import InvalidTransition, ValidationFailed


def render(source, **context):
    return Template("{% load web %}" + source).render(Context(context))


def test_vietnamese_formats_dates_and_decimal_comma():
    with translation.override("vi"):
        assert render("{{ d|date }} {{ p|points }}", d=datetime.date(2026, 12, 5), p=Decimal("2.9")) == "05/12/2026 2,90"
    with translation.override("en"):
        assert render("{{ d|date }} {{ p|points }}", d=datetime.date(2026, 12, 5), p=Decimal("2.9")) == "05/12/2026 2.90"


def test_badges_and_days_left_in_vietnamese():
    with translation.override("vi"):
        assert "chưa hoàn thành quá hạn" in render("{% outcome_badge o %}", o="overdue")
        assert "text-bg-danger" in render("{% outcome_badge o %}", o="overdue")
        assert render("{{ n|days_left }}", n=3) == "còn 3 ngày làm việc"
        assert render("{{ n|days_left }}", n=-2) == "quá hạn 2 ngày làm việc"
        assert render("{{ n|days_left }}", n=0) == "đến hạn hôm nay"


@pytest.mark.django_db
def test_days_left_on_the_agency_calendar_in_two_queries(world, make_task, django_assert_num_queries):
    monday = datetime.date(2026, 12, 7)
    tasks = [make_task(code=f"T{i}", due_date=monday + datetime.timedelta(days=i)) for i in range(5)]
    # The agency works on Saturday 12/12 (a make-up day): one more working day.
    CalendarOverride.objects.create(agency=world.agency, date=datetime.date(2026, 12, 12), kind="working_day")
    late = make_task(code="L", due_date=datetime.date(2026, 12, 14))
    # The calendar's overrides, and the agencies' day-off setting (for the outcomes).
    with django_assert_num_queries(2):
        with_days_left(tasks + [late], today=monday)
    assert [t.days_left for t in tasks] == [0, 1, 2, 3, 4]
    assert late.days_left == 6  # Tue..Fri, Sat 12 (make-up), Mon 14


class _Form(PageForm):
    title = forms.CharField(label="Tên")
    note = forms.CharField(required=False, help_text="ghi chú")


def test_page_form_marks_errors_and_refusals_in_place():
    form = _Form(data={"title": ""})
    assert not form.is_valid()
    html = str(form)
    assert 'class="form-control is-invalid"' in html and 'aria-invalid="true"' in html
    assert 'id="id_title-errors"' in html

    form = _Form(data={"title": "x"})
    assert form.is_valid()
    with refusal_shown(form=form) as refusal:
        raise ValidationFailed("sai", {"title": ["tên đã có"]})
    assert refusal and refusal.status == 400
    assert form.errors == {"title": ["tên đã có"]}


@pytest.mark.django_db
def test_refusal_becomes_a_page_message_with_the_api_status(world):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with refusal_shown(request) as refusal:
        raise InvalidTransition("Nhiệm vụ đã được duyệt", state="done", available=[])
    assert refusal.status == 409 and refusal.code == "invalid_transition"
    assert [m.message for m in get_messages(request)] == ["Nhiệm vụ đã được duyệt"]

    with refusal_shown(request) as ok:
        pass
    assert not ok and ok.status == 200


class _DateForm(PageForm):
    due = forms.DateField()


class _PlainDateForm(forms.Form):
    """A plain Django form, as django-filter builds for the API's date filters."""

    due = forms.DateField()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_page_dates_accept_day_first_and_iso_while_the_api_stays_iso(language):
    with translation.override(language):
        for typed in ("05/12/2026", "2026-12-05"):
            form = _DateForm(data={"due": typed})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["due"] == datetime.date(2026, 12, 5)
        assert not _DateForm(data={"due": "12/05/2026x"}).is_valid()
        # The API's dates stay ISO: the language's formats do not teach it 25/12/2026.
        assert not _PlainDateForm(data={"due": "25/12/2026"}).is_valid()
