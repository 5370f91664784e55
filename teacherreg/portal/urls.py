from django.urls import path

from teacherreg.portal import registration, third_party, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.services, name="services"),
    path("registration/windows/", registration.windows, name="registration_windows"),
    path("certificate-query/", views.certificate_query, name="certificate_query"),
    path("certificate-query/other/", third_party.start, name="third_party_query"),
    path("certificate-query/other/code/", third_party.code, name="third_party_query_code"),
    path("help/", views.help_page, name="help"),
    path("terms/", views.terms, name="terms"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
