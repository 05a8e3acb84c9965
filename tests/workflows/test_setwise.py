"""The set-wise INSERT stores values as ``bulk_create`` would, text of any script included."""
import datetime

import pytest
from django.utils import timezone

from workflows.models import Event
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
