from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "teacherreg.notify"
    verbose_name = _("通知与消息")
