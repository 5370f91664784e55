"""操作手册, mounted at /help/manuals/ in config/urls.py (before the portal's catch-all)."""

from django.urls import path

from teacherreg.manuals import views

app_name = "manuals"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>.pdf", views.manual_pdf, name="pdf"),
    path("<slug:slug>/", views.manual_page, name="manual"),
]
