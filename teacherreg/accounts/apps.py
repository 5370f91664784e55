from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "teacherreg.accounts"
    verbose_name = _("账号")

    def ready(self) -> None:
        from teacherreg.accounts import language  # noqa: F401  (connects remember_on_login)
