"""修改联系方式 in the office (manual §1.2.2 item 3): an applicant whose phone or e-mail is
wrong writes or calls; support staff check who they are and correct it through
``accounts.services.contacts.staff_change_contact`` (a reason, audited, both contacts told).

Requests arrive by e-mail or phone, not through the system, so this "queue" has nothing
waiting: staff find the account by its document number (sent by POST, so the number never
lands in a URL or a log, security.md §1.8) and the page lists the changes they made lately.
An account belongs to the province of its identity-card number, as a manual identity review
does; other documents are handled at the national level.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teacherreg.accounts.models import DocumentType, User, UserKind
from teacherreg.accounts.services.contacts import staff_change_contact
from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.common.fields import index_for
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.identity.services.review import review_province_code
from teacherreg.office.access_log import record_view
from teacherreg.office.queue_forms import ContactChangeForm, ContactLookupForm
from teacherreg.office.queues import CONTACT_DECIDERS
from teacherreg.office.views.queue_common import queue_view, reach_of
from teacherreg.registration.presentation import choice_label

contact_page = queue_view(CONTACT_DECIDERS, frozenset())
CHANGED = "account.contact_changed_by_staff"
RECENT = 20


def _account_in_reach(request: HttpRequest, account: User | None) -> User | None:
    if account is None or account.kind != UserKind.APPLICANT:
        return None
    return account if reach_of(request).decides.covers(review_province_code(account)) else None


@require_http_methods(["GET", "POST"])
@contact_page
def lookup(request: HttpRequest) -> HttpResponse:
    form = ContactLookupForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        number = form.cleaned_data["document_number"]
        found = User.objects.filter(document_number_index=index_for("document_number", number)).first()
        account = _account_in_reach(request, found)
        if account is not None:
            return redirect("office:queue_contact", pk=account.pk)
        # One answer for "no such account" and "not yours": a lookup tells nothing more.
        form.add_error("document_number", message_for("queue_contact_not_found"))
    recent = AuditEvent.objects.filter(action=CHANGED, actor=request.user).order_by("-occurred_at", "-pk")[:RECENT]
    return render(request, "office/queues/contacts.html", {"form": form, "recent": list(recent)})


def _account_or_404(request: HttpRequest, pk: int) -> User:
    account = _account_in_reach(request, User.objects.filter(pk=pk).first())
    if account is None:
        raise Http404
    return account


def _render(
    request: HttpRequest, account: User, form: ContactChangeForm | None = None, error: str = ""
) -> HttpResponse:
    record_view(request, account, "contacts")
    context = {
        "account": account,
        "document_type": choice_label(DocumentType, account.document_type),
        "document_number": mask("document_number", account.document_number),
        "phone": mask("phone", account.phone),
        "email": mask("email", account.email),
        "form": form or ContactChangeForm(),
        "error": error,
    }
    return render(request, "office/queues/contact_account.html", context)


@require_GET
@contact_page
def account(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _account_or_404(request, pk))


@require_POST
@contact_page
def change(request: HttpRequest, pk: int) -> HttpResponse:
    found = _account_or_404(request, pk)
    form = ContactChangeForm(request.POST)
    if not form.is_valid():
        return _render(request, found, form)
    try:
        staff_change_contact(
            found,
            by=request.user,
            reason=form.cleaned_data["reason"],
            new_phone=form.cleaned_data["new_phone"] or None,
            new_email=form.cleaned_data["new_email"] or None,
        )
    except DomainError as refusal:
        return _render(request, found, form, error=refusal.message)
    messages.success(request, message_for("queue_contact_changed", pk=found.pk))
    return redirect("office:queue_contacts")
