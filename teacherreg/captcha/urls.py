"""Routes under /captcha/ (config/urls.py includes them)."""

from django.urls import path, register_converter

from teacherreg.captcha import views
from teacherreg.captcha.services import CHALLENGE_ID


class ChallengeIdConverter:
    """``secrets.token_urlsafe(18)``: 24 URL-safe characters."""

    regex = CHALLENGE_ID.pattern

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ChallengeIdConverter, "captcha_id")

app_name = "captcha"
urlpatterns = [
    path("challenge/", views.challenge, name="challenge"),
    path("verify/", views.verify, name="verify"),
    path("<captcha_id:challenge_id>/background.jpg", views.picture, {"name": "background"}, name="background"),
    path("<captcha_id:challenge_id>/piece.png", views.picture, {"name": "piece"}, name="piece"),
    path("<captcha_id:challenge_id>/digits.png", views.picture, {"name": "digits"}, name="digits_image"),
    path("<captcha_id:challenge_id>/digits.wav", views.audio, name="digits_audio"),
    # Test settings only: both answer 404 unless TEACHERREG_CAPTCHA_TEST_HOOK is on.
    path("test-hook/<captcha_id:challenge_id>/", views.test_hook, name="test_hook"),
    path("test-form/<str:purpose>/", views.test_form, name="test_form"),
]
