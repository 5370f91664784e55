from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "teacherreg.faq"
    verbose_name = _("常见问题")
