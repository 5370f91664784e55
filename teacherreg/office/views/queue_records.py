"""Records applicants typed into the personal information centre (manual §2; issue 4 item 1):
普通话, 学历, 学位 and 其他证书, one queue per kind, each entry compared with its scan and
verified or refused through ``records.services.verify_entry``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from teacherreg.accounts.models import DocumentType
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.office.access_log import record_view
from teacherreg.office.queue_forms import QueueFilterForm, RefusalForm
from teacherreg.office.queues import RECORD_DECIDERS, record_entries
from teacherreg.office.views.queue_common import (
    by_code_province,
    by_state,
    page_of,
    private_image,
    province_choices,
    queue_view,
    reach_of,
    read_filters,
    record_list_view,
    waiting_first,
)
from teacherreg.records.kinds import KINDS, Kind
from teacherreg.records.models import VerificationState
from teacherreg.records.services import verify_entry
from teacherreg.registration.presentation import choice_label, shown

record_page = queue_view(RECORD_DECIDERS)
record_verdict = queue_view(RECORD_DECIDERS, frozenset())
REFUSAL_HELP = gettext_lazy(
    "申请人会在个人信息中心看到这段话，请写明问题和处理办法，例如“扫描件看不清证书编号，请重新扫描上传”。"
)


def _kind_or_404(slug: str) -> Kind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind


def _related(kind: Kind) -> list[str]:
    """The foreign keys among the kind's fields, read in the query that finds the rows."""
    return [name for name in kind.fields if kind.model._meta.get_field(name).is_relation]


def _label(kind: Kind, name: str) -> str:
    return str(kind.model._meta.get_field(name).verbose_name)


@dataclass(frozen=True)
class Row:
    entry: Any
    owner: str
    document_number: str  # masked
    headline: str  # the kind's first field: grade, level, degree or the certificate's name
    number: str
    day: str


@require_GET
@record_page
def queue(request: HttpRequest, kind: str) -> HttpResponse:
    found = _kind_or_404(kind)
    reach = reach_of(request)
    form = QueueFilterForm(
        request.GET or None,
        states=list(VerificationState.choices),
        waiting=VerificationState.PENDING,
        provinces=province_choices(reach.sees),
    )
    values = read_filters(request, form)
    rows = by_state(record_entries(found, reach.sees), "verification_state", values["state"])
    rows = by_code_province(rows, values.get("province"))
    rows = waiting_first(
        rows.select_related("owner", *_related(found)),
        "verification_state",
        VerificationState.PENDING,
        "created_at",
        "pk",
    )
    page = page_of(request, rows)
    record_list_view(request, page, f"queue_records_{found.slug}")
    headline = found.fields[0]
    context = {
        "kind": found,
        "form": form,
        "page": page,
        "headline_label": _label(found, headline),
        "date_label": _label(found, found.date_field),
        "rows": [
            Row(
                entry,
                entry.owner.name,
                mask("document_number", entry.owner.document_number),
                shown(getattr(entry, headline)),
                entry.certificate_number,
                shown(getattr(entry, found.date_field)),
            )
            for entry in page.object_list
        ],
    }
    return render(request, "office/queues/record_list.html", context)


def _entry_or_404(request: HttpRequest, kind: Kind, pk: int, *, deciding: bool = False) -> Any:
    reach = reach_of(request)
    rows = record_entries(kind, reach.decides if deciding else reach.sees)
    try:
        return rows.select_related("owner", "reviewed_by", *_related(kind)).get(pk=pk)
    except kind.model.DoesNotExist:
        raise Http404 from None


def _render(
    request: HttpRequest, kind: Kind, entry: Any, *, refusal_form: RefusalForm | None = None, error: str = ""
) -> HttpResponse:
    pending = entry.verification_state == VerificationState.PENDING
    owner = entry.owner
    facts = [
        (_("录入人"), owner.name),
        (_("证件类型"), choice_label(DocumentType, owner.document_type)),
        (_("身份证件号码"), mask("document_number", owner.document_number)),
        *((_label(kind, name), shown(getattr(entry, name))) for name in kind.fields),
        (_("录入时间"), shown(entry.created_at)),
        (_("最近修改"), shown(entry.updated_at)),
    ]
    record_view(request, entry, f"record_entry_{kind.slug}")
    context = {
        "kind": kind,
        "entry": entry,
        "facts": facts,
        "state": choice_label(VerificationState, entry.verification_state),
        "pending": pending,
        "can_decide": pending and reach_of(request).decides.covers(entry.province_code),
        "refusal_form": refusal_form or RefusalForm(prefix="refuse", help_text=REFUSAL_HELP, label=_("核验不通过原因")),
        "error": error,
    }
    return render(request, "office/queues/record_item.html", context)


@require_GET
@record_page
def item(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    found = _kind_or_404(kind)
    return _render(request, found, _entry_or_404(request, found, pk))


@require_GET
@record_page
def scan(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    found = _kind_or_404(kind)
    entry = _entry_or_404(request, found, pk)
    response = private_image(entry.scan.name, filename=f"record-{found.slug}-{entry.pk}.jpg")
    record_view(request, entry, f"record_scan_{found.slug}")
    return response


def _decide(request: HttpRequest, kind: str, pk: int, *, accepted: bool) -> HttpResponse:
    found = _kind_or_404(kind)
    entry = _entry_or_404(request, found, pk, deciding=True)
    form = RefusalForm(request.POST, prefix="refuse", help_text=REFUSAL_HELP, label=_("核验不通过原因"))
    if not accepted and not form.is_valid():
        return _render(request, found, entry, refusal_form=form)
    try:
        verify_entry(request.user, entry, accepted, "" if accepted else form.cleaned_data["reason"])
    except DomainError as refusal:
        again = _entry_or_404(request, found, pk)
        return _render(request, found, again, refusal_form=None if accepted else form, error=refusal.message)
    code = "queue_record_verified" if accepted else "queue_record_rejected"
    messages.success(request, message_for(code, kind=found.label, pk=entry.pk))
    return redirect("office:queue_records", kind=found.slug)


@require_POST
@record_verdict
def verify(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _decide(request, kind, pk, accepted=True)


@require_POST
@record_verdict
def reject(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _decide(request, kind, pk, accepted=False)
