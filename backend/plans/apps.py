from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "backend.plans"
    label = "plans"
    verbose_name = "Kế hoạch và nhiệm vụ CCHC"

    def ready(self):
        # What each plan and task event carries, checked whenever one is written.
        from .events import register_event_schemas  # noqa: PLC0415  (needs the models)

        register_event_schemas()
