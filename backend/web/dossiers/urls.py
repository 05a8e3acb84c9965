from django.urls import path

from . import views

urlpatterns = [
    path("dossiers/", views.dossiers, name="dossiers"),
    path("dossiers/new/", views.dossier_new, name="dossier_new"),
    path("dossiers/<int:pk>/", views.dossier, name="dossier"),
    path("dossiers/<int:pk>/download/", views.dossier_download, name="dossier_download"),
]
