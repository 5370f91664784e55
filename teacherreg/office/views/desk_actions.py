"""The desk's actions on one case: confirm, return for changes, leave a message.

Thin: the form checks shapes, one service call decides; a refusal shows the case page again
with the reason and with what the operator ticked or typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.office.desk_forms import ConfirmForm, ReturnForm, StaffMessageForm
from teacherreg.office.views.desk_case import render_case
from teacherreg.office.views.desk_common import case_or_404, desk_view, signing_point
from teacherreg.registration.services.confirmation import confirm_at_point, return_for_changes
from teacherreg.registration.services.materials import materials_for
from teacherreg.registration.services.messages import post_staff_message


@desk_view
@require_POST
def confirm(request: HttpRequest, number: str) -> HttpResponse:
    app = case_or_404(request, number)
    form = ConfirmForm(request.POST, materials=materials_for(app))
    if not form.is_valid():
        return render_case(request, app, confirm_form=form)
    try:
        confirm_at_point(
            app,
            by=request.user,
            organisation=signing_point(request, app),
            checked=form.cleaned_data["checked"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as refusal:
        return render_case(request, app, confirm_form=form, error=refusal.message)
    messages.success(request, message_for("desk_confirmed", number=app.number))
    # Back to the queue: the next applicant's code can be scanned straight away.
    return redirect("office:desk_queue")


@desk_view
@require_POST
def return_case(request: HttpRequest, number: str) -> HttpResponse:
    app = case_or_404(request, number)
    form = ReturnForm(request.POST, prefix="return")
    if not form.is_valid():
        return render_case(request, app, return_form=form)
    try:
        return_for_changes(
            app,
            by=request.user,
            organisation=signing_point(request, app),
            message=form.cleaned_data["message"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as refusal:
        return render_case(request, app, return_form=form, error=refusal.message)
    messages.success(request, message_for("desk_returned", number=app.number))
    return redirect("office:desk_queue")


@desk_view
@require_POST
def message(request: HttpRequest, number: str) -> HttpResponse:
    """留言 without changing the status: allowed outside the dates too (a lapsed case's
    applicant may still need to be told why)."""
    app = case_or_404(request, number)
    form = StaffMessageForm(request.POST, prefix="message")
    if not form.is_valid():
        return render_case(request, app, message_form=form)
    try:
        post_staff_message(
            app, author=request.user, organisation=signing_point(request, app), body=form.cleaned_data["body"]
        )
    except DomainError as refusal:
        return render_case(request, app, message_form=form, error=refusal.message)
    messages.success(request, message_for("desk_message_sent", number=app.number))
    return redirect("office:desk_case", number=app.number)
