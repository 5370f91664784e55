"""中小学教师资格定期注册 for the signed-in applicant, under /me/registration/."""

from django.urls import include, path

from teacherreg.applicant.views import registration

urlpatterns = [
    path("", registration.platform, name="registration_platform"),
    path("notes/", registration.notes, name="registration_notes"),
    path("apply/", registration.windows, name="registration_windows"),
    path("precheck/", registration.precheck_page, name="registration_precheck"),
    path("steps/", include("teacherreg.applicant.application_step_urls")),
    path("photo/", include("teacherreg.applicant.photo_urls")),
    path("applications/", include("teacherreg.applicant.application_urls")),
    path("applications/", include("teacherreg.applicant.application_pdf_urls")),
]
