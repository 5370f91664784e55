"""咨询工单 in the office (/office/support/): the queue of the member's provinces, one ticket
with its conversation, the reply, close and reopen.

Personal data stays masked (security.md §2.5); opening a ticket, a list page or a screenshot
writes an access event (``office.access_log``). A ticket of another province is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from teacherreg.accounts.models import DocumentType, User, UserKind
from teacherreg.common.fields import index_for
from teacherreg.common.masking import mask
from teacherreg.identity.services.review import review_province_code
from teacherreg.office.access_log import record_view
from teacherreg.office.queue_reach import queue_reach
from teacherreg.office.queues import CONTACT_DECIDERS
from teacherreg.office.views.queue_common import (
    by_code_province,
    by_state,
    page_of,
    private_image,
    province_choices,
    queue_view,
    reach_of,
    read_filters,
    record_list_view,
    waiting_first,
)
from teacherreg.registration.presentation import choice_label
from teacherreg.support.forms import StaffReplyForm, TicketFilterForm
from teacherreg.support.messages import SupportError, support_message
from teacherreg.support.models import Ticket, TicketStatus, TicketTopic
from teacherreg.support.reach import SUPPORT_ROLES, acting_organisation, tickets_in
from teacherreg.support.services import close_ticket, reopen_ticket, reply_as_staff

support_page = queue_view(SUPPORT_ROLES, frozenset())


@require_GET
@support_page
def queue(request: HttpRequest) -> HttpResponse:
    reach = reach_of(request)
    form = TicketFilterForm(
        request.GET or None,
        states=list(TicketStatus.choices),
        waiting=TicketStatus.OPEN,
        provinces=province_choices(reach.sees),
    )
    values = read_filters(request, form)
    rows = by_state(tickets_in(reach.sees), "status", values["state"])
    rows = by_code_province(rows, values.get("province"))
    if values.get("topic"):
        rows = rows.filter(topic=values["topic"])
    if values.get("number"):
        rows = rows.filter(pk=values["number"])
    # Waiting first, longest waiting first: first come, first served.
    page = page_of(request, waiting_first(rows, "status", TicketStatus.OPEN, "updated_at", "pk"))
    record_list_view(request, page, "support_queue")
    return render(request, "support/office/queue.html", {"form": form, "page": page})


def _ticket_or_404(request: HttpRequest, pk: int) -> Ticket:
    ticket = tickets_in(reach_of(request).sees).select_related("user").filter(pk=pk).first()
    if ticket is None:
        raise Http404
    return ticket


def _contact_change_url(request: HttpRequest, ticket: Ticket) -> str:
    """Where a 修改联系方式 request is done, for those who may do it: the account's page when
    the account is found in their reach, else the lookup by document number."""
    scope = request.scope  # type: ignore[attr-defined]
    if ticket.topic != TicketTopic.CONTACT_CHANGE or not scope.has_role(*CONTACT_DECIDERS):
        return ""
    account = ticket.user or (
        User.objects.filter(
            kind=UserKind.APPLICANT,
            document_number_index=index_for("document_number", ticket.document_number),
        ).first()
    )
    reach = queue_reach(scope, deciders=CONTACT_DECIDERS).decides
    if account is not None and reach.covers(review_province_code(account)):
        return reverse("office:queue_contact", kwargs={"pk": account.pk})
    return reverse("office:queue_contacts")


def _render(request: HttpRequest, ticket: Ticket, form: StaffReplyForm | None = None, error: str = "") -> HttpResponse:
    record_view(request, ticket, "support_ticket")
    context = {
        "ticket": ticket,
        "document_type": choice_label(DocumentType, ticket.document_type),
        "document_number": mask("document_number", ticket.document_number),
        "phone": mask("phone", ticket.phone),
        "account_name": mask("name", ticket.user.name) if ticket.user else "",
        "replies": ticket.replies.select_related("author_organisation"),
        "screenshots": list(ticket.screenshots.all()),
        "contact_change_url": _contact_change_url(request, ticket),
        "form": form or StaffReplyForm(),
        "error": error,
    }
    return render(request, "support/office/ticket.html", context)


@require_GET
@support_page
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _ticket_or_404(request, pk))


@require_GET
@support_page
def screenshot(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    found = _ticket_or_404(request, pk)
    shot = found.screenshots.filter(position=position).first()
    if shot is None:
        raise Http404
    response = private_image(shot.file.name, filename=f"support-{found.pk}-{position}.jpg")
    record_view(request, found, f"support_screenshot_{position}")
    return response


@require_POST
@support_page
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = _ticket_or_404(request, pk)
    form = StaffReplyForm(request.POST)
    if not form.is_valid():
        return _render(request, found, form)
    organisation = acting_organisation(request.scope, found)  # type: ignore[attr-defined]
    try:
        reply_as_staff(found, by=request.user, organisation=organisation, body=form.cleaned_data["body"])
    except SupportError as refusal:
        return _render(request, _ticket_or_404(request, pk), form, refusal.message)
    messages.success(request, support_message("support_reply_sent"))
    return redirect("office:support_ticket", pk=found.pk)


def _change(request: HttpRequest, pk: int, action) -> HttpResponse:
    found = _ticket_or_404(request, pk)
    organisation = acting_organisation(request.scope, found)  # type: ignore[attr-defined]
    try:
        changed = action(found, by=request.user, organisation=organisation)
    except SupportError as refusal:
        return _render(request, found, error=refusal.message)
    code = "support_ticket_closed" if changed.is_closed else "support_ticket_reopened"
    messages.success(request, support_message(code, number=changed.number))
    return redirect("office:support_ticket", pk=found.pk)


@require_POST
@support_page
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, close_ticket)


@require_POST
@support_page
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, reopen_ticket)
