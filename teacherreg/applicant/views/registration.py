"""中小学教师资格定期注册 for the signed-in applicant (manual §3.1.1, §3.2; P1, P8, P17, P19).

The business platform with 须知 / 报名 / 查询报名信息, the 须知, the first screen of 报名
(网上报名时间查询 with the buttons), and the eligibility pre-check. Choosing a confirmation
point carries the agency and point forward in the session flow ``registration_choice``;
the seven steps (next slice) read it from there.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from teacherreg.applicant.views.centre import applicant_required
from teacherreg.common import session_flow as flow
from teacherreg.common.dates import today
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import ConfirmationArrangement
from teacherreg.registration.services.applications import newest_first, own_applications
from teacherreg.registration.services.precheck import BLOCKER, TODO, WARNING, precheck
from teacherreg.registration.services.windows import build_query, choose
from teacherreg.registration.workflow import applicant_view

CHOICE = "registration_choice"
# The choice lives as long as a working day: after that the windows may have moved.
CHOICE_MAX_AGE = 12 * 60 * 60

# Where a finding can be put right, when that is a page of ours.
FINDING_LINKS = {
    "precheck_identity_unverified": "applicant:identity:verify",
    "precheck_no_certificate": "applicant:certificates",
    "precheck_certificate_rejected": "applicant:certificates",
    "precheck_certificate_not_yours": "applicant:certificates",
    "registration_choice_unavailable": "applicant:registration_windows",
}
GROUPS = (
    (BLOCKER, _("不能报名"), "blockers"),
    (TODO, _("需要先完成"), "todos"),
    (WARNING, _("请注意"), "warnings"),
)


@applicant_required
def platform(request: HttpRequest) -> HttpResponse:
    """业务平台: the registration business (P1: 认定 is not handled here) and the applicant's
    applications (查询报名信息), newest first."""
    rows = [
        {
            "application": app,
            "certificate": mask("certificate_number", app.certificate_key),
            "view": applicant_view(app.status),
        }
        for app in newest_first(own_applications(request.user))
    ]
    choice = _choice_summary(request)
    return render(request, "applicant/registration/platform.html", {"rows": rows, "choice": choice})


@applicant_required
def notes(request: HttpRequest) -> HttpResponse:
    """须知: the national rules in our own words (P20)."""
    return render(request, "applicant/registration/notes.html")


@applicant_required
@require_http_methods(["GET", "POST"])
def windows(request: HttpRequest) -> HttpResponse:
    """报名, first screen: the window query; 定期注册报名 carries the chosen point onward."""
    day = today()
    params = request.POST if request.method == "POST" else request.GET
    query = build_query(params, day)
    error = ""
    chosen = None
    if request.method == "POST":
        raw = request.POST.get("arrangement", "")
        chosen = int(raw) if raw.isdigit() else None
        try:
            choice = choose(raw, day)
        except DomainError as exc:
            error = exc.message
        else:
            flow.put(request, CHOICE, choice.as_session(stage=query.filters.stage))
            return redirect("applicant:registration_precheck")
    context = {"query": query, "choosing": True, "error": error, "chosen": chosen}
    return render(request, "applicant/registration/windows.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def precheck_page(request: HttpRequest) -> HttpResponse:
    """资格预检: the findings grouped, the registration kind, and 继续 only without blockers."""
    choice = flow.get(request, CHOICE, max_age=CHOICE_MAX_AGE)
    agency = Organisation.objects.filter(pk=choice.get("agency")).first() if choice else None
    if choice is None or agency is None:
        messages.info(request, message_for("registration_choice_missing"))
        return redirect("applicant:registration_windows")
    arrangement = (
        ConfirmationArrangement.objects.select_related("point", "window").filter(pk=choice.get("arrangement")).first()
    )
    draft = {"current_stage": choice.get("stage", ""), "arrangement": choice.get("arrangement")}
    result = precheck(request.user, today(), agency=agency, draft=draft)
    if request.method == "POST" and result.can_continue:
        flow.update(request, CHOICE, max_age=CHOICE_MAX_AGE, precheck_passed_at=time.time())
        messages.success(request, message_for("precheck_passed"))
        # Straight on to the steps: the dispatcher starts the draft (or resumes one).
        return redirect("applicant:application_resume")
    groups = []
    for severity, title, slug in GROUPS:
        findings = [(f, _link(f.code)) for f in result.of(severity)]
        if findings:
            groups.append({"severity": severity, "title": title, "slug": slug, "findings": findings})
    context = {
        "result": result,
        "groups": groups,
        "agency": agency,
        "arrangement": arrangement,
        "certificate_number": (
            mask("certificate_number", result.certificate.number_as_printed) if result.certificate else ""
        ),
        "refused": request.method == "POST",
    }
    return render(request, "applicant/registration/precheck.html", context)


def _link(code: str) -> str:
    name = FINDING_LINKS.get(code)
    return reverse(name) if name else ""


def _choice_summary(request: HttpRequest) -> dict | None:
    """The agency and point chosen earlier in this session, for the platform page."""
    choice = flow.get(request, CHOICE, max_age=CHOICE_MAX_AGE)
    if not choice:
        return None
    arrangement = (
        ConfirmationArrangement.objects.select_related("point", "window__batch__agency")
        .filter(pk=choice.get("arrangement"))
        .first()
    )
    if arrangement is None:
        return None
    return {
        "agency": arrangement.window.batch.agency,
        "point": arrangement.point,
        "arrangement": arrangement,
        "passed": bool(choice.get("precheck_passed_at")),
    }
