"""Where a case stands in the review chain, read from its decision records (style.md lesson 4).

Pure reads, shared by the guards, the review services and the office pages. Every function
reads decisions *in force* only: an undone decision and the undo itself never count.
"""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from teacherreg.registration.models import Application, Decision, DecisionLevel, DecisionOutcome

REVIEW_LEVELS = (DecisionLevel.COUNTY, DecisionLevel.CITY, DecisionLevel.PROVINCE)
# A conclusion proposed by 初审 or given by 终审 (domain.md §1.4).
CONCLUSIONS = (DecisionOutcome.QUALIFIED, DecisionOutcome.DEFERRED, DecisionOutcome.UNQUALIFIED)


def _latest(application: Application, **filters: object) -> Decision | None:
    return (
        application.decisions.in_force()
        .filter(**filters)
        .select_related("decided_by_organisation")
        .order_by("-decided_at", "-pk")
        .first()
    )


def pending_proposal(application: Application) -> Decision | None:
    """The county's proposal still waiting to move on: the latest review decision in force is a
    county conclusion. A later send-back from above (or an undo) means 初审 must propose again."""
    latest = _latest(application, level__in=REVIEW_LEVELS)
    if latest is not None and latest.level == DecisionLevel.COUNTY and latest.outcome in CONCLUSIONS:
        return latest
    return None


def county_proposal(application: Application) -> Decision | None:
    """The county's latest proposal in force, shown to the city and the province."""
    return _latest(application, level=DecisionLevel.COUNTY, outcome__in=CONCLUSIONS)


def final_decision(application: Application) -> Decision | None:
    """The province's conclusion in force (None while undecided or after an undo)."""
    return _latest(application, level=DecisionLevel.PROVINCE, outcome__in=CONCLUSIONS)


def latest_in_force(field: str, **filters: object) -> Subquery:
    """``field`` of a case's latest decision in force matching ``filters``, as an annotation
    (lists show the proposal of every row in their one query)."""
    rows: QuerySet[Decision] = (
        Decision.objects.filter(application=OuterRef("pk"), undone_by__isnull=True, **filters)
        .exclude(outcome=DecisionOutcome.UNDONE)
        .order_by("-decided_at", "-pk")
    )
    return Subquery(rows.values(field)[:1])


def with_proposal(cases: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate ``proposal`` (the county's proposal in force) and ``last_level``/``last_outcome``
    (the latest review decision in force: a county conclusion there means it waits for 公示)."""
    return cases.annotate(
        proposal=latest_in_force("outcome", level=DecisionLevel.COUNTY, outcome__in=CONCLUSIONS),
        last_level=latest_in_force("level", level__in=REVIEW_LEVELS),
        last_outcome=latest_in_force("outcome", level__in=REVIEW_LEVELS),
    )


# The statuses whose applicant deserves to read why (domain.md §1.4: 暂缓 and 不合格 carry
# structured reasons; 撤销注册 its own), and the outcome of the decision that says it.
_EXPLAINED = {
    "deferred": DecisionOutcome.DEFERRED,
    "unqualified": DecisionOutcome.UNQUALIFIED,
    "revoked": DecisionOutcome.REVOKED,
}


def conclusion_reasons(applications: list[Application]) -> dict[int, str]:
    """Why each 暂缓注册 / 注册不合格 / 撤销注册 case ended so, in words: the reasons of the
    province's decision in force and its note, for the applicant's list and detail (one query)."""
    from teacherreg.registration.review_reasons import reason_labels

    wanted = {app.pk: _EXPLAINED[app.status] for app in applications if app.status in _EXPLAINED}
    if not wanted:
        return {}
    rows = (
        Decision.objects.in_force()
        .filter(application_id__in=wanted, level=DecisionLevel.PROVINCE, outcome__in=set(wanted.values()))
        .order_by("decided_at", "pk")
    )
    found: dict[int, str] = {}
    for decision in rows:
        if decision.outcome != wanted[decision.application_id]:
            continue
        words = [*reason_labels(decision.reasons)]
        if decision.note and decision.note not in words:
            words.append(decision.note)
        found[decision.application_id] = "；".join(words)  # the latest in force wins
    return found
