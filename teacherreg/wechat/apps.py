from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WechatConfig(AppConfig):
    name = "teacherreg.wechat"
    verbose_name = _("微信服务号")

    def ready(self) -> None:
        from teacherreg.wechat import checks  # noqa: F401 - registers the system checks
