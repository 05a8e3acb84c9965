from django.urls import path  # noqa: F401  (the area's pages go here)

urlpatterns = []
