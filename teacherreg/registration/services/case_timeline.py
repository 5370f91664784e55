"""The case timeline for staff (issue 6 item 5; style.md lesson 7): every event of one case —
submitted, edited, confirmed, returned, messages, decisions, undo, 公示 and objections, and every
staff view of its personal data — in one list with who acted, for which organisation, and when.

Four sources, read in six queries whatever the case's length: the case's audit events (the
repeated ones counted by the database), its decision records, its messages, and the names of the
people and organisations they mention.
The audit log gives the order. A decision or a message written by a service has an audit event
of its own (``review.decision``, ``application.message_posted`` …); it takes that event's place
in the list instead of appearing twice. Rows older than those events sort by their own time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Min
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from teacherreg.accounts.models import StaffRole
from teacherreg.audit.models import AuditEvent
from teacherreg.audit.services import PERSONAL_DATA_VIEW
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import Application, Decision, DecisionLevel, DecisionOutcome
from teacherreg.registration.review_reasons import reason_labels
from teacherreg.registration.workflow import Actor, Status

KIND_LABELS = {
    "status": gettext_lazy("状态变更"),
    "decision": gettext_lazy("审核决定"),
    "undo": pgettext_lazy("case timeline", "撤销"),  # an undone decision: "Undo", not a revocation
    "message": gettext_lazy("留言"),
    "access": gettext_lazy("查看记录"),
    "event": gettext_lazy("其他"),
}
# What a staff member looked at (``office.access_log.record_view``'s ``what``).
VIEWED = {
    "case": gettext_lazy("查看案卷（现场确认）"),
    "review_case": gettext_lazy("查看案卷（审核）"),
    "photo": gettext_lazy("查看个人照片"),
    "application_form": gettext_lazy("查看申请表"),
    "entry": gettext_lazy("后台采集时查看申请人信息"),
    "certificate_records": gettext_lazy("查看证书注册记录"),
}
EVENTS = {
    "application.submitted": gettext_lazy("提交报名"),
    "application.amended": gettext_lazy("修改报名信息"),
    "application.form_downloaded": gettext_lazy("下载申请表"),
    "review.objection_received": gettext_lazy("收到公示异议"),
    "registration_record.removed": gettext_lazy("注销该结论的注册记录"),
}
# Events that stand for a decision or a message row: the row is shown in their place.
DECISION_EVENT = "review.decision"
MESSAGE_EVENTS = {"application.message_posted", "application.message_replied", "application.send_back_requested"}
# Events a case gathers again and again (a staff member opening it all day, an applicant
# downloading the form before every visit): one line per person, page and Shanghai day, counted
# by the database, so neither the page nor its query grows with every view (bench finding).
REPEATED = (PERSONAL_DATA_VIEW, "application.form_downloaded")
LAST = 2**62  # sorts rows without an event of their own after events of the same moment


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime
    kind: str  # a key of KIND_LABELS
    title: str
    actor: str  # a staff member's name, 申请人, 系统 or 公众
    organisation: str
    detail: str = ""
    undone: bool = False  # a decision a later record undid
    sort_key: tuple = ()

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, ""))


def _role_label(role: str) -> str:
    if role in Actor.values:
        return str(Actor(role).label)
    if role in StaffRole.values:
        return str(StaffRole(role).label)
    return _("公众") if role == "public" else ""


def decision_title(decision: Decision) -> str:
    """A decision in words, as the timeline and the case page's 审核意见 show it."""
    level, outcome = decision.level, decision.outcome
    if outcome == DecisionOutcome.UNDONE:
        return _("撤销：%(level)s") % {"level": DecisionLevel(level).label}
    if level == DecisionLevel.COUNTY and outcome in (
        DecisionOutcome.QUALIFIED,
        DecisionOutcome.DEFERRED,
        DecisionOutcome.UNQUALIFIED,
    ):
        return _("初审意见：拟%(outcome)s") % {"outcome": decision.get_outcome_display()}
    if level == DecisionLevel.CITY and outcome == DecisionOutcome.PASSED:
        return _("复核：同意初审意见")
    if level == DecisionLevel.PROVINCE and outcome in (
        DecisionOutcome.QUALIFIED,
        DecisionOutcome.DEFERRED,
        DecisionOutcome.UNQUALIFIED,
    ):
        return _("终审结论：%(outcome)s") % {"outcome": decision.get_outcome_display()}
    return f"{decision.get_level_display()}：{decision.get_outcome_display()}"


def _decision_detail(decision: Decision, by_pk: dict[int, Decision]) -> str:
    parts = []
    if decision.outcome == DecisionOutcome.UNDONE:
        undone = next((d for d in by_pk.values() if d.undone_by_id == decision.pk), None)
        if undone is not None:
            parts.append(_("撤销的是：%(what)s") % {"what": decision_title(undone)})
    labels = reason_labels(decision.reasons) if decision.level != DecisionLevel.CONFIRMATION else []
    if labels:
        parts.append(_("理由：%(reasons)s") % {"reasons": "；".join(labels)})
    if decision.note:
        parts.append(_("意见：%(note)s") % {"note": decision.note})
    return "\n".join(parts)


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _repeats(application: Application) -> list[dict[str, Any]]:
    """The repeated events counted per person, role, organisation, action, page and Shanghai
    day by the database: one row per line, whatever the number of views or downloads."""
    return list(
        AuditEvent.objects.filter(
            object_type=Application._meta.label_lower, object_ref=str(application.pk), action__in=REPEATED
        )
        .annotate(day=TruncDate("occurred_at"), what=KeyTextTransform("what", "data"))
        .values("actor_id", "actor_role", "actor_organisation_id", "action", "what", "day")
        .annotate(count=Count("pk"), first_at=Min("occurred_at"), last_at=Max("occurred_at"), last_pk=Max("pk"))
        .order_by()
    )


def case_timeline(application: Application) -> list[Entry]:
    """Everything that happened to ``application``, oldest first."""
    events = list(
        AuditEvent.objects.for_object(Application._meta.label_lower, application.pk).exclude(action__in=REPEATED)
    )
    repeats = _repeats(application)
    decisions = list(application.decisions.order_by("decided_at", "pk"))
    messages = list(application.messages.order_by("created_at", "pk"))
    user_ids = (
        {e.actor_id for e in events}
        | {r["actor_id"] for r in repeats}
        | {d.decided_by_id for d in decisions}
        | {m.author_id for m in messages}
    )
    org_ids = (
        {e.actor_organisation_id for e in events}
        | {r["actor_organisation_id"] for r in repeats}
        | {d.decided_by_organisation_id for d in decisions}
        | {m.author_organisation_id for m in messages}
        | {m.to_organisation_id for m in messages}
    )
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={i for i in user_ids if i})}
    orgs = dict(Organisation.objects.filter(pk__in={i for i in org_ids if i}).values_list("pk", "name"))

    def person(user_id: int | None, role: str = "") -> str:
        user = users.get(user_id) if user_id else None
        if user is not None and user.pk == application.applicant_id:
            return _("申请人")
        if user is not None:
            return user.name or user.username or ""
        return _role_label(role) or _("系统")

    anchors: dict[tuple[str, int], tuple] = {}
    entries: list[Entry] = []
    for event in events:
        key = (event.occurred_at, event.pk)
        if event.action == DECISION_EVENT and event.data.get("decision"):
            anchors[("decision", event.data["decision"])] = key
            continue
        if event.action in MESSAGE_EVENTS and event.data.get("message"):
            anchors[("message", event.data["message"])] = key
            continue
        entries.append(_event_entry(event, key, person(event.actor_id, event.actor_role), orgs))

    for row in repeats:
        # The line stands where the last of its events stands, and says how many there were.
        last = AuditEvent(
            pk=row["last_pk"],
            occurred_at=row["last_at"],
            actor_id=row["actor_id"],
            actor_role=row["actor_role"],
            actor_organisation_id=row["actor_organisation_id"],
            action=row["action"],
            data={"what": row["what"]} if row["what"] else {},
        )
        entry = _event_entry(last, (last.occurred_at, last.pk), person(last.actor_id, last.actor_role), orgs)
        if row["count"] > 1:
            counted = _("当天共查看 %(count)s 次，第一次在 %(time)s")
            if row["action"] != PERSONAL_DATA_VIEW:
                counted = _("当天共下载 %(count)s 次，第一次在 %(time)s")
            first = timezone.localtime(row["first_at"]).strftime("%H:%M:%S")
            entry = replace(entry, detail=counted % {"count": row["count"], "time": first})
        entries.append(entry)

    by_pk = {d.pk: d for d in decisions}
    for decision in decisions:
        key = anchors.get(("decision", decision.pk), (decision.decided_at, LAST))
        entries.append(
            Entry(
                at=decision.decided_at,
                kind="undo" if decision.outcome == DecisionOutcome.UNDONE else "decision",
                title=decision_title(decision),
                actor=person(decision.decided_by_id),
                organisation=orgs.get(decision.decided_by_organisation_id, ""),
                detail=_decision_detail(decision, by_pk),
                undone=decision.undone_by_id is not None,
                sort_key=key,
            )
        )
    for message in messages:
        key = anchors.get(("message", message.pk), (message.created_at, LAST))
        if message.from_applicant:
            title = _("申请人留言") if message.kind != "edit_request" else _("申请人申请退回修改")
            organisation = orgs.get(message.to_organisation_id, "")
            organisation = _("发给：%(org)s") % {"org": organisation} if organisation else ""
        else:
            title, organisation = _("工作人员留言"), orgs.get(message.author_organisation_id, "")
        entries.append(
            Entry(
                at=message.created_at,
                kind="message",
                title=title,
                actor=_("申请人") if message.from_applicant else person(message.author_id),
                organisation=organisation,
                detail=message.body,
                sort_key=key,
            )
        )
    if not any(event.action == "application.submitted" for event in events):
        # Cases made before submissions were audited (imports, the demo) still start here.
        key = (application.submitted_at, 0)
        entries.append(
            Entry(
                application.submitted_at, "event", str(EVENTS["application.submitted"]), _("申请人"), "", sort_key=key
            )
        )
    entries.sort(key=lambda entry: entry.sort_key)
    return entries


def _event_entry(event: AuditEvent, key: tuple, actor: str, orgs: dict[int, str]) -> Entry:
    data: dict[str, Any] = event.data or {}
    organisation = orgs.get(event.actor_organisation_id, "") if event.actor_organisation_id else ""
    if event.action == "application.transition":
        title = _("%(from)s → %(to)s") % {
            "from": _status_label(data.get("from", "")),
            "to": _status_label(data.get("to", "")),
        }
        return Entry(event.occurred_at, "status", title, actor, organisation, data.get("note", ""), sort_key=key)
    if event.action == PERSONAL_DATA_VIEW:
        what = data.get("what", "")
        return Entry(event.occurred_at, "access", str(VIEWED.get(what, what)), actor, organisation, sort_key=key)
    title = str(EVENTS.get(event.action, event.action))
    if event.action == "application.submitted" and data.get("source") == "office":
        title = _("后台采集（工作人员代为录入）")
    detail = ""
    if event.action == "application.amended" and data.get("version"):
        detail = _("第 %(version)s 版") % {"version": data["version"]}
    if event.action == "registration_record.removed" and data.get("valid_from"):
        detail = _("原有效期：%(start)s 至 %(end)s") % {"start": data["valid_from"], "end": data.get("valid_until")}
    return Entry(event.occurred_at, "event", title, actor, organisation, detail, sort_key=key)
