from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "teacherreg.identity"
    verbose_name = _("实名核验")
