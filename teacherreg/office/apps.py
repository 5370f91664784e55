from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "teacherreg.office"
    verbose_name = _("业务后台")

    def ready(self) -> None:
        # Connect the user_logged_in receivers: the session policy stamps the sign-in time,
        # the second factor is cleared so every sign-in needs its own code.
        from django.contrib import admin

        from teacherreg.accounts import session_policy  # noqa: F401
        from teacherreg.office import second_factor  # noqa: F401
        from teacherreg.office.staff_login import StaffLoginForm

        # Staff sign in on the admin's page: a disabled account is told so (P22).
        admin.site.login_form = StaffLoginForm
