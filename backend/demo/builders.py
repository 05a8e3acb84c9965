"""The demo department: Sở Xây dựng tỉnh Quảng Trị, its people, this year's plan, next year's.

Everything is dated relative to the day it runs, so the demo always shows work in every
state: done on time and late, open within its term, overdue, due in a few days.

Objects are made with the factories; every state change goes through the workflow
service (``run_transition``) as the user who would make it, so history and events are
real. The service stamps "now"; afterwards the timeline is moved back to the planned
dates (``backdate_last_transition``), and the transitions themselves run in the order of
those dates, so event ids grow with ``occurred_at`` as in a live system.

Each ``build_*`` step is idempotent on its own (it looks for what it would make first)
and records what it made in ``SeedResult``; ``build_demo`` runs them in one transaction.
A later step (e.g. inspections) is one more function taking the ``Demo`` and the result.
"""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from factory import Transformer

from backend.accounts.factories import AgencyFactory, OfficeFactory, UserFactory
from backend.accounts.models import Agency, Office, Role, User
from backend.comments.factories import CommentFactory
from backend.comments.models import Comment
from backend.criteria.models import Criterion, Methodology
from backend.evidence.factories import EvidenceFactory
from backend.evidence.models import Evidence
from backend.inspections import services as inspection_services
from backend.inspections.models import Finding, Inspection
from backend.plans import services as plan_services
from backend.plans.factories import ReformPlanFactory, TaskFactory
from backend.plans.models import ReformPlan, Task
from backend.scoring.demo import build_score, score_summary
from workflows.models import Event, TransitionRecord
from workflows.services import run_transition

DEMO_PASSWORD = "demo-password"
AGENCY_NAME = "Sở Xây dựng tỉnh Quảng Trị"
PROVINCE = "Quảng Trị"
TEMPLATE_METHODOLOGY = "dept-template-876"
EVIDENCE_SITE = "https://sxd.quangtri.gov.vn"

OFFICES = [
    ("VP", "Văn phòng Sở"),
    ("TTr", "Thanh tra Sở"),
    ("KHTC", "Phòng Kế hoạch - Tài chính"),
    ("QLXD", "Phòng Quản lý xây dựng"),
    ("QLN", "Phòng Quản lý nhà và thị trường bất động sản"),
    ("QHKT", "Phòng Quy hoạch - Kiến trúc"),
    ("HTKT", "Phòng Hạ tầng kỹ thuật và Phát triển đô thị"),
]


@dataclass(frozen=True)
class Person:
    username: str
    full_name: str
    role: str
    office: str | None = None  # office code
    title: str = ""  # chức vụ, for the summary only


PEOPLE = [
    Person("head", "Nguyễn Văn Hùng", Role.HEAD, title="Giám đốc Sở"),
    Person("deputy_head", "Trần Thị Thanh Hương", Role.HEAD, title="Phó Giám đốc Sở"),
    Person("office_head", "Lê Quang Minh", Role.OFFICE_HEAD, "QLXD", "Trưởng phòng Quản lý xây dựng"),
    Person("officer", "Phạm Thị Thu Hà", Role.OFFICER, "QLXD", "Chuyên viên Phòng Quản lý xây dựng"),
    Person("qlxd_officer", "Đặng Văn Long", Role.OFFICER, "QLXD", "Chuyên viên Phòng Quản lý xây dựng"),
    Person("vp_head", "Hồ Thị Lan", Role.OFFICE_HEAD, "VP", "Chánh Văn phòng Sở"),
    Person("officer2", "Hoàng Đức Anh", Role.OFFICER, "VP", "Chuyên viên Văn phòng Sở, đầu mối CCHC"),
    Person("ttr_officer", "Võ Thị Ngọc Ánh", Role.OFFICER, "TTr", "Thanh tra viên"),
    Person("khtc_head", "Bùi Văn Thành", Role.OFFICE_HEAD, "KHTC", "Trưởng phòng Kế hoạch - Tài chính"),
    Person("khtc_officer", "Ngô Thị Phương", Role.OFFICER, "KHTC", "Chuyên viên Phòng Kế hoạch - Tài chính"),
    Person("qln_officer", "Trương Minh Tuấn", Role.OFFICER, "QLN", "Chuyên viên Phòng Quản lý nhà và TTBĐS"),
    Person("qhkt_officer", "Lê Thị Kim Oanh", Role.OFFICER, "QHKT", "Chuyên viên Phòng Quy hoạch - Kiến trúc"),
    Person("htkt_head", "Nguyễn Hữu Phước", Role.OFFICE_HEAD, "HTKT", "Trưởng phòng Hạ tầng kỹ thuật và PTĐT"),
    Person("htkt_officer", "Phan Văn Dũng", Role.OFFICER, "HTKT", "Chuyên viên Phòng Hạ tầng kỹ thuật và PTĐT"),
    Person("inspector", "Võ Thanh Tùng", Role.INSPECTOR, title="Chánh Thanh tra Sở"),
    Person("admin", "Quản trị hệ thống", Role.ADMIN, title="Quản trị (superuser)"),
]

# Who does an office's work (the assignee) when a task names none.
OFFICE_DOERS = {
    "VP": "officer2", "TTr": "ttr_officer", "KHTC": "khtc_officer", "QLXD": "officer",
    "QLN": "qln_officer", "QHKT": "qhkt_officer", "HTKT": "htkt_officer",
}


@dataclass(frozen=True)
class PlannedTask:
    """One task of this year's plan and the story it has lived so far.

    ``due`` is in days from today; ``story`` a key of ``STORIES``; ``assignee`` a
    username (the office's doer when empty).
    """

    code: str
    field: str
    office: str
    due: int
    story: str
    title: str
    output: str
    assignee: str = ""
    progress: int = 0


# 48 tasks over the eight PAR fields; the periodic reports come on top (report kind).
PLAN_TASKS = [
    # 1 Công tác chỉ đạo, điều hành CCHC
    PlannedTask("1.1", "1", "VP", -235, "done_on_time",
                "Ban hành Kế hoạch kiểm tra công tác CCHC năm tại các phòng, đơn vị thuộc Sở",
                "Kế hoạch kiểm tra CCHC được Giám đốc Sở phê duyệt"),
    PlannedTask("1.2", "1", "TTr", -120, "done_on_time",
                "Kiểm tra công tác CCHC tại Phòng Quản lý xây dựng và Phòng Quy hoạch - Kiến trúc",
                "Biên bản và thông báo kết luận kiểm tra"),
    PlannedTask("1.3", "1", "TTr", 18, "in_progress",
                "Kiểm tra công tác CCHC tại Phòng Hạ tầng kỹ thuật và Phát triển đô thị, "
                "Phòng Quản lý nhà và thị trường bất động sản",
                "Thông báo kết luận kiểm tra", progress=40),
    PlannedTask("1.4", "1", "VP", -60, "done_late",
                "Theo dõi, đôn đốc khắc phục các tồn tại, hạn chế phát hiện qua kiểm tra CCHC năm trước",
                "Báo cáo kết quả khắc phục"),
    PlannedTask("1.5", "1", "VP", 36, "in_progress",
                "Duy trì chuyên mục Cải cách hành chính trên Trang thông tin điện tử của Sở, "
                "đăng tin bài hằng tháng",
                "Tối thiểu 02 tin, bài mỗi tháng", progress=80),
    PlannedTask("1.6", "1", "VP", 5, "submitted",
                "Tổ chức hội nghị phổ biến các văn bản mới về CCHC cho công chức, viên chức của Sở",
                "Hội nghị được tổ chức; tài liệu hội nghị"),
    PlannedTask("1.7", "1", "VP", 10, "returned",
                "Đăng ký và triển khai ít nhất một sáng kiến, mô hình mới trong CCHC",
                "Sáng kiến được Hội đồng sáng kiến công nhận"),
    PlannedTask("1.8", "1", "VP", -205, "done_on_time",
                "Tự đánh giá, chấm điểm Chỉ số CCHC năm trước của Sở kèm tài liệu kiểm chứng",
                "Báo cáo tự đánh giá gửi Sở Nội vụ"),
    PlannedTask("1.9", "1", "VP", 30, "assigned",
                "Đưa kết quả thực hiện nhiệm vụ CCHC vào tiêu chí bình xét thi đua, khen thưởng cuối năm",
                "Hướng dẫn bình xét thi đua có tiêu chí CCHC"),
    # 2 Văn bản quy phạm pháp luật
    PlannedTask("2.1", "2", "TTr", -45, "done_on_time",
                "Rà soát, hệ thống hoá văn bản quy phạm pháp luật lĩnh vực xây dựng do HĐND, UBND tỉnh ban hành",
                "Danh mục văn bản đề nghị sửa đổi, bãi bỏ"),
    PlannedTask("2.2", "2", "QLXD", -20, "done_after_return",
                "Tham mưu UBND tỉnh ban hành quy định phân cấp cấp giấy phép xây dựng trên địa bàn tỉnh",
                "Dự thảo Quyết định trình UBND tỉnh"),
    PlannedTask("2.3", "2", "QLXD", -12, "in_progress",
                "Kiểm tra việc thực hiện quy định về quản lý chất lượng công trình xây dựng tại các huyện",
                "Báo cáo kết quả kiểm tra", assignee="qlxd_officer", progress=55),
    PlannedTask("2.4", "2", "HTKT", 40, "cancelled",
                "Tham mưu sửa đổi quy định quản lý cây xanh đô thị trên địa bàn tỉnh",
                "Dự thảo Quyết định sửa đổi"),
    # 3 Thủ tục hành chính
    PlannedTask("3.1", "3", "QLXD", -100, "done_on_time",
                "Rà soát, đề xuất phương án đơn giản hoá thủ tục hành chính lĩnh vực hoạt động xây dựng",
                "Phương án đơn giản hoá trình UBND tỉnh"),
    PlannedTask("3.2", "3", "QLN", -70, "done_late",
                "Rà soát, đơn giản hoá thủ tục hành chính lĩnh vực nhà ở và kinh doanh bất động sản",
                "Báo cáo rà soát"),
    PlannedTask("3.3", "3", "VP", -150, "done_on_time",
                "Cập nhật, công khai thủ tục hành chính của Sở trên Cơ sở dữ liệu quốc gia và tại "
                "Trung tâm Phục vụ hành chính công tỉnh",
                "Danh mục TTHC được công khai đầy đủ"),
    PlannedTask("3.4", "3", "QLXD", 12, "in_progress",
                "Số hoá hồ sơ, kết quả giải quyết thủ tục cấp giấy phép xây dựng còn hiệu lực",
                "Tối thiểu 80% hồ sơ được số hoá", progress=60),
    PlannedTask("3.5", "3", "QHKT", -5, "assigned",
                "Số hoá hồ sơ thủ tục hành chính lĩnh vực quy hoạch xây dựng, kiến trúc",
                "Hồ sơ được số hoá trên Hệ thống thông tin giải quyết TTHC"),
    PlannedTask("3.6", "3", "VP", 36, "in_progress",
                "Giải quyết hồ sơ thủ tục hành chính đúng hạn; thư xin lỗi khi trễ hạn",
                "Tỷ lệ hồ sơ đúng hạn trên 98%", progress=85),
    PlannedTask("3.7", "3", "VP", -1, "submitted",
                "Theo dõi, đánh giá Bộ chỉ số phục vụ người dân, doanh nghiệp hằng quý",
                "Báo cáo đánh giá quý"),
    PlannedTask("3.8", "3", "QLXD", -3, "returned",
                "Rút ngắn thời gian thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng",
                "Quy trình nội bộ sửa đổi", assignee="qlxd_officer"),
    PlannedTask("3.9", "3", "VP", -30, "done_on_time",
                "Xây dựng quy trình nội bộ giải quyết TTHC trên Hệ thống thông tin giải quyết TTHC của tỉnh",
                "Quy trình nội bộ được phê duyệt"),
    PlannedTask("3.10", "3", "TTr", 6, "in_progress",
                "Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính lĩnh vực xây dựng",
                "Sổ theo dõi phản ánh, kiến nghị", progress=70),
    # 4 Tổ chức bộ máy
    PlannedTask("4.1", "4", "VP", -90, "done_late",
                "Rà soát chức năng, nhiệm vụ, cơ cấu tổ chức các phòng thuộc Sở theo quy định mới",
                "Báo cáo rà soát và đề xuất sắp xếp"),
    PlannedTask("4.2", "4", "VP", 3, "submitted",
                "Hoàn thiện Đề án vị trí việc làm và cơ cấu ngạch công chức của Sở",
                "Đề án trình cấp có thẩm quyền"),
    PlannedTask("4.3", "4", "VP", -180, "done_on_time",
                "Sửa đổi, ban hành Quy chế làm việc của Sở",
                "Quyết định ban hành Quy chế"),
    PlannedTask("4.4", "4", "KHTC", 25, "cancelled_draft",
                "Kiểm tra tổ chức, hoạt động của Trung tâm Quy hoạch và Kiểm định xây dựng",
                "Thông báo kết luận kiểm tra"),
    # 5 Công chức, viên chức
    PlannedTask("5.1", "5", "VP", -60, "done_on_time",
                "Cử công chức tham gia bồi dưỡng kiến thức quản lý nhà nước và kỹ năng thực thi CCHC",
                "Danh sách công chức được cử đi bồi dưỡng"),
    PlannedTask("5.2", "5", "VP", 25, "in_progress",
                "Đánh giá, xếp loại công chức hằng quý theo kết quả thực hiện nhiệm vụ",
                "Kết quả đánh giá quý", progress=75),
    PlannedTask("5.3", "5", "TTr", 4, "assigned",
                "Kiểm tra công vụ, kỷ luật, kỷ cương hành chính tại các phòng, đơn vị",
                "Báo cáo kết quả kiểm tra công vụ"),
    PlannedTask("5.4", "5", "VP", 30, "draft",
                "Xây dựng kế hoạch đào tạo, bồi dưỡng công chức, viên chức năm sau",
                "Kế hoạch đào tạo, bồi dưỡng"),
    PlannedTask("5.5", "5", "VP", -15, "done_on_time",
                "Chuyển đổi vị trí công tác định kỳ đối với công chức theo quy định",
                "Quyết định điều động, chuyển đổi vị trí công tác"),
    # 6 Tài chính công
    PlannedTask("6.1", "6", "KHTC", -250, "done_on_time",
                "Xây dựng, ban hành Quy chế chi tiêu nội bộ năm",
                "Quyết định ban hành Quy chế chi tiêu nội bộ"),
    PlannedTask("6.2", "6", "KHTC", -140, "done_late",
                "Công khai dự toán, quyết toán ngân sách của Sở theo quy định",
                "Quyết định công khai và biểu mẫu đính kèm"),
    PlannedTask("6.3", "6", "KHTC", 36, "in_progress",
                "Đôn đốc giải ngân vốn đầu tư công được giao",
                "Tỷ lệ giải ngân trên 95% kế hoạch vốn", progress=70),
    PlannedTask("6.4", "6", "KHTC", 14, "returned",
                "Rà soát, đề xuất phương án sắp xếp lại nhà, đất là tài sản công do Sở quản lý",
                "Phương án sắp xếp trình UBND tỉnh"),
    # 7 Chính quyền điện tử, chính quyền số
    PlannedTask("7.1", "7", "VP", 20, "in_progress",
                "Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
                "Hệ thống QLCL được cập nhật theo quy trình mới", progress=50),
    PlannedTask("7.2", "7", "VP", -35, "done_on_time",
                "Đánh giá nội bộ Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
                "Báo cáo đánh giá nội bộ"),
    PlannedTask("7.3", "7", "QLXD", 8, "submitted",
                "Cung cấp dịch vụ công trực tuyến toàn trình cho thủ tục cấp giấy phép xây dựng",
                "Thủ tục được cung cấp toàn trình trên Cổng dịch vụ công"),
    PlannedTask("7.4", "7", "QLN", -8, "in_progress",
                "Nâng tỷ lệ hồ sơ nộp trực tuyến đối với TTHC lĩnh vực nhà ở, bất động sản",
                "Trên 50% hồ sơ nộp trực tuyến", progress=45),
    PlannedTask("7.5", "7", "VP", -20, "done_on_time",
                "Ký số toàn bộ văn bản đi trên Hệ thống quản lý văn bản và điều hành",
                "100% văn bản đi được ký số"),
    PlannedTask("7.6", "7", "QLN", 2, "assigned",
                "Cập nhật cơ sở dữ liệu về nhà ở và thị trường bất động sản của tỉnh",
                "Dữ liệu được cập nhật đến quý III"),
    PlannedTask("7.7", "7", "QHKT", -6, "extended",
                "Cập nhật dữ liệu quy hoạch xây dựng lên hệ thống thông tin quy hoạch của tỉnh",
                "Các đồ án quy hoạch được phê duyệt được số hoá", progress=65),
    PlannedTask("7.8", "7", "VP", 45, "cancelled",
                "Triển khai phòng họp không giấy tại trụ sở Sở",
                "Phòng họp không giấy đưa vào sử dụng", progress=10),
    # 8 Tác động của CCHC
    PlannedTask("8.1", "8", "VP", 15, "submitted",
                "Khảo sát mức độ hài lòng của người dân, doanh nghiệp đối với TTHC lĩnh vực xây dựng",
                "Báo cáo kết quả khảo sát"),
    PlannedTask("8.2", "8", "QLXD", -75, "done_on_time",
                "Đối thoại với doanh nghiệp hoạt động xây dựng về vướng mắc trong thủ tục hành chính",
                "Thông báo kết luận hội nghị đối thoại"),
    PlannedTask("8.3", "8", "QHKT", -25, "done_late",
                "Công khai đồ án quy hoạch chung đô thị đã được phê duyệt",
                "Đồ án được công khai trên Trang thông tin điện tử"),
    PlannedTask("8.4", "8", "QLN", 6, "in_progress",
                "Công bố thông tin thị trường bất động sản hằng quý",
                "Bản tin thị trường bất động sản quý", progress=60),
]

NEXT_YEAR_TASKS = [
    ("1.1", "1", "VP", "01-31", "Ban hành Kế hoạch kiểm tra công tác CCHC năm {year}",
     "Kế hoạch kiểm tra được phê duyệt"),
    ("3.1", "3", "QHKT", "06-30", "Rà soát, đơn giản hoá thủ tục hành chính lĩnh vực quy hoạch xây dựng",
     "Phương án đơn giản hoá"),
    ("3.2", "3", "QLXD", "09-30", "Mở rộng tiếp nhận hồ sơ trực tuyến toàn trình cho thủ tục cấp chứng chỉ "
     "hành nghề hoạt động xây dựng", "Thủ tục được cung cấp toàn trình"),
    ("5.1", "5", "VP", "03-31", "Xây dựng khung năng lực cho từng vị trí việc làm của Sở",
     "Khung năng lực được phê duyệt"),
    ("7.1", "7", "VP", "10-31", "Chuyển đổi Hệ thống quản lý chất lượng ISO 9001:2015 sang vận hành trên "
     "môi trường điện tử", "Quy trình ISO điện tử đưa vào sử dụng"),
    ("8.1", "8", "VP", "11-30", "Khảo sát mức độ hài lòng của người dân, doanh nghiệp năm {year}",
     "Báo cáo khảo sát"),
]

RETURN_REASONS = [
    "Hồ sơ chưa kèm tài liệu kiểm chứng; đề nghị bổ sung văn bản đã ban hành.",
    "Nội dung chưa đánh giá được kết quả so với chỉ tiêu kế hoạch; đề nghị bổ sung số liệu.",
    "Dự thảo còn thiếu ý kiến góp ý của các phòng liên quan.",
]
CANCEL_REASONS = {
    "2.4": "Nội dung đã được quy định trong Quyết định phân cấp quản lý hạ tầng kỹ thuật của UBND tỉnh; "
           "không cần ban hành văn bản riêng.",
    "4.4": "UBND tỉnh đã tổ chức kiểm tra chuyên đề đối với Trung tâm trong năm; tránh chồng chéo.",
    "7.8": "Chưa bố trí được kinh phí trong năm; chuyển sang kế hoạch năm sau.",
}


# --- the result -----------------------------------------------------------------

@dataclass
class SeedResult:
    created: Counter = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.created.values())


@dataclass
class Demo:
    """What later builders need: the department, its offices, people and PAR fields."""

    agency: Agency
    offices: dict[str, Office]
    users: dict[str, User]
    fields: dict[str, Criterion]
    today: datetime.date
    plan_current: ReformPlan | None = None
    plan_next: ReformPlan | None = None

    def field(self, code: str) -> Criterion:
        try:
            return self.fields[code]
        except KeyError:
            raise DemoConflict(
                f"the agency's methodology has no PAR field {code}; the demo plans are filed "
                f"under the fields of '{TEMPLATE_METHODOLOGY}'"
            ) from None


class DemoConflict(Exception):
    """The database holds something the demo would clash with (e.g. a username)."""


# --- the clock ------------------------------------------------------------------

def local_dt(day: datetime.date, minutes: int) -> datetime.datetime:
    """``day`` at ``minutes`` after midnight, local time (working hours: 450–1050)."""
    naive = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(minutes=minutes)
    return timezone.make_aware(naive)


def backdate_last_transition(obj, when: datetime.datetime) -> None:
    """Move the newest history row of ``obj`` and its event to ``when``."""
    record = TransitionRecord.objects.filter(
        subject_type=obj.subject_type, subject_id=obj.pk
    ).latest("id")
    TransitionRecord.objects.filter(pk=record.pk).update(at=when)
    if record.event_id:
        Event.objects.filter(pk=record.event_id).update(occurred_at=when)


# --- the department -------------------------------------------------------------

def ensure_catalogue() -> Methodology:
    """The template methodology; a flushed database gets the shipped catalogue back."""
    methodology = Methodology.objects.filter(code=TEMPLATE_METHODOLOGY).first()
    if methodology is None:
        call_command("loaddata", "criteria", verbosity=0)
        methodology = Methodology.objects.get(code=TEMPLATE_METHODOLOGY)
    return methodology


def build_agency(result: SeedResult, today: datetime.date) -> Demo:
    methodology = ensure_catalogue()
    agency = Agency.objects.filter(name=AGENCY_NAME, province=PROVINCE).first()
    if agency is None:
        agency = AgencyFactory(name=AGENCY_NAME, short_name="SXD", province=PROVINCE,
                               methodology=methodology)
        result.created["agency"] += 1
    elif agency.methodology_id is None:
        agency.methodology = methodology
        agency.save(update_fields=["methodology"])
        result.created["agency methodology"] += 1

    offices = {}
    for code, name in OFFICES:
        office = Office.objects.filter(agency=agency, name=name).first()
        if office is None:
            office = OfficeFactory(agency=agency, name=name, code=code)
            result.created["office"] += 1
        offices[code] = office

    users = {}
    password = None  # hashed once: hashing is deliberately slow
    for person in PEOPLE:
        user = User.objects.filter(username=person.username).first()
        if user is not None:
            if user.agency_id != agency.pk:
                raise DemoConflict(
                    f"user '{person.username}' exists and belongs to another agency; "
                    "the demo needs this username"
                )
        else:
            password = password or make_password(DEMO_PASSWORD)
            is_admin = person.role == Role.ADMIN
            user = UserFactory(
                username=person.username, full_name=person.full_name, role=person.role,
                agency=agency, office=offices[person.office] if person.office else None,
                password=Transformer.Force(password),
                is_staff=is_admin, is_superuser=is_admin,
            )
            result.created["user"] += 1
        users[person.username] = user

    fields = {c.code: c for c in Criterion.objects.filter(methodology=agency.methodology_id or methodology,
                                                           parent=None)}
    return Demo(agency=agency, offices=offices, users=users, fields=fields, today=today)


# --- this year's plan -----------------------------------------------------------

@dataclass
class Step:
    """One thing that happens to a task, at a given time, by one user."""

    when: datetime.datetime
    seq: int  # order within the task
    task_code: str
    action: str  # a transition name, or "evidence", "comment", "progress"
    actor: str
    params: dict = field(default_factory=dict)


def _reviewer(office_code: str, i: int) -> str:
    """The office's head reviews most work; the director or deputy reviews the rest."""
    office_head = next((p.username for p in PEOPLE
                        if p.role == Role.OFFICE_HEAD and p.office == office_code), None)
    if office_head and i % 3:
        return office_head
    return "deputy_head" if i % 2 else "head"


def _assigner(office_code: str, i: int) -> str:
    office_head = next((p.username for p in PEOPLE
                        if p.role == Role.OFFICE_HEAD and p.office == office_code), None)
    return office_head if office_head and i % 2 else "head"


def _story(pt: PlannedTask, i: int, demo: Demo, doer: str) -> list[tuple]:
    """(day offset, action, actor, params) for the task's history, oldest first."""
    d, jitter = pt.due, i % 5
    assigner, reviewer = _assigner(pt.office, i), _reviewer(pt.office, i)
    url = f"{EVIDENCE_SITE}/van-ban/{demo.today.year}-{pt.code.replace('.', '-')}"
    evidence = ("evidence", doer, {"url": url, "name": f"Văn bản kiểm chứng nhiệm vụ {pt.code}",
                                    "note": pt.output})
    # Work starts some weeks before the due date (or, for long tasks, after the plan).
    assign = min(d - 55 - 3 * jitter, -20 - jitter)
    start = assign + 2 + jitter
    steps = {
        "draft": [],
        "assigned": [(-9 - jitter, "assign", assigner, {})],
        "in_progress": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                        (-2 - jitter, "progress", doer, {"progress": pt.progress or 50})],
        "submitted": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                      (-3, "evidence", *evidence[1:]),
                      (-2, "submit", doer, {"result_note": f"Đã thực hiện: {pt.output.lower()}."})],
        "returned": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                     (-9, "submit", doer, {"result_note": f"Đã hoàn thành dự thảo: {pt.output.lower()}."}),
                     (-7, "return", reviewer, {"reason": RETURN_REASONS[i % len(RETURN_REASONS)]}),
                     (-6, "comment", doer, {"body": "Phòng đang bổ sung theo ý kiến chỉ đạo, "
                                                     "sẽ gửi lại trong tuần."})],
        "done_on_time": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                         (min(d - 4 + jitter // 2, -3), "evidence", *evidence[1:]),
                         (min(d - 3 + jitter // 2, -2), "submit", doer, {}),
                         (min(d - 1 + jitter // 2, -1), "approve", reviewer, {})],
        "done_late": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                      (d + 2, "comment", reviewer, {"body": "Nhiệm vụ đã quá hạn, đề nghị phòng khẩn "
                                                            "trương hoàn thành."}),
                      (min(d + 4 + jitter, -2), "evidence", *evidence[1:]),
                      (min(d + 5 + jitter, -2), "submit", doer, {}),
                      (min(d + 7 + jitter, -1), "approve", reviewer, {})],
        "done_after_return": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                              (d - 9, "submit", doer, {"result_note": "Dự thảo Quyết định và tờ trình."}),
                              (d - 7, "return", reviewer, {"reason": RETURN_REASONS[2]}),
                              (d - 6, "resume", doer, {}),
                              (d - 3, "evidence", *evidence[1:]),
                              (d - 2, "submit", doer, {"result_note": "Đã tiếp thu ý kiến các phòng."}),
                              (d - 1, "approve", "head", {"comment": "Đồng ý trình UBND tỉnh."})],
        "cancelled": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                      (-12, "cancel", "head", {"reason": CANCEL_REASONS.get(pt.code, "Không còn phù hợp.")})],
        "cancelled_draft": [(-40, "cancel", "head", {"reason": CANCEL_REASONS.get(pt.code, "Không còn phù hợp.")})],
        "extended": [(assign, "assign", assigner, {}), (start, "start", doer, {}),
                     (d - 4, "comment", doer, {"body": "Dữ liệu đồ án của các huyện gửi chậm, "
                                                       "đề nghị gia hạn."}),
                     (d - 3, "extend", "head", {"due_date": demo.today + datetime.timedelta(days=21),
                                                "reason": "Chờ các huyện bàn giao dữ liệu đồ án quy hoạch."}),
                     (-3 - jitter, "progress", doer, {"progress": pt.progress or 50})],
    }[pt.story]
    return steps


def _dated(offsets, demo: Demo, approved: datetime.date, code: str) -> list[Step]:
    """Offsets → times after the plan's approval and before today, never going back.

    The time of day is spread over working hours by a fixed scatter of the task code,
    so the demo is the same on every run.
    """
    out, floor = [], local_dt(approved + datetime.timedelta(days=1), 0)
    latest = demo.today - datetime.timedelta(days=1)
    scatter = sum(ord(ch) for ch in code) * 47
    for seq, (offset, action, actor, params) in enumerate(offsets):
        day = min(max(demo.today + datetime.timedelta(days=offset), floor.date()), latest)
        if day.weekday() >= 5:  # offices work Monday to Friday: the Friday before
            friday = day - datetime.timedelta(days=day.weekday() - 4)
            day = friday if friday >= floor.date() else day
        when = local_dt(day, 450 + (scatter + seq * 131) % 540)  # 7:30–16:30
        if when <= floor:
            when = floor + datetime.timedelta(minutes=11)
        floor = when
        out.append(Step(when, seq, code, action, actor, params))
    return out


def _report_steps(report: Task, demo: Demo) -> list[tuple]:
    """Past reports were sent (the half-year one late); the next one is being written."""
    d = (report.due_date - demo.today).days
    assign = [(-400, "assign", "vp_head", {})]  # clamped to right after the approval
    url = f"{EVIDENCE_SITE}/bao-cao/{report.code.lower()}"
    sent = [("evidence", "officer2", {"url": url, "name": report.title, "note": "Báo cáo đã ký số"})]
    if d < 0:
        late = 4 if report.code.endswith("H1") else 0
        return [*assign, (d - 12, "start", "officer2", {}),
                (d - 2 + late, *sent[0]), (d - 1 + late, "submit", "officer2", {}),
                (d + late, "approve", "vp_head", {})]
    if d <= 40:
        return [*assign, (-6, "start", "officer2", {}), (-2, "progress", "officer2", {"progress": 30})]
    return assign


def _plan_reports(plan: ReformPlan, demo: Demo, result: SeedResult) -> list[Task]:
    """The plan's periodic report tasks, still in draft, to be played like the others.

    The plan's approval normally creates them (``backend.plans.reports``); if it made
    none, they are made here from the methodology's reports rule.
    """
    if not plan.tasks.filter(kind=Task.Kind.REPORT).exists():
        for entry in (_reports_rule(demo) or {}).get("reports", []):
            month, day = (int(x) for x in entry["due"].split("-"))
            TaskFactory(
                plan=plan, kind=Task.Kind.REPORT, code=f"BC-{entry['code']}",
                title=entry["name"], field=demo.field("1"),
                description="Báo cáo định kỳ về kết quả thực hiện kế hoạch CCHC gửi Sở Nội vụ.",
                expected_output="Báo cáo định kỳ về công tác cải cách hành chính",
                lead_office=demo.offices["VP"], due_date=datetime.date(plan.year, month, day),
                created_by=demo.users["head"],
            )
            result.created["report task"] += 1
    return list(plan.tasks.filter(kind=Task.Kind.REPORT, state="draft").select_related("lead_office"))


def _reports_rule(demo: Demo) -> dict | None:
    """The rule that lists the periodic reports (the template's 1.4), if the methodology has one."""
    for rule in Criterion.objects.filter(methodology=demo.agency.methodology_id).values_list("rule", flat=True):
        if "reports" in rule:
            return rule
    return None


def build_plan_current(demo: Demo, result: SeedResult, timeline: Timeline | None = None) -> ReformPlan:
    """The approved plan of this year, its tasks in every state, with their history.

    ``timeline`` holds other builders' dated steps (the inspection): they run between the
    plan's own, in date order.
    """
    year = demo.today.year
    plan = ReformPlan.objects.filter(agency=demo.agency, year=year).first()
    if plan is not None:
        demo.plan_current = plan
        return plan

    head = demo.users["head"]
    issue_deadline = datetime.date(year - 1, 12, 15)
    approved = min(issue_deadline - datetime.timedelta(days=5), demo.today - datetime.timedelta(days=30))
    plan = ReformPlanFactory(
        agency=demo.agency, year=year, issue_deadline=issue_deadline, created_by=head,
        title=f"Kế hoạch cải cách hành chính năm {year} của Sở Xây dựng tỉnh Quảng Trị",
    )
    result.created["plan"] += 1

    # The tasks are written into the draft plan before the head approves it.
    tasks = {}
    for pt in PLAN_TASKS:
        tasks[pt.code] = TaskFactory(
            plan=plan, code=pt.code, title=pt.title, field=demo.field(pt.field),
            description=f"Thực hiện theo Kế hoạch CCHC năm {year} của Sở.",
            expected_output=pt.output, lead_office=demo.offices[pt.office], assignee=None,
            due_date=demo.today + datetime.timedelta(days=pt.due), created_by=head,
            supporting_offices=[demo.offices["VP"]] if pt.office != "VP" and pt.field == "3" else None,
        )
        result.created["task"] += 1

    plan = plan_services.plan_transition(plan, "approve", actor=head, at=local_dt(approved, 15 * 60))
    backdate_last_transition(plan, plan.approved_at)
    for report in _plan_reports(plan, demo, result):
        tasks[report.code] = report

    # Every step of every task, in date order, so the event log reads like a real year.
    steps = []
    for i, pt in enumerate(PLAN_TASKS):
        doer = pt.assignee or OFFICE_DOERS[pt.office]
        steps += _dated(_story(pt, i, demo, doer), demo, approved, pt.code)
    for report in (t for t in tasks.values() if t.kind == Task.Kind.REPORT):
        steps += _dated(_report_steps(report, demo), demo, approved, report.code)
    steps.sort(key=lambda s: (s.when, s.task_code, s.seq))

    stamps = {}  # task code → {timestamp field: datetime}
    for step in steps:
        if timeline is not None:
            timeline.run_until(step.when)
        task, actor = tasks[step.task_code], demo.users[step.actor]
        tasks[step.task_code] = _apply(step, task, actor, demo, stamps, result)

    _settle_timestamps(tasks, stamps, plan, approved)
    demo.plan_current = plan
    return plan


TIMESTAMP_OF = {"assign": "assigned_at", "start": "started_at", "submit": "submitted_at",
                "approve": "completed_at", "cancel": "cancelled_at"}


def _apply(step: Step, task: Task, actor: User, demo: Demo, stamps, result) -> Task:
    when = step.when
    if step.action == "evidence":
        evidence = EvidenceFactory(task=task, uploaded_by=actor, **step.params)
        Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=when)
        result.created["evidence"] += 1
        return task
    if step.action == "comment":
        comment = CommentFactory(task=task, author=actor, body=step.params["body"])
        Comment.objects.filter(pk=comment.pk).update(created_at=when)
        result.created["comment"] += 1
        return task
    if step.action == "progress":
        return plan_services.task_update(task=task, actor=actor, data=dict(step.params))

    params = dict(step.params)
    if step.action == "assign":
        # The due date was set on the draft; a past one cannot be given to assign.
        office = task.lead_office or demo.offices["VP"]
        assignee = task.assignee or demo.users[_planned_assignee(task) or OFFICE_DOERS[office.code]]
        params = {"lead_office": office, "assignee": assignee}
    task = run_transition(task, step.action, actor=actor, **params)
    backdate_last_transition(task, when)
    result.created["transition"] += 1
    name = TIMESTAMP_OF.get(step.action)
    if name:
        stamps.setdefault(task.code, {})[name] = when
    if step.action == "return":
        stamps.setdefault(task.code, {}).pop("submitted_at", None)
    return task


def _planned_assignee(task: Task) -> str:
    planned = next((pt for pt in PLAN_TASKS if pt.code == task.code), None)
    return planned.assignee if planned else ""


def _settle_timestamps(tasks: dict, stamps: dict, plan: ReformPlan, approved: datetime.date) -> None:
    """The stamps the service wrote ("now") become the backdated ones."""
    drafted = local_dt(approved - datetime.timedelta(days=7), 9 * 60)
    ReformPlan.objects.filter(pk=plan.pk).update(created_at=drafted)
    for code, task in tasks.items():
        # Report tasks are made by the approval itself.
        created = plan.approved_at if task.kind == Task.Kind.REPORT else drafted
        values = {"created_at": created, **stamps.get(code, {})}
        if task.state == "returned":
            values["submitted_at"] = None
        if task.state == "done":
            # On time = the approved submission came by the due date (SPEC §4).
            submitted = values.get("submitted_at") or values.get("completed_at")
            values["completed_on_time"] = (task.due_date is None
                                           or timezone.localdate(submitted) <= task.due_date)
        Task.objects.filter(pk=task.pk).update(**values)


# --- next year's plan -----------------------------------------------------------

def build_plan_next(demo: Demo, result: SeedResult) -> ReformPlan:
    """Next year's plan, still a draft being written, with a handful of draft tasks."""
    year = demo.today.year + 1
    plan = ReformPlan.objects.filter(agency=demo.agency, year=year).first()
    if plan is not None:
        demo.plan_next = plan
        return plan
    head = demo.users["head"]
    plan = ReformPlanFactory(
        agency=demo.agency, year=year, issue_deadline=datetime.date(year - 1, 12, 15), created_by=head,
        title=f"Kế hoạch cải cách hành chính năm {year} của Sở Xây dựng tỉnh Quảng Trị (dự thảo)",
    )
    result.created["plan"] += 1
    for code, field_code, office, due, title, output in NEXT_YEAR_TASKS:
        month, day = (int(x) for x in due.split("-"))
        TaskFactory(
            plan=plan, code=code, title=title.format(year=year), field=demo.field(field_code),
            description=f"Dự kiến đưa vào Kế hoạch CCHC năm {year}.", expected_output=output,
            lead_office=demo.offices[office], due_date=datetime.date(year, month, day), created_by=head,
        )
        result.created["task"] += 1
    demo.plan_next = plan
    return plan


# --- this year's inspection -----------------------------------------------------

class Timeline:
    """Dated steps that several builders share, so the event log reads in date order.

    ``build_plan_current`` runs what is due before each of its own steps; ``run_all``
    runs the rest, and the ``last`` steps (settling timestamps) after everything.
    """

    END = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)

    def __init__(self):
        self._steps = []

    def add(self, when: datetime.datetime, run) -> None:
        self._steps.append((when, len(self._steps), run))

    def last(self, run) -> None:
        self.add(self.END, run)

    def run_until(self, when: datetime.datetime) -> None:
        self._steps.sort(key=lambda s: (s[0], s[1]))
        while self._steps and self._steps[0][0] <= when:
            self._steps.pop(0)[2]()

    def run_all(self) -> None:
        self.run_until(self.END)


INSPECTION_OFFICES = ("QLXD", "QHKT")  # the officer's office and another (plan task 1.2)


@dataclass(frozen=True)
class PlannedFinding:
    """One finding of the demo inspection: its office, severity, due date and story.

    ``due`` is a share of the inspection's timeline (0 = it started, 1 = today) when it is
    a float, or days from today when an int; ``story`` lists (share, action, actor).
    """

    office: str
    severity: str
    due: float | int
    description: str
    story: tuple = ()


INSPECTION_FINDINGS = [
    PlannedFinding("QHKT", "low", 0.45,
                   "Bộ phận một cửa chưa niêm yết đầy đủ thủ tục hành chính lĩnh vực quy hoạch - kiến trúc",
                   ((0.10, "acknowledge", "qhkt_officer"), (0.30, "evidence", "qhkt_officer"),
                    (0.35, "submit_remediation", "qhkt_officer"), (0.40, "close", "inspector"))),
    PlannedFinding("QLXD", "medium", 0.50,
                   "Hồ sơ cấp giấy phép xây dựng giải quyết quá hạn chưa có văn bản xin lỗi tổ chức, công dân",
                   ((0.10, "acknowledge", "office_head"), (0.45, "submit_remediation", "officer"),
                    (0.50, "reopen", "inspector"), (0.70, "evidence", "officer"),
                    (0.75, "submit_remediation", "officer"), (0.80, "close", "inspector"))),
    PlannedFinding("QLXD", "high", 10,
                   "Chưa cập nhật quy trình nội bộ giải quyết thủ tục hành chính lên Hệ thống thông tin "
                   "giải quyết TTHC của tỉnh",
                   ((0.15, "acknowledge", "officer"), (0.90, "evidence", "officer"),
                    (0.92, "submit_remediation", "officer"))),
    # Its remediation is a task of the plan (linked once the plan is built).
    PlannedFinding("QLXD", "medium", 25,
                   "Tỷ lệ hồ sơ thủ tục hành chính được số hóa kết quả giải quyết chưa đạt chỉ tiêu kế hoạch",
                   ((0.20, "acknowledge", "officer"),)),
    # Past its due date and still in remediation: the deadline scan flags it.
    PlannedFinding("QHKT", "high", 0.90,
                   "Chưa rà soát, đề xuất bãi bỏ văn bản quy phạm pháp luật hết hiệu lực thuộc lĩnh vực "
                   "quy hoạch - kiến trúc",
                   ((0.25, "acknowledge", "qhkt_officer"),)),
    PlannedFinding("QLXD", "low", 30,
                   "Chưa công khai kết quả giải quyết hồ sơ trên Trang thông tin điện tử của Sở"),
]
FOLLOW_UP_FINDING = 3
FINDING_PARAMS = {
    "submit_remediation": {"note": "Phòng đã khắc phục và báo cáo kết quả"},
    "reopen": {"reason": "Văn bản xin lỗi chưa gửi đủ cho các trường hợp quá hạn; đề nghị bổ sung danh sách."},
    "close": {"comment": "Kết quả khắc phục đạt yêu cầu"},
}
FINDING_STAMPS = {"acknowledge": "acknowledged_at", "submit_remediation": "remediation_submitted_at",
                  "close": "closed_at"}


def build_inspection(demo: Demo, result: SeedResult, timeline: Timeline | None = None) -> Inspection:
    """An inspection of this year, reported, with findings in every state and their history.

    Its dated steps go on ``timeline`` (shared with this year's plan); without one they
    run at once.
    """
    year = demo.today.year
    offices = [demo.offices[code] for code in INSPECTION_OFFICES]
    title = (f"Kiểm tra công tác cải cách hành chính năm {year} tại "
             + " và ".join(o.name for o in offices))
    inspection = Inspection.objects.filter(agency=demo.agency, title=title).first()
    if inspection is not None:
        return inspection

    inspector = demo.users["inspector"]
    today = demo.today
    began = max(today - datetime.timedelta(days=130), datetime.date(year, 1, 2))
    span = max((today - began).days, 0)

    def day(share: float) -> datetime.date:
        return began + datetime.timedelta(days=round(span * share))

    inspection = inspection_services.inspection_create(
        actor=inspector, title=title, offices=offices, start_date=began,
        end_date=min(began + datetime.timedelta(days=7), today),
    )
    result.created["inspection"] += 1
    own_timeline = timeline is None
    timeline = timeline or Timeline()
    current = {"inspection": inspection}  # the latest copy of each object, by key
    stamps = {"inspection": {}}  # key → {timestamp field: datetime}

    def move_inspection(action, when):
        def run():
            current["inspection"] = run_transition(current["inspection"], action, actor=inspector)
            backdate_last_transition(current["inspection"], when)
            stamps["inspection"]["started_at" if action == "start" else "reported_at"] = when
            result.created["transition"] += 1
        return run

    def raise_finding(i, pf, when):
        def run():
            due = day(pf.due) if isinstance(pf.due, float) else today + datetime.timedelta(days=pf.due)
            current[i] = inspection_services.finding_raise(
                actor=inspector, inspection=current["inspection"], office=demo.offices[pf.office],
                description=pf.description, severity=pf.severity, due_date=due, raised_on=when.date(),
            )
            backdate_last_transition(current[i], when)
            stamps[i] = {"created_at": when}
            result.created["finding"] += 1
        return run

    def act_on_finding(i, action, username, when):
        def run():
            actor = demo.users[username]
            if action == "evidence":
                evidence = EvidenceFactory(
                    task=None, finding=current[i], uploaded_by=actor,
                    url=f"{EVIDENCE_SITE}/van-ban/khac-phuc-ton-tai-{year}-{current[i].pk}-{when:%m%d}",
                    note="Văn bản, hình ảnh chứng minh kết quả khắc phục",
                )
                Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=when)
                result.created["evidence"] += 1
                return
            current[i] = run_transition(current[i], action, actor=actor, **FINDING_PARAMS.get(action, {}))
            backdate_last_transition(current[i], when)
            if action in FINDING_STAMPS:
                stamps[i][FINDING_STAMPS[action]] = when
            if action == "reopen":
                stamps[i].pop("remediation_submitted_at", None)
            result.created["transition"] += 1
        return run

    timeline.add(local_dt(began, 8 * 60), move_inspection("start", local_dt(began, 8 * 60)))
    for i, pf in enumerate(INSPECTION_FINDINGS):
        when = local_dt(day(0.03), 9 * 60 + 10 * i)
        timeline.add(when, raise_finding(i, pf, when))
        for share, action, username in pf.story:
            when = local_dt(day(share), 14 * 60 + 10 * i)
            timeline.add(when, act_on_finding(i, action, username, when))
    reported = local_dt(day(0.08), 16 * 60)
    timeline.add(reported, move_inspection("report", reported))

    def settle():
        # The follow-up task: this year's plan work of that office, under way.
        finding = current[FOLLOW_UP_FINDING]
        task = (Task.objects.filter(plan=demo.plan_current, lead_office=finding.office, state="in_progress")
                .order_by("due_date", "id").first() if demo.plan_current else None)
        if task is not None:
            inspection_services.finding_update(finding=finding, actor=inspector, data={"follow_up_task": task})
        # The stamps the service wrote ("now") become the backdated ones.
        Inspection.objects.filter(pk=inspection.pk).update(
            created_at=local_dt(began - datetime.timedelta(days=7), 9 * 60), **stamps["inspection"])
        for key, values in stamps.items():
            if key == "inspection":
                continue
            finding = current[key]
            if finding.state == "closed":
                submitted = values.get("remediation_submitted_at") or values["closed_at"]
                values["remediated_on_time"] = timezone.localdate(submitted) <= finding.due_date
            Finding.objects.filter(pk=finding.pk).update(**values)

    timeline.last(settle)
    if own_timeline:
        timeline.run_all()
    return inspection


# --- all of it ------------------------------------------------------------------

def build_demo(today: datetime.date | None = None) -> tuple[Demo, SeedResult]:
    result = SeedResult()
    today = today or timezone.localdate()
    with transaction.atomic():
        demo = build_agency(result, today)
        timeline = Timeline()
        build_inspection(demo, result, timeline)
        build_plan_current(demo, result, timeline)
        timeline.run_all()
        build_plan_next(demo, result)
        build_score(demo, result)
    result.lines = summary(demo) + score_summary(demo)
    return demo, result


def summary(demo: Demo) -> list[str]:
    lines = [f"{demo.agency.name} ({demo.agency.methodology}): "
             f"{len(demo.offices)} offices, {len(demo.users)} demo users"]
    for plan in (demo.plan_current, demo.plan_next):
        if plan is None:
            continue
        plan.refresh_from_db()
        tasks = list(plan.tasks.all())
        states = Counter(t.state for t in tasks)
        lines.append(f"{plan.year} plan ({plan.state}): {len(tasks)} tasks — "
                     + ", ".join(f"{s} {n}" for s, n in sorted(states.items())))
        if plan.state != "draft":
            outcomes = Counter(t.outcome for t in tasks)
            soon = sum(1 for t in tasks if t.is_open and t.due_date
                       and 0 <= (t.due_date - demo.today).days <= 7)
            lines.append("  outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
                         + f"; due within 7 days: {soon}")
    for inspection in Inspection.objects.filter(agency=demo.agency, start_date__year=demo.today.year):
        states = Counter(inspection.findings.values_list("state", flat=True))
        lines.append(f"inspection '{inspection.title}' ({inspection.state}): "
                     + ", ".join(f"{s} {n}" for s, n in sorted(states.items())))
    events = Event.objects.filter(agency=demo.agency).count()
    lines.append(f"events: {events}; evidence: {Evidence.objects.filter(task__plan__agency=demo.agency).count()}; "
                 f"comments: {Comment.objects.filter(task__plan__agency=demo.agency).count()}")
    lines.append(f"log in with password '{DEMO_PASSWORD}' as: "
                 + ", ".join(p.username for p in PEOPLE))
    return lines
