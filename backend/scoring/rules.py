"""Points from a measured value, by the rule kinds of the catalogue (par-index-method.md §3).

Every number here comes from the criterion's data (``Criterion.max_points`` and
``Criterion.rule``, schema in ``backend/criteria/models.py``); this module knows the
*kinds* of rule only. ``evaluate`` gives the points, ``in_words`` says the same rule
in Vietnamese and English, as the API shows it next to the points.
"""
from decimal import ROUND_HALF_UP, Decimal

from backend.criteria.models import Criterion

K = Criterion.RuleKind
POINT_PLACES = Decimal("0.01")
HAND_SCORED = (K.MANUAL, K.SURVEY)


def dec(value) -> Decimal:
    return Decimal(str(value))


def points(value) -> Decimal:
    return dec(value).quantize(POINT_PLACES, ROUND_HALF_UP)


def _if_none(criterion, default):
    """Points when the measure has nothing to measure: the rule's data, else the measure's default."""
    chosen = criterion.rule.get("if_none", default)
    return criterion.max_points if chosen == "max" else dec(chosen)


def passes(rate: Decimal, band: dict) -> bool:
    edge = dec(band["min"])
    return rate >= edge if band.get("inclusive", False) else rate > edge


def evaluate(criterion, value, *, if_none_default=0) -> Decimal:
    """Points of a measured component. ``value`` is the measure's (rate, fact or None)."""
    rule, kind, top = criterion.rule, criterion.rule_kind, dec(criterion.max_points)
    if kind == K.TIMELINESS:
        result = rule.get(value if value in ("on_time", "late") else "missing", 0)
    elif kind == K.YES_NO:
        result = rule.get("yes", top) if value is True else rule.get("no", 0)
    elif value is None:
        result = _if_none(criterion, if_none_default)
    elif kind == K.RATE_BANDS:
        result = next((b["points"] for b in rule.get("bands", []) if passes(dec(value), b)),
                      rule.get("otherwise", 0))
    elif kind == K.PROPORTIONAL:
        result = top * dec(value) if dec(value) >= dec(rule.get("floor", 0)) else 0
    elif kind == K.ALL_OF:
        result = top if dec(value) >= 1 else 0
    else:
        raise ValueError(f"rule kind {kind!r} is not evaluated from a measure")
    return min(points(result), points(top))


def hand_scored_points(criterion, assessment) -> Decimal:
    """Manual and survey components: what the person gave, never more than the maximum."""
    if assessment is None:
        return points(0)
    return min(points(assessment.points), points(criterion.max_points))


# --- the rule in words ------------------------------------------------------------------

def _num(value, lang):
    text = f"{dec(value).normalize():f}"
    return text.replace(".", ",") if lang == "vi" else text


def _pct(value, lang):
    return _num(dec(value) * 100, lang) + "%"


def _pts(value, lang):
    n = _num(value, lang)
    if lang == "vi":
        return f"{n} điểm"
    return f"{n} pt" if dec(value) == 1 else f"{n} pts"


def _bands(rule, lang):
    parts = []
    for band in rule.get("bands", []):
        edge = _pct(band["min"], lang)
        if lang == "vi":
            cond = f"từ {edge} trở lên" if band.get("inclusive") else f"trên {edge}"
        else:
            cond = f"{edge} or more" if band.get("inclusive") else f"above {edge}"
        parts.append(f"{cond}: {_pts(band['points'], lang)}")
    parts.append(("còn lại" if lang == "vi" else "otherwise") + f": {_pts(rule.get('otherwise', 0), lang)}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _points_rule(criterion, lang, measure):
    rule, kind, top = criterion.rule, criterion.rule_kind, criterion.max_points
    if_none_default = measure.if_none if measure is not None else 0
    vi = lang == "vi"
    if kind == K.SUM:
        return "Tổng điểm các tiêu chí thành phần." if vi else "Sum of the sub-criteria."
    if kind == K.TIMELINESS:
        return (f"Đúng hạn: {_pts(rule.get('on_time', 0), lang)}; trễ hạn: {_pts(rule.get('late', 0), lang)}; "
                f"chưa ban hành: {_pts(rule.get('missing', 0), lang)}." if vi else
                f"On time: {_pts(rule.get('on_time', 0), lang)}; late: {_pts(rule.get('late', 0), lang)}; "
                f"missing: {_pts(rule.get('missing', 0), lang)}.")
    if kind == K.YES_NO:
        by_hand = "" if measure is not None else (
            "Lãnh đạo Sở đánh giá kèm tài liệu kiểm chứng. " if vi
            else "Answered by the department head with evidence. ")
        return by_hand + (f"Có: {_pts(rule.get('yes', top), lang)}; không: {_pts(rule.get('no', 0), lang)}." if vi else
                f"Yes: {_pts(rule.get('yes', top), lang)}; no: {_pts(rule.get('no', 0), lang)}.")
    if kind == K.RATE_BANDS:
        text = _bands(rule, lang) + "."
    elif kind == K.PROPORTIONAL:
        floor = _pct(rule.get("floor", 0), lang)
        text = (f"Điểm = {_num(top, lang)} × tỷ lệ khi tỷ lệ từ {floor} trở lên; dưới {floor}: 0 điểm." if vi else
                f"Points = {_num(top, lang)} × the rate when the rate is {floor} or more; below {floor}: 0.")
    elif kind == K.ALL_OF:
        text = (f"Tất cả đúng hạn: {_pts(top, lang)}; nếu không: 0 điểm." if vi else
                f"All on time: {_pts(top, lang)}; otherwise 0.")
    elif kind == K.MANUAL:
        return (f"Chấm thủ công (tối đa {_pts(top, lang)}) kèm tài liệu kiểm chứng hoặc giải trình bằng văn bản."
                if vi else f"Scored by hand (at most {_pts(top, lang)}) with evidence or a written explanation.")
    elif kind == K.SURVEY:
        return (f"Lấy từ kết quả điều tra xã hội học (tối đa {_pts(top, lang)}); đơn vị không tự chấm."
                if vi else f"From the sociological survey (at most {_pts(top, lang)}); never self-scored.")
    else:
        return ""
    chosen = rule.get("if_none", if_none_default)
    none_pts = _pts(top if chosen == "max" else chosen, lang)
    if measure is not None and measure.none_means:
        text += f" {measure.none_means[lang]}: {none_pts}."
    elif chosen != 0:
        text += (f" Không có gì để đo: {none_pts}." if vi else f" Nothing to measure: {none_pts}.")
    return text


def in_words(criterion, measure=None) -> dict:
    """{"vi": ..., "en": ...}: what is measured, then how points follow from it."""
    out = {}
    for lang in ("vi", "en"):
        rule = _points_rule(criterion, lang, measure)
        out[lang] = f"{measure.definition[lang]} {rule}" if measure is not None else rule
    return out
