from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "backend.workdays"
    label = "workdays"
    verbose_name = "Lịch ngày làm việc"
