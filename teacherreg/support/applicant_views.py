"""我的咨询 in the personal centre (/me/support/): the applicant's tickets, the replies, a
follow-up, and their own screenshots."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from teacherreg.accounts.models import UserKind
from teacherreg.common.masking import mask
from teacherreg.documents.serving import private_bytes
from teacherreg.documents.storage import private_storage
from teacherreg.support.forms import FollowUpForm
from teacherreg.support.messages import SupportError, support_message
from teacherreg.support.models import Ticket
from teacherreg.support.services import follow_up, tickets_of

View = Callable[..., HttpResponse]


def applicant_only(view: View) -> View:
    """Signed-in applicants; staff have the office and get a 404 here."""

    @wraps(view)
    @login_required
    @never_cache
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.kind != UserKind.APPLICANT:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _mine_or_404(request: HttpRequest, pk: int) -> Ticket:
    ticket = tickets_of(request.user).filter(pk=pk).first()
    if ticket is None:
        raise Http404
    return ticket


@require_GET
@applicant_only
def my_tickets(request: HttpRequest) -> HttpResponse:
    tickets = tickets_of(request.user).order_by("-updated_at", "-pk")
    return render(request, "support/my_tickets.html", {"tickets": tickets})


def _render(request: HttpRequest, ticket: Ticket, form: FollowUpForm | None = None, error: str = "") -> HttpResponse:
    context = {
        "ticket": ticket,
        "replies": ticket.replies.select_related("author_organisation"),
        "screenshots": list(ticket.screenshots.all()),
        "document_masked": mask("document_number", ticket.document_number),
        "phone_masked": mask("phone", ticket.phone),
        "form": form or FollowUpForm(),
        "error": error,
    }
    return render(request, "support/my_ticket.html", context)


@require_GET
@applicant_only
def my_ticket(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _mine_or_404(request, pk))


@require_POST
@applicant_only
def my_ticket_reply(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = _mine_or_404(request, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _render(request, ticket, form)
    try:
        follow_up(ticket, by=request.user, body=form.cleaned_data["body"])
    except SupportError as refusal:
        return _render(request, ticket, form, refusal.message)
    messages.success(request, support_message("support_follow_up_sent"))
    return redirect("support:my_ticket", pk=ticket.pk)


@require_GET
@applicant_only
def my_screenshot(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    shot = _mine_or_404(request, pk).screenshots.filter(position=position).first()
    if shot is None or not private_storage.exists(shot.file.name):
        raise Http404
    # Read whole (a screenshot is at most 2 MB) so the file is closed here, not when the client is done.
    with private_storage.open(shot.file.name, "rb") as handle:
        data = handle.read()
    return private_bytes(data, content_type="image/jpeg", filename=f"support-{pk}-{position}.jpg", attachment=False)
