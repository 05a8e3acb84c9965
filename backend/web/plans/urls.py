"""The plan board and the task pages (URL scheme: WEB.md)."""
from django.urls import path

from . import views

urlpatterns = [
    path("plans/", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan_board, name="plan_board"),
    path("plans/<int:pk>/transitions/<slug:name>/", views.plan_transition_view, name="plan_transition"),
    path("tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:pk>/", views.task_page, name="task"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    # Parts of the task page and the board that htmx swaps or refreshes.
    path("tasks/<int:pk>/state/", views.task_state, name="task_state"),
    path("tasks/<int:pk>/row/", views.task_row, name="task_row"),
    path("tasks/<int:pk>/history/", views.task_history, name="task_history"),
    path("tasks/<int:pk>/parts/<slug:part>/", views.task_part, name="task_part"),
    path("tasks/<int:pk>/transitions/<slug:name>/", views.task_transition_view, name="task_transition"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("tasks/<int:pk>/evidence/", views.task_evidence, name="task_evidence"),
    path("tasks/<int:pk>/comments/", views.task_comments, name="task_comments"),
]
