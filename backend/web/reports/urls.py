"""Printable reports: read on screen, download as PDF or Excel."""
from django.urls import path, re_path

from . import views

urlpatterns = [
    path("plans/<int:pk>/report/", views.plan_report, name="plan_report"),
    re_path(r"^plans/(?P<pk>[0-9]+)/report\.(?P<ext>pdf|xlsx)$", views.plan_report_file, name="plan_report_file"),
    path("scores/report/", views.score_report_page, name="score_report"),
    re_path(r"^scores/report\.(?P<ext>pdf|xlsx)$", views.score_report_file, name="score_report_file"),
]
