"""The outbox in the admin: read-only, recipients masked, secrets starred.

Support staff can answer "did my code go out?" by typing the full phone number or e-mail
into the search box: it is looked up through the blind index, never shown back in full.
``key:<dedupe key>`` finds the message a caller queued under that key.
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from teacherreg.common.admin_queues import ReadOnlyAdminMixin
from teacherreg.common.fields import index_for
from teacherreg.common.normalise import phone as normalise_phone
from teacherreg.notify.keys import dedupe_hash
from teacherreg.notify.models import SCRUBBED, DeliveryAttempt, OutboxMessage
from teacherreg.notify.templates import TEMPLATES


class DeliveryAttemptInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    fields = ("number", "started_at", "finished_at", "ok", "retryable", "error_code", "provider_message_id")
    readonly_fields = fields


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "channel",
        "template",
        "masked_recipient",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    )
    list_filter = ("status", "channel", "template")
    date_hierarchy = "created_at"
    search_fields = ("template",)
    fields = (
        "channel",
        "masked_recipient",
        "template",
        "language",
        "safe_params",
        "dedupe_key",
        "user",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "expires_at",
        "sent_at",
        "provider_message_id",
    )
    readonly_fields = fields
    inlines = (DeliveryAttemptInline,)

    @admin.display(description=_("收件人"))
    def masked_recipient(self, obj: OutboxMessage) -> str:
        return obj.recipient_masked

    @admin.display(description=_("参数"))
    def safe_params(self, obj: OutboxMessage) -> str:
        template = TEMPLATES.get(obj.template)
        secret = template.secret if template else ()
        shown = {k: (SCRUBBED if k in secret else v) for k, v in obj.params.items()}
        return json.dumps(shown, ensure_ascii=False, sort_keys=True)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[OutboxMessage], search_term: str
    ) -> tuple[QuerySet[OutboxMessage], bool]:
        term = search_term.strip()
        if "@" in term:
            return queryset.filter(email_index=index_for("email", term)), False
        if len(normalise_phone(term)) == 11 and normalise_phone(term).isdigit():
            return queryset.filter(phone_index=index_for("phone", term)), False
        if term.startswith("key:"):
            return queryset.filter(dedupe_key=dedupe_hash(term[4:])), False
        return super().get_search_results(request, queryset, search_term)
