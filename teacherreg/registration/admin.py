"""Plans and windows are edited here until the office issue; applications are read-only:
their status changes only through ``registration.services`` (style.md lesson 2)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from teacherreg.audit.admin import PersonalDataViewAuditMixin
from teacherreg.common.masking import mask
from teacherreg.registration.models import (
    AgencyBatch,
    Application,
    ApplicationWindow,
    ConfirmationArrangement,
    Decision,
    Message,
    ProvincialPlan,
)


class BatchInline(admin.TabularInline):
    model = AgencyBatch
    extra = 0
    autocomplete_fields = ("agency",)


@admin.register(ProvincialPlan)
class ProvincialPlanAdmin(admin.ModelAdmin):
    list_display = (
        "province",
        "year",
        "status",
        "starts_on",
        "ends_on",
        "review_levels",
        "renewal_months_before_expiry",
        "training_hours_required",
        "includes_private_schools",
    )
    list_filter = ("status", "year", "includes_private_schools")
    fieldsets = (
        (None, {"fields": ("province", "year", "status", "starts_on", "ends_on", "review_levels", "notice_days")}),
        (
            _("本省注册规则"),
            {
                "fields": (
                    "renewal_months_before_expiry",
                    "training_hours_required",
                    "training_hours_by_level",
                    "includes_private_schools",
                )
            },
        ),
    )
    inlines = (BatchInline,)


class WindowInline(admin.TabularInline):
    model = ApplicationWindow
    extra = 0


@admin.register(AgencyBatch)
class AgencyBatchAdmin(admin.ModelAdmin):
    list_display = ("agency", "plan", "takes_part", "is_open")
    list_filter = ("takes_part", "is_open", "plan__year")
    search_fields = ("agency__name",)
    inlines = (WindowInline,)


class ArrangementInline(admin.TabularInline):
    model = ConfirmationArrangement
    extra = 0
    autocomplete_fields = ("point",)


@admin.register(ApplicationWindow)
class ApplicationWindowAdmin(admin.ModelAdmin):
    list_display = ("batch", "starts_on", "ends_on")
    list_select_related = ("batch__agency", "batch__plan")
    inlines = (ArrangementInline,)


class DecisionInline(admin.TabularInline):
    model = Decision
    fk_name = "application"
    extra = 0
    can_delete = False
    readonly_fields = ("level", "outcome", "reasons", "note", "decided_by", "decided_at", "undone_by")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    can_delete = False
    readonly_fields = ("author", "author_organisation", "from_applicant", "body", "created_at", "read_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(PersonalDataViewAuditMixin, admin.ModelAdmin):
    list_display = (
        "number",
        "masked_name",
        "certificate_key",
        "status",
        "agency",
        "confirmation_point",
        "submitted_at",
    )
    list_filter = ("status", "registration_year", "registration_kind")
    search_fields = ("number", "certificate_key")
    inlines = (DecisionInline, MessageInline)
    list_select_related = ("agency", "confirmation_point")

    @admin.display(description=_("姓名"))
    def masked_name(self, obj: Application) -> str:
        return mask("name", obj.name)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
