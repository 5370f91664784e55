"""Records in the Django admin (P21: review queues live here, behind the staff second factor,
until the office issue).

- The national tables (exam results, 普通话, 学历, 学位 from 全国系统/导入): read only, the
  person's document number masked.
- The review queues of applicant-entered records, one per kind, 待核验 first: 核验通过 and
  核验不通过 (with the reason the applicant sees) go through ``records.services.verify_entry``.

Scans never have a file URL: they stream through ``scan_view``, which checks the admin
permission, sends ``Cache-Control: no-store`` and writes a ``personal_data.view`` event.
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
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from teacherreg.audit import services as audit
from teacherreg.audit.admin import PersonalDataViewAuditMixin
from teacherreg.common.admin_queues import QueueStateFilter, ReadOnlyAdminMixin, refusal_reason_field
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.documents.serving import private_file
from teacherreg.documents.storage import private_storage
from teacherreg.records.models import (
    NATIONAL_SOURCES,
    DegreeEntry,
    DegreeRecord,
    EducationEntry,
    EducationRecord,
    ExamResult,
    MandarinEntry,
    MandarinRecord,
    OtherCertificate,
    RecordSource,
    VerificationState,
)
from teacherreg.records.services import verify_entry

# ----------------------------------------------------------------------------------------
# National tables: read only


class ReadOnlyAdmin(ReadOnlyAdminMixin, PersonalDataViewAuditMixin, admin.ModelAdmin):
    """Imported rows are changed by the next import, never by hand."""

    @admin.display(description=_("身份证件号码"))
    def masked_document_number(self, obj: Any) -> str:
        return mask("document_number", obj.person_document_number)


class NationalRecordAdmin(ReadOnlyAdmin):
    list_filter = ("source",)
    exclude = ("person_document_number", "owner", "scan", "rejection_reason", "reviewed_by", "reviewed_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(source__in=NATIONAL_SOURCES)


@admin.register(ExamResult)
class ExamResultAdmin(ReadOnlyAdmin):
    list_display = ("masked_document_number", "exam_session", "subject_name", "score", "passed", "valid_until")
    list_filter = ("passed", "source")
    search_fields = ("subject_name", "certificate_number")
    search_help_text = _("按科目或考试合格证明编号搜索。")
    exclude = ("person_document_number",)
    readonly_fields = ("masked_document_number",)


@admin.register(MandarinRecord)
class MandarinRecordAdmin(NationalRecordAdmin):
    list_display = ("masked_document_number", "grade", "certificate_number", "issued_on", "issuing_body", "source")
    search_fields = ("certificate_number",)
    readonly_fields = ("masked_document_number",)


@admin.register(EducationRecord)
class EducationRecordAdmin(NationalRecordAdmin):
    list_display = ("masked_document_number", "education_level", "school_name", "major_name", "graduated_on")
    search_fields = ("certificate_number", "school_name")
    readonly_fields = ("masked_document_number",)


@admin.register(DegreeRecord)
class DegreeRecordAdmin(NationalRecordAdmin):
    list_display = ("masked_document_number", "degree", "school_name", "major_name", "awarded_on")
    search_fields = ("certificate_number", "school_name")
    readonly_fields = ("masked_document_number",)


# ----------------------------------------------------------------------------------------
# Review queues


class StateFilter(QueueStateFilter):
    title = _("核验状态")
    parameter_name = "state"
    field_name = "verification_state"
    states = VerificationState
    waiting = VerificationState.PENDING


class RejectForm(forms.Form):
    reason = refusal_reason_field(
        _("申请人会在个人信息中心看到这段话，请写明问题和处理办法，例如“扫描件看不清证书编号，请重新扫描上传”。"),
        label=_("核验不通过原因"),
    )


class EntryQueueAdmin(PersonalDataViewAuditMixin, admin.ModelAdmin):
    """One kind's entered records. Entries are read here and decided, never edited."""

    list_filter = (StateFilter,)
    list_select_related = ("owner",)
    ordering = ("created_at", "pk")
    actions = ("verify_selected", "reject_selected")
    detail_fields: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(source=RecordSource.ENTERED).select_related("owner")

    # -- columns and the read-only page -----------------------------------------------

    @admin.display(description=_("编号"), ordering="pk")
    def number(self, obj: Any) -> str:
        return f"#{obj.pk}"

    @admin.display(description=_("申请人"))
    def owner_name(self, obj: Any) -> str:
        return obj.owner.name if obj.owner else "—"

    @admin.display(description=_("身份证件号码"))
    def owner_document(self, obj: Any) -> str:
        return mask("document_number", obj.owner.document_number) if obj.owner else "—"

    @admin.display(description=_("证书扫描件"))
    def scan_image(self, obj: Any) -> str:
        if not obj.scan.name:
            return "—"
        url = reverse(f"admin:{self._name('scan')}", args=[obj.pk])
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" style="max-width:560px;width:100%"></a>', url, url, _("证书扫描件")
        )

    @admin.display(description=_("处理"))
    def decision_links(self, obj: Any) -> str:
        if obj.verification_state != VerificationState.PENDING:
            return str(obj.get_verification_state_display())
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
            reverse(f"admin:{self._name('decide')}", args=[obj.pk, "verify"]),
            _("核验通过"),
            reverse(f"admin:{self._name('decide')}", args=[obj.pk, "reject"]),
            _("核验不通过"),
        )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (
            "owner_name",
            "owner_document",
            *self.detail_fields,
            "scan_image",
            "verification_state",
            "rejection_reason",
            "reviewed_by",
            "reviewed_at",
            "created_at",
            "updated_at",
            "decision_links",
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # applicants enter records

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # verdicts are records; the applicant deletes their own entries

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra = {"show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    # -- pages ---------------------------------------------------------------------------

    def _name(self, suffix: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/scan/", view(self.scan_view), name=self._name("scan")),
            path("<int:object_id>/decide/<str:verdict>/", view(self.decide_view), name=self._name("decide")),
            *super().get_urls(),
        ]

    def scan_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        entry = self.get_object(request, str(object_id))
        if entry is None:
            raise Http404
        if not self.has_view_permission(request, entry):
            raise PermissionDenied
        if not entry.scan.name or not private_storage.exists(entry.scan.name):
            raise Http404
        # security.md §1.9: opening a scan of someone's certificate is a personal-data access.
        audit.record(
            audit.PERSONAL_DATA_VIEW,
            entry,
            actor=request.user,
            actor_role="admin",
            data={"scan": True},
            ip=request.META.get("REMOTE_ADDR"),
        )
        return private_file(entry.scan.name)

    def decide_view(self, request: HttpRequest, object_id: int, verdict: str) -> HttpResponse:
        if verdict not in ("verify", "reject"):
            raise Http404
        entry = self.get_object(request, str(object_id))
        if entry is None:
            raise Http404
        if not self.has_change_permission(request, entry):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None  # an empty POST still confirms
        form = RejectForm(data) if verdict == "reject" else forms.Form(data)
        if request.method == "POST" and form.is_valid():
            self._decide(request, [entry], verdict == "verify", form.cleaned_data.get("reason", ""))
            return HttpResponseRedirect(reverse(f"admin:{self._name('changelist')}"))
        return self._decision_page(request, [entry], form, verdict, original=entry)

    def _decide(self, request: HttpRequest, entries: list[Any], accepted: bool, reason: str) -> None:
        done = 0
        for entry in entries:
            try:
                verify_entry(request.user, entry, accepted, reason)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"#{entry.pk}: {exc.message}", messages.ERROR)
        text = _("已核验通过 %(count)s 条记录。") if accepted else _("已将 %(count)s 条记录设为核验未通过。")
        self.message_user(request, str(text) % {"count": done}, messages.SUCCESS)

    def _decision_page(
        self,
        request: HttpRequest,
        entries: list[Any],
        form: forms.Form,
        verdict: str,
        *,
        original: Any = None,
        action: str = "",
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": original,
            "title": _("核验通过") if verdict == "verify" else _("核验不通过"),
            "form": form,
            "verdict": verdict,
            "items": entries,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/records/decide.html", context)

    # -- changelist actions --------------------------------------------------------------

    @admin.action(description=_("核验通过"), permissions=["change"])
    def verify_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        pending = list(queryset.filter(verification_state=VerificationState.PENDING).order_by("pk"))
        self._decide(request, pending, True, "")

    @admin.action(description=_("核验不通过（需填写原因）"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        pending = list(queryset.filter(verification_state=VerificationState.PENDING).order_by("pk"))
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._decide(request, pending, False, form.cleaned_data["reason"])
            return None
        # The reason is required: ask for it before changing anything.
        return self._decision_page(request, pending, form, "reject", action="reject_selected")


@admin.register(MandarinEntry)
class MandarinEntryAdmin(EntryQueueAdmin):
    list_display = ("number", "owner_name", "owner_document", "grade", "certificate_number", "issued_on", "created_at")
    list_display_links = ("number", "owner_name")
    list_select_related = ("owner", "grade")
    detail_fields = ("grade", "certificate_number", "issued_on", "issuing_body")


@admin.register(EducationEntry)
class EducationEntryAdmin(EntryQueueAdmin):
    list_display = ("number", "owner_name", "owner_document", "education_level", "school_name", "graduated_on")
    list_display_links = ("number", "owner_name")
    list_select_related = ("owner", "education_level")
    detail_fields = (
        "education_level",
        "school_name",
        "graduation_school",
        "major_name",
        "graduated_on",
        "study_form",
        "certificate_number",
    )


@admin.register(DegreeEntry)
class DegreeEntryAdmin(EntryQueueAdmin):
    list_display = ("number", "owner_name", "owner_document", "degree", "school_name", "awarded_on")
    list_display_links = ("number", "owner_name")
    list_select_related = ("owner", "degree")
    detail_fields = ("degree", "school_name", "graduation_school", "major_name", "awarded_on", "certificate_number")


@admin.register(OtherCertificate)
class OtherCertificateAdmin(EntryQueueAdmin):
    list_display = ("number", "owner_name", "owner_document", "name", "certificate_number", "issued_on")
    list_display_links = ("number", "owner_name")
    detail_fields = ("name", "certificate_number", "issuing_body", "issued_on")
