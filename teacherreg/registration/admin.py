"""Plans, windows and applications, read-only. Plans and windows are edited in the office
(/office/plans/), where ``registration.services.plan_rules`` holds them to the plan's dates and
the applications already made; statuses change only through ``registration.services``
(style.md lesson 2)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from teacherreg.audit.admin import PersonalDataViewAuditMixin
from teacherreg.common.admin_queues import ReadOnlyAdminMixin
from teacherreg.common.errors import DomainError
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
from teacherreg.registration.services.messages import acting_organisations, handled_by, post_staff_message


class BatchInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AgencyBatch
    extra = 0
    autocomplete_fields = ("agency",)


@admin.register(ProvincialPlan)
class ProvincialPlanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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


class WindowInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ApplicationWindow
    extra = 0


@admin.register(AgencyBatch)
class AgencyBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("agency", "plan", "takes_part", "is_open")
    list_filter = ("takes_part", "is_open", "plan__year")
    search_fields = ("agency__name",)
    inlines = (WindowInline,)


class ArrangementInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ConfirmationArrangement
    extra = 0
    autocomplete_fields = ("point",)


@admin.register(ApplicationWindow)
class ApplicationWindowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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
class ApplicationAdmin(ReadOnlyAdminMixin, PersonalDataViewAuditMixin, admin.ModelAdmin):
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


# --- 留言 from staff (until the office issue) ---------------------------------------------------


class StaffMessageForm(forms.ModelForm):
    """A staff member writes on an application in the name of one of their organisations; the
    applicant sees that organisation, never the person (domain.md §3.4)."""

    class Meta:
        model = Message
        fields = ["application", "author_organisation", "body"]
        labels = {"author_organisation": _("以哪个机构的名义留言")}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["author_organisation"]
        field.required = True
        if user is not None and not user.is_superuser:
            field.queryset = field.queryset.filter(memberships__user=user, memberships__is_active=True).distinct()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        application, organisation = data.get("application"), data.get("author_organisation")
        if application is None or organisation is None:
            return data  # the field errors already say what is missing
        if organisation.pk not in acting_organisations(application):
            self.add_error("author_organisation", DomainError("app_message_staff_org_not_acting").message)
        return data


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Post a message to an application; it goes through ``post_staff_message`` so it is
    audited and the applicant is notified. Messages are never edited or deleted."""

    form = StaffMessageForm
    list_display = ("created_at", "application", "kind", "author_organisation", "from_applicant", "read_at")
    list_filter = ("kind", "from_applicant")
    search_fields = ("application__number",)
    raw_id_fields = ("application",)
    list_select_related = ("application", "author_organisation")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class WithUser(form):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kw: Any) -> None:
                super().__init__(*args, user=user, **kw)

        return WithUser

    def get_queryset(self, request: HttpRequest) -> QuerySet[Message]:
        """Staff read the messages of the cases their organisations act on, nothing else."""
        messages = super().get_queryset(request)
        if request.user.is_superuser:
            return messages
        mine = request.user.memberships.filter(is_active=True).values("organisation")
        handled = Application.objects.filter(handled_by(mine)).values("pk")
        return messages.filter(application__in=handled)

    def save_model(self, request: HttpRequest, obj: Message, form: Any, change: bool) -> None:
        if change:
            return
        message = post_staff_message(
            obj.application,
            author=request.user,
            organisation=form.cleaned_data["author_organisation"],
            body=form.cleaned_data["body"],
        )
        # The admin logs and redirects with ``obj``: make it the row the service wrote.
        obj.pk, obj.created_at, obj.author = message.pk, message.created_at, message.author
        obj._state.adding = False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
