"""数据导出 in the office (issue 6 item 7; P23): start an export, watch the worker build it, and
download the file. Exports belong to the member who asked: anyone else gets a 404, another
member of the same organisation included.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.common.session_flow import client_ip
from teacherreg.documents.serving import private_file
from teacherreg.exports import services
from teacherreg.exports.filters import APPLICATION_ROLES, FULL_EXPORT_ROLES, STICKER_ROLES
from teacherreg.exports.models import ExportJob, ExportKind, JobStatus
from teacherreg.office.access import staff_with_role
from teacherreg.office.export_forms import ApplicationExportForm, ExportFilterForm, StickerExportForm

RECENT = 20
# Which field shows a refusal of the service; the rest go above the form.
ERROR_FIELDS = {"export_full_not_allowed": "full", "export_reason_required": "reason"}


def _held(request: HttpRequest, roles: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(roles) & request.scope.roles))  # type: ignore[attr-defined]


def _forms(request: HttpRequest, bound: str = "") -> dict[str, Any]:
    scope = request.scope  # type: ignore[attr-defined]
    data = request.POST if request.method == "POST" else None
    application_form = ApplicationExportForm(
        data if bound == "applications" else None, scope=scope, roles=_held(request, APPLICATION_ROLES)
    )
    sticker_form = None
    if scope.has_role(*STICKER_ROLES):
        sticker_form = StickerExportForm(
            data if bound == "stickers" else None, scope=scope, roles=_held(request, STICKER_ROLES), prefix="stickers"
        )
    return {"form": application_form, "sticker_form": sticker_form}


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    context |= {
        "jobs": list(ExportJob.objects.of(request.user)[:RECENT]),
        "may_export_full": scope.has_role(*FULL_EXPORT_ROLES),
    }
    return render(request, "office/exports/index.html", context, status=status)


@staff_with_role(*APPLICATION_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    """The exports page: the two export forms the member may use and their own recent exports."""
    return _page(request, _forms(request))


@staff_with_role(*APPLICATION_ROLES)
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    context = _forms(request, bound="applications")
    form: ApplicationExportForm = context["form"]
    if not form.is_valid():
        return _page(request, context)
    data = form.cleaned_data
    return _start(request, context, form, ExportKind.APPLICATIONS, full=data["full"], reason=data["reason"])


@staff_with_role(*STICKER_ROLES)
@require_POST
def stickers(request: HttpRequest) -> HttpResponse:
    context = _forms(request, bound="stickers")
    form: StickerExportForm = context["sticker_form"]
    if not form.is_valid():
        return _page(request, context)
    return _start(request, context, form, ExportKind.STICKERS, full=False, reason="")


def _start(
    request: HttpRequest, context: dict[str, Any], form: ExportFilterForm, kind: str, *, full: bool, reason: str
) -> HttpResponse:
    try:
        job = services.start_export(
            request.scope,  # type: ignore[attr-defined]
            kind=kind,
            filters=form.filters(),
            full=full,
            reason=reason,
            ip=client_ip(request) or None,
        )
    except DomainError as refusal:
        form.add_error(ERROR_FIELDS.get(refusal.code), refusal.message)
        return _page(request, context)
    messages.success(request, message_for("export_started"))
    return redirect("office:export_job", public_id=job.public_id)


def _own_job(request: HttpRequest, public_id: Any) -> ExportJob:
    """The member's own job; anyone else's, an expired one or a made-up id answers 404."""
    job = ExportJob.objects.filter(owner=request.user, public_id=public_id, expires_at__gt=timezone.now()).first()
    if job is None:
        raise Http404
    return job


@staff_with_role(*APPLICATION_ROLES)
def job(request: HttpRequest, public_id: Any) -> HttpResponse:
    """One export: progress while the worker builds it (htmx asks again every 2 s; without
    script the member reloads), then the download link."""
    export = _own_job(request, public_id)
    context = {
        "job": export,
        "downloadable": services.downloadable(export),
        "failure": message_for(f"export_failed_{export.error}") if export.status == JobStatus.FAILED else "",
    }
    if getattr(request, "htmx", False):
        return render(request, "office/exports/_progress.html", context)
    return render(request, "office/exports/job.html", context)


@staff_with_role(*APPLICATION_ROLES)
def download(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The file, to its owner only, ``no-store``; every download is audited (P23)."""
    export = _own_job(request, public_id)
    if not services.downloadable(export):
        messages.info(request, message_for("export_not_ready"))
        return redirect("office:export_job", public_id=export.public_id)
    scope = request.scope  # type: ignore[attr-defined]
    membership = next(
        (m for m in scope.memberships if m.role in set(export.scope.get("roles", []))),
        scope.memberships[0] if scope.memberships else None,
    )
    extension = services.EXTENSIONS[ExportKind(export.kind)]
    stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
    response = private_file(
        export.file.name,
        content_type=services.CONTENT_TYPES[ExportKind(export.kind)],
        filename=f"{export.kind}-{stamp}.{extension}",
    )
    services.downloaded(
        export,
        actor_role=membership.role if membership else "",
        actor_organisation_id=membership.organisation_id if membership else None,
        ip=client_ip(request) or None,
    )
    if export.kind == ExportKind.APPLICATIONS:
        # A spreadsheet is saved, not shown; the sticker sheet opens in the browser to print.
        response["Content-Disposition"] = response["Content-Disposition"].replace("inline", "attachment", 1)
    return response
