"""Identity in the Django admin: the development registry, and the manual-review queue (P21:
review queues live in the admin, behind the staff second factor, until the office issue).

Photos are never linked to a file URL: they stream through ``photo_view``, which checks the
admin permission, sends ``Cache-Control: no-store`` and writes a ``personal_data.view`` event.
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
from teacherreg.common.admin_queues import QueueStateFilter, refusal_reason_field
from teacherreg.common.dates import today as shanghai_today
from teacherreg.common.errors import DomainError
from teacherreg.common.fields import index_for
from teacherreg.common.masking import mask
from teacherreg.common.normalise import document_number as normalise_document_number
from teacherreg.documents.serving import private_file
from teacherreg.documents.storage import private_storage
from teacherreg.identity.models import IdentityRecord, ManualReview, ReviewStatus
from teacherreg.identity.registry_import import import_registry
from teacherreg.identity.services import approve_review, reject_review

# ----------------------------------------------------------------------------------------
# The development identity registry


class IdentityRecordForm(forms.ModelForm):
    document_number = forms.CharField(label=_("证件号码"), max_length=32)

    class Meta:
        model = IdentityRecord
        fields = ("document_number", "name", "is_valid")

    def clean_document_number(self) -> str:
        number = normalise_document_number(self.cleaned_data["document_number"])
        # The unique blind index is computed on save; say so here instead of failing there.
        if IdentityRecord.objects.filter(document_number_index=index_for("document_number", number)).exists():
            raise forms.ValidationError(_("核验库中已有这个证件号码。"))
        return number


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV 文件"), help_text=_("UTF-8 编码，第一行为表头 document_number,name。"))


@admin.register(IdentityRecord)
class IdentityRecordAdmin(PersonalDataViewAuditMixin, admin.ModelAdmin):
    form = IdentityRecordForm
    list_display = ("pk", "masked_document_number", "name", "is_valid", "updated_at")
    list_filter = ("is_valid",)
    search_fields = ("name",)
    # No search by document number: the admin searches with GET, and an ID number must not
    # appear in a URL or a request log (security.md §1.8, 14.2.1).
    search_help_text = _("按姓名搜索。")
    change_list_template = "admin/identity/identityrecord/change_list.html"

    @admin.display(description=_("证件号码"))
    def masked_document_number(self, obj: IdentityRecord) -> str:
        return mask("document_number", obj.document_number)

    def get_fields(self, request: HttpRequest, obj: IdentityRecord | None = None) -> Any:
        if obj is None:
            return ("document_number", "name", "is_valid")
        return ("masked_document_number", "name", "is_valid")

    def get_readonly_fields(self, request: HttpRequest, obj: IdentityRecord | None = None) -> Any:
        # The number identifies the record: it is typed once and shown masked afterwards.
        return ("masked_document_number",) if obj is not None else ()

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is not None:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change, **kwargs)

    def get_urls(self) -> list:
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="identity_identityrecord_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                summary = import_registry(form.cleaned_data["file"], actor=request.user)
            except (DomainError, UnicodeDecodeError) as exc:
                message = exc.message if isinstance(exc, DomainError) else str(_("文件不是 UTF-8 编码的 CSV。"))
                form.add_error("file", message)
            else:
                self.message_user(request, summary.message, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:identity_identityrecord_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("导入身份信息"),
            "form": form,
        }
        return TemplateResponse(request, "admin/identity/identityrecord/import.html", context)


# ----------------------------------------------------------------------------------------
# The manual-review queue


class ReviewStatusFilter(QueueStateFilter):
    title = _("状态")
    parameter_name = "status"
    field_name = "status"
    states = ReviewStatus
    waiting = ReviewStatus.PENDING


class RejectForm(forms.Form):
    reason = refusal_reason_field(
        _("申请人会在实名核验页面和通知中看到这段话，请写明需要怎样处理，例如“照片模糊，请重新拍摄证件正面”。")
    )


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("审核备注（申请人看不到）"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), required=False
    )


@admin.register(ManualReview)
class ManualReviewAdmin(PersonalDataViewAuditMixin, admin.ModelAdmin):
    list_display = (
        "number",
        "submitted_name",
        "masked_document_number",
        "document_type",
        "submitted_at",
        "due_by",
        "overdue",
        "status",
    )
    list_display_links = ("number", "submitted_name")
    list_filter = (ReviewStatusFilter, "document_type")
    ordering = ("submitted_at", "pk")
    list_select_related = ("user",)
    search_fields = ("submitted_name",)
    actions = ("approve_selected", "reject_selected")
    change_list_template = "admin/identity/manualreview/change_list.html"
    change_form_template = "admin/identity/manualreview/change_form.html"
    fieldsets = (
        (_("申请人"), {"fields": ("applicant", "masked_document_number", "document_type", "submitted_name")}),
        (_("证件照片"), {"fields": ("front", "back", "consent_version", "consented_at")}),
        (
            _("审核"),
            {
                "fields": (
                    "status",
                    "submitted_at",
                    "due_by",
                    "overdue",
                    "reason",
                    "note",
                    "reviewer",
                    "decided_at",
                    "photos_purged_at",
                )
            },
        ),
    )
    readonly_fields = tuple(name for _title, options in fieldsets for name in options["fields"])

    # -- columns -------------------------------------------------------------------------

    @admin.display(description=_("编号"), ordering="pk")
    def number(self, obj: ManualReview) -> str:
        return f"#{obj.pk}"

    @admin.display(description=_("账号姓名"))
    def applicant(self, obj: ManualReview) -> str:
        return obj.user.name

    @admin.display(description=_("证件号码"))
    def masked_document_number(self, obj: ManualReview) -> str:
        return mask("document_number", obj.user.document_number)

    @admin.display(description=_("超期"))
    def overdue(self, obj: ManualReview) -> str:
        # Only a pending review past its due date costs a calendar query.
        today = shanghai_today()
        if not obj.is_pending or today <= obj.due_by:
            return "—"
        return str(_("超期 %(days)s 个工作日")) % {"days": obj.overdue_working_days(today)}

    @admin.display(description=_("证件正面照片"))
    def front(self, obj: ManualReview) -> str:
        return self._photo(obj, "front")

    @admin.display(description=_("证件反面照片"))
    def back(self, obj: ManualReview) -> str:
        return self._photo(obj, "back")

    def _photo(self, obj: ManualReview, side: str) -> str:
        field = obj.front_photo if side == "front" else obj.back_photo
        if not field.name:
            return str(_("照片已按规定删除。"))
        url = reverse("admin:identity_manualreview_photo", args=[obj.pk, side])
        label = _("证件正面照片") if side == "front" else _("证件反面照片")
        return format_html(
            '<a class="identity-photos" href="{}"><img src="{}" alt="{}" width="420"></a>', url, url, label
        )

    # -- permissions ---------------------------------------------------------------------
    # P21: until the office issue, province administrators review the accounts of their own
    # province here, without Django model permissions; scope fails closed (no province, no rows).

    def _reviewer_provinces(self, request: HttpRequest) -> set[str]:
        from teacherreg.accounts.models import StaffRole

        if not request.user.is_authenticated or not request.user.is_staff:
            return set()
        memberships = request.user.memberships.filter(
            is_active=True, role=StaffRole.PROVINCE_ADMIN, organisation__region__isnull=False
        ).select_related("organisation__region")
        return {m.organisation.region.code[:2] for m in memberships}

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or request.user.has_perm("identity.view_manualreview"):
            return queryset
        return queryset.filter(province_code__in=self._reviewer_provinces(request) or {"--"})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or bool(self._reviewer_provinces(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if super().has_view_permission(request, obj):
            return True
        provinces = self._reviewer_provinces(request)
        return bool(provinces) and (obj is None or obj.province_code in provinces)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if super().has_change_permission(request, obj):
            return True
        provinces = self._reviewer_provinces(request)
        return bool(provinces) and (obj is None or obj.province_code in provinces)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only applicants start a review

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # decisions are records (style.md lesson 4)

    # -- pages ---------------------------------------------------------------------------

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/photo/<str:side>/", view(self.photo_view), name="identity_manualreview_photo"),
            path("<int:object_id>/approve/", view(self.approve_view), name="identity_manualreview_approve"),
            path("<int:object_id>/reject/", view(self.reject_view), name="identity_manualreview_reject"),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        review = self.get_object(request, object_id)
        extra = {
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
            "can_decide": bool(review and review.is_pending and self.has_change_permission(request, review)),
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def photo_view(self, request: HttpRequest, object_id: int, side: str) -> HttpResponse:
        if side not in ("front", "back"):
            raise Http404
        review = self.get_object(request, str(object_id))
        if review is None:
            raise Http404
        if not self.has_view_permission(request, review):
            raise PermissionDenied
        field = review.front_photo if side == "front" else review.back_photo
        if not field.name or not private_storage.exists(field.name):
            raise Http404
        # security.md §1.9 (16.3.2): opening an ID-card photo is a personal-data access.
        audit.record(
            audit.PERSONAL_DATA_VIEW,
            review,
            actor=request.user,
            actor_role="admin",
            data={"photo": side},
            ip=request.META.get("REMOTE_ADDR"),
        )
        return private_file(field.name, filename=f"identity-review-{review.pk}-{side}.jpg")

    def approve_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        review = self._decidable(request, object_id)
        form = ApproveForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                approve_review(review, by=request.user, note=form.cleaned_data["note"])
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, str(_("人工审核 #%(pk)s 已通过。")) % {"pk": review.pk}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:identity_manualreview_changelist"))
        return self._decision_page(request, review, form, "approve")

    def reject_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        review = self._decidable(request, object_id)
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                reject_review(review, by=request.user, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, str(_("人工审核 #%(pk)s 未通过。")) % {"pk": review.pk}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:identity_manualreview_changelist"))
        return self._decision_page(request, review, form, "reject")

    def _decidable(self, request: HttpRequest, object_id: int) -> ManualReview:
        review = self.get_object(request, str(object_id))
        if review is None:
            raise Http404
        if not self.has_change_permission(request, review):
            raise PermissionDenied
        return review

    def _decision_page(
        self, request: HttpRequest, review: ManualReview, form: forms.Form, decision: str
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": review,
            "title": _("通过人工审核") if decision == "approve" else _("不通过人工审核"),
            "form": form,
            "decision": decision,
            "items": [review],
            "queue_css": "identity/admin.css",
        }
        return TemplateResponse(request, "admin/identity/manualreview/decide.html", context)

    # -- changelist actions --------------------------------------------------------------

    @admin.action(description=_("通过所选的人工审核"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        for review in queryset.filter(status=ReviewStatus.PENDING).order_by("pk"):
            try:
                approve_review(review, by=request.user)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"#{review.pk}: {exc.message}", messages.ERROR)
        self.message_user(request, str(_("已通过 %(count)s 条人工审核。")) % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("不通过所选的人工审核（需填写原因）"), permissions=["change"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        pending = list(queryset.filter(status=ReviewStatus.PENDING).order_by("pk"))
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for review in pending:
                try:
                    reject_review(review, by=request.user, reason=form.cleaned_data["reason"])
                    done += 1
                except DomainError as exc:
                    self.message_user(request, f"#{review.pk}: {exc.message}", messages.ERROR)
            self.message_user(
                request, str(_("已将 %(count)s 条人工审核设为不通过。")) % {"count": done}, messages.SUCCESS
            )
            return None
        # The intermediate page: the reason is required, so ask for it before changing anything.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("不通过人工审核"),
            "form": form,
            "decision": "reject",
            "items": pending,
            "queue_css": "identity/admin.css",
            "action": "reject_selected",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/identity/manualreview/decide.html", context)
