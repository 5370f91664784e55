"""The one writer of ``Application.status``.

Named services (``submit_application``, ``confirm_at_point``, ``decide_registration`` …)
build on ``apply_transition``: it checks the table in ``workflow``, the actor's role, the
guard and the expected version, then changes the status and writes the audit event in the
same transaction.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from teacherreg.audit import services as audit
from teacherreg.common.errors import DomainError
from teacherreg.registration.models import Application
from teacherreg.registration.services.guards import check_guard
from teacherreg.registration.services.messages import notify_status_change
from teacherreg.registration.workflow import TRANSITIONS_BY_NAME, Actor, Status


def apply_transition(
    application: Application,
    name: str,
    *,
    actor_role: Actor | str,
    by: Any = None,
    note: str = "",
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
    organisation_id: int | None = None,
) -> Application:
    """Move ``application`` along transition ``name``.

    Guard: the transition exists, leaves the current status, is open to ``actor_role``,
    has its note when it needs one, its named guards hold today (Asia/Shanghai), and —
    when ``expected_version`` is given — nobody changed the case since the caller read it.
    Side effects: ``status``, ``version`` and ``status_changed_at`` saved; one audit event.
    The row is locked for the check, so two staff acting at once cannot both move it.
    """
    transition = TRANSITIONS_BY_NAME.get(name)
    if transition is None:
        raise DomainError("transition_unknown", name=name)
    role = Actor(actor_role)
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        app = (
            Application.objects.select_for_update()
            .select_related("arrangement", "window__batch__plan")
            .get(pk=application.pk)
        )
        if expected_version is not None and app.version != expected_version:
            raise DomainError("stale_version")
        if app.status not in transition.sources:
            raise DomainError("transition_not_from_status", status=Status(app.status).label, name=name)
        if role not in transition.actors:
            raise DomainError("transition_role_not_allowed", name=name)
        if transition.needs_note and not note.strip():
            raise DomainError("transition_note_required", name=name)
        for guard in transition.guards:
            check_guard(guard, app, transition, today)
        previous = app.status
        app.status = transition.target
        app.version += 1
        app.status_changed_at = now
        app.save(update_fields=["status", "version", "status_changed_at", "updated_at"])
        audit.record(
            "application.transition",
            app,
            actor=by,
            actor_role=role,
            actor_organisation_id=organisation_id,
            data={"transition": name, "from": previous, "to": transition.target, "note": note},
        )
        # In the same transaction: the outbox row commits with the status or not at all.
        notify_status_change(app, previous=previous)
    return app
