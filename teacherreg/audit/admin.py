"""The audit log in the admin: read-only, and a mixin that records staff views of personal data."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from teacherreg.audit import services as audit
from teacherreg.audit.models import AuditEvent
from teacherreg.common.admin_queues import ReadOnlyAdminMixin


class PersonalDataViewAuditMixin:
    """Writes an ``personal_data.view`` event each time a staff member opens a record that
    holds personal data (security.md §1.9, 16.3.2)."""

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        if request.method == "GET" and response.status_code == 200:
            audit.record(
                audit.PERSONAL_DATA_VIEW,
                actor=request.user,
                actor_role="admin",
                object_type=self.model._meta.label_lower,  # type: ignore[attr-defined]
                object_ref=object_id,
                ip=request.META.get("REMOTE_ADDR"),
            )
        return response


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("occurred_at", "action", "object_type", "object_ref", "actor", "actor_role", "result")
    list_filter = ("action", "result", "object_type")
    search_fields = ("object_ref", "action", "request_id")
    date_hierarchy = "occurred_at"
