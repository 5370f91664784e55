"""Public account pages: login, sign-up, password reset (namespace ``accounts``)."""

from django.urls import path

from teacherreg.applicant.views import legacy, login, reset, signup

app_name = "accounts"
urlpatterns = [
    path("login/", login.login_view, name="login"),
    path("logout/", login.logout_view, name="logout"),
    path("sign-up/", signup.phone_step, name="sign_up"),
    path("sign-up/code/", signup.code_step, name="sign_up_code"),
    path("sign-up/details/", signup.details_step, name="sign_up_details"),
    path("sign-up/legacy/", legacy.takeover, name="legacy_takeover"),
    path("password/reset/", reset.start, name="reset"),
    path("password/reset/method/", reset.choose_method, name="reset_method"),
    path("password/reset/sms/", reset.by_sms, name="reset_sms"),
    path("password/reset/link/<str:token>/", reset.by_link, name="reset_link"),
]
