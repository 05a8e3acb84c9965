from django.urls import path

from . import views

urlpatterns = [
    path("notifications/bell/", views.bell_menu, name="bell_menu"),
    path("notifications/preferences/", views.preferences, name="notification_preferences"),
]
