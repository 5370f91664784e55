"""实名核验 and 人工审核 pages. Mounted by ``teacherreg/applicant/urls.py`` as
``path("identity/", include("teacherreg.applicant.identity_urls"))``: the names are then
``applicant:identity:verify`` and ``applicant:identity:manual_review``."""

from django.urls import path

from teacherreg.applicant import identity_views

app_name = "identity"
urlpatterns = [
    path("", identity_views.verify, name="verify"),
    path("manual-review/", identity_views.manual_review, name="manual_review"),
]
