"""The staff login form (the admin's sign-in page, /admin/login/): a disabled account is told
so, instead of the generic "wrong login name or password" (P22: accounts idle for 90 days are
disabled, and the person needs to know whom to ask).

Only someone who typed the right password learns that the account is disabled. Every failed
attempt costs the same work, whether the account exists, is disabled or not: Django's backend
hashes once, and this form hashes once more (the disabled account's password, or a stand-in),
so the response time does not tell the cases apart (security.md §1.1 6.3.8). django-axes has
already counted the failure; while an account is locked out nothing is checked at all.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from teacherreg.accounts.models import User
from teacherreg.accounts.session_policy import is_staff_account
from teacherreg.common.messages import message_for


class StaffLoginForm(AdminAuthenticationForm):
    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login" and self._disabled_with_right_password():
                raise ValidationError(message_for("staff_account_disabled"), code="inactive") from None
            raise

    def _disabled_with_right_password(self) -> bool:
        if getattr(self.request, "axes_locked_out", False):
            return False
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return False
        candidate = User.objects.filter(username=username, is_active=False).first()
        if candidate is None or not is_staff_account(candidate):
            User().set_password(password)  # the same hashing work as for a disabled account
            return False
        return candidate.check_password(password)
