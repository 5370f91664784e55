from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "teacherreg.common"
    verbose_name = _("公共组件")
