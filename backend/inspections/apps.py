from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "backend.inspections"
    label = "inspections"
    verbose_name = "Kiểm tra CCHC"

    def ready(self):
        # What each of this app's events carries, checked whenever one is written.
        from .events import register_event_schemas  # noqa: PLC0415  (needs the models)

        register_event_schemas()
        # Findings hear about their follow-up task through the event log, not a call.
        from workflows.dispatch import register_consumer  # noqa: PLC0415

        from .consumers import remediation_ready  # noqa: PLC0415

        register_consumer(remediation_ready)
