from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "teacherreg.organisations"
    verbose_name = _("机构与确认点")
