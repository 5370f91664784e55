"""The security administrator's page for staff authenticators (P21, P22): who has bound one,
who is locked out, and the reset action (lost phone, new device), each reset audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from teacherreg.accounts import totp
from teacherreg.accounts.models import StaffRole
from teacherreg.common.admin_queues import ReadOnlyAdminMixin
from teacherreg.office.models import StaffSecondFactor


def is_security_admin(user: Any) -> bool:
    """Holds the 安全管理员 role (P21). Superusers too: they are the break-glass accounts that
    exist before any role is granted, and they pass the same second factor."""
    if not (user.is_active and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    return user.memberships.filter(role=StaffRole.SECURITY_ADMIN, is_active=True).exists()


def _acting_role(user: Any) -> str:
    if user.memberships.filter(role=StaffRole.SECURITY_ADMIN, is_active=True).exists():
        return StaffRole.SECURITY_ADMIN.value
    return "superuser"


@admin.register(StaffSecondFactor)
class StaffSecondFactorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("username", "name", "enrolled", "locked", "is_active", "last_login")
    list_filter = ("is_active",)
    search_fields = ("username", "name")
    ordering = ("username",)
    actions = ("reset_second_factor",)
    list_display_links = None

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return StaffSecondFactor.objects.staff().select_related("totp_state")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_security_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_security_admin(request.user)

    def has_reset_permission(self, request: HttpRequest) -> bool:
        return is_security_admin(request.user)

    @admin.display(description=_("已绑定身份验证器"), boolean=True)
    def enrolled(self, obj: StaffSecondFactor) -> bool:
        return bool(obj.totp_secret)

    @admin.display(description=_("锁定至"))
    def locked(self, obj: StaffSecondFactor) -> str:
        state = getattr(obj, "totp_state", None)
        if state is None or state.locked_until is None or state.locked_until <= timezone.now():
            return "—"
        return timezone.localtime(state.locked_until).strftime("%Y-%m-%d %H:%M")

    @admin.action(description=_("重置身份验证器（需重新绑定）"), permissions=("reset",))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for user in queryset:
            totp.reset(user, by=request.user, role=_acting_role(request.user), ip=request.META.get("REMOTE_ADDR"))
            count += 1
        self.message_user(
            request,
            ngettext(
                "已重置 %(count)d 名工作人员的身份验证器。他们下次登录时需要重新绑定。",
                "已重置 %(count)d 名工作人员的身份验证器。他们下次登录时需要重新绑定。",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
