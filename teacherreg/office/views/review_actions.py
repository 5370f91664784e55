"""The review actions on one case (issue 6 item 4). Thin: the form checks shapes, one service
call decides; a refusal shows the case page again with the reason and what was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.office.review_forms import ReviewMessageForm
from teacherreg.office.views.review_case import make_form, render_case
from teacherreg.office.views.review_common import (
    ROLE_OF_LEVEL,
    acting_organisation,
    case_or_404,
    city_view,
    county_view,
    province_view,
    review_view,
    signing_organisation,
)
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import Application, DecisionLevel, DecisionOutcome
from teacherreg.registration.services import review, review_notice
from teacherreg.registration.services.messages import post_staff_message
from teacherreg.registration.workflow import Status

L = DecisionLevel
Service = Callable[[Application, Any, Organisation | None], str]


def _act(request: HttpRequest, number: str, name: str, level: str, service: Service) -> HttpResponse:
    """Bind the action's form, run ``service`` (which returns the success message), and go back
    to the case page; a refusal keeps the form and shows why."""
    app = case_or_404(request, number, ROLE_OF_LEVEL[level])
    form: forms.Form | None = make_form(name, app, request.POST) if name else None
    if form is not None and not form.is_valid():
        return render_case(request, app, bound={name: form})
    try:
        done = service(app, form, acting_organisation(request, app, level))
    except DomainError as refusal:
        return render_case(request, app, bound={name: form} if form is not None else {}, error=refusal.message)
    messages.success(request, done)
    return redirect("office:review_case", number=app.number)


def _version(form: forms.Form) -> int | None:
    return form.cleaned_data.get("version")


def _level_label(app: Application) -> str:
    return {Status.CITY_REVIEW: L.CITY.label, Status.PROVINCE_REVIEW: L.PROVINCE.label}.get(app.status, "")


# --- 初审 -------------------------------------------------------------------------------------


@county_view
@require_POST
def propose(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        moved = review.propose(
            app,
            by=request.user,
            organisation=org,
            outcome=form.cleaned_data["outcome"],
            reasons=form.chosen_reasons(),
            note=form.cleaned_data["note"],
            expected_version=_version(form),
        )
        if moved.status == Status.COUNTY_REVIEW:
            return message_for("review_proposed_waiting", number=app.number)
        return message_for("review_proposed_moved", number=app.number, level=_level_label(moved))

    return _act(request, number, "propose", L.COUNTY, run)


@county_view
@require_POST
def undo_proposal(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        review.undo_proposal(app, by=request.user, organisation=org, note=form.cleaned_data["note"])
        return message_for("review_proposal_undone", number=app.number)

    return _act(request, number, "undo_proposal", L.COUNTY, run)


@county_view
@require_POST
def send_to_applicant(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        review.send_back_to_applicant(
            app, by=request.user, organisation=org, message=form.cleaned_data["note"], expected_version=_version(form)
        )
        return message_for("review_sent_to_applicant", number=app.number)

    return _act(request, number, "send_to_applicant", L.COUNTY, run)


@county_view
@require_POST
def start_notice(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        review_notice.start_notice(app, by=request.user, organisation=org, starts_on=form.cleaned_data["starts_on"])
        return message_for("review_notice_done", done=1, refused=0)

    return _act(request, number, "start_notice", L.COUNTY, run)


@county_view
@require_POST
def end_notice(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        moved = review_notice.end_notice(app, by=request.user, organisation=org)
        return message_for("review_notice_ended", number=app.number, level=_level_label(moved))

    return _act(request, number, "", L.COUNTY, run)


@county_view
@require_POST
def withdraw_notice(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        review_notice.withdraw_notice(app, by=request.user, organisation=org, note=form.cleaned_data["note"])
        return message_for("review_notice_withdrawn", number=app.number)

    return _act(request, number, "withdraw_notice", L.COUNTY, run)


# --- 复核 -------------------------------------------------------------------------------------


@city_view
@require_POST
def city_agree(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        review.city_agree(
            app, by=request.user, organisation=org, note=form.cleaned_data["note"], expected_version=_version(form)
        )
        return message_for("review_city_agreed", number=app.number)

    return _act(request, number, "city_agree", L.CITY, run)


@city_view
@require_POST
def city_send_back(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        review.city_send_back(
            app, by=request.user, organisation=org, note=form.cleaned_data["note"], expected_version=_version(form)
        )
        return message_for("review_sent_back", number=app.number, level=L.COUNTY.label)

    return _act(request, number, "city_send_back", L.CITY, run)


# --- 终审 -------------------------------------------------------------------------------------


@province_view
@require_POST
def decide(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        outcome = form.cleaned_data["outcome"]
        review.decide(
            app,
            by=request.user,
            organisation=org,
            outcome=outcome,
            reasons=form.chosen_reasons(),
            note=form.cleaned_data["note"],
            expected_version=_version(form),
        )
        return message_for("review_decided", number=app.number, label=DecisionOutcome(outcome).label)

    return _act(request, number, "decide", L.PROVINCE, run)


@province_view
@require_POST
def province_send_back(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        moved = review.province_send_back(
            app, by=request.user, organisation=org, note=form.cleaned_data["note"], expected_version=_version(form)
        )
        level = L.CITY.label if moved.status == Status.CITY_REVIEW else L.COUNTY.label
        return message_for("review_sent_back", number=app.number, level=level)

    return _act(request, number, "province_send_back", L.PROVINCE, run)


@province_view
@require_POST
def undo(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        review.undo_conclusion(
            app, by=request.user, organisation=org, note=form.cleaned_data["note"], expected_version=_version(form)
        )
        return message_for("review_undone", number=app.number)

    return _act(request, number, "undo", L.PROVINCE, run)


@province_view
@require_POST
def revoke(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        review.revoke_registration(
            app,
            by=request.user,
            organisation=org,
            reasons=form.cleaned_data["reasons"],
            note=form.cleaned_data["note"],
            expected_version=_version(form),
        )
        return message_for("review_revoked", number=app.number)

    return _act(request, number, "revoke", L.PROVINCE, run)


@province_view
@require_POST
def undo_revocation(request: HttpRequest, number: str) -> HttpResponse:
    def run(app: Application, form: Any, org: Organisation | None) -> str:
        review.undo_revocation(
            app, by=request.user, organisation=org, note=form.cleaned_data["note"], expected_version=_version(form)
        )
        return message_for("review_revocation_undone", number=app.number)

    return _act(request, number, "undo_revocation", L.PROVINCE, run)


# --- 留言 -------------------------------------------------------------------------------------


@review_view
@require_POST
def message(request: HttpRequest, number: str) -> HttpResponse:
    """留言 signed by the member's organisation acting on the case, whatever its status."""
    app = case_or_404(request, number)
    form = ReviewMessageForm(request.POST, prefix="message")
    if not form.is_valid():
        return render_case(request, app, bound={"message": form})
    organisation = signing_organisation(request, app)
    try:
        if organisation is None:
            raise DomainError("review_not_this_agency", level=_level_label(app) or L.COUNTY.label)
        post_staff_message(app, author=request.user, organisation=organisation, body=form.cleaned_data["body"])
    except DomainError as refusal:
        return render_case(request, app, bound={"message": form}, error=refusal.message)
    messages.success(request, message_for("desk_message_sent", number=app.number))
    return redirect("office:review_case", number=app.number)
