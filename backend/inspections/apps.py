from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "backend.inspections"
    label = "inspections"
    verbose_name = "Kiểm tra CCHC"

    def ready(self):
        # Findings hear about their follow-up task through the event log, not a call.
        from workflows.dispatch import register_consumer  # noqa: PLC0415

        from .consumers import remediation_ready  # noqa: PLC0415

        register_consumer(remediation_ready)
