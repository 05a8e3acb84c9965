from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "backend.plans"
    label = "plans"
    verbose_name = "Kế hoạch và nhiệm vụ CCHC"
