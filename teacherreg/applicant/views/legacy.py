"""P7: a legacy (pre-2019-03-01) account taken over by a new sign-up after the phone passed
its SMS code and the person passes real-name verification against the legacy account."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.accounts.models import IdentityStatus, User
from teacherreg.accounts.services.signup import take_over_legacy
from teacherreg.common import session_flow as flow
from teacherreg.common.forms import StyledForm
from teacherreg.common.masking import mask
from teacherreg.reference.models import CodeItem

FLOW = "legacy_takeover"
FLOW_AGE = 30 * 60


class TakeoverForm(StyledForm, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("姓名（与身份证件一致）"),
        max_length=60,
        error_messages={"required": gettext_lazy("请填写姓名。")},
    )


@never_cache
def takeover(request: HttpRequest) -> HttpResponse:
    state = flow.get(request, FLOW, max_age=FLOW_AGE)
    if state is None:
        messages.warning(request, _("请重新开始注册。"))
        return redirect("accounts:sign_up")
    legacy = User.objects.filter(Q(is_legacy=True) | Q(opened_by_office=True), pk=state["user_id"]).first()
    if legacy is None:
        flow.drop(request, FLOW)
        return redirect("accounts:login")
    form = TakeoverForm(request.POST or None, initial={"name": state["name"]})
    outcome = None
    if request.method == "POST" and form.is_valid():
        from teacherreg.identity.services import verify_identity

        name = form.cleaned_data["name"]
        if legacy.identity_status == IdentityStatus.VERIFIED:
            # Already verified (an agency checked the ID card at its counter for 后台采集, or
            # an earlier check): the registry would only be asked the same question again,
            # and it refuses a second check of a verified name.
            verified = name == legacy.name
            if not verified:
                form.add_error("name", _("姓名与该证件号码已核验的姓名不一致。"))
        else:
            outcome = verify_identity(legacy, name=name)
            legacy.refresh_from_db()
            verified = outcome.verified
        if verified:
            user = take_over_legacy(
                legacy,
                password_hash=state["password_hash"],
                phone=state["phone"],
                email=state["email"],
                ethnic_group=CodeItem.objects.filter(pk=state.get("ethnic_group_id")).first(),
                verified_name=legacy.name,
                ip=flow.client_ip(request),
            )
            flow.drop(request, FLOW)
            login(request, user, backend=APPLICANT_BACKEND)
            request.session["previous_login"] = ""
            messages.success(request, _("实名核验通过，旧账号已由本次注册接管，原有证书和记录均已保留。"))
            return redirect("applicant:centre")
    context = {
        "form": form,
        "outcome": outcome,
        "document_masked": mask("document_number", legacy.document_number),
        "opened_by_office": legacy.opened_by_office,
    }
    return render(request, "accounts/legacy_takeover.html", context)
