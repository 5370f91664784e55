"""The public side: 邮件咨询 as a form (/help/contact/) and 电话咨询 / 各省份认定联系方式
(/help/contacts/). Anyone may write; without signing in the captcha comes first (P11)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from teacherreg.accounts.models import UserKind
from teacherreg.common.masking import mask
from teacherreg.common.session_flow import client_ip
from teacherreg.support import conf, directory
from teacherreg.support.forms import AnonymousTicketForm, ContactSearchForm, SignedInTicketForm, TicketForm
from teacherreg.support.messages import SupportError, support_message
from teacherreg.support.models import Ticket
from teacherreg.support.services import open_ticket

# The ticket an anonymous sender just opened, for the page that shows its number.
SENT_KEY = "support_sent_ticket"


def _applicant(request: HttpRequest):
    user = request.user
    return user if user.is_authenticated and user.kind == UserKind.APPLICANT else None


@never_cache
@sensitive_post_parameters("document_number", "phone")
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    applicant = _applicant(request)
    posted = request.method == "POST"
    data, files = (request.POST, request.FILES) if posted else (None, None)
    form: TicketForm
    if applicant is not None:
        form = SignedInTicketForm(data, files, user=applicant)
    else:
        form = AnonymousTicketForm(data, files, request=request, captcha_purpose="support")
    error = ""
    if posted and form.is_valid():
        values = form.cleaned_data
        try:
            ticket = open_ticket(
                user=applicant,
                subject=values["subject"],
                topic=values["topic"],
                description=values["description"],
                document_type=values.get("document_type", ""),
                document_number=values.get("document_number", ""),
                phone=values["phone"],
                screenshots=form.images,
                ip=client_ip(request) or None,
            )
        except SupportError as refusal:
            error = refusal.message
        else:
            if applicant is not None:
                messages.success(request, support_message("support_sent", number=ticket.number))
                return redirect("support:my_ticket", pk=ticket.pk)
            request.session[SENT_KEY] = ticket.pk
            return redirect("support:sent")
    context = {
        "form": form,
        "error": error,
        "applicant": applicant,
        "document_masked": mask("document_number", applicant.document_number) if applicant else "",
        "support_email": conf.support_email(),
        # A browser never refills a file input: say so when the form comes back with files chosen.
        "reselect": posted and bool(request.FILES) and bool(error or form.errors),
    }
    return render(request, "support/contact.html", context)


@never_cache
@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    ticket = Ticket.objects.filter(pk=request.session.get(SENT_KEY) or 0).first()
    if ticket is None:
        return redirect("support:contact")
    context = {"ticket": ticket, "phone_masked": mask("phone", ticket.phone)}
    return render(request, "support/sent.html", context)


@require_GET
def contacts(request: HttpRequest) -> HttpResponse:
    provinces = directory.province_choices()
    form = ContactSearchForm(request.GET or None, provinces=provinces)
    values = form.cleaned_data if form.is_bound and form.is_valid() else {}
    q, province = (values.get("q") or "").strip(), values.get("province") or ""
    groups, cut = directory.find(q=q, province=province)
    context = {
        "form": form,
        "groups": groups,
        "cut": cut,
        "limit": directory.SEARCH_LIMIT,
        "searching": bool(q or province),
        "operator": settings.TEACHERREG_OPERATOR,
        "support_email": conf.support_email(),
    }
    return render(request, "support/contacts.html", context)
