from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "teacherreg.profiles"
    verbose_name = _("教师记录")
