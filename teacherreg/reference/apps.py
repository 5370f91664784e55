from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "teacherreg.reference"
    verbose_name = _("代码表与参考数据")
