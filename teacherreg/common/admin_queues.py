"""Parts shared by admin pages: the review queues that live in the Django admin until the
office issue (identity manual review, hand-added certificates, applicant-entered records) and
the tables that are only read there (audit log, imported records, applications)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class ReadOnlyAdminMixin:
    """Rows written by a service or an import, never by hand in the admin: view only."""

    # ``obj`` too: inlines are asked with the parent row.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class QueueStateFilter(admin.SimpleListFilter):
    """A state filter that opens on the waiting state, because the queue is what a reviewer
    opens the page for; "全部" shows every state. Subclasses name the field, the states and
    the waiting one."""

    field_name: ClassVar[str]
    states: ClassVar[Any]  # a TextChoices class
    waiting: ClassVar[str]

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [*self.states.choices, ("all", _("全部"))]

    def choices(self, changelist: Any) -> Any:
        value = self.value() or self.waiting
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value() or self.waiting
        return queryset if value == "all" else queryset.filter(**{self.field_name: value})


def refusal_reason_field(help_text: Any, *, label: Any = None, max_length: int = 500) -> forms.CharField:
    """The reason a reviewer must give when refusing; the applicant reads it, so the help
    text says where and asks for what to do next."""
    return forms.CharField(
        label=label or _("不通过原因"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=max_length,
        help_text=help_text,
    )
