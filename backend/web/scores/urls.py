from django.urls import path

from . import views

urlpatterns = [
    path("scores/", views.dashboard, name="scores"),
    path("scores/assessments/", views.assessment_record, name="score_assessment"),
]
