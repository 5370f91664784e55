"""The signed-in applicant's pages (namespace ``applicant``), under /me/."""

from django.urls import include, path

from teacherreg.applicant.views import centre

app_name = "applicant"
urlpatterns = [
    path("", centre.centre, name="centre"),
    path("profile/", centre.edit_profile, name="edit_profile"),
    path("password/", centre.change_password, name="change_password"),
    path("confirm-password/", centre.reauth, name="reauth"),
    path("phone/", centre.change_phone, name="change_phone"),
    path("phone/code/", centre.change_phone_code, name="change_phone_code"),
    path("email/", centre.change_email, name="change_email"),
    path("email/confirm/<str:token>/", centre.confirm_email, name="confirm_email"),
    path("identity/", include("teacherreg.applicant.identity_urls")),
    path("certificates/", include("teacherreg.applicant.certificate_urls")),
    path("records/", include("teacherreg.applicant.records_urls")),
    path("schools/", include("teacherreg.applicant.school_urls")),
    path("registration/", include("teacherreg.applicant.registration_urls")),
]
