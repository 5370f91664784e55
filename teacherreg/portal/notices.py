"""公示 for the public (issue 6 item 4): each agency's list of proposed conclusions under notice,
names masked by the one mask function, and a form to object to one case. The objection goes to
that agency only (registration.services.review_notice.file_objection)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from teacherreg.accounts.validation import validate_mobile
from teacherreg.captcha.forms import CaptchaFormMixin
from teacherreg.common.dates import today
from teacherreg.common.errors import DomainError
from teacherreg.common.forms import StyledForm
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.common.session_flow import client_ip
from teacherreg.organisations.models import AGENCY_LEVELS, Organisation
from teacherreg.registration.models import Application, DecisionOutcome
from teacherreg.registration.services.review_notice import (
    MAX_OBJECTION,
    agencies_with_notices,
    file_objection,
    public_list,
)


class ObjectionForm(StyledForm, CaptchaFormMixin, forms.Form):
    body = forms.CharField(
        label=_("异议内容"),
        max_length=MAX_OBJECTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("请写明具体事实和依据，最多 1000 字。"),
        error_messages={"required": _("请填写异议内容。"), "max_length": _("异议内容不能超过 1000 个字。")},
    )
    contact_name = forms.CharField(label=_("联系人（可不填）"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话（可不填）"),
        max_length=20,
        required=False,
        help_text=_("只给注册机构核实情况时使用，不会告诉被公示人。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data.get("contact_phone", "").strip()
        return validate_mobile(phone) if phone else ""


def _agency_or_404(pk: int) -> Organisation:
    agency = Organisation.objects.filter(pk=pk, level__in=AGENCY_LEVELS, is_active=True).first()
    if agency is None:
        raise Http404
    return agency


def _row(app: Application) -> dict:
    proposal = getattr(app, "proposal", "")
    return {
        "number": app.number,
        "name": mask("name", app.name),
        "school": app.current_school,
        "stage": app.current_stage,
        "subject": app.current_subject,
        "proposal": DecisionOutcome(proposal).label if proposal in DecisionOutcome.values else "",
        "starts_on": app.notice_starts_on,
        "ends_on": app.notice_ends_on,
    }


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/notices/index.html", {"agencies": list(agencies_with_notices(today()))})


def agency(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _agency_or_404(pk)
    rows = [_row(app) for app in public_list(organisation, today())]
    return render(request, "portal/notices/agency.html", {"agency": organisation, "rows": rows})


@never_cache
@sensitive_post_parameters("contact_phone")
def objection(request: HttpRequest, pk: int, number: str) -> HttpResponse:
    organisation = _agency_or_404(pk)
    application = next((app for app in public_list(organisation, today()) if app.number == number), None)
    if application is None:
        raise Http404
    # A public form that reaches an agency: the captcha (P11) keeps robots out before the
    # per-address limit of file_objection counts anything.
    form = ObjectionForm(request.POST or None, request=request, captcha_purpose="objection")
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            file_objection(
                organisation,
                number,
                ip=client_ip(request) or None,
                body=data["body"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
            )
        except DomainError as refusal:
            error = refusal.message
        else:
            messages.success(request, message_for("review_objection_received", agency=organisation.name))
            return redirect("notices:agency", pk=organisation.pk)
    context = {"agency": organisation, "row": _row(application), "form": form, "error": error}
    return render(request, "portal/notices/objection.html", context)
