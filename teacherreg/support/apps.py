from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "teacherreg.support"
    verbose_name = _("咨询服务")
