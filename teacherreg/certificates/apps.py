from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "teacherreg.certificates"
    verbose_name = _("教师资格证书")
