"""Writing audit events. Callers run inside the transaction of the change they record, so
the event and the change commit or roll back together."""

from __future__ import annotations

from typing import Any

from django.db import models

from teacherreg.audit.models import AuditEvent, AuditResult

# A member of staff or an administrator saw someone's personal data (security.md §1.9).
PERSONAL_DATA_VIEW = "personal_data.view"


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor: Any = None,
    actor_role: str = "",
    actor_organisation_id: int | None = None,
    object_type: str = "",
    object_ref: str | int = "",
    result: str = AuditResult.OK,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
    request_id: str = "",
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_ref = object_ref or obj.pk
    return AuditEvent.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role=actor_role,
        actor_organisation_id=actor_organisation_id,
        object_type=object_type,
        object_ref=str(object_ref),
        result=result,
        data=data or {},
        ip=ip,
        request_id=request_id,
    )
