from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from teacherreg.audit.admin import PersonalDataViewAuditMixin
from teacherreg.certificates.models import Certificate, RegistrationRecord, Restriction
from teacherreg.common.masking import mask


class RegistrationRecordInline(admin.TabularInline):
    model = RegistrationRecord
    extra = 0


@admin.register(Certificate)
class CertificateAdmin(PersonalDataViewAuditMixin, admin.ModelAdmin):
    list_display = (
        "number_as_printed",
        "masked_holder",
        "qualification_type",
        "issued_on",
        "source",
        "verification_state",
    )
    list_filter = ("source", "verification_state", "qualification_type", "province")
    search_fields = ("number", "number_as_printed")
    readonly_fields = ("number", "holder_document_index", "created_at")
    autocomplete_fields = ("holder", "issuing_agency")
    inlines = (RegistrationRecordInline,)

    @admin.display(description=_("持证人"))
    def masked_holder(self, obj: Certificate) -> str:
        return mask("name", obj.holder_name)


@admin.register(Restriction)
class RestrictionAdmin(PersonalDataViewAuditMixin, admin.ModelAdmin):
    list_display = ("kind", "certificate", "starts_on", "ends_on", "is_lifted")
    list_filter = ("kind", "is_lifted")
    readonly_fields = ("holder_document_index",)
    raw_id_fields = ("certificate",)
