"""查询报名信息 under /me/registration/applications/: list, details, edits, withdrawal, messages."""

from django.urls import path, re_path

from teacherreg.applicant.views import application_amend
from teacherreg.applicant.views import applications as views

# P16: an application number is 15 digits; anything else is not ours to answer.
NUMBER = r"(?P<number>\d{15})"

urlpatterns = [
    path("", views.application_list, name="applications"),
    path("history/", views.application_history, name="applications_history"),
    path("notices/", views.notice_preference, name="application_notices"),
    re_path(rf"^{NUMBER}/$", views.application_detail, name="application_detail"),
    re_path(rf"^{NUMBER}/notes/$", views.application_notes, name="application_notes"),
    re_path(rf"^{NUMBER}/edit/$", views.application_edit, name="application_edit"),
    re_path(rf"^{NUMBER}/photo/$", views.application_photo, name="application_photo"),
    re_path(rf"^{NUMBER}/amend/$", application_amend.application_amend, name="application_amend"),
    re_path(rf"^{NUMBER}/withdraw/$", views.application_withdraw, name="application_withdraw"),
    re_path(rf"^{NUMBER}/messages/$", views.application_messages, name="application_messages"),
]
