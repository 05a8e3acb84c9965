"""Notification titles and bodies, per language (Vietnamese first, English available).

Templates are ``str.format`` text over a context built from the event payload; a
key an event does not carry renders as empty text rather than failing, so a new
payload shape can never stop a notification from being written.
"""
import datetime

DEFAULT_LANGUAGE = "vi"

TEMPLATES = {
    "vi": {
        "plan.approved": ("Kế hoạch CCHC năm {year} đã được phê duyệt",
                          "{actor} đã phê duyệt «{title}»."),
        "task.assigned": ("Nhiệm vụ mới: {code} {title}",
                          "{actor} đã giao nhiệm vụ «{title}». Hạn hoàn thành: {due_date}."),
        "task.started": ("Nhiệm vụ {code} đã bắt đầu thực hiện",
                         "{actor} đã bắt đầu thực hiện nhiệm vụ «{title}»."),
        "task.submitted": ("Nhiệm vụ {code} chờ duyệt",
                           "{actor} đã gửi kết quả nhiệm vụ «{title}» để xem xét, phê duyệt."),
        "task.returned": ("Nhiệm vụ {code} bị trả lại",
                          "{actor} đã trả lại nhiệm vụ «{title}». Lý do: {reason}"),
        "task.resumed": ("Nhiệm vụ {code} được tiếp tục thực hiện",
                         "{actor} đã tiếp tục thực hiện nhiệm vụ «{title}» sau khi bị trả lại."),
        "task.completed": ("Nhiệm vụ {code} đã hoàn thành",
                           "{actor} đã phê duyệt kết quả nhiệm vụ «{title}»."),
        "task.cancelled": ("Nhiệm vụ {code} đã bị hủy",
                           "{actor} đã hủy nhiệm vụ «{title}». Lý do: {reason}"),
        "task.deadline_extended": ("Gia hạn nhiệm vụ {code}",
                                   "{actor} đã gia hạn nhiệm vụ «{title}» đến ngày {due_date}. Lý do: {reason}"),
        "task.due_soon": ("Nhiệm vụ {code} sắp đến hạn",
                          "Nhiệm vụ «{title}» phải hoàn thành trước ngày {due_date}."),
        "task.overdue": ("Nhiệm vụ {code} đã quá hạn",
                         "Nhiệm vụ «{title}» đã quá hạn hoàn thành ({due_date})."),
        "task.extension_requested": ("Đề nghị gia hạn nhiệm vụ {code}",
                                     "{actor} đề nghị gia hạn nhiệm vụ «{title}». Lý do: {reason}"),
        "task.extension_approved": ("Đề nghị gia hạn nhiệm vụ {code} được chấp thuận",
                                    "{actor} đã chấp thuận gia hạn nhiệm vụ «{title}» đến ngày {due_date}."),
        "task.extension_rejected": ("Đề nghị gia hạn nhiệm vụ {code} không được chấp thuận",
                                    "{actor} không chấp thuận gia hạn nhiệm vụ «{title}». Lý do: {reason}"),
        "inspection.started": ("Bắt đầu đợt kiểm tra CCHC",
                               "Đợt kiểm tra «{title}» đã bắt đầu tại đơn vị."),
        "finding.raised": ("Phát hiện mới qua kiểm tra ({severity})",
                           "{actor} đã ghi nhận tồn tại, hạn chế: {description}. Hạn khắc phục: {due_date}."),
        "finding.reopened": ("Kết quả khắc phục chưa đạt yêu cầu",
                             "{actor} đã yêu cầu tiếp tục khắc phục: {description}. Lý do: {reason}"),
        "finding.remediation_submitted": ("Kết quả khắc phục chờ xác nhận",
                                          "{actor} đã gửi kết quả khắc phục: {description}."),
        "finding.closed": ("Tồn tại, hạn chế đã được khắc phục",
                           "{actor} đã xác nhận hoàn thành khắc phục: {description}."),
        "finding.overdue": ("Quá hạn khắc phục tồn tại, hạn chế",
                            "Tồn tại, hạn chế «{description}» đã quá hạn khắc phục ({due_date})."),
        "finding.remediation_ready": ("Nhiệm vụ khắc phục đã hoàn thành",
                                      "Nhiệm vụ khắc phục liên quan đã hoàn thành; có thể gửi kết quả "
                                      "khắc phục: {description}."),
        "score.changed": ("Điểm chỉ đạo, điều hành CCHC năm {year} thay đổi",
                          "Điểm tiêu chí chỉ đạo, điều hành thay đổi từ {old_points} thành {new_points}."),
        "_default": ("Cập nhật: {event_type}", "{actor}"),
    },
    "en": {
        "plan.approved": ("The {year} reform plan was approved", "{actor} approved “{title}”."),
        "task.assigned": ("New task: {code} {title}", "{actor} assigned “{title}”. Due {due_date}."),
        "task.started": ("Task {code} started", "{actor} started work on “{title}”."),
        "task.submitted": ("Task {code} awaits review", "{actor} submitted “{title}” for review."),
        "task.returned": ("Task {code} was returned", "{actor} returned “{title}”. Reason: {reason}"),
        "task.resumed": ("Task {code} resumed", "{actor} resumed work on “{title}” after its return."),
        "task.completed": ("Task {code} is done", "{actor} approved the result of “{title}”."),
        "task.cancelled": ("Task {code} was cancelled", "{actor} cancelled “{title}”. Reason: {reason}"),
        "task.deadline_extended": ("Task {code} deadline extended",
                                   "{actor} extended “{title}” to {due_date}. Reason: {reason}"),
        "task.due_soon": ("Task {code} is due soon", "“{title}” is due on {due_date}."),
        "task.overdue": ("Task {code} is overdue", "“{title}” was due on {due_date}."),
        "task.extension_requested": ("Extension requested for task {code}",
                                     "{actor} asks to extend “{title}”. Reason: {reason}"),
        "task.extension_approved": ("Extension approved for task {code}",
                                    "{actor} extended “{title}” to {due_date}."),
        "task.extension_rejected": ("Extension refused for task {code}",
                                    "{actor} did not extend “{title}”. Reason: {reason}"),
        "inspection.started": ("An inspection has started", "The inspection “{title}” has started."),
        "finding.raised": ("New inspection finding ({severity})",
                           "{actor} recorded a finding: {description}. Remedy by {due_date}."),
        "finding.reopened": ("Remediation not accepted",
                             "{actor} reopened the finding: {description}. Reason: {reason}"),
        "finding.remediation_submitted": ("Remediation awaits verification",
                                          "{actor} submitted the remediation of: {description}."),
        "finding.closed": ("Finding closed", "{actor} confirmed the remediation of: {description}."),
        "finding.overdue": ("Finding remediation is overdue",
                            "The finding “{description}” was due on {due_date}."),
        "finding.remediation_ready": ("Remediation task completed",
                                      "The linked remediation task is done; the remediation of "
                                      "“{description}” can be submitted."),
        "score.changed": ("Leadership score for {year} changed",
                          "The leadership criterion moved from {old_points} to {new_points} points."),
        "_default": ("Update: {event_type}", "{actor}"),
    },
}

SYSTEM_ACTOR = {"vi": "Hệ thống", "en": "The system"}
SEVERITY = {
    "vi": {"low": "mức thấp", "medium": "mức trung bình", "high": "mức cao"},
    "en": {"low": "low", "medium": "medium", "high": "high"},
}


class _Blank(dict):
    def __missing__(self, key):
        return ""


def _date(value, language):
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return str(value or "")
    return day.strftime("%d/%m/%Y") if language == "vi" else day.isoformat()


def _short(text, limit=160):
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def language_of(user) -> str:
    language = getattr(user, "language", None) or DEFAULT_LANGUAGE
    return language if language in TEMPLATES else DEFAULT_LANGUAGE


def render(event, *, language, actor_name="") -> tuple[str, str]:
    """(title, body) of ``event`` in ``language``."""
    language = language if language in TEMPLATES else DEFAULT_LANGUAGE
    payload = event.payload or {}
    context = _Blank({k: v for k, v in payload.items() if isinstance(v, (str, int, float))})
    context.update(
        event_type=event.type,
        actor=actor_name or SYSTEM_ACTOR[language],
        due_date=_date(payload.get("due_date"), language),
        description=_short(payload.get("description")),
        severity=SEVERITY[language].get(payload.get("severity"), payload.get("severity") or ""),
        reason=_short(payload.get("reason"), 300),
    )
    title, body = TEMPLATES[language].get(event.type, TEMPLATES[language]["_default"])
    return _short(title.format_map(context), 300), body.format_map(context).strip()


# Where a notification leads in the web UI, by subject type.
SUBJECT_URLS = {
    "plan": "/plans/{id}/",
    "task": "/tasks/{id}/",
    "inspection": "/inspections/{id}/",
    "finding": "/findings/{id}/",
    "score": "/scores/",
}


def url_of(event) -> str:
    pattern = SUBJECT_URLS.get(event.subject_type, "")
    return pattern.format(id=event.subject_id)
