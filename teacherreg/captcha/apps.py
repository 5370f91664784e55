from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaptchaConfig(AppConfig):
    name = "teacherreg.captcha"
    verbose_name = _("图形验证")
