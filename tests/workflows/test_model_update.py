"""``model_update``: the one way a service writes a row's own (non-state) fields."""
import pytest

from tests.factories.accounts import OfficeFactory
from tests.factories.plans import TaskFactory
from workflows.updates import model_update

pytestmark = pytest.mark.django_db


def test_writes_only_the_named_fields_and_updated_at():
    task = TaskFactory(title="Cũ", description="Mô tả cũ")
    before = task.updated_at
    assert model_update(task, {"title": "Mới", "description": "Không được ghi"}, {"title"})
    task.refresh_from_db()
    assert (task.title, task.description) == ("Mới", "Mô tả cũ")
    assert task.updated_at > before


def test_sets_many_to_many_fields_after_the_row():
    task = TaskFactory()
    offices = [OfficeFactory(agency=task.plan.agency) for _ in range(2)]
    before = task.updated_at
    assert model_update(task, {"supporting_offices": offices}, {"supporting_offices"})
    task.refresh_from_db()
    assert set(task.supporting_offices.all()) == set(offices)
    assert task.updated_at == before  # no plain field changed: no UPDATE of the row


def test_nothing_named_writes_nothing(django_assert_num_queries):
    task = TaskFactory()
    with django_assert_num_queries(0):
        assert model_update(task, {"title": "Mới"}, {"progress"}) is False
