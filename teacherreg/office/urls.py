from django.urls import path

from teacherreg.office.views import home, second_factor, session

app_name = "office"
urlpatterns = [
    path("", home.home, name="home"),
    path("verify/", second_factor.verify, name="verify"),
    path("enrol/", second_factor.enrol, name="enrol"),
    path("logout/", second_factor.logout, name="logout"),
    path("session/extend/", session.extend, name="session_extend"),
    path("session/status/", session.status, name="session_status"),
]
