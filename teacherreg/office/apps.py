from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "teacherreg.office"
    verbose_name = _("业务后台")
