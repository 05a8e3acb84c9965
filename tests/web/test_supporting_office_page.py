"""The task page for a supporting office (đơn vị phối hợp, issue 13 item 9): its members
may attach evidence and write a contribution note; an office with no part in the task
sees neither form."""
import pytest

from backend.accounts.models import Role
from backend.comments.models import Comment
from tests.factories.accounts import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supported(world, make_task):
    task = make_task(code="2.1", title="Số hóa hồ sơ cấp phép xây dựng", state="in_progress")
    task.supporting_offices.set([world.office_b])
    return task


def test_a_supporting_officer_attaches_evidence_and_writes_a_contribution(world, page, supported):
    client = page(world.officer2)
    html = client.get(f"/tasks/{supported.pk}/").content.decode()
    assert 'id="evidence-file-form"' in html
    assert 'id="comment-contribution"' in html and "báo cáo phối hợp" in html
    r = client.post(f"/tasks/{supported.pk}/comments/",
                    {"body": "Phòng KH-TC đã bố trí kinh phí số hóa.", "contribution": "on"})
    assert r.status_code == 302
    comment = Comment.objects.get()
    assert (comment.kind, comment.office_id) == ("contribution", world.office_b.pk)
    html = client.get(f"/tasks/{supported.pk}/").content.decode()
    assert "Báo cáo phối hợp của Phòng Kế hoạch - Tài chính (đơn vị phối hợp)" in html


def test_an_unrelated_office_gets_no_evidence_form_and_no_contribution(world, page, supported):
    office = OfficeFactory(agency=world.agency, name="Phòng Quy hoạch - Kiến trúc")
    stranger = UserFactory(username="qhkt", role=Role.OFFICER, office=office, agency=world.agency)
    client = page(stranger)
    html = client.get(f"/tasks/{supported.pk}/").content.decode()
    assert 'id="evidence-file-form"' not in html and 'id="comment-contribution"' not in html
    # A forged contribution from the page is a plain comment: the field is not offered to them.
    client.post(f"/tasks/{supported.pk}/comments/", {"body": "x", "contribution": "on"})
    assert not Comment.objects.filter(kind="contribution").exists()
