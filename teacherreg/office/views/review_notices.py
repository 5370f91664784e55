"""公示管理 for the county (issue 6 item 4): proposals waiting to be published, the cases on
the public list now, and those whose notice is over and may go up to 复核 (the nightly job
does that too). Publishing is a batch: an agency posts one list with one start date."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from teacherreg.accounts.models import StaffRole
from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.office.access_log import record_view
from teacherreg.office.desk_forms import parse_selection
from teacherreg.office.review_forms import NoticeStartForm
from teacherreg.office.views.review_common import county_view, level_organisations, review_cases
from teacherreg.office.views.review_queue import annotated
from teacherreg.registration.models import Application, DecisionLevel
from teacherreg.registration.services import review_notice
from teacherreg.registration.services.review_state import CONCLUSIONS
from teacherreg.registration.workflow import Status

COUNTY = StaffRole.COUNTY_REVIEWER
LIST_LIMIT = 200  # one agency's notice in one year is rarely longer; the queue pages the rest


def _county_cases(request: HttpRequest) -> QuerySet[Application]:
    # An agency publishes its own list: only the cases whose agency the member's role is at.
    agencies = [org.pk for org in level_organisations(request, DecisionLevel.COUNTY)]
    return review_cases(request, COUNTY).filter(agency__in=agencies)


def _lists(request: HttpRequest) -> dict[str, list[Application]]:
    today = timezone.localdate()
    cases = _county_cases(request).select_related("current_stage", "current_subject", "agency")
    waiting = (
        annotated(cases.filter(status=Status.COUNTY_REVIEW))
        .filter(last_level=DecisionLevel.COUNTY, last_outcome__in=CONCLUSIONS)
        .order_by("number")
    )
    on_notice = annotated(cases.filter(status=Status.PUBLIC_NOTICE)).annotate(
        objection_count=Count("objections"), unread_objections=Count("objections", filter=Q(objections__read_at=None))
    )
    return {
        "waiting": list(waiting[:LIST_LIMIT]),
        "running": list(on_notice.filter(notice_ends_on__gte=today).order_by("notice_ends_on", "number")[:LIST_LIMIT]),
        "over": list(on_notice.filter(notice_ends_on__lt=today).order_by("notice_ends_on", "number")[:LIST_LIMIT]),
    }


def _render(
    request: HttpRequest, *, form: NoticeStartForm | None = None, error: str = "", outcomes=None
) -> HttpResponse:
    lists = _lists(request)
    agencies = level_organisations(request, DecisionLevel.COUNTY)
    if any(lists.values()) and agencies:
        record_view(request, agencies[0], "notice_list")
    context = {
        **lists,
        "form": form or NoticeStartForm(prefix="notice", initial={"starts_on": timezone.localdate()}),
        "error": error,
        "outcomes": outcomes or [],
        "agencies": agencies,
        "selected": {number for number, _v in parse_selection(request.POST.getlist("selected"))},
        "today": timezone.localdate(),
    }
    return render(request, "office/review/notices.html", context)


@county_view
def notices(request: HttpRequest) -> HttpResponse:
    return _render(request)


@county_view
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Publish the ticked proposals from one start date; a result per case."""
    form = NoticeStartForm(request.POST, prefix="notice")
    if not form.is_valid():
        return _render(request, form=form)
    try:
        outcomes = review_notice.start_notices(
            parse_selection(request.POST.getlist("selected")),
            candidates=_county_cases(request),
            by=request.user,
            organisations=level_organisations(request, DecisionLevel.COUNTY),
            starts_on=form.cleaned_data["starts_on"],
        )
    except DomainError as refusal:
        return _render(request, form=form, error=refusal.message)
    done = sum(1 for outcome in outcomes if outcome.done)
    refused = [outcome for outcome in outcomes if not outcome.done]
    messages.success(request, message_for("review_notice_done", done=done, refused=len(refused)))
    if refused:
        return _render(request, outcomes=refused)
    return redirect("office:review_notices")
