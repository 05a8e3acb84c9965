"""The rule in words comes from the gettext catalogue, one text per language of the site."""
from django.conf import settings
from django.utils import translation

from backend.scoring import rules
from backend.scoring.measures import MEASURES


def test_one_text_per_language_whatever_language_is_active(template):
    with translation.override("en"):
        words = rules.in_words(template.c["1.1"], MEASURES["plan_issued"])
        assert translation.get_language() == "en"  # in_words leaves the active language alone
    assert set(words) == {code for code, _name in settings.LANGUAGES}
    assert words["vi"].startswith("Ngày ban hành kế hoạch so với hạn ban hành")
    assert "phê duyệt" not in words["vi"]  # a plan is issued (ban hành), not approved
    assert words["en"].startswith("The date the plan was issued")


def test_points_take_the_languages_decimal_mark_and_unit(template):
    words = rules.in_words(template.c["1.3"], MEASURES["tasks_on_time_rate"])
    assert "Điểm = 1,5 × tỷ lệ khi tỷ lệ từ 50% trở lên; dưới 50%: 0 điểm." in words["vi"]
    assert "Points = 1.5 × the rate when the rate is 50% or more; below 50%: 0." in words["en"]
