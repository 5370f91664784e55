"""Public 公示 pages (issue 6 item 4), included from config/urls.py at /registration/notices/."""

from django.urls import path, re_path

from teacherreg.portal import notices

app_name = "notices"
urlpatterns = [
    path("", notices.index, name="index"),
    path("<int:pk>/", notices.agency, name="agency"),
    re_path(r"^(?P<pk>\d+)/(?P<number>\d{15})/objection/$", notices.objection, name="objection"),
]
