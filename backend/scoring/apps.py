from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "backend.scoring"
    label = "scoring"
    verbose_name = "Chấm điểm Chỉ số CCHC"

    def ready(self):
        # What each of this app's events carries, checked whenever one is written.
        from .events import register_event_schemas  # noqa: PLC0415  (needs the models)

        register_event_schemas()
        # The score follows the event log: it never gets called by the domain code.
        from workflows.dispatch import register_consumer  # noqa: PLC0415

        from .consumers import criterion_scorer  # noqa: PLC0415

        register_consumer(criterion_scorer)
