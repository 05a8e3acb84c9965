"""The states, roles and actions in the words a Vietnamese official uses (issue 13, item 10)."""
import pytest
from django.utils import translation

from backend.accounts.models import Role
from backend.inspections.machines import FindingState, InspectionState
from backend.plans.machines import PlanState, TaskState
from backend.plans.models import ReformPlan, Task

VIETNAMESE = [
    (PlanState.APPROVED, "đã ban hành"),
    (TaskState.DRAFT, "chưa giao"),
    (TaskState.DONE, "đã hoàn thành"),
    (InspectionState.PLANNED, "chưa tiến hành"),
    (InspectionState.REPORTED, "đã có kết luận kiểm tra"),
    (FindingState.CLOSED, "đã khắc phục xong"),
    (Role.OFFICER, "chuyên viên"),
    (Role.OFFICE_HEAD, "lãnh đạo phòng, đơn vị"),
]


@pytest.mark.parametrize(("choice", "words"), VIETNAMESE, ids=[str(c.value) for c, _ in VIETNAMESE])
def test_each_state_and_role_reads_as_an_official_writes_it(choice, words):
    with translation.override("vi"):
        assert str(choice.label) == words
    with translation.override("en"):
        assert str(choice.label) != words


def test_one_english_word_two_vietnamese_ones():
    # "closed" is a finding remedied, an inspection ended; "approve" a plan issued, a result reviewed.
    with translation.override("vi"):
        assert str(FindingState.CLOSED.label) != str(InspectionState.CLOSED.label)
        assert str(Task.transition_labels["approve"]) == "duyệt kết quả"
        assert str(ReformPlan.transition_labels["approve"]) == "ban hành"
