from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManualsConfig(AppConfig):
    """操作手册: the applicant's and each staff role's manual, as pages and as PDF."""

    name = "teacherreg.manuals"
    verbose_name = _("操作手册")
