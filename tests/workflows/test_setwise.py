"""The set-wise INSERT stores values as ``bulk_create`` would, text of any script included."""
import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from workflows.models import Event, ProcessedEvent
from workflows.setwise import ids_in, insert_rows

pytestmark = pytest.mark.django_db

TEXTS = [
    "Nhiệm vụ «Rà soát thủ tục hành chính» đã quá hạn",
    'quotes " and \' and a back\\slash, a tab\tand a newline\n',
    "ký tự ngoài BMP: 😀 𝔘",
    "",
]


def test_text_of_any_script_comes_back_as_it_went_in():
    at = timezone.now().replace(microsecond=0)
    rows = [("task", k + 1, {"title": text, "due_date": "2026-12-01"}) for k, text in enumerate(TEXTS)]
    ids = insert_rows(Event, ("subject_type", "subject_id", "payload"), rows,
                      same={"type": TEXTS[0][:64], "occurred_at": at}, returning="id")
    stored = {e.subject_id: e for e in Event.objects.filter(pk__in=ids_in(ids))}
    assert [stored[k + 1].payload["title"] for k in range(len(TEXTS))] == TEXTS
    assert {e.type for e in stored.values()} == {TEXTS[0][:64]}
    assert {e.occurred_at for e in stored.values()} == {at}
    assert isinstance(stored[1].occurred_at, datetime.datetime)


def test_a_plain_insert_stores_every_value_and_is_one_statement_the_wrappers_see():
    # Nothing returned, no conflict skipped: PostgreSQL streams the rows with COPY,
    # SQLite expands the JSON document; both store what went in, and a query counter
    # (an execute wrapper, as the benchmarks and query-count tests use) sees one statement.
    at = timezone.now().replace(microsecond=0)
    rows = [(None, "task", k + 1, {"title": text, "nested": {"list": [1, None, text]}})
            for k, text in enumerate(TEXTS)]
    rows.append((None, TEXTS[1][:32], 99, None))
    seen = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert insert_rows(Event, ("agency", "subject_type", "subject_id", "payload"), rows,
                           same={"type": TEXTS[0][:64], "occurred_at": at, "actor": None}) == []
    assert len(seen) == 1
    stored = {e.subject_id: e for e in Event.objects.all()}
    assert [stored[k + 1].payload for k in range(len(TEXTS))] == [
        {"title": text, "nested": {"list": [1, None, text]}} for text in TEXTS]
    assert stored[99].subject_type == TEXTS[1][:32]
    assert stored[99].payload is None
    assert {(e.type, e.occurred_at, e.actor_id, e.agency_id) for e in stored.values()} == {
        (TEXTS[0][:64], at, None, None)}


def test_a_plain_insert_that_breaks_a_unique_key_is_djangos_integrity_error_and_stores_nothing():
    event = Event.objects.create(type="task.overdue", occurred_at=timezone.now(), subject_type="task",
                                 subject_id=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(ProcessedEvent, ("event", "consumer"), [(event.pk, "a"), (event.pk, "a")],
                    same={"processed_at": timezone.now()})
    assert not ProcessedEvent.objects.exists()
