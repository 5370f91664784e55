"""Unit costs of issue 7 item 5, one per child process (``python -m bench.units NAME``), each
printing one ``BENCH_UNIT {...}`` line of JSON for ``bench/run.py``.

- ``pdf``: the 申请表 rendered cold, p50 and p95 (``bench_pdf.measure``).
- ``photo``: "fix it for me" on a 12 MP phone JPEG, prepare + render (``bench_photo.measure``).
- ``xlsx``: the applications export of 100,000 rows through the real writer, time and the
  process's peak resident memory (a fresh process, so the peak is this export's).
- ``submit``: the submission service called by 20 applicants at once, each with their own
  complete draft, on PostgreSQL (real row locks: the agency's number counter is shared).

``pdf``, ``photo`` and ``xlsx`` do not depend on the hasher or the cache and run under test
settings; ``submit`` runs under the bench's production settings (RedisHuey queues the
after-commit notifications as production does; test settings would run them inline).
Databases are Django test databases (``test_<bench db>``), created and destroyed here.
"""

from __future__ import annotations

import datetime
import json
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

XLSX_ROWS = 100_000
CALLERS = 20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def pdf(runs: int = 30) -> dict[str, Any]:
    from bench import bench_pdf

    return bench_pdf.measure(runs)


def photo(rounds: int = 5) -> dict[str, Any]:
    from bench import bench_photo
    from tests.documents.photo_images import phone_jpeg

    return bench_photo.measure_one(phone_jpeg((3000, 4000)), rounds)


# --- xlsx ------------------------------------------------------------------------------------


def synthetic_cases(count: int) -> Iterator[Any]:
    """``count`` unsaved applications shaped as the export's query yields them (case and the
    related rows it selects), made one at a time so only the writer holds memory."""
    from django.utils import timezone

    from teacherreg.certificates.models import Certificate
    from teacherreg.common import idnumber
    from teacherreg.organisations.models import Organisation
    from teacherreg.reference.models import Subject, TeachingStage
    from teacherreg.registration.models import Application
    from teacherreg.registration.workflow import Status

    stage = TeachingStage(code="primary", name="小学")
    subject = Subject(code="p-chinese", name="语文")
    agency = Organisation(name="济南市历下区教育和体育局")
    point = Organisation(name="历下区教师资格定期注册确认点（区教体局）")
    statuses = list(Status)
    names = ["薛明", "王芳", "李静", "张伟", "刘洋", "陈娜", "杨帆", "赵磊", "黄丽", "周杰"]
    birth = datetime.date(1985, 3, 14)
    submitted = timezone.now() - datetime.timedelta(days=30)
    for n in range(count):
        yield Application(
            number=f"2026370102{n:05d}",
            registration_year=2026,
            name=names[n % len(names)],
            document_type="id_card",
            document_number=idnumber.make("370102", birth + datetime.timedelta(days=n % 3650), n),
            phone=f"139{n:08d}",
            certificate=Certificate(number_as_printed=f"2015370{n:010d}"),
            current_stage=stage,
            current_subject=subject,
            current_school=f"济南市历下区第{n % 60 + 1}实验小学",
            agency=agency,
            confirmation_point=point,
            status=statuses[n % len(statuses)],
            submitted_at=submitted + datetime.timedelta(seconds=n),
            status_changed_at=submitted + datetime.timedelta(seconds=n, days=2),
        )


def xlsx(rows: int = XLSX_ROWS) -> dict[str, Any]:
    """The real writer (``write_applications``) over synthetic rows. The database read and
    the decryption of two fields per row that the worker adds are not in this figure."""
    from django.utils import timezone

    from teacherreg.exports.workbook import Signature, write_applications

    before = _peak_rss_mb()
    signature = Signature(exporter="基准测试（bench）", at=timezone.now(), full=False, reason="", reference="bench")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        start = time.perf_counter()
        count = write_applications(path, synthetic_cases(rows), signature=signature, full=False, tmpdir=folder)
        seconds = time.perf_counter() - start
        size = path.stat().st_size
    return {
        "rows": count,
        "seconds": seconds,
        "peak_rss_mb": _peak_rss_mb(),
        "rss_before_mb": before,
        "file_mb": size / 1024 / 1024,
    }


# --- submission --------------------------------------------------------------------------


def _ready_applicants(count: int) -> list[Any]:
    """``count`` applicants, each with a complete draft for the same open window (历下),
    built with the tests' own world so every guard of ``submit`` passes."""
    import dataclasses
    import uuid

    from django.test import override_settings

    from teacherreg.registration.services import drafts
    from tests.factories import (
        CertificateFactory,
        NationalDegreeFactory,
        NationalEducationFactory,
        NationalMandarinFactory,
    )
    from tests.registration import steps_world as sw
    from tests.registration.world import qualification_types

    readies = []
    # The production hasher would spend ~0.5 s per factory user; nobody signs in here.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        first = sw.build_ready()
        for n in range(count):
            if n == 0:
                ready = first
            else:
                teacher = sw.teacher_for(first.world, first.codes)
                ready = dataclasses.replace(
                    first,
                    teacher=teacher,
                    certificate=CertificateFactory(holder=teacher, qualification_type=qualification_types()["2"]),
                    mandarin=NationalMandarinFactory(person=teacher, grade=first.mandarin.grade),
                    education=NationalEducationFactory(person=teacher, education_level=first.education.education_level),
                    degree=NationalDegreeFactory(person=teacher, degree=first.degree.degree),
                )
            sw.accepted_photo(ready.teacher)
            draft = sw.complete_draft(ready, idempotency_key=str(uuid.uuid4()))
            readies.append((ready.teacher.pk, draft.version, drafts.payload(draft)["idempotency_key"]))
    return readies


def _submit_all(calls: list[tuple[int, int, str]]) -> tuple[list[float], list[str]]:
    """Each (user, draft version, key) submits in its own thread, released together by a
    barrier (testing.md's concurrency pattern); returns each call's ms and any errors."""
    from django.db import connections

    from teacherreg.accounts.models import User
    from teacherreg.common.errors import DomainError
    from teacherreg.registration.services import submission
    from tests.registration.world import TODAY

    barrier = threading.Barrier(len(calls), timeout=30)
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def run(user_pk: int, version: int, key: str) -> None:
        try:
            user = User.objects.get(pk=user_pk)
            barrier.wait()
            start = time.perf_counter()
            try:
                submission.submit(user, version, key, TODAY)
                outcome = ""
            except DomainError as exc:
                outcome = exc.code
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                times.append(elapsed)
                if outcome:
                    errors.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return times, errors


def submit(callers: int = CALLERS) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from bench.bench_pdf import percentile

    folder = tempfile.TemporaryDirectory()
    settings.TEACHERREG_PRIVATE_ROOT = Path(folder.name) / "private"
    settings.MEDIA_ROOT = Path(folder.name) / "media"
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        calls = _ready_applicants(callers + 1)
        alone, alone_errors = _submit_all(calls[:1])  # one caller: the uncontended cost
        start = time.perf_counter()
        times, errors = _submit_all(calls[1:])
        wall = (time.perf_counter() - start) * 1000
    finally:
        connection.close()
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        folder.cleanup()
    return {
        "callers": callers,
        "alone_ms": alone[0] if alone else None,
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
        "wall_ms": wall,
        "errors": len(errors) + len(alone_errors),
        "error_codes": sorted(set(errors + alone_errors)),
    }


UNITS = {"pdf": pdf, "photo": photo, "xlsx": xlsx, "submit": submit}


def main() -> None:
    import django

    name = sys.argv[1]
    if name != "submit":
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    django.setup()
    found = UNITS[name]()
    print("BENCH_UNIT " + json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
