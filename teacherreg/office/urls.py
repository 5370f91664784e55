from django.urls import include, path

from teacherreg.office.views import home, second_factor, session

app_name = "office"
urlpatterns = [
    path("", home.home, name="home"),
    path("verify/", second_factor.verify, name="verify"),
    path("enrol/", second_factor.enrol, name="enrol"),
    path("logout/", second_factor.logout, name="logout"),
    path("session/extend/", session.extend, name="session_extend"),
    path("session/status/", session.status, name="session_status"),
    # One module per area of the office (issue 6 slices); names stay in the office namespace.
    path("staff/", include("teacherreg.office.staff_urls")),
    path("plans/", include("teacherreg.office.plan_urls")),
    path("desk/", include("teacherreg.office.desk_urls")),
]
