"""查询报名信息 (manual §3.2): the applicant's own applications, what they may do with each,
the status timeline, and withdrawal.

Views read applications only through ``own_applications`` so one applicant never reaches
another's case (style.md lesson 6: scope fails closed).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import Application, Message
from teacherreg.registration.services.transitions import apply_transition
from teacherreg.registration.workflow import (
    AWAITING_CONFIRMATION,
    CONCLUDED,
    EDITABLE_BY_APPLICANT,
    FINAL,
    NOT_LIVE,
    UNDER_REVIEW,
    Actor,
    Status,
    applicant_view,
)

# Agencies can put a case back to 网报待确认 only from these (workflow: send_back_to_applicant
# from 已确认 / 初审中); later levels send it back down first, so the request is open for
# every 待注册审批 stage and the agency decides.
SEND_BACK_REQUESTABLE = UNDER_REVIEW


def own_applications(user: Any) -> QuerySet[Application]:
    """The applicant's applications with what the list shows, in no order: ``newest_first``
    sorts them. An applicant has a handful; ordering them in SQL made Django hash every selected
    column of six tables to match the ORDER BY against the SELECT, which cost more than the
    query (issue 7)."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("agency", "confirmation_point", "current_stage", "current_subject", "arrangement")
        .order_by()
    )


def newest_first(applications: Iterable[Application]) -> list[Application]:
    """Latest registration year first, and within a year the latest submission (never-submitted
    drafts, which have no time, last)."""
    earliest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return sorted(
        applications, key=lambda app: (app.registration_year, app.submitted_at or earliest, app.pk), reverse=True
    )


def unread_counts(applications: list[Application]) -> dict[int, int]:
    """Unread staff messages per application, in one grouped query over the message index.

    Kept out of ``own_applications``: a COUNT annotation there made every list query GROUP BY
    six tables' columns, which cost more to compile and to plan than to run (issue 7).
    """
    if not applications:
        return {}
    rows = (
        Message.objects.filter(application__in=applications, from_applicant=False, read_at__isnull=True)
        .values_list("application_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def is_current(application: Application, day: datetime.date) -> bool:
    """Manual §3.2 lists "the current batch": this year's applications, plus any earlier one
    still moving (a case under review across New Year must not disappear into the history)."""
    return application.registration_year >= day.year or application.status not in FINAL


def split_current(applications: Iterable[Application], day: datetime.date) -> tuple[list, list]:
    """The current and the earlier applications, each newest first."""
    current, history = [], []
    for app in newest_first(applications):
        (current if is_current(app, day) else history).append(app)
    return current, history


# --- 修改 (P17) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EditPermission:
    allowed: bool
    reason_code: str  # message catalogue code explaining the answer
    reason_params: dict
    can_request_send_back: bool

    @property
    def reason(self) -> str:
        return DomainError(self.reason_code, **self.reason_params).message


def edit_permission(application: Application, day: datetime.date) -> EditPermission:
    """P17: the step-2 fields and the photo may change while 网报待确认, up to and including the
    confirmation point's confirmation end date (Asia/Shanghai). After confirmation the
    applicant can only ask the agency to send the case back (manual §3.2.3)."""
    end = application.arrangement.confirm_until
    status = Status(application.status)
    if status in EDITABLE_BY_APPLICANT:
        if day <= end:
            return EditPermission(True, "app_edit_open", {"end": end}, False)
        return EditPermission(False, "app_edit_confirmation_over", {"end": end}, False)
    if status in SEND_BACK_REQUESTABLE:
        return EditPermission(False, "app_edit_confirmed", {}, True)
    return EditPermission(False, "app_edit_closed", {}, False)


# --- what the list offers -----------------------------------------------------------------


@dataclass(frozen=True)
class Actions:
    notes: bool  # 注意事项
    detail: bool  # 详情
    edit: EditPermission  # 修改 (shown as a link when allowed, otherwise as the reason)
    withdraw: bool  # 撤回
    form: bool  # 申请表预览 / 下载
    messages: bool  # 留言 (the thread; "有留言" when unread > 0)


def actions_for(application: Application, day: datetime.date) -> Actions:
    status = Status(application.status)
    live = status not in NOT_LIVE
    return Actions(
        notes=live and status not in CONCLUDED,
        detail=True,
        edit=edit_permission(application, day),
        withdraw=status in AWAITING_CONFIRMATION,
        form=live,
        messages=True,
    )


# --- 撤回 ---------------------------------------------------------------------------------


def withdraw_application(application: Application, user: Any, *, expected_version: int | None = None) -> Application:
    """撤回: the applicant's own application, only while 网报待确认 (workflow ``withdraw``).

    Guard: the application is the user's; its status allows withdrawal. Side effects: through
    ``apply_transition`` (status, version, audit), then the status notice to the applicant.
    Withdrawn, it no longer counts against P14's limits, so the applicant may apply again.
    """
    from teacherreg.registration.services.messages import notify_status_change

    if application.applicant_id != getattr(user, "pk", None):
        raise DomainError("app_not_yours")
    if application.status not in AWAITING_CONFIRMATION:
        raise DomainError("app_withdraw_not_allowed", label=applicant_view(application.status).label)
    previous = application.status
    app = apply_transition(
        application, "withdraw", actor_role=Actor.APPLICANT, by=user, expected_version=expected_version
    )
    notify_status_change(app, previous=previous)
    return app


# --- the timeline -------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    label: str
    organisation: str  # the acting organisation, or who acted when it was not staff
    note: str = ""


def timeline(application: Application) -> list[TimelineEntry]:
    """Submission, then every status change with its date and acting organisation.

    ``apply_transition`` writes one ``application.transition`` audit event per change; those
    are the source. Applications moved before that existed (the demo world) have only their
    decision records, which are used instead.
    """
    entries = [TimelineEntry(application.submitted_at, _("提交报名"), _("申请人"))]
    events = list(
        AuditEvent.objects.for_object(Application._meta.label_lower, application.pk).filter(
            action="application.transition"
        )
    )
    if events:
        names = _organisation_names(e.actor_organisation_id for e in events)
        for event in events:
            target = event.data.get("to", "")
            view = applicant_view(target) if target in Status.values else None
            label = (view.label + (f"（{view.detail}）" if view.detail else "")) if view else target
            org = names.get(event.actor_organisation_id) or _role_label(event.actor_role)
            entries.append(TimelineEntry(event.occurred_at, label, org))
        return entries
    for decision in application.decisions.select_related("decided_by_organisation").order_by("decided_at", "pk"):
        org = (
            decision.decided_by_organisation.name if decision.decided_by_organisation else decision.get_level_display()
        )
        label = f"{decision.get_level_display()}：{decision.get_outcome_display()}"
        entries.append(TimelineEntry(decision.decided_at, label, org))
    if application.status in NOT_LIVE:
        entries.append(TimelineEntry(application.status_changed_at, applicant_view(application.status).label, ""))
    return entries


def _organisation_names(ids: Any) -> dict[int, str]:
    wanted = {i for i in ids if i}
    return dict(Organisation.objects.filter(pk__in=wanted).values_list("pk", "name")) if wanted else {}


def _role_label(role: str) -> str:
    return str(Actor(role).label) if role in Actor.values else ""
