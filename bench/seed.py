"""Seeds the bench database and signs in the bench's two users; prints what the load
generator needs as JSON (``python bench/seed.py OUT.json``, under production settings).

Data: the demo world (``load_demo``: organisations, windows open today, staff with roles,
200 teachers, ~80 applications in every status) plus enough submitted cases at the 历下 point
that the desk queue shows a full page of 50 rows.

Sign-in: the real applicant login needs a captcha drag and the staff login a TOTP code, and
neither is what is measured. The sessions are written with Django's own session engine,
holding exactly what a real sign-in leaves there (user id, backend, session hash, the
session-policy stamps, and for staff the second-factor flag), so every measured request runs
the same middleware and the same checks as a signed-in browser.

P24: ``load_demo`` refuses under production settings. This process lifts that flag for
itself only, to fill a throwaway database; the measured servers run unchanged production
settings and never see the flag.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
import time
import uuid
from dataclasses import asdict, dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUEUE_ROWS = 60  # more than one desk page (50), so the page is full and has a "next"
OPERATOR = "demo-point-lixia"
BASELINE_PATH = "/bench/baseline/"


@dataclass(frozen=True)
class Endpoint:
    name: str
    kind: str  # anonymous / applicant / office / baseline
    path: str
    session: str = ""  # the session cookie's value, if signed in
    content_type: str = "text/html"
    paths: tuple[str, ...] = ()  # requested in turn under load, when one path would mislead


def _template_application() -> Any:
    from teacherreg.organisations.models import Organisation
    from teacherreg.registration.models import Application
    from teacherreg.registration.workflow import Status

    point = Organisation.objects.get(memberships__user__username=OPERATOR)
    return (
        Application.objects.filter(confirmation_point=point, status=Status.SUBMITTED)
        .select_related("applicant", "certificate", "agency__parent__parent", "current_stage")
        .order_by("number")
        .first()
    )


def _top_up_queue(template: Any, count: int) -> None:
    """``count`` more submitted cases at the template's point, each with its own teacher and
    certificate (copies of the template's, so every field is as realistic as the demo's)."""
    from django.db import transaction

    from teacherreg.accounts.models import User
    from teacherreg.certificates.models import Certificate
    from teacherreg.common import idnumber
    from teacherreg.registration.models import Application
    from teacherreg.registration.services.numbering import allocate_number

    birth = datetime.date(1979, 5, 5)  # no demo teacher shares it, so the numbers are new
    with transaction.atomic():
        for n in range(count):
            user = User.objects.get(pk=template.applicant_id)
            user.pk = None
            user.document_number = idnumber.make("370102", birth, n)
            user.phone = f"139{n:08d}"
            user.email = None
            user.save()
            certificate = Certificate.objects.get(pk=template.certificate_id)
            certificate.pk = None
            certificate.number_as_printed = f"2015370{n:010d}"
            certificate.holder = user
            certificate.holder_document_number = user.document_number
            certificate.save()
            app = Application.objects.get(pk=template.pk)
            app.pk = None
            app.idempotency_key = uuid.uuid4()
            app.number = allocate_number(template.agency, template.registration_year)
            app.applicant = user
            app.certificate = certificate
            app.certificate_key = certificate.number
            app.document_number = user.document_number
            app.phone = user.phone
            app.save()


def _session(user: Any, backend: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from teacherreg.accounts.session_policy import AUTH_STARTED_AT, LAST_ACTIVITY_AT
    from teacherreg.office import second_factor

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    now = time.time()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[AUTH_STARTED_AT] = now
    store[LAST_ACTIVITY_AT] = now
    if second_factor.needs_second_factor(user):
        # What mark_verified writes after a right TOTP code.
        store[second_factor.VERIFIED] = {"seed": second_factor._fingerprint(user), "at": now}
    store.create()
    return store.session_key


def build() -> list[Endpoint]:
    from django.conf import settings
    from django.urls import reverse

    from teacherreg.accounts.backends import APPLICANT_BACKEND, STAFF_BACKEND
    from teacherreg.accounts.models import User
    from teacherreg.demo.world import load_demo

    settings.TEACHERREG_DEMO_ALLOWED = True  # this process only; see the module docstring
    load_demo()
    template = _template_application()
    _top_up_queue(template, QUEUE_ROWS)
    applicant = template.applicant
    operator = User.objects.get(username=OPERATOR)
    applicant_session = _session(applicant, APPLICANT_BACKEND)
    office_session = _session(operator, STAFF_BACKEND)
    agency = template.agency
    number = template.number
    windows = reverse("portal:registration_windows") + (
        f"?province={agency.parent.parent_id}&city={agency.parent_id}"
        f"&stage={template.current_stage.code}&agency={agency.pk}"
    )
    return [
        Endpoint("baseline", "baseline", BASELINE_PATH, content_type="text/plain"),
        # The bare endpoint again, signed in: what every signed-in request pays before its view
        # runs (the session row, the user row, the session policy; for staff the second factor
        # and their organisations). It bounds what any signed-in page can reach.
        Endpoint("signed_in_floor_applicant", "floor", BASELINE_PATH, applicant_session, "text/plain"),
        Endpoint("signed_in_floor_office", "floor", BASELINE_PATH, office_session, "text/plain"),
        Endpoint("home", "anonymous", reverse("portal:home")),
        Endpoint("window_query", "anonymous", windows),
        Endpoint("application_list", "applicant", reverse("applicant:applications"), applicant_session),
        Endpoint(
            "application_detail",
            "applicant",
            reverse("applicant:application_detail", args=[number]),
            applicant_session,
        ),
        Endpoint(
            "application_pdf",
            "applicant",
            reverse("applicant:application_pdf", args=[number]),
            applicant_session,
            "application/pdf",
        ),
        Endpoint("desk_queue", "office", reverse("office:desk_queue"), office_session),
        # Every case view is recorded and listed on the case's timeline, so one case opened
        # thousands of times grows with each request; a desk works through its queue instead.
        Endpoint(
            "desk_case",
            "office",
            reverse("office:desk_case", args=[number]),
            office_session,
            paths=tuple(reverse("office:desk_case", args=[n]) for n in _queue_numbers(template)),
        ),
    ]


def _queue_numbers(template: Any) -> list[str]:
    from teacherreg.registration.models import Application

    cases = Application.objects.filter(confirmation_point_id=template.confirmation_point_id, status=template.status)
    return list(cases.order_by("number").values_list("number", flat=True))


class SqlTimer:
    """Times every statement a block runs (``connection.execute_wrapper``), to the
    microsecond: Django's own query log rounds to whole milliseconds."""

    def __init__(self) -> None:
        self.statements: list[tuple[float, str, Any]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append(((time.perf_counter() - start) * 1000, sql, params))


def profile(endpoints: list[Endpoint]) -> dict[str, dict[str, Any]]:
    """Requests per endpoint in this process: status, SQL queries, time with and without SQL,
    and how many desk cases the page lists. Two requests fill caches first (e.g. the 申请表 PDF
    in private storage); of the next three, the fastest is recorded. The objects seeding left
    behind are frozen out of the garbage collector first, as ``config/wsgi.py`` does at start:
    otherwise a full collection over them lands in some measured request (about 100 ms)."""
    import gc

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    gc.collect()
    gc.freeze()
    found: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        if endpoint.session:
            client.cookies[settings.SESSION_COOKIE_NAME] = endpoint.session
        client.get(endpoint.path)
        client.get(endpoint.path)
        elapsed, timer, response = float("inf"), SqlTimer(), None
        for _ in range(3):
            candidate = SqlTimer()
            with connection.execute_wrapper(candidate):
                start = time.perf_counter()
                answered = client.get(endpoint.path)
                took = (time.perf_counter() - start) * 1000
            if took < elapsed:
                elapsed, timer, response = took, candidate, answered
        body = response.content if not getattr(response, "streaming", False) else b"".join(response.streaming_content)
        slowest = max(timer.statements, default=(0.0, "", None), key=lambda item: item[0])
        plan = _plan_split(slowest[1], slowest[2]) if slowest[0] >= 5 else {}
        found[endpoint.name] = {
            "status": response.status_code,
            "content_type": response.get("Content-Type", ""),
            "bytes": len(body),
            "queries": len(timer.statements),
            "ms": round(elapsed, 2),
            "sql_ms": round(sum(ms for ms, _, _ in timer.statements), 2),
            "slowest_sql_ms": round(slowest[0], 2),
            "slowest_sql": slowest[1][:300],
            "rows": len(set(re.findall(rb"/office/desk/(\d{15})/", body))),
            **plan,
        }
    return found


def _plan_split(sql: str, params: Any) -> dict[str, float]:
    """Planning and execution time of a slow read (EXPLAIN ANALYZE runs it once more)."""
    from django.db import connection

    if not sql.lstrip().upper().startswith("SELECT"):
        return {}
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, SUMMARY, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return {
        "slowest_planning_ms": round(float(plan[0]["Planning Time"]), 2),
        "slowest_execution_ms": round(float(plan[0]["Execution Time"]), 2),
    }


def main() -> None:
    import django

    if os.environ.get("DJANGO_SETTINGS_MODULE") != "config.settings.production":
        raise SystemExit("seed.py runs under config.settings.production (bench/run.py sets it).")
    django.setup()
    endpoints = build()
    result = {"endpoints": [asdict(e) for e in endpoints], "profile": profile(endpoints)}
    Path(sys.argv[1]).write_text(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
