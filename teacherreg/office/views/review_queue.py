"""The review queues (issue 6 item 4): one per level the member holds — 初审 at the county,
复核 at the city, 终审 at the province — with search and keyset pages in system order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from teacherreg.common import table_rows
from teacherreg.common.masking import mask
from teacherreg.common.table_rows import Labels
from teacherreg.common.url_cache import path_with
from teacherreg.office import desk_queries
from teacherreg.office.access_log import record_view
from teacherreg.office.desk_forms import MAX_SEARCH
from teacherreg.office.views.review_common import (
    LEVELS,
    ROLE_OF_LEVEL,
    level_organisations,
    member_levels,
    review_cases,
    review_view,
)
from teacherreg.registration.models import Application, DecisionLevel, DecisionOutcome
from teacherreg.registration.presentation import stage_and_subject
from teacherreg.registration.services.review_state import CONCLUSIONS, with_proposal
from teacherreg.registration.workflow import CONCLUDED, Status

L = DecisionLevel
S = Status
AFTER_COUNTY = frozenset({S.CITY_REVIEW, S.PROVINCE_REVIEW}) | CONCLUDED
# Each level's filters: (key, label, statuses). The first is the default: what waits for it.
GROUPS: dict[str, list[tuple[str, str, frozenset[str]]]] = {
    L.COUNTY: [
        ("pending", _("待初审（含待公示）"), frozenset({S.CONFIRMED, S.COUNTY_REVIEW})),
        ("notice", _("公示中"), frozenset({S.PUBLIC_NOTICE})),
        ("passed", _("已报送或已办结"), AFTER_COUNTY),
    ],
    L.CITY: [
        ("pending", _("待复核"), frozenset({S.CITY_REVIEW})),
        ("passed", _("已报送终审或已办结"), frozenset({S.PROVINCE_REVIEW}) | CONCLUDED),
    ],
    L.PROVINCE: [
        ("pending", _("待终审"), frozenset({S.PROVINCE_REVIEW})),
        ("concluded", _("已办结"), frozenset(CONCLUDED)),
    ],
}
LEVEL_TITLES = {L.COUNTY: _("初审"), L.CITY: _("复核"), L.PROVINCE: _("终审")}


@dataclass(frozen=True)
class Row:
    application: Application
    document_number: str  # masked
    status: str
    proposal: str  # the county's proposal in force, in words
    waiting_notice: bool  # proposed, not yet published
    html: SafeString  # the row as the table shows it (``table_rows``)


# The columns a row reads (the page shows 50 wide rows; encrypted ones decrypt as they load).
ROW_FIELDS = (
    "number",
    "status",
    "name",
    "document_number",
    "notice_ends_on",
    "current_stage",
    "current_subject",
    "agency__name",
)


def _labels() -> Labels:
    return Labels(
        number=_("注册报名号"),
        name=_("姓名"),
        document=_("证件号码"),
        teaching=_("学段 / 学科"),
        agency=_("注册机构"),
        status=_("状态"),
        proposal=_("初审意见"),
        until=_("至 %(end)s"),
        proposed=_("拟%(outcome)s"),
        waiting=_("待公示"),
    )


def annotated(cases: QuerySet[Application]) -> QuerySet[Application]:
    """What a row shows about the decisions, in the page's one query."""
    return with_proposal(cases)


def _row(app: Application, labels: Labels, case_path: Callable[[str], str]) -> Row:
    proposal = getattr(app, "proposal", None)
    waiting = (
        app.status == S.COUNTY_REVIEW
        and getattr(app, "last_level", None) == L.COUNTY
        and getattr(app, "last_outcome", None) in CONCLUSIONS
    )
    document_number = mask("document_number", app.document_number)
    status = str(S(app.status).label)
    proposal_text = str(DecisionOutcome(proposal).label) if proposal in DecisionOutcome.values else ""
    t = table_rows.text
    shown_status = t(status)
    if app.status == S.PUBLIC_NOTICE and app.notice_ends_on:
        shown_status += f"<br><small>{t(labels['until'] % {'end': table_rows.day(app.notice_ends_on)})}</small>"
    opinion = t(labels["proposed"] % {"outcome": proposal_text}) if proposal_text else table_rows.NOTHING
    if waiting:
        opinion += f' <span class="badge text-bg-warning">{t(labels["waiting"])}</span>'
    html = table_rows.row(
        [
            table_rows.cell(labels["number"], table_rows.link(case_path(app.number), app.number), "text-nowrap"),
            table_rows.cell(labels["name"], app.name),
            table_rows.cell(labels["document"], document_number, "text-nowrap"),
            table_rows.cell(labels["teaching"], stage_and_subject(app)),
            table_rows.cell(labels["agency"], app.agency.name),
            table_rows.cell(labels["status"], table_rows.safe(shown_status)),
            table_rows.cell(labels["proposal"], table_rows.safe(opinion)),
        ]
    )
    return Row(
        application=app,
        document_number=document_number,
        status=status,
        proposal=proposal_text,
        waiting_notice=waiting,
        html=html,
    )


def _chosen(request: HttpRequest) -> tuple[str, list[str]]:
    levels = member_levels(request)
    wanted = request.GET.get("level", "")
    return (wanted if wanted in levels else levels[0]), levels


def _url(request: HttpRequest, **changes: str) -> str:
    params = {k: v for k, v in request.GET.items() if k not in {"after", "before"}}
    params.update(changes)
    return reverse("office:review_queue") + "?" + urlencode({k: v for k, v in params.items() if v})


@review_view
def queue(request: HttpRequest) -> HttpResponse:
    """The queue of one level (``?level=``, the member's first by default), filtered by
    ``?status=`` group and searched by ``?q=`` (number, name, certificate or ID number)."""
    level, levels = _chosen(request)
    groups = GROUPS[level]
    group = next((g for g in groups if g[0] == request.GET.get("status")), groups[0])
    role_cases = review_cases(request, ROLE_OF_LEVEL[level])
    found = desk_queries.search(request.GET.get("q", "")[:MAX_SEARCH])
    cases = role_cases.filter(status__in=sorted(group[2]))
    if found is not None:
        cases = role_cases.filter(found.query)  # a search looks at every status of the level
    page = desk_queries.keyset_page(
        annotated(cases.select_related("current_stage", "current_subject", "agency").only(*ROW_FIELDS)),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    organisations = level_organisations(request, level)
    labels, case_path = _labels(), path_with("office:review_case", table_rows.CASE_NUMBER)
    if page.rows and organisations:
        record_view(request, organisations[0], "review_queue")
    context = {
        "level": level,
        "level_title": LEVEL_TITLES[level],
        "tabs": [
            (lvl, LEVEL_TITLES[lvl], _url(request, level=lvl, status="", q="")) for lvl in LEVELS if lvl in levels
        ],
        "groups": [(key, label, _url(request, status=key, q="")) for key, label, _s in groups],
        "group": group[0],
        "rows": [_row(app, labels, case_path) for app in page.rows],
        "search": found,
        "q": request.GET.get("q", ""),
        "organisations": organisations,
        "next_url": _url(request, after=page.next_after) if page.next_after else "",
        "previous_url": _url(request, before=page.previous_before) if page.previous_before else "",
    }
    return render(request, "office/review/queue.html", context)
