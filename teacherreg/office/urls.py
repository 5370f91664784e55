from django.urls import include, path, re_path

from teacherreg.office.views import cases, home, second_factor, session

app_name = "office"
urlpatterns = [
    path("", home.home, name="home"),
    path("verify/", second_factor.verify, name="verify"),
    path("enrol/", second_factor.enrol, name="enrol"),
    path("logout/", second_factor.logout, name="logout"),
    path("session/extend/", session.extend, name="session_extend"),
    path("session/status/", session.status, name="session_status"),
    # The 申请表's QR code (P16 numbers are 15 digits).
    re_path(r"^applications/(?P<number>\d{15})/$", cases.open_case, name="case_open"),
    # One module per area of the office (issue 6 slices); names stay in the office namespace.
    path("staff/", include("teacherreg.office.staff_urls")),
    path("plans/", include("teacherreg.office.plan_urls")),
    path("desk/", include("teacherreg.office.desk_urls")),
    path("review/", include("teacherreg.office.review_urls")),
    path("entry/", include("teacherreg.office.entry_urls")),
    path("imports/", include("teacherreg.office.import_urls")),
    path("exports/", include("teacherreg.office.export_urls")),
    path("statistics/", include("teacherreg.office.statistics_urls")),
    path("queues/", include("teacherreg.office.queue_urls")),
    path("support/", include("teacherreg.support.office_urls")),
    path("faq/", include("teacherreg.faq.office_urls")),
    path("announcements/", include("teacherreg.announcements.office_urls")),
]
