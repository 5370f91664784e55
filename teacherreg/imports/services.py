"""The life of an import batch: upload and dry run, commit, and the file's retention.

Commit is **all-or-nothing** (issue 6 item 6 leaves the choice to us): a batch can be committed
only when its dry run found no problem, and the commit runs every row again in one
transaction that is kept only if no row has a problem — the data may have changed since the
dry run. A file with errors is corrected and uploaded again as a new batch. Teachers' records
are read by the registration pre-check, so half a file (some years of a person, not others)
would give wrong answers until someone noticed; one clear state is safer.

Files are kept encrypted in private storage for :data:`RETENTION_DAYS` days after upload, so a
question about what was imported can be answered from the file itself; then the daily job
deletes the file and keeps the batch record, its hash and its counts.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import unicodedata

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from teacherreg.audit import services as audit
from teacherreg.audit.models import AuditResult
from teacherreg.common import crypto
from teacherreg.common.dates import today
from teacherreg.common.errors import DomainError
from teacherreg.imports import engine
from teacherreg.imports.engine import Problem
from teacherreg.imports.importers import importer_for
from teacherreg.imports.importers.base import ImportContext
from teacherreg.imports.models import BatchStatus, ImportBatch
from teacherreg.imports.reading import Sheet, UnreadableFile, read_sheet
from teacherreg.organisations.models import Organisation

# PIPL Art. 19: the shortest time that still lets a province answer "what did we import?".
RETENTION_DAYS = 180
# The report keeps this many problems; a file with more has a systematic fault to fix first.
PROBLEMS_KEPT = 5000


class _DryRun(Exception):
    """Raised inside the dry run's transaction to roll it back."""


# --- the stored file -------------------------------------------------------------------------


def _associated_data(file_hash: str) -> str:
    # The hash binds the ciphertext to its batch: a file moved to another batch fails to open.
    return f"imports.importbatch.file:{file_hash}"


def _seal(raw: bytes, file_hash: str) -> bytes:
    token = crypto.encrypt(base64.b64encode(raw).decode("ascii"), _associated_data(file_hash))
    return token.encode("ascii")


def stored_bytes(batch: ImportBatch) -> bytes:
    """The uploaded file as it was uploaded (decrypted), or DomainError once it is purged."""
    if not batch.file:
        raise DomainError("import_file_purged")
    with batch.file.open("rb") as handle:
        token = handle.read().decode("ascii")
    return base64.b64decode(crypto.decrypt(token, _associated_data(batch.file_hash)))


def _display_name(name: str) -> str:
    """The uploader's file name without folders or invisible characters, cut to fit."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return base[-120:] or "upload"


# --- running ---------------------------------------------------------------------------------


def _context(batch: ImportBatch, actor: object) -> ImportContext:
    return ImportContext(actor=actor, organisation=batch.organisation, batch=batch, today=today())


def _keep_problems(batch: ImportBatch, outcome: engine.Outcome) -> None:
    problems = sorted(outcome.problems, key=lambda p: p.line)
    batch.problems = [p.as_dict() for p in problems[:PROBLEMS_KEPT]]
    batch.problems_truncated = len(problems) > PROBLEMS_KEPT
    batch.problem_row_count = outcome.problem_rows
    batch.row_count = outcome.rows
    batch.created_count, batch.updated_count, batch.unchanged_count = (
        outcome.created,
        outcome.updated,
        outcome.unchanged,
    )


def _dry_run(batch: ImportBatch, sheet: Sheet, actor: object) -> engine.Outcome:
    importer = importer_for(batch.kind)
    outcome = engine.Outcome()
    try:
        with transaction.atomic():
            outcome = engine.run(importer, sheet, _context(batch, actor))
            raise _DryRun
    except _DryRun:
        pass
    return outcome


def _audit(action: str, batch: ImportBatch, actor: object, ip: str | None, result: str = AuditResult.OK) -> None:
    audit.record(
        action,
        batch,
        actor=actor,
        actor_role=importer_for(batch.kind).role,
        actor_organisation_id=batch.organisation_id,
        ip=ip,
        data={
            "kind": batch.kind,
            "file_hash": batch.file_hash,
            "rows": batch.row_count,
            "created": batch.created_count,
            "updated": batch.updated_count,
            "unchanged": batch.unchanged_count,
            "problem_rows": batch.problem_row_count,
            "status": batch.status,
        },
        result=result,
    )


def upload(
    *, kind: str, raw: bytes, file_name: str, actor: object, organisation: Organisation, ip: str | None = None
) -> ImportBatch:
    """Keep the file and dry-run it: parse and check every row, write nothing.

    Guard: the caller has checked that ``actor`` may import ``kind`` for ``organisation``.
    Side effects: the batch row; the file, encrypted, in private storage; an ``imports.checked``
    audit event. The batch ends ``unreadable``, ``has_problems`` or ``checked``.
    """
    importer_for(kind)  # an unknown kind is a programming error: fail before storing anything
    file_hash = hashlib.sha256(raw).hexdigest()
    batch = ImportBatch(
        kind=kind,
        organisation=organisation,
        created_by=actor,
        file_name=_display_name(file_name),
        file_format="csv",
        file_hash=file_hash,
        file_size=len(raw),
        retain_until=today() + datetime.timedelta(days=RETENTION_DAYS),
        status=BatchStatus.UNREADABLE,
    )
    try:
        sheet = read_sheet(raw, file_name)
    except UnreadableFile as refused:
        batch.problems = [Problem(0, "", "", refused.message).as_dict()]
        batch.problem_row_count = 0
        sheet = None
    else:
        batch.file_format, batch.encoding = sheet.file_format, sheet.encoding
    batch.file.save("upload", ContentFile(_seal(raw, file_hash)), save=False)
    batch.save()
    if sheet is not None:
        outcome = _dry_run(batch, sheet, actor)
        _keep_problems(batch, outcome)
        batch.status = BatchStatus.HAS_PROBLEMS if outcome.problems else BatchStatus.CHECKED
    batch.checked_at = timezone.now()
    batch.save()
    _audit("imports.checked", batch, actor, ip)
    return batch


def commit(batch: ImportBatch, *, actor: object, ip: str | None = None) -> ImportBatch:
    """Write the rows of a checked batch, all of them or none.

    Guard: the batch is ``checked`` (a dry run without problems) and its file is still kept;
    else ``import_not_committable``. Two clicks commit once: the batch row is locked first.
    Every row is run again: if any now has a problem, nothing is written, the batch goes back
    to ``has_problems`` with the new report and an ``imports.commit_refused`` event is recorded.
    Side effects: the domain rows; ``imports.committed`` with the counts (a re-import of the
    same file shows every row unchanged).
    """
    with transaction.atomic():
        locked = (
            ImportBatch.objects.select_for_update(of=("self",)).select_related("organisation__region").get(pk=batch.pk)
        )
        if not locked.can_commit:
            raise DomainError("import_not_committable")
        try:
            sheet = read_sheet(stored_bytes(locked), locked.file_name)
        except UnreadableFile:
            # Read once already; only a change of the limits since then lands here.
            raise DomainError("import_not_committable") from None
        outcome = engine.Outcome()
        try:
            with transaction.atomic():
                outcome = engine.run(importer_for(locked.kind), sheet, _context(locked, actor))
                if outcome.problems:
                    raise _DryRun
        except _DryRun:
            _keep_problems(locked, outcome)
            locked.status = BatchStatus.HAS_PROBLEMS
            locked.checked_at = timezone.now()
            locked.save()
            _audit("imports.commit_refused", locked, actor, ip, result=AuditResult.DENIED)
            return locked
        _keep_problems(locked, outcome)
        locked.status = BatchStatus.COMMITTED
        locked.committed_by = actor
        locked.committed_at = timezone.now()
        locked.save()
        _audit("imports.committed", locked, actor, ip)
    return locked


def earlier_commit(batch: ImportBatch) -> ImportBatch | None:
    """An earlier committed batch of the same file, kind and organisation (a re-import)."""
    return (
        ImportBatch.objects.filter(
            kind=batch.kind, organisation=batch.organisation_id, file_hash=batch.file_hash, status=BatchStatus.COMMITTED
        )
        .exclude(pk=batch.pk)
        .order_by("-committed_at")
        .first()
    )


def purge_expired_files(day: datetime.date | None = None) -> int:
    """Delete the files of batches past ``retain_until``; keep the batch rows and counts.

    Side effects: the files; ``file_purged_at``; one ``imports.file_purged`` event per batch.
    """
    day = day or today()
    purged = 0
    for batch in ImportBatch.objects.filter(retain_until__lt=day).exclude(file=""):
        name = batch.file.name
        batch.file.delete(save=False)
        batch.file_purged_at = timezone.now()
        batch.save(update_fields=["file", "file_purged_at"])
        audit.record("imports.file_purged", batch, data={"file": name, "retain_until": batch.retain_until.isoformat()})
        purged += 1
    return purged
