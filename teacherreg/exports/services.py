"""Starting, building, handing out and purging exports (P23; issue 6 item 7).

``start_export`` runs in the web request: it checks who may export what, records the job and
an audit event, and queues the build after commit. ``build_export`` runs in the worker (huey;
tasks take the job's primary key only). ``downloaded`` audits a download. ``purge_expired``
removes jobs and files after ``models.KEEP_FOR``.
"""

from __future__ import annotations

import datetime
import logging
import os
from functools import partial
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from teacherreg.audit import services as audit
from teacherreg.common.errors import DomainError
from teacherreg.documents.storage import private_storage
from teacherreg.exports import filters as export_filters
from teacherreg.exports.models import FOLDER, ExportJob, ExportKind, JobStatus
from teacherreg.exports.stickers import ROW_RELATED as STICKER_RELATED
from teacherreg.exports.stickers import render_stickers, stickers_for
from teacherreg.exports.workbook import ROW_RELATED, Signature, write_applications
from teacherreg.office.scope import Scope
from teacherreg.registration.workflow import Status

logger = logging.getLogger("teacherreg.exports")

REQUESTED = "export.requested"
BUILT = "export.built"
FAILED = "export.failed"
DOWNLOADED = "export.downloaded"
PURGED = "export.purged"
MIN_REASON = 4
EXTENSIONS = {ExportKind.APPLICATIONS: "xlsx", ExportKind.STICKERS: "pdf"}
CONTENT_TYPES = {
    ExportKind.APPLICATIONS: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportKind.STICKERS: "application/pdf",
}
# A job still not done after this long has lost its worker.
STALE_AFTER = datetime.timedelta(hours=2)


def exporter_label(user: Any) -> str:
    """``王确认（lixia-point）``: the name staff know and the login name that is unique."""
    name = getattr(user, "name", "") or ""
    return f"{name}（{user.username}）" if name else str(user.username or user.pk)


def file_name(job: ExportJob) -> str:
    """Where the job's file lies in private storage: made by the server from the job's id."""
    return f"{FOLDER}/{job.public_id.hex}.{EXTENSIONS[ExportKind(job.kind)]}"


def start_export(
    scope: Scope,
    *,
    kind: str,
    filters: dict[str, Any],
    full: bool = False,
    reason: str = "",
    ip: str | None = None,
) -> ExportJob:
    """Record an export for ``scope.user`` and queue its build.

    Guard: the member holds a role that may export ``kind`` (``export_not_allowed``); a full,
    unmasked export only for a province administrator (``export_full_not_allowed``) and only with
    a reason (``export_reason_required``); stickers are never "full" (they print names and
    certificate numbers by nature, and no ID or phone). Side effects: the job row, an
    ``export.requested`` audit event carrying the reason, the build task after commit.
    """
    reason = " ".join((reason or "").split())
    if kind == ExportKind.APPLICATIONS:
        roles = export_filters.FULL_EXPORT_ROLES if full else export_filters.APPLICATION_ROLES
    elif kind == ExportKind.STICKERS:
        roles = export_filters.STICKER_ROLES
        full = False
    else:
        raise DomainError("export_not_allowed")
    if full and not scope.has_role(*export_filters.FULL_EXPORT_ROLES):
        raise DomainError("export_full_not_allowed")
    if not scope.has_role(*roles):
        raise DomainError("export_not_allowed")
    if full and len(reason) < MIN_REASON:
        raise DomainError("export_reason_required", min=MIN_REASON)
    clean = {key: filters[key] for key in export_filters.FILTER_KEYS if filters.get(key) not in (None, "")}
    if kind == ExportKind.STICKERS:
        clean["status"] = Status.QUALIFIED
    snapshot = export_filters.snapshot(scope, roles)
    membership = next((m for m in scope.memberships if m.role in snapshot["roles"]), None)
    with transaction.atomic():
        job = ExportJob.objects.create(
            owner=scope.user,
            kind=kind,
            full=full,
            reason=reason if full else "",
            scope=snapshot,
            filters=clean,
        )
        audit.record(
            REQUESTED,
            job,
            actor=scope.user,
            actor_role=membership.role if membership else "",
            actor_organisation_id=membership.organisation_id if membership else None,
            data={"kind": kind, "full": full, "reason": job.reason, "filters": clean},
            ip=ip,
        )
        transaction.on_commit(partial(_queue_build, job.pk))
    return job


def _queue_build(pk: int) -> None:
    from teacherreg.exports.tasks import build_export_job

    try:
        build_export_job(pk)
    except Exception:  # the job stays queued and says so; the purge removes it in time
        logger.exception("Could not queue export job %s.", pk)


def build_export(pk: int) -> ExportJob | None:
    """Build the file of a queued job (the worker's side).

    Guard: the job is still queued; a re-delivered task finds it running or done and does
    nothing. Side effects: status and progress on the row, the file in private storage, an
    ``export.built`` (or ``export.failed``) audit event. A failure marks the job failed and
    removes any partial file; it is logged, never raised into the queue.
    """
    now = timezone.now()
    if not ExportJob.objects.filter(pk=pk, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING, started_at=now):
        return None
    job = ExportJob.objects.select_related("owner").get(pk=pk)
    name = file_name(job)
    final = Path(private_storage.path(name))
    partial_path = final.with_suffix(final.suffix + ".part")
    try:
        final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        count = _write(job, partial_path)
        os.chmod(partial_path, 0o600)
        os.replace(partial_path, final)
    except Exception:
        logger.exception("Export job %s failed.", pk)
        partial_path.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=pk).update(
            status=JobStatus.FAILED, error="build_failed", finished_at=timezone.now()
        )
        audit.record(FAILED, job, actor=job.owner, data={"kind": job.kind})
        return None
    ExportJob.objects.filter(pk=pk).update(
        status=JobStatus.DONE, file=name, progress_done=count, progress_total=count, finished_at=timezone.now()
    )
    audit.record(BUILT, job, actor=job.owner, data={"kind": job.kind, "full": job.full, "rows": count})
    job.refresh_from_db()
    return job


def _write(job: ExportJob, path: Path) -> int:
    cases = export_filters.apply(export_filters.scoped_cases(job.owner, job.scope), job.filters)
    total = cases.count()
    ExportJob.objects.filter(pk=job.pk).update(progress_total=total)
    on_progress = partial(_progress, job.pk)
    who = exporter_label(job.owner)
    # The time the owner asked: the file says when the data was requested, not when a busy
    # worker got round to it (they differ by seconds, and the audit log has both).
    if job.kind == ExportKind.STICKERS:
        ordered = cases.select_related(*STICKER_RELATED).order_by("agency__name", "number")
        return render_stickers(
            path,
            stickers_for(ordered.iterator(chunk_size=500)),
            printed_by=who,
            printed_at=job.created_at,
            on_progress=on_progress,
        )
    signature = Signature(
        exporter=who, at=job.created_at, full=job.full, reason=job.reason, reference=str(job.public_id)
    )
    rows = cases.select_related(*ROW_RELATED).order_by("number").iterator(chunk_size=500)
    # xlsxwriter's row files stay inside private storage too, never in a shared /tmp.
    return write_applications(
        path, rows, signature=signature, full=job.full, on_progress=on_progress, tmpdir=str(path.parent)
    )


def _progress(pk: int, done: int) -> None:
    ExportJob.objects.filter(pk=pk).update(progress_done=done)


def downloadable(job: ExportJob) -> bool:
    return job.status == JobStatus.DONE and not job.is_expired and bool(job.file.name)


def downloaded(job: ExportJob, *, actor_role: str, actor_organisation_id: int | None, ip: str | None) -> None:
    """Audit that the owner took the file: a staff view of personal data (security.md §1.9)."""
    audit.record(
        DOWNLOADED,
        job,
        actor=job.owner,
        actor_role=actor_role,
        actor_organisation_id=actor_organisation_id,
        data={"kind": job.kind, "full": job.full, "rows": job.progress_total},
        ip=ip,
    )


def purge_expired() -> int:
    """Delete expired jobs and their files (a half-written one included); returns how many
    jobs went. Safe to run twice."""
    gone = 0
    for job in ExportJob.objects.expired().iterator():
        name = file_name(job)
        private_storage.delete(name)
        Path(private_storage.path(name) + ".part").unlink(missing_ok=True)
        audit.record(PURGED, job, data={"kind": job.kind, "had_file": bool(job.file.name)})
        job.delete()
        gone += 1
    return gone


def fail_stale(after: datetime.timedelta = STALE_AFTER) -> int:
    """Jobs queued or running for longer than ``after`` lost their worker (a restart, a lost
    task): mark them failed so the page stops showing progress and says to start again."""
    cutoff = timezone.now() - after
    return ExportJob.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING], created_at__lt=cutoff).update(
        status=JobStatus.FAILED, error="stale", finished_at=timezone.now()
    )
