"""Importing a plan's tasks from Excel: upload, preview, confirm; the sample workbook."""
from django.urls import path

from . import views

urlpatterns = [
    path("plans/<int:pk>/import/", views.import_upload, name="plan_import"),
    path("plans/<int:pk>/import/<int:import_id>/", views.import_preview_page, name="plan_import_preview"),
    path("plans/import-template.xlsx", views.import_template, name="plan_import_template"),
]
