"""Public URLs, mounted at /announcements/ in config/urls.py."""

from django.urls import path

from teacherreg.announcements import views

app_name = "announcements"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
]
