"""新增毕业学校 in the office (issue 4 item 6): schools applicants added because the directory
lacked them. A province administrator verifies one (everyone may then pick it), rejects it
with a reason (``reference.services.decide_school_proposal``), or merges it into the school
it duplicates (``merge_graduation_schools``: every record pointing at it moves over)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.office.access_log import record_view
from teacherreg.office.queue_forms import MergeForm, RefusalForm, SchoolFilterForm, SchoolSearchForm
from teacherreg.office.queue_reach import ProvinceReach
from teacherreg.office.queues import SCHOOL_DECIDERS, proposed_schools
from teacherreg.office.views.queue_common import (
    by_region_province,
    by_state,
    page_of,
    province_choices,
    queue_view,
    reach_of,
    read_filters,
    record_list_view,
    waiting_first,
)
from teacherreg.reference.models import GraduationSchool, SchoolStatus
from teacherreg.reference.services import (
    decide_school_proposal,
    merge_graduation_schools,
    normalise_school_name,
    school_references,
    search_graduation_schools,
)

school_page = queue_view(SCHOOL_DECIDERS)
school_verdict = queue_view(SCHOOL_DECIDERS, frozenset())
REFUSAL_HELP = _(
    "写明为什么不采用这个名称，例如“不是学校全称”“学校不存在”。原因留在操作记录里供其他管理员查看；"
    "申请人再次填写这个名称时会被提示按毕业证书上的全称填写。"
)
CANDIDATES = 10


@require_GET
@school_page
def queue(request: HttpRequest) -> HttpResponse:
    reach = reach_of(request)
    form = SchoolFilterForm(
        request.GET or None,
        states=list(SchoolStatus.choices),
        waiting=SchoolStatus.PENDING,
        provinces=province_choices(reach.sees),
    )
    values = read_filters(request, form)
    rows = by_state(proposed_schools(reach.sees), "status", values["state"])
    rows = by_region_province(rows, values.get("province"))
    if values["q"]:
        rows = rows.filter(name__icontains=normalise_school_name(values["q"]))
    rows = waiting_first(
        rows.select_related("province", "school_type", "created_by"), "status", SchoolStatus.PENDING, "created_at", "pk"
    )
    page = page_of(request, rows)
    record_list_view(request, page, "queue_schools")
    context = {
        "form": form,
        "page": page,
        "rows": [
            (school, mask("name", school.created_by.name), school.status == SchoolStatus.PENDING)
            for school in page.object_list
        ],
    }
    return render(request, "office/queues/school_list.html", context)


def _school_or_404(request: HttpRequest, pk: int, *, deciding: bool = False) -> GraduationSchool:
    reach = reach_of(request)
    rows = proposed_schools(reach.decides if deciding else reach.sees)
    try:
        return rows.select_related("province", "school_type", "created_by", "merged_into", "decided_by").get(pk=pk)
    except GraduationSchool.DoesNotExist:
        raise Http404 from None


def _mergeable(reach: ProvinceReach, school: GraduationSchool) -> QuerySet[GraduationSchool]:
    """Schools in the reviewer's reach this one may be merged into."""
    rows = GraduationSchool.objects.filter(status__in=(SchoolStatus.VERIFIED, SchoolStatus.PENDING))
    return rows.filter(reach.region_filter("province")).exclude(pk=school.pk)


def _references(school: GraduationSchool) -> int:
    """How many rows (applications, records, merged duplicates) point at the school."""
    return sum(field.model._base_manager.filter(**{field.name: school}).count() for field in school_references())


def _render(
    request: HttpRequest,
    school: GraduationSchool,
    *,
    refusal_form: RefusalForm | None = None,
    merge_form: MergeForm | None = None,
    query: str | None = None,
    error: str = "",
) -> HttpResponse:
    reach = reach_of(request)
    pending = school.status == SchoolStatus.PENDING
    can_decide = reach.decides.covers(school.province.code if school.province else "")
    search = SchoolSearchForm(request.GET or None)
    if query is None:
        query = (search.cleaned_data["q"] if search.is_bound and search.is_valid() else "") or school.name
    if not search.is_bound:
        search = SchoolSearchForm(initial={"q": query})
    candidates = (
        search_graduation_schools(query, schools=_mergeable(reach.decides, school), limit=CANDIDATES)
        if can_decide and school.status != SchoolStatus.MERGED
        else []
    )
    record_view(request, school, "proposed_school")
    context = {
        "school": school,
        "proposer": mask("name", school.created_by.name),
        "references": _references(school),
        "pending": pending,
        "can_decide": can_decide,
        "search": search,
        "query": query,
        "candidates": candidates,
        "merge_form": merge_form or MergeForm(candidates=candidates),
        "merge_open": merge_form is not None or search.is_bound,
        "refusal_form": refusal_form or RefusalForm(prefix="refuse", help_text=REFUSAL_HELP, label=_("驳回原因")),
        "error": error,
    }
    return render(request, "office/queues/school_item.html", context)


@require_GET
@school_page
def item(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _school_or_404(request, pk))


def _decide(request: HttpRequest, pk: int, status: str) -> HttpResponse:
    school = _school_or_404(request, pk, deciding=True)
    form = RefusalForm(request.POST, prefix="refuse", help_text=REFUSAL_HELP, label=_("驳回原因"))
    rejecting = status == SchoolStatus.REJECTED
    if rejecting and not form.is_valid():
        return _render(request, school, refusal_form=form)
    try:
        decide_school_proposal(
            school, status, actor=request.user, reason=form.cleaned_data["reason"] if rejecting else ""
        )
    except DomainError as refusal:
        again = _school_or_404(request, pk)
        return _render(request, again, refusal_form=form if rejecting else None, error=refusal.message)
    code = "queue_school_rejected" if rejecting else "queue_school_verified"
    messages.success(request, message_for(code, name=school.name))
    return redirect("office:queue_schools")


@require_POST
@school_verdict
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, SchoolStatus.VERIFIED)


@require_POST
@school_verdict
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, SchoolStatus.REJECTED)


@require_POST
@school_verdict
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Fold this school into the one chosen among the candidates the page listed."""
    school = _school_or_404(request, pk, deciding=True)
    query = (request.POST.get("q") or school.name)[:50]
    candidates = search_graduation_schools(
        query, schools=_mergeable(reach_of(request).decides, school), limit=CANDIDATES
    )
    form = MergeForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return _render(request, school, merge_form=form, query=query)
    keep = next(candidate for candidate in candidates if candidate.pk == form.cleaned_data["target"])
    try:
        moved = merge_graduation_schools(keep, [school], actor=request.user)
    except DomainError as refusal:
        return _render(request, _school_or_404(request, pk), merge_form=form, query=query, error=refusal.message)
    summary = message_for("queue_school_merged", name=school.name, keep=keep.name, references=sum(moved.values()))
    messages.success(request, summary)
    return redirect("office:queue_schools")
