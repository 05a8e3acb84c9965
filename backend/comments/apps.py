from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "backend.comments"
    label = "comments"
    verbose_name = "Trao đổi"
