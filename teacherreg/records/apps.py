from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "teacherreg.records"
    verbose_name = _("个人档案记录")
