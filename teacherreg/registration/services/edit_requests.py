"""申请退回修改: after confirmation only the agency can put a case back to 网报待确认 (manual
§3.2.3 tells applicants to ask it). We make that ask a structured request instead of a
phone call: a reason, filed as a message of kind ``edit_request`` to the organisation
handling the case, with an audit event. The office acts on it with ``send_back_to_applicant``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction

from teacherreg.audit import services as audit
from teacherreg.common.dates import today
from teacherreg.common.errors import DomainError
from teacherreg.registration.models import Application, Message
from teacherreg.registration.models.decisions import MessageKind
from teacherreg.registration.services.applications import edit_permission
from teacherreg.registration.services.messages import clean_body, handling_organisation
from teacherreg.registration.workflow import Actor


def pending_request(application: Application) -> Message | None:
    """The request already filed for the application as it stands now (same version)."""
    return application.messages.filter(kind=MessageKind.EDIT_REQUEST, application_version=application.version).first()


def request_send_back(application: Application, user: Any, reason: str, *, day: datetime.date | None = None) -> Message:
    """Ask the agency to return the application to 网报待确认 so it can be edited.

    Guard: the user's own application; its status is one the agency can send back (P15
    待注册审批 stages); a reason; no request already filed for this version (a double click
    or a retry gets ``app_send_back_already``, enforced by a database constraint).
    Side effects: one ``edit_request`` message to the handling organisation; an audit event.
    """
    if application.applicant_id != getattr(user, "pk", None):
        raise DomainError("app_not_yours")
    if not edit_permission(application, day or today()).can_request_send_back:
        raise DomainError("app_send_back_not_allowed")
    try:
        reason = clean_body(reason)
    except DomainError as exc:
        if exc.code == "app_message_empty":
            raise DomainError("app_send_back_reason_required") from None
        raise
    if pending_request(application) is not None:
        raise DomainError("app_send_back_already")
    try:
        with transaction.atomic():
            message = Message.objects.create(
                application=application,
                author=user,
                from_applicant=True,
                kind=MessageKind.EDIT_REQUEST,
                application_version=application.version,
                body=reason,
                to_organisation=handling_organisation(application),
            )
            audit.record(
                "application.send_back_requested",
                application,
                actor=user,
                actor_role=Actor.APPLICANT,
                data={"message": message.pk, "version": application.version, "status": application.status},
            )
    except IntegrityError:
        raise DomainError("app_send_back_already") from None
    return message
