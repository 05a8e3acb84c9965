from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Thông báo"

    def ready(self):
        from workflows.dispatch import register_consumer  # noqa: PLC0415
        from workflows.reconcile import register_log_check  # noqa: PLC0415

        from .reconcile import check_notifications  # noqa: PLC0415
        from .services import NotificationsConsumer  # noqa: PLC0415

        register_consumer(NotificationsConsumer())
        register_log_check("notifications", check_notifications)
