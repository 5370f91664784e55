from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """Staff exports built by the worker (P23) and the 注册结论贴 sticker sheet (issue 6)."""

    name = "teacherreg.exports"
    verbose_name = _("数据导出")
