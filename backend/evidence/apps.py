from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "backend.evidence"
    label = "evidence"
    verbose_name = "Tài liệu kiểm chứng"
