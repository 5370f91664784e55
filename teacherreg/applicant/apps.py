from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicantConfig(AppConfig):
    name = "teacherreg.applicant"
    verbose_name = _("申请人")
