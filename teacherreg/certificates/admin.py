"""Certificates in the Django admin: the register (full records, for administrators) and the
verification queue of hand-added certificates (P21: in the admin until the office issue).

Scans are never linked to a file URL (private storage has none): they stream through
``scan_view``, which checks the reviewer's scope, sends ``Cache-Control: no-store`` and
writes a ``personal_data.view`` event.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import DocumentType
from teacherreg.audit import services as audit
from teacherreg.audit.admin import PersonalDataViewAuditMixin
from teacherreg.certificates.models import (
    Certificate,
    ManualCertificate,
    RegistrationRecord,
    Restriction,
    VerificationState,
)
from teacherreg.certificates.services.verification import (
    REASON_MAX_LENGTH,
    may_verify,
    verification_queue,
    verifier_provinces,
    verify_manual_certificate,
)
from teacherreg.common.admin_queues import QueueStateFilter, refusal_reason_field
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.documents.serving import private_file
from teacherreg.documents.storage import private_storage


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
    # The scan lives in private storage, which has no URL for the file widget to link to;
    # hand-added certificates show it in the verification queue.
    exclude = ("scan",)
    readonly_fields = ("number", "holder_document_index", "created_at", "added_by", "verified_by", "verified_at")
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


# ----------------------------------------------------------------------------------------
# The verification queue


class StateFilter(QueueStateFilter):
    title = _("核验状态")
    parameter_name = "state"
    field_name = "verification_state"
    states = VerificationState
    waiting = VerificationState.PENDING


class ProvinceFilter(admin.SimpleListFilter):
    """Only the provinces the reviewer may see."""

    title = _("所属省份")
    parameter_name = "province"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        rows = verification_queue(request.user).values_list("province__code", "province__name").distinct()
        return sorted({(code, name) for code, name in rows})

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(province__code=self.value()) if self.value() else queryset


class RejectForm(forms.Form):
    reason = refusal_reason_field(
        _("申请人会在证书详情中看到这段话，请写明要怎样处理，例如“照片模糊，看不清证书号码，请重新拍摄”。"),
        max_length=REASON_MAX_LENGTH,
    )


@admin.register(ManualCertificate)
class ManualCertificateAdmin(PersonalDataViewAuditMixin, admin.ModelAdmin):
    list_display = (
        "number_as_printed",
        "masked_holder",
        "province",
        "qualification_type",
        "issued_on",
        "issuing_agency_name",
        "submitted_at",
        "verification_state",
    )
    list_filter = (StateFilter, ProvinceFilter)
    list_select_related = ("province", "qualification_type")
    ordering = ("submitted_at", "pk")
    search_fields = ("number", "number_as_printed")
    actions = ("verify_selected", "reject_selected")
    change_form_template = "admin/certificates/manualcertificate/change_form.html"
    change_list_template = "admin/certificates/manualcertificate/change_list.html"
    fieldsets = (
        (_("持证人"), {"fields": ("holder_name", "masked_document", "document_type")}),
        (
            _("证书信息（申请人填写）"),
            {
                "fields": (
                    "number_as_printed",
                    "issued_on",
                    "province",
                    "city",
                    "qualification_type",
                    "subject_as_printed",
                    "issuing_agency_name",
                )
            },
        ),
        (_("证书照片"), {"fields": ("scans",)}),
        (
            _("核验"),
            {
                "fields": (
                    "verification_state",
                    "submitted_at",
                    "rejection_reason",
                    "verified_by",
                    "verified_at",
                    "from_register",
                )
            },
        ),
    )
    readonly_fields = tuple(name for _title, options in fieldsets for name in options["fields"])

    # -- columns -------------------------------------------------------------------------

    @admin.display(description=_("持证人"))
    def masked_holder(self, obj: Certificate) -> str:
        return mask("name", obj.holder_name)

    # The record shows the holder's full name (the reviewer compares it with the photo; opening
    # the record is audited); the document number stays masked on screen (security.md §2.5).
    @admin.display(description=_("身份证件号码"))
    def masked_document(self, obj: Certificate) -> str:
        return mask("document_number", obj.holder_document_number)

    @admin.display(description=_("证件类型"))
    def document_type(self, obj: Certificate) -> str:
        return str(DocumentType(obj.holder_document_type).label) if obj.holder_document_type in DocumentType else "—"

    @admin.display(description=_("照片"))
    def scans(self, obj: Certificate) -> str:
        images = []
        if obj.scan.name:
            images.append((reverse("admin:certificates_manualcertificate_scan", args=[obj.pk, 0]), _("证书照片")))
        for photo in obj.photos.all():
            url = reverse("admin:certificates_manualcertificate_scan", args=[obj.pk, photo.position])
            images.append((url, str(_("补充照片 %(n)s")) % {"n": photo.position}))
        if not images:
            return str(_("没有照片。"))
        figures = format_html_join(
            "",
            '<figure><a href="{}"><img src="{}" alt="{}" width="480"></a><figcaption>{}</figcaption></figure>',
            ((url, url, label, label) for url, label in images),
        )
        return format_html('<div class="certificate-photos">{}</div>', figures)

    # -- scope -----------------------------------------------------------------------------
    # Superusers (and holders of the model permission) see every province; province staff
    # see their own; everyone else sees nothing.

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = verification_queue(request.user)
        return queryset.select_related("province", "city", "qualification_type").prefetch_related("photos")

    def _in_scope(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return bool(verifier_provinces(request.user))
        return may_verify(request.user, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or bool(verifier_provinces(request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) or self._in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # applicants add certificates

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a decision is a record; the holder withdraws their own

    # -- pages ---------------------------------------------------------------------------

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/scan/<int:position>/",
                view(self.scan_view),
                name="certificates_manualcertificate_scan",
            ),
            path("<int:object_id>/verify/", view(self.verify_view), name="certificates_manualcertificate_verify"),
            path("<int:object_id>/reject/", view(self.reject_view), name="certificates_manualcertificate_reject"),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied  # read-only: decisions go through verify/reject only
        certificate = self.get_object(request, object_id)
        extra = {
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
            "can_decide": bool(
                certificate
                and certificate.verification_state == VerificationState.PENDING
                and self.has_change_permission(request, certificate)
            ),
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _scoped(self, request: HttpRequest, object_id: int) -> Certificate:
        certificate = self.get_object(request, str(object_id))
        if certificate is None:
            raise Http404
        if not self.has_view_permission(request, certificate):
            raise PermissionDenied
        return certificate

    def scan_view(self, request: HttpRequest, object_id: int, position: int) -> HttpResponse:
        certificate = self._scoped(request, object_id)
        if position == 0:
            name = certificate.scan.name
        else:
            photo = certificate.photos.filter(position=position).first()
            name = photo.image.name if photo else ""
        if not name or not private_storage.exists(name):
            raise Http404
        # security.md §1.9: opening a certificate photo is a personal-data access.
        audit.record(
            audit.PERSONAL_DATA_VIEW,
            certificate,
            actor=request.user,
            actor_role="admin",
            data={"photo": position},
            ip=request.META.get("REMOTE_ADDR"),
        )
        return private_file(name, filename=f"certificate-{certificate.pk}-{position}.jpg")

    def verify_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        certificate = self._scoped(request, object_id)
        if request.method == "POST":
            self._decide(request, certificate, accepted=True)
            return HttpResponseRedirect(reverse("admin:certificates_manualcertificate_changelist"))
        return self._decision_page(request, [certificate], None, "verify", original=certificate)

    def reject_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        certificate = self._scoped(request, object_id)
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            self._decide(request, certificate, accepted=False, reason=form.cleaned_data["reason"])
            return HttpResponseRedirect(reverse("admin:certificates_manualcertificate_changelist"))
        return self._decision_page(request, [certificate], form, "reject", original=certificate)

    def _decide(self, request: HttpRequest, certificate: Certificate, *, accepted: bool, reason: str = "") -> bool:
        try:
            verify_manual_certificate(request.user, certificate, accepted, reason)
        except DomainError as exc:
            self.message_user(request, f"{certificate.number_as_printed}: {exc.message}", messages.ERROR)
            return False
        code = "cert_verified" if accepted else "cert_rejected"
        self.message_user(request, message_for(code, number=certificate.number_as_printed), messages.SUCCESS)
        return True

    def _decision_page(
        self,
        request: HttpRequest,
        certificates: list[Certificate],
        form: forms.Form | None,
        decision: str,
        *,
        original: Certificate | None = None,
        action: str = "",
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": original,
            "title": _("核验通过") if decision == "verify" else _("核验不通过"),
            "form": form,
            "decision": decision,
            "items": certificates,
            "queue_css": "certificates/admin.css",
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/certificates/manualcertificate/decide.html", context)

    # -- changelist actions --------------------------------------------------------------

    @admin.action(description=_("核验通过所选证书"), permissions=["change"])
    def verify_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for certificate in queryset.filter(verification_state=VerificationState.PENDING).order_by("pk"):
            self._decide(request, certificate, accepted=True)

    @admin.action(description=_("核验不通过所选证书（需填写原因）"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        pending = list(queryset.filter(verification_state=VerificationState.PENDING).order_by("pk"))
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            for certificate in pending:
                self._decide(request, certificate, accepted=False, reason=form.cleaned_data["reason"])
            return None
        # The reason is required: ask for it before changing anything.
        return self._decision_page(request, pending, form, "reject", action="reject_selected")
