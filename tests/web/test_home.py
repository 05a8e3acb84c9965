"""Home per role: exactly the lists issue 10 names, only what the user may see, constant queries."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.accounts import UserFactory
from backend.accounts.models import Role
from tests.factories.inspections import FindingFactory, InspectionFactory
from tests.factories.plans import ReformPlanFactory, TaskFactory
from tests.factories.scoring import ScoreChangeFactory, ScoreFactory

pytestmark = pytest.mark.django_db


def day(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def task(world):
    def make(state="assigned", **kwargs):
        kwargs.setdefault("plan", world.plan)
        kwargs.setdefault("field", world.field)
        kwargs.setdefault("lead_office", world.office_a)
        return TaskFactory(state=state, **kwargs)
    return make


@pytest.fixture
def finding(world):
    inspection = InspectionFactory(agency=world.agency, state="in_progress", title="Kiểm tra CCHC 2026",
                                   offices=[world.office_a, world.office_b], inspectors=[world.inspector])

    def make(state="open", **kwargs):
        kwargs.setdefault("office", world.office_a)
        kwargs.setdefault("due_date", day(20))
        return FindingFactory(inspection=kwargs.pop("inspection", inspection), state=state, **kwargs)
    make.inspection = inspection
    return make


def html_of(page, user, url="/"):
    response = page(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- officer -------------------------------------------------------------------------

def test_officer_sees_own_tasks_by_urgency(page, world, task, finding):
    me = world.officer
    overdue = task(assignee=me, state="in_progress", title="Việc quá hạn", due_date=day(-3))
    soon = task(assignee=me, title="Việc sắp đến hạn", due_date=day(1))
    returned = task(assignee=me, state="returned", title="Việc bị trả lại", due_date=day(60))
    doing = task(assignee=me, state="in_progress", title="Việc đang làm", due_date=day(60))
    new = task(assignee=me, title="Việc mới giao", due_date=day(60))
    task(assignee=me, state="submitted", title="Việc đã trình")       # waits for the head, not me
    task(assignee=me, state="done", title="Việc đã xong")
    task(assignee=world.officer2, lead_office=world.office_b, title="Việc của phòng khác")
    outsider_plan = ReformPlanFactory(agency=world.other_agency, year=world.today.year, approved=True)
    TaskFactory(plan=outsider_plan, field=world.field, lead_office=world.other_office, state="assigned",
                assignee=world.outsider_officer, title="Việc của Sở Tài chính")
    mine = finding(description="Chưa niêm yết thủ tục hành chính")
    finding(office=world.office_b, description="Tồn tại của phòng khác")
    finding(state="closed", description="Tồn tại đã khắc phục")

    html = html_of(page, me)
    assert "Nhiệm vụ của tôi" in html
    # Each group in order of urgency, with its task.
    headings = ["Quá hạn", "Đến hạn trong", "Bị trả lại", "Đang thực hiện", "Đã giao, chưa bắt đầu"]
    positions = [html.index(h) for h in headings]
    assert positions == sorted(positions)
    for t, heading in zip((overdue, soon, returned, doing, new), headings):
        assert html.index(heading) < html.index(t.title)
    assert "chưa hoàn thành quá hạn" in html and "chưa hoàn thành trong hạn" in html   # outcome badges
    assert day(-3).strftime("%d/%m/%Y") in html                                # dd/mm/yyyy
    assert "ngày làm việc" in html                                              # working days left
    for hidden in ("Việc đã trình", "Việc đã xong", "Việc của phòng khác", "Việc của Sở Tài chính"):
        assert hidden not in html
    assert mine.description in html
    assert "Tồn tại của phòng khác" not in html and "Tồn tại đã khắc phục" not in html


def test_officer_of_another_agency_sees_nothing_of_ours(page, world, task):
    task(assignee=world.officer, title="Việc của Sở Xây dựng")
    html = html_of(page, world.outsider_officer)
    assert "Việc của Sở Xây dựng" not in html and world.agency.name not in html
    assert "Không có nhiệm vụ nào đang chờ bạn." in html


# --- department head and office head -------------------------------------------------

@pytest.fixture
def head_world(world, task, finding):
    task(state="submitted", assignee=world.officer, title="Việc chờ duyệt A", submitted_at=timezone.now())
    task(state="submitted", lead_office=world.office_b, assignee=world.officer2, title="Việc chờ duyệt B",
         submitted_at=timezone.now())
    task(state="in_progress", assignee=world.officer, title="Việc xin gia hạn",
         extension_requested_until=day(40), extension_reason="Chờ ý kiến")
    task(state="in_progress", assignee=world.officer, title="Việc trễ 1", due_date=day(-2))
    task(state="assigned", lead_office=world.office_b, title="Việc trễ 2", due_date=day(-5))
    task(state="done", title="Việc xong trễ", due_date=day(-5))
    finding(due_date=day(-1), description="Tồn tại quá hạn")
    ReformPlanFactory(agency=world.agency, year=world.today.year + 1, title="Kế hoạch CCHC năm sau")
    ReformPlanFactory(agency=world.other_agency, year=world.today.year + 1, title="Kế hoạch của Sở Tài chính")
    score = ScoreFactory(agency=world.agency, points=Decimal("2.90"), max_points=Decimal("3.00"),
                         criterion__name="Công tác chỉ đạo, điều hành CCHC")
    ScoreChangeFactory(score=score, at=timezone.now() - datetime.timedelta(days=60), points=Decimal("2.40"))
    ScoreChangeFactory(score=score, at=timezone.now() - datetime.timedelta(days=40), points=Decimal("2.65"))
    ScoreChangeFactory(score=score, at=timezone.now() - datetime.timedelta(days=2), points=Decimal("2.90"),
                       old_points=Decimal("2.65"))
    return world


def test_head_sees_what_waits_overdue_by_office_and_the_score(page, head_world):
    w = head_world
    html = html_of(page, w.head)
    assert "Việc chờ tôi xử lý" in html
    assert "Việc chờ duyệt A" in html and "Việc chờ duyệt B" in html
    assert "Việc xin gia hạn" in html and "đề nghị gia hạn đến" in html
    assert "Kế hoạch CCHC năm sau" in html and "Kế hoạch của Sở Tài chính" not in html
    # Overdue by office: office_a 1 task + 1 finding, office_b 1 task; each a link through.
    assert "Việc quá hạn theo phòng" in html
    assert f'href="/plans/?office={w.office_a.id}&amp;overdue=1"' in html
    assert f'href="/plans/?office={w.office_b.id}&amp;overdue=1"' in html
    assert f'href="/inspections/?office={w.office_a.id}&amp;overdue=1"' in html
    # The score from the stored history: 2,90 of 3,00, up 0,25 in 30 days.
    assert "Công tác chỉ đạo, điều hành CCHC" in html
    assert "2,90 / 3,00 điểm" in html
    assert "tăng 0,25 điểm trong 30 ngày qua" in html


def test_home_never_computes_or_stores_a_score(page, head_world):
    from backend.scoring.models import Score, ScoreChange
    before = (list(Score.objects.values()), ScoreChange.objects.count())
    page(head_world.head).get("/")
    assert (list(Score.objects.values()), ScoreChange.objects.count()) == before


def test_office_head_sees_the_same_for_the_office_only(page, head_world):
    w = head_world
    html = html_of(page, w.office_head)
    assert "Việc chờ duyệt A" in html and "Việc chờ duyệt B" not in html
    assert "Việc xin gia hạn" in html
    assert "Việc trễ 1" in html and "Việc trễ 2" not in html
    assert "Kế hoạch CCHC năm sau" in html
    assert "2,90 / 3,00 điểm" in html


# --- inspector -----------------------------------------------------------------------

def test_inspector_sees_own_inspections_to_verify_and_overdue(page, world, finding):
    to_verify = finding(state="remediation_submitted", description="Đã khắc phục, chờ xác nhận")
    late = finding(state="in_remediation", due_date=day(-4), description="Khắc phục chậm")
    other = InspectionFactory(agency=world.agency, state="in_progress", title="Đợt kiểm tra của người khác",
                              offices=[world.office_b], inspectors=[UserFactory(role=Role.INSPECTOR, agency=world.agency)])
    finding(inspection=other, state="remediation_submitted", description="Không thuộc đoàn của tôi")

    html = html_of(page, world.inspector)
    assert "Đợt kiểm tra của tôi" in html and finding.inspection.title in html
    assert "Đợt kiểm tra của người khác" not in html
    assert html.index("Tồn tại chờ xác nhận khắc phục") < html.index(to_verify.description)
    assert html.index("Tồn tại quá hạn khắc phục") < html.index(late.description)
    assert "Không thuộc đoàn của tôi" not in html


# --- administrator -------------------------------------------------------------------

def test_admin_sees_the_admin_links_but_not_other_agencies_ranked(page, world):
    # Nobody sees another agency's data (SPEC): an agency's admin gets no province ranking.
    world.agency.province = world.other_agency.province = "Quảng Trị"
    world.agency.save()
    world.other_agency.save()
    world.admin.is_staff = True
    world.admin.save()
    html = html_of(page, world.admin)
    assert "Xếp hạng các cơ quan" not in html and world.other_agency.name not in html
    assert 'href="/admin/"' in html and "/admin/accounts/user/" in html


def test_the_provinces_administrator_sees_the_ranking(page, world):
    world.agency.province = world.other_agency.province = "Quảng Trị"
    world.agency.save()
    world.other_agency.save()
    admin = UserFactory(username="province_admin", role=Role.ADMIN, agency=None)
    html = html_of(page, admin)
    assert "Xếp hạng các cơ quan" in html
    assert world.agency.name in html and world.other_agency.name in html


# --- constant queries ----------------------------------------------------------------

def _queries(client, url="/"):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["officer", "head", "office_head", "inspector"])
def test_home_queries_do_not_grow_with_tasks(page, world, task, finding, role, django_assert_max_num_queries):
    user = getattr(world, role)
    client = page(user)

    def add(n):
        for i in range(n):
            state = ["assigned", "in_progress", "returned", "submitted"][i % 4]
            task(state=state, assignee=world.officer, due_date=day(i % 7 - 3),
                 extension_requested_until=day(30) if i % 5 == 0 and state != "submitted" else None,
                 submitted_at=timezone.now() if state == "submitted" else None)
            finding(state=["open", "in_remediation", "remediation_submitted"][i % 3], due_date=day(i % 5 - 2))

    add(5)
    five = _queries(client)
    add(45)
    with django_assert_max_num_queries(five):
        client.get("/")
    assert _queries(client) == five


def test_platform_admin_sees_every_province(page, world):
    from tests.factories.accounts import AgencyFactory
    world.agency.province = "Quảng Trị"
    world.agency.save()
    AgencyFactory(name="Sở Nội vụ tỉnh Huế", province="Huế")
    root = UserFactory(username="root", role=Role.ADMIN, agency=None, is_staff=True)
    html = html_of(page, root)
    assert "tỉnh Quảng Trị năm" in html and "tỉnh Huế năm" in html and "Sở Nội vụ tỉnh Huế" in html
