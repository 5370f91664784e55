from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import StaffMembership, User
from teacherreg.audit.admin import PersonalDataViewAuditMixin
from teacherreg.common.masking import mask


class MembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(User)
class UserAdmin(PersonalDataViewAuditMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "masked_document", "masked_phone", "identity_status", "is_legacy", "is_active")
    list_filter = ("kind", "identity_status", "is_legacy", "is_active", "is_staff")
    search_fields = ("username", "name")
    readonly_fields = ("document_number_index", "phone_index", "email_index", "last_login", "date_joined")
    exclude = ("password", "totp_secret")
    filter_horizontal = ("groups", "user_permissions")
    inlines = (MembershipInline,)

    change_form_template = "admin/accounts/user_change_form.html"

    def get_urls(self) -> list:
        from django.urls import path

        from teacherreg.accounts.admin_contact import change_contact_view

        extra = [
            path(
                "<path:object_id>/change-contact/",
                self.admin_site.admin_view(lambda request, object_id: change_contact_view(self, request, object_id)),
                name="accounts_user_change_contact",
            )
        ]
        return extra + super().get_urls()

    @admin.display(description=_("证件号码"))
    def masked_document(self, obj: User) -> str:
        return mask("document_number", obj.document_number)

    @admin.display(description=_("手机号码"))
    def masked_phone(self, obj: User) -> str:
        return mask("phone", obj.phone)


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organisation", "is_active", "created_at")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
