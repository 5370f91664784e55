from django.urls import path

from teacherreg.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.services, name="services"),
    path("certificate-query/", views.certificate_query, name="certificate_query"),
    path("help/", views.help_page, name="help"),
    path("terms/", views.terms, name="terms"),
]
