"""留言 (manual §3.2.5, domain.md §3.4) and the notices that tell the applicant about them and
about status changes (issue 5 item 8).

A notice goes out by SMS and/or e-mail as the applicant chose (``User.notice_channels``),
through the notify outbox, so it leaves only if the change it reports commits. The SMS says
only that there is news; the e-mail names the application number and the new 注册结论.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from teacherreg.accounts.models import NoticeChannels
from teacherreg.audit import services as audit
from teacherreg.common.errors import DomainError
from teacherreg.notify.services import notify_user
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import Application, Message
from teacherreg.registration.workflow import AWAITING_CONFIRMATION, NOT_LIVE, Actor, Status, applicant_view

MAX_BODY = 2000

CHANNELS: dict[str, tuple[str, ...]] = {
    NoticeChannels.BOTH: ("sms", "email"),
    NoticeChannels.SMS: ("sms",),
    NoticeChannels.EMAIL: ("email",),
}


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError("app_message_empty")
    if len(body) > MAX_BODY:
        raise DomainError("app_message_too_long", max=MAX_BODY)
    return body


def handling_organisation(application: Application) -> Organisation:
    """Who an applicant's message goes to: the last organisation that wrote, otherwise the
    confirmation point while 网报待确认 and the agency afterwards (domain.md §2.3)."""
    last = (
        application.messages.filter(from_applicant=False, author_organisation__isnull=False)
        .select_related("author_organisation")
        .order_by("-created_at", "-pk")
        .first()
    )
    if last is not None:
        return last.author_organisation
    if application.status in AWAITING_CONFIRMATION:
        return application.confirmation_point
    return application.agency


def acting_organisations(application: Application) -> set[int]:
    """The organisations that act on a case (domain.md §3.3): its confirmation point, its
    agency, and the agency's ancestors (复核 at the city, 终审 at the province)."""
    ids = {application.confirmation_point_id, application.agency_id}
    ids.update(org.pk for org in application.agency.ancestors())
    return ids


def handled_by(organisation_ids: Any) -> Q:
    """Applications an organisation among ``organisation_ids`` acts on; the same rule as
    :func:`acting_organisations`, as a filter (county → city → province → national: the agency
    and three levels above it)."""
    return (
        Q(confirmation_point__in=organisation_ids)
        | Q(agency__in=organisation_ids)
        | Q(agency__parent__in=organisation_ids)
        | Q(agency__parent__parent__in=organisation_ids)
        | Q(agency__parent__parent__parent__in=organisation_ids)
    )


def post_staff_message(application: Application, *, author: Any, organisation: Organisation, body: str) -> Message:
    """A 确认点 or 注册机构 leaves a message on the case.

    Guard: a body of 1–2,000 characters and an organisation to sign it with that acts on the
    case (the applicant sees the organisation, never the staff member's name). Side effects:
    audit event, notice.
    """
    body = clean_body(body)
    if organisation is None:
        raise DomainError("app_message_staff_org_required")
    if organisation.pk not in acting_organisations(application):
        raise DomainError("app_message_staff_org_not_acting")
    with transaction.atomic():
        message = Message.objects.create(
            application=application,
            author=author if getattr(author, "pk", None) else None,
            author_organisation=organisation,
            body=body,
        )
        audit.record(
            "application.message_posted",
            application,
            actor=author,
            actor_organisation_id=organisation.pk,
            data={"message": message.pk},
        )
        _notify(application, "application_message", {"number": application.number}, f"app_message:{message.pk}")
    return message


def reply(application: Application, user: Any, body: str) -> Message:
    """The applicant answers. Guard: their own application, still live, a valid body."""
    if application.applicant_id != getattr(user, "pk", None):
        raise DomainError("app_not_yours")
    if application.status in NOT_LIVE:
        raise DomainError("app_message_closed")
    body = clean_body(body)
    with transaction.atomic():
        message = Message.objects.create(
            application=application,
            author=user,
            from_applicant=True,
            body=body,
            to_organisation=handling_organisation(application),
        )
        audit.record(
            "application.message_replied",
            application,
            actor=user,
            actor_role=Actor.APPLICANT,
            data={"message": message.pk},
        )
    return message


def mark_read(application: Application, user: Any) -> int:
    """Opening the thread marks the staff messages read. Only the applicant's own opening counts."""
    if application.applicant_id != getattr(user, "pk", None):
        return 0
    return application.messages.filter(from_applicant=False, read_at__isnull=True).update(read_at=timezone.now())


def thread(application: Application) -> QuerySet[Message]:
    return application.messages.select_related("author_organisation", "to_organisation").order_by("created_at", "pk")


def unread_count(application: Application) -> int:
    return application.messages.filter(from_applicant=False, read_at__isnull=True).count()


def notify_status_change(application: Application, *, previous: str | None = None) -> None:
    """Tell the applicant that the 注册结论 they see has changed.

    Call it inside the transaction that changed the status (``apply_transition`` should, right
    after its audit event). Moves the applicant cannot see (已确认 → 初审中 both read
    "待注册审批（初审中）") send nothing. The dedupe key is the application version, so a
    second call for the same change sends nothing more.
    """
    new = applicant_view(application.status)
    if previous is not None and previous in Status.values:
        old = applicant_view(previous)
        if (old.label, old.detail) == (new.label, new.detail):
            return
    label = new.label + (f"（{new.detail}）" if new.detail else "")
    _notify(
        application,
        "application_status_changed",
        {"number": application.number, "status_label": label},
        f"app_status:{application.pk}:{application.version}",
    )


def notify_amended(application: Application) -> None:
    """Tell the applicant their submitted application was changed (修改, P17), and that the
    申请表 to print is now the new version. Call it inside the amending transaction; one
    notice per version."""
    _notify(
        application,
        "application_amended",
        {"number": application.number, "version": application.version},
        f"app_amended:{application.pk}:{application.version}",
    )


def _notify(application: Application, template: str, context: dict, dedupe_key: str) -> None:
    user = application.applicant
    channels = CHANNELS.get(getattr(user, "notice_channels", ""), CHANNELS[NoticeChannels.BOTH])
    # A user with neither contact of the chosen kind gets nothing; notify_user skips quietly.
    notify_user(user, template, context, dedupe_key=dedupe_key, channels=channels)
