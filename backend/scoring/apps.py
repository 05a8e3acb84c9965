from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "backend.scoring"
    label = "scoring"
    verbose_name = "Chấm điểm Chỉ số CCHC"

    def ready(self):
        # The score follows the event log: it never gets called by the domain code.
        from workflows.dispatch import register_consumer  # noqa: PLC0415
        from workflows.scheduler import run_after_deadline_pass  # noqa: PLC0415

        from .consumers import criterion_scorer  # noqa: PLC0415
        from .services import scores_refresh  # noqa: PLC0415

        register_consumer(criterion_scorer)
        # What no event announces (time passing) reaches the stored score here, not on read.
        run_after_deadline_pass(scores_refresh)
