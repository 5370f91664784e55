"""数据导入 in the back office (issue 6 item 6): choose a kind, download its template, upload a
file, read the dry run's row-by-row report, then commit.

Entry page: ``office:imports``. Every batch is found through ``import_access`` (the member's
scope); the rules and the writing are in ``teacherreg.imports.services``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from teacherreg.common.errors import DomainError
from teacherreg.common.forms import StyledForm
from teacherreg.common.messages import message_for
from teacherreg.common.session_flow import client_ip
from teacherreg.documents.serving import private_bytes
from teacherreg.imports import files, services
from teacherreg.imports.importers import importer_for
from teacherreg.imports.models import BatchStatus, ImportBatch
from teacherreg.imports.reading import MAX_BYTES, MAX_ROWS
from teacherreg.office.access import staff_with_role
from teacherreg.office.access_log import record_view
from teacherreg.office.views import import_access as reach

import_view = staff_with_role(*reach.IMPORT_ROLES)
# The report lists this many problems on screen; the CSV has them all.
PROBLEMS_ON_SCREEN = 200
RECENT_BATCHES = 30


class UploadForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=_("数据文件"),
        help_text=_("CSV（UTF-8 或 GB18030 编码）或 Excel（.xlsx）文件，第一行为列名。"),
        error_messages={"required": message_for("import_file_required"), "empty": message_for("import_file_empty")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(message_for("import_file_too_big", limit=MAX_BYTES // (1024 * 1024)))
        return upload


@import_view
def index(request: HttpRequest) -> HttpResponse:
    """The kinds the member may import and their recent batches."""
    scope = request.scope  # type: ignore[attr-defined]
    recent = list(reach.batches(scope).order_by("-created_at", "-pk")[:RECENT_BATCHES])
    for row in recent:
        row.kind_label = importer_for(row.kind).label  # type: ignore[attr-defined]
    context = {"importers": reach.importers(scope), "batches": recent}
    return render(request, "office/imports/index.html", context)


@import_view
def kind(request: HttpRequest, kind: str) -> HttpResponse:
    """One kind: its columns and templates, and the upload form (POST runs the dry run)."""
    importer, organisation = reach.importer_or_404(request.scope, kind)  # type: ignore[attr-defined]
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            batch = services.upload(
                kind=importer.slug,
                raw=upload.read(),
                file_name=upload.name,
                actor=request.user,
                organisation=organisation,
                ip=client_ip(request) or None,
            )
            return redirect("office:import_batch", batch=batch.pk)
    else:
        form = UploadForm()
    context = {
        "importer": importer,
        "organisation": organisation,
        "form": form,
        "max_mb": MAX_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS,
        "retention_days": services.RETENTION_DAYS,
    }
    return render(request, "office/imports/kind.html", context)


@import_view
def template(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    importer, _organisation = reach.importer_or_404(request.scope, kind)  # type: ignore[attr-defined]
    if file_format == "csv":
        data, content_type = files.template_csv(importer), "text/csv; charset=utf-8"
    elif file_format == "xlsx":
        data = files.template_xlsx(importer)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    return private_bytes(
        data, content_type=content_type, filename=f"template-{importer.slug}.{file_format}", attachment=True
    )


def _status_message(batch: ImportBatch) -> tuple[str, str]:
    if batch.status == BatchStatus.CHECKED:
        return "success", message_for("import_checked")
    if batch.status == BatchStatus.HAS_PROBLEMS:
        return "danger", message_for("import_has_problems")
    if batch.status == BatchStatus.UNREADABLE:
        return "danger", message_for("import_unreadable")
    return "success", message_for(
        "import_committed", created=batch.created_count, updated=batch.updated_count, unchanged=batch.unchanged_count
    )


@never_cache
@import_view
def batch(request: HttpRequest, batch: int) -> HttpResponse:
    """The dry run's (or the commit's) result with the first problems and the commit button."""
    found = reach.batch_or_404(request.scope, batch)  # type: ignore[attr-defined]
    importer = importer_for(found.kind)
    if importer.personal and found.problems:
        # The report quotes cells of people's records (masked): a view of personal data.
        record_view(request, found, "import_report")
    tone, status_text = _status_message(found)
    context = {
        "batch": found,
        "importer": importer,
        "problems": found.problems[:PROBLEMS_ON_SCREEN],
        "more_problems": max(0, len(found.problems) - PROBLEMS_ON_SCREEN),
        "status_tone": tone,
        "status_text": status_text,
        "earlier": services.earlier_commit(found),
    }
    return render(request, "office/imports/batch.html", context)


@import_view
@require_POST
def commit(request: HttpRequest, batch: int) -> HttpResponse:
    found = reach.batch_or_404(request.scope, batch)  # type: ignore[attr-defined]
    try:
        done = services.commit(found, actor=request.user, ip=client_ip(request) or None)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        # The batch page says what was written; a refusal at commit time needs saying why.
        if done.status != BatchStatus.COMMITTED:
            messages.error(request, message_for("import_commit_refused"))
    return redirect("office:import_batch", batch=found.pk)


@import_view
def report(request: HttpRequest, batch: int) -> HttpResponse:
    """Every problem of a batch as CSV (masked values); audited when it is about people."""
    found = reach.batch_or_404(request.scope, batch)  # type: ignore[attr-defined]
    if importer_for(found.kind).personal:
        record_view(request, found, "import_report_csv")
    return private_bytes(
        files.report_csv(found),
        content_type="text/csv; charset=utf-8",
        filename=f"import-{found.pk}-report.csv",
        attachment=True,
    )
