from django.urls import path

from . import views

urlpatterns = [
    path("inspections/", views.inspection_list, name="inspections"),
    path("inspections/<int:pk>/", views.inspection_page, name="inspection"),
    path("inspections/<int:pk>/transitions/<slug:name>/", views.inspection_transition_view,
         name="inspection_transition"),
    path("inspections/<int:pk>/findings/", views.finding_raise_view, name="finding_raise"),
    path("findings/<int:pk>/", views.finding_page, name="finding"),
    path("findings/<int:pk>/transitions/<slug:name>/", views.finding_transition_view, name="finding_transition"),
    path("findings/<int:pk>/evidence/", views.finding_evidence, name="finding_evidence"),
    path("findings/<int:pk>/comments/", views.finding_comments, name="finding_comments"),
]
