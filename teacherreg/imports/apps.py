from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Bulk imports with a dry run, a row-by-row error report and an idempotent commit (issue 6)."""

    name = "teacherreg.imports"
    verbose_name = _("数据导入")
