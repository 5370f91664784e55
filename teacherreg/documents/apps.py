from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "teacherreg.documents"
    verbose_name = _("文件与文档")
