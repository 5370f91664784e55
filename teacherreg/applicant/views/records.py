"""The personal centre's record modules (manual §2): 教师资格考试信息, 普通话证书信息,
学历学籍信息, 学位证书信息 and 其他证书信息.

Thin: each view checks who is asking, reads through ``records.overview`` or calls one
``records.services`` function, and redirects with its message. Another person's record is
a 404, never a 403: it does not exist for this account.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from teacherreg.applicant.forms.records import FORMS, initial_from, scan_help
from teacherreg.applicant.views.centre import applicant_required
from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.documents.serving import private_file
from teacherreg.records import overview, services
from teacherreg.records.kinds import KINDS, Kind
from teacherreg.records.models import BaseRecord


def _kind(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404 from None


def _own(request: HttpRequest, kind: Kind, pk: int) -> BaseRecord:
    try:
        return services.own_entry(request.user, kind, pk)
    except DomainError:
        raise Http404 from None


def _list_url(kind: Kind) -> str:
    return reverse("applicant:record_list", args=[kind.slug])


@applicant_required
def exams(request: HttpRequest) -> HttpResponse:
    """教师资格考试信息: read only, from the national records."""
    return render(request, "applicant/records/exams.html", {"rows": overview.exam_results(request.user)})


@applicant_required
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    record_kind = _kind(kind)
    rows = overview.module_rows(request.user, record_kind)
    context = {
        "kind": record_kind,
        "rows": rows,
        "columns": [heading for _key, heading in overview.COLUMNS[record_kind.slug]],
        "any_locked": any(row.locked for row in rows),
        "locked_message": message_for("records_locked"),
    }
    return render(request, "applicant/records/list.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def record_add(request: HttpRequest, kind: str) -> HttpResponse:
    record_kind = _kind(kind)
    form = FORMS[record_kind.slug](request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_entry(request.user, record_kind, form.values(), form.cleaned_data["scan"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, message_for("records_added"))
            return redirect(_list_url(record_kind))
    return _form_page(request, record_kind, form, editing=False)


@applicant_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    record_kind = _kind(kind)
    record = _own(request, record_kind, pk)
    if services.is_locked(record):
        messages.error(request, message_for("records_locked"))
        return redirect(_list_url(record_kind))
    form = FORMS[record_kind.slug](
        request.POST or None,
        request.FILES or None,
        user=request.user,
        editing=True,
        initial=initial_from(record, record_kind.fields),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entry(request.user, record, form.values(), form.cleaned_data.get("scan"))
        except DomainError as exc:
            if exc.code == "records_locked":
                messages.error(request, exc.message)
                return redirect(_list_url(record_kind))
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, message_for("records_updated"))
            return redirect(_list_url(record_kind))
    return _form_page(request, record_kind, form, editing=True, record=record)


def _form_page(request: HttpRequest, kind: Kind, form, *, editing: bool, record: BaseRecord | None = None):
    context = {
        "kind": kind,
        "form": form,
        "editing": editing,
        "record": record,
        "scan_help": scan_help(),
        # A browser never keeps a chosen file across a reload: say so when the form comes back.
        "file_lost": bool(request.method == "POST" and request.FILES and form.errors),
    }
    return render(request, "applicant/records/form.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    record_kind = _kind(kind)
    record = _own(request, record_kind, pk)
    locked = services.is_locked(record)
    if request.method == "POST":
        try:
            services.delete_entry(request.user, record)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, message_for("records_deleted"))
        return redirect(_list_url(record_kind))
    context = {
        "kind": record_kind,
        "record": record,
        "locked": locked,
        "locked_message": message_for("records_locked"),
    }
    return render(request, "applicant/records/delete.html", context)


@applicant_required
def record_scan(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The owner's own scan, never cached; anyone else gets a 404."""
    record = _own(request, _kind(kind), pk)
    return private_file(record.scan.name)
