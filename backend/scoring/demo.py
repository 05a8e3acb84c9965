"""The demo's score: the head's hand-scored components for this year, and the score stored.

Called by ``backend.demo.builders.build_demo`` after the plans and the inspection are
played, inside its transaction. Idempotent: components already scored are left alone.
"""
from decimal import Decimal

from backend.criteria.models import Criterion
from backend.criteria.selectors import leadership_criteria, methodology_id_for

from .models import ManualAssessment, Score
from .services import manual_assessment_record, score_refresh

# measure → (points, explanation, evidence link path): what a real head would write.
HAND_SCORED = {
    "communication": (Decimal("0.5"),
                      "Đã ban hành Kế hoạch tuyên truyền CCHC năm; đăng 24 tin, bài trên Trang thông tin "
                      "điện tử của Sở; tổ chức 2 hội nghị phổ biến cho công chức, viên chức.",
                      "/tuyen-truyen-cchc"),
    "initiatives": (Decimal("0.5"),
                    "Sáng kiến «Số hóa hồ sơ cấp phép xây dựng» được Hội đồng sáng kiến tỉnh công nhận; "
                    "chờ Hội đồng thẩm định xem xét điểm tối đa.",
                    ""),
}


def build_score(demo, result, *, site="https://sxd.quangtri.gov.vn"):
    """Score the hand-scored components (head) and compute the score of the current year."""
    year = demo.today.year
    head = demo.users["head"]
    criteria = leadership_criteria(methodology_id_for(demo.agency, year))
    for criterion in criteria:
        entry = HAND_SCORED.get(criterion.rule.get("measure"))
        if entry is None or criterion.rule_kind != Criterion.RuleKind.MANUAL:
            continue
        if _assessed(demo.agency, year, criterion):
            continue
        points, explanation, path = entry
        manual_assessment_record(actor=head, agency=demo.agency, year=year, criterion=criterion,
                                 points=min(points, criterion.max_points), explanation=explanation,
                                 evidence_url=f"{site}{path}" if path else "")
        result.created["manual assessment"] += 1
    return score_refresh(agency=demo.agency, year=year)


def _assessed(agency, year, criterion):
    return ManualAssessment.objects.filter(agency=agency, year=year, criterion=criterion).exists()


def score_summary(demo) -> list[str]:
    score = Score.objects.filter(agency=demo.agency, year=demo.today.year).first()
    if score is None:
        return []
    return [f"leadership criterion {score.year}: {score.points} / {score.max_points} points "
            f"(GET /api/v1/scores/, projection: /api/v1/scores/projection/?assume=all)"]
