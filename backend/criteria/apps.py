from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "backend.criteria"
    label = "criteria"
    verbose_name = "Bộ tiêu chí Chỉ số CCHC"
