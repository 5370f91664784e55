"""The two moments 统计 measures, kept on the application (issue 7).

``first_confirmed_at``: the first 确认通过 at the point still in force. A case confirmed, sent
back and confirmed again reached the agency at its first confirmation.
``concluded_at``: 终审's conclusion (合格 / 暂缓 / 不合格) in force; an undone one is replaced by
the later conclusion, if any. 撤销注册 comes later and is not "the conclusion".

Both follow from the decisions in force alone (P15: an undone decision never counts), and
they are stored only so that the statistics page can count them from an index instead of
searching every case's decisions (bench/scale.py). The services that record a decision or
undo one (``confirmation.confirm_at_point``, ``review_common.record_decision``) call
:func:`refresh` in the same transaction; loaders that write decisions in bulk call
:func:`refresh_all` once they are done, or :func:`fill` before they insert the application.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet, Subquery

from teacherreg.registration.models import Application, Decision, DecisionLevel, DecisionOutcome

# The outcomes of 终审 that conclude a case.
CONCLUSIONS = (DecisionOutcome.QUALIFIED, DecisionOutcome.DEFERRED, DecisionOutcome.UNQUALIFIED)
CONFIRMATION = Q(level=DecisionLevel.CONFIRMATION, outcome=DecisionOutcome.CONFIRMED)
CONCLUSION = Q(level=DecisionLevel.PROVINCE, outcome__in=CONCLUSIONS)
FIELDS = ("first_confirmed_at", "concluded_at")


def _confirms(decision: Decision) -> bool:
    return decision.level == DecisionLevel.CONFIRMATION and decision.outcome == DecisionOutcome.CONFIRMED


def _concludes(decision: Decision) -> bool:
    return decision.level == DecisionLevel.PROVINCE and decision.outcome in CONCLUSIONS


def counts_for_milestones(decision: Decision) -> bool:
    """Whether recording (or undoing) ``decision`` can move either moment."""
    return _confirms(decision) or _concludes(decision)


def fill(application: Application, decisions: Iterable[Decision]) -> None:
    """Set both moments from ``decisions``, all of the application's, held in memory: for a
    loader that builds a case and its decisions together and inserts them in bulk. Nothing is
    saved."""
    in_force = [d for d in decisions if d.undone_by_id is None and d.outcome != DecisionOutcome.UNDONE]
    application.first_confirmed_at = min((d.decided_at for d in in_force if _confirms(d)), default=None)
    application.concluded_at = max((d.decided_at for d in in_force if _concludes(d)), default=None)


def refresh(application: Application) -> None:
    """Recompute both moments of one application from its decisions in force and save them.

    Call inside the transaction that records or undoes the decision, after it: the move that
    goes with it holds the row lock, so no other decision on the case can come in between.
    Side effects: one read of the case's decisions and one UPDATE of the two columns only
    (``version`` and ``updated_at`` stay: this is bookkeeping, not a change to the case).
    """
    found = (
        Decision.objects.in_force()
        .filter(application=application)
        .aggregate(
            first_confirmed_at=Min("decided_at", filter=CONFIRMATION),
            concluded_at=Max("decided_at", filter=CONCLUSION),
        )
    )
    Application.objects.filter(pk=application.pk).update(**found)
    for name in FIELDS:
        setattr(application, name, found[name])


def refresh_all(applications: QuerySet[Application]) -> int:
    """The same for many applications in one statement (the bulk loaders' step); returns how
    many rows it wrote. Applications without any decision are left as they are: empty."""
    decisions = Decision.objects.filter(application=OuterRef("pk"))
    in_force = Decision.objects.in_force().filter(application=OuterRef("pk"))
    first = in_force.filter(CONFIRMATION).order_by("decided_at", "pk").values("decided_at")[:1]
    last = in_force.filter(CONCLUSION).order_by("-decided_at", "-pk").values("decided_at")[:1]
    return (
        applications.order_by()
        .filter(Exists(decisions))
        .update(first_confirmed_at=Subquery(first), concluded_at=Subquery(last))
    )
