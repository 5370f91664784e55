"""人工审核 in the office (manual §2.1 items 4–5; P6, P9, P10): the queue with the 7-working-day
clock, one review with the two ID-card photos, and the verdict through
``identity.services.approve_review`` / ``reject_review``.

The document number stays masked (security.md §2.5); the reviewer compares the name and the
photos, whose number shows the digits that matter. Opening a review or a photo is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from teacherreg.accounts.models import DocumentType
from teacherreg.common.dates import today as shanghai_today
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.identity.models import ManualReview, ReviewStatus
from teacherreg.identity.services import approve_review, reject_review
from teacherreg.office.access_log import record_view
from teacherreg.office.queue_forms import ApproveForm, IdentityFilterForm, RefusalForm
from teacherreg.office.queues import IDENTITY_DECIDERS, identity_reviews
from teacherreg.office.views.queue_common import (
    Clock,
    by_code_province,
    by_state,
    clocks,
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

identity_page = queue_view(IDENTITY_DECIDERS)
identity_verdict = queue_view(IDENTITY_DECIDERS, frozenset())
REFUSAL_HELP = _(
    "申请人会在实名核验页面和通知中看到这段话，请写明问题和处理办法，例如“证件照片反光，看不清号码，请重新拍摄”。"
)
SIDES = {"front": _("证件正面（人像面）"), "back": _("证件反面（国徽面）")}


@dataclass(frozen=True)
class Row:
    review: ManualReview
    document_number: str  # masked
    document_type: str
    clock: Clock | None  # pending reviews only


@require_GET
@identity_page
def queue(request: HttpRequest) -> HttpResponse:
    reach = reach_of(request)
    form = IdentityFilterForm(
        request.GET or None,
        states=list(ReviewStatus.choices),
        waiting=ReviewStatus.PENDING,
        provinces=province_choices(reach.sees),
    )
    values = read_filters(request, form)
    today = shanghai_today()
    rows = by_state(identity_reviews(reach.sees), "status", values["state"])
    rows = by_code_province(rows, values.get("province"))
    if values["document_type"]:
        rows = rows.filter(document_type=values["document_type"])
    if values["overdue"]:
        rows = rows.filter(status=ReviewStatus.PENDING, due_by__lt=today)
    rows = waiting_first(rows.select_related("user"), "status", ReviewStatus.PENDING, "submitted_at", "pk")
    page = page_of(request, rows)
    found = clocks(((review.pk, review.due_by) for review in page.object_list if review.is_pending), today)
    record_list_view(request, page, "queue_identity")
    context = {
        "form": form,
        "page": page,
        "rows": [
            Row(
                review,
                mask("document_number", review.user.document_number),
                choice_label(DocumentType, review.document_type),
                found.get(review.pk),
            )
            for review in page.object_list
        ],
    }
    return render(request, "office/queues/identity_list.html", context)


def _review_or_404(request: HttpRequest, pk: int, *, deciding: bool = False) -> ManualReview:
    reach = reach_of(request)
    rows = identity_reviews(reach.decides if deciding else reach.sees)
    try:
        return rows.select_related("user", "reviewer").get(pk=pk)
    except ManualReview.DoesNotExist:
        raise Http404 from None


def _photo(review: ManualReview, side: str):
    return review.front_photo if side == "front" else review.back_photo


def _render(
    request: HttpRequest,
    review: ManualReview,
    *,
    approve_form: ApproveForm | None = None,
    refusal_form: RefusalForm | None = None,
    error: str = "",
) -> HttpResponse:
    """The review page; a refused verdict shows it again with what the reviewer typed."""
    today = shanghai_today()
    clock = clocks([(review.pk, review.due_by)], today).get(review.pk) if review.is_pending else None
    earlier = (
        ManualReview.objects.filter(user_id=review.user_id, submitted_at__lt=review.submitted_at)
        .exclude(pk=review.pk)
        .order_by("-submitted_at")[:5]
    )
    record_view(request, review, "identity_review")
    context = {
        "review": review,
        "account": review.user,
        "document_number": mask("document_number", review.user.document_number),
        "document_type": choice_label(DocumentType, review.document_type),
        "account_status": review.user.get_identity_status_display(),
        "name_differs": review.submitted_name != review.user.name,
        "clock": clock,
        "sides": [(side, label, bool(_photo(review, side).name)) for side, label in SIDES.items()],
        "earlier": list(earlier),
        "can_decide": review.is_pending and reach_of(request).decides.covers(review.province_code),
        "approve_form": approve_form or ApproveForm(prefix="approve"),
        "refusal_form": refusal_form or RefusalForm(prefix="refuse", help_text=REFUSAL_HELP),
        "error": error,
    }
    return render(request, "office/queues/identity_item.html", context)


@require_GET
@identity_page
def item(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _review_or_404(request, pk))


@require_GET
@identity_page
def photo(request: HttpRequest, pk: int, side: str) -> HttpResponse:
    if side not in SIDES:
        raise Http404
    review = _review_or_404(request, pk)
    field = _photo(review, side)
    if not field.name:
        raise Http404  # deleted after the retention period
    response = private_image(field.name, filename=f"identity-review-{review.pk}-{side}.jpg")
    # Recorded once the file is known to be there (private_image answers 404 otherwise).
    record_view(request, review, f"identity_photo_{side}")
    return response


@require_POST
@identity_verdict
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk, deciding=True)
    form = ApproveForm(request.POST, prefix="approve")
    if not form.is_valid():
        return _render(request, review, approve_form=form)
    try:
        approve_review(review, by=request.user, note=form.cleaned_data["note"])
    except DomainError as refusal:
        return _render(request, _review_or_404(request, pk), approve_form=form, error=refusal.message)
    messages.success(request, message_for("queue_identity_approved", pk=review.pk))
    return redirect("office:queue_identity")


@require_POST
@identity_verdict
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk, deciding=True)
    form = RefusalForm(request.POST, prefix="refuse", help_text=REFUSAL_HELP)
    if not form.is_valid():
        return _render(request, review, refusal_form=form)
    try:
        reject_review(review, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as refusal:
        return _render(request, _review_or_404(request, pk), refusal_form=form, error=refusal.message)
    messages.success(request, message_for("queue_identity_rejected", pk=review.pk))
    return redirect("office:queue_identity")
