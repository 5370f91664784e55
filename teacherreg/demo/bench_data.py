"""``manage.py bench_data``: national-scale rows for the benchmark (issue 7 item 4).

What it builds, all under one bench province whose organisations are named ``基准·…``:

* ``certificates`` register certificates with valid identity numbers, the holder's number
  encrypted and blind-indexed exactly as ``save()`` does it (``bench_writer``);
* an account for every teacher who applies (``max(applications, others)`` of them);
* ``applications`` applications at one county agency (this year and last year, statuses
  mixed, spread unevenly over its four confirmation points), and ``others`` applications of
  the previous cycle at four other counties, so the tables are larger than the agency's share;
* the decisions behind each status and the register's conclusions; three staff accounts.

Cost (measured on the 2-core bench machine): encrypting a value takes about 3 µs and a blind
index about 2 µs, so encryption is a small part of the load; building model instances and the
COPY itself dominate. A process pool would not pay for itself here.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connection, models, transaction

from config.env import env_bool
from teacherreg.accounts.models import User
from teacherreg.certificates.models import (
    Certificate,
    CertificateLookup,
    CertificatePhoto,
    RegistrationRecord,
    Restriction,
)
from teacherreg.common.dates import today as shanghai_today
from teacherreg.demo.bench_applications import build_applications
from teacherreg.demo.bench_people import build_holders
from teacherreg.demo.bench_world import PREFIX, STAFF_PREFIX, BenchStaff, BenchWorld, build_staff, build_world
from teacherreg.demo.bench_writer import Timings, allow_long_statements, analyse
from teacherreg.organisations.models import Organisation
from teacherreg.registration.models import (
    AgencyBatch,
    Application,
    ApplicationCounter,
    ApplicationWindow,
    ConfirmationArrangement,
    Decision,
    ProvincialPlan,
)

# Shared by every bench account, staff and applicants alike (bench databases only).
BENCH_PASSWORD = "Bench-2026-jszg"  # noqa: S105
DEFAULT_PROVINCE = "650000"  # 新疆: neither the demo nor the tests use it


class BenchRefused(CommandError):
    pass


@dataclass
class BenchSummary:
    world: BenchWorld
    staff: BenchStaff
    certificates: int
    accounts: int
    applications: int
    others: int
    statuses: dict[str, int]
    timings: Timings
    seconds: float


def bench_allowed() -> bool:
    """Like the demo (P24): never with production settings unless the operator of a bench
    database says so explicitly with ``TEACHERREG_BENCH_DATA_ALLOWED=1``."""
    return bool(settings.DEBUG or settings.TEACHERREG_DEMO_ALLOWED or env_bool("TEACHERREG_BENCH_DATA_ALLOWED", False))


def has_bench_rows() -> bool:
    return Organisation.objects.filter(name__startswith=PREFIX).exists()


def build(
    *,
    certificates: int,
    applications: int,
    others: int | None = None,
    province_code: str = DEFAULT_PROVINCE,
    today: datetime.date | None = None,
) -> BenchSummary:
    if not bench_allowed():
        raise BenchRefused(
            "基准数据只能写入开发或基准测试数据库（DEBUG、演示开关或 TEACHERREG_BENCH_DATA_ALLOWED=1）。"
        )
    others = applications // 2 if others is None else others
    accounts = max(applications, others)
    if min(certificates, applications, others) < 0 or accounts > certificates:
        raise BenchRefused("每份申请需要一张证书：证书数不能少于申请数。")
    if has_bench_rows():
        raise BenchRefused("已有基准数据：加 --reset 先清除。")
    started = time.perf_counter()
    today = today or shanghai_today()
    timings = Timings()
    allow_long_statements()
    password_hash = make_password(BENCH_PASSWORD)  # once: the production hasher is slow on purpose
    with transaction.atomic():
        world = build_world(today, [today.year, today.year - 1, today.year - 5], province_code)
        staff = build_staff(world, password_hash)
    holders = build_holders(world, certificates, accounts, password_hash, timings)
    statuses = build_applications(world, holders, applications, others, timings)
    analyse([User, Certificate, Application, Decision, RegistrationRecord, Organisation])
    return BenchSummary(
        world=world,
        staff=staff,
        certificates=certificates,
        accounts=accounts,
        applications=applications,
        others=others,
        statuses=statuses,
        timings=timings,
        seconds=time.perf_counter() - started,
    )


# --- reset -------------------------------------------------------------------------------------
# Raw SQL because an ORM delete of a million rows loads them first. Every name in these
# statements comes from the models' own metadata, quoted; every value is a parameter.


def _q(model: type[models.Model], column: str | None = None) -> str:
    quote = connection.ops.quote_name
    return quote(column) if column else quote(model._meta.db_table)


def _select(model: type[models.Model], column: str, where: str) -> str:
    return f"SELECT {_q(model, column)} FROM {_q(model)} WHERE {where}"  # noqa: S608 — names from _meta


class _Deleter:
    """Raw DELETEs in dependency order inside one transaction. Django's foreign keys are
    deferred, so the order only has to keep each subquery meaningful until it is used."""

    def __init__(self, cursor) -> None:
        self.cursor = cursor
        self.deleted: dict[str, int] = {}

    def delete(self, model: type[models.Model], where: str, params: list | tuple = ()) -> None:
        self.cursor.execute(f"DELETE FROM {_q(model)} WHERE {where}", params)  # noqa: S608 — names from _meta
        table = model._meta.db_table
        self.deleted[table] = self.deleted.get(table, 0) + max(self.cursor.rowcount, 0)

    def unlink(self, model: type[models.Model], column: str, where: str) -> None:
        self.cursor.execute(f"UPDATE {_q(model)} SET {_q(model, column)} = NULL WHERE {where}")  # noqa: S608 — as above

    def run(self, sql: str, params: list | tuple = ()) -> None:
        self.cursor.execute(sql, params)


def _user_dependents(d: _Deleter, users: str) -> None:
    """Rows that point at bench accounts (sessions of the load test, memberships …): deleted
    where Django would cascade, unlinked where it would set null."""
    seen: set[tuple[str, str]] = set()
    for rel in User._meta.related_objects:
        if rel.many_to_many or not rel.field.concrete:
            continue
        model, column = rel.related_model, rel.field.column
        key = (model._meta.db_table, column)
        if key in seen or model._meta.proxy:
            continue
        seen.add(key)
        where = f"{_q(model, column)} IN ({users})"
        if rel.on_delete is models.CASCADE:
            d.delete(model, where)
        elif rel.on_delete is models.SET_NULL:
            d.unlink(model, column, where)
    for m2m in User._meta.many_to_many:
        through = m2m.remote_field.through
        d.delete(through, f"{_q(through, m2m.m2m_column_name())} IN ({users})")


def reset() -> dict[str, int]:
    """Remove every bench row (and nothing else); returns rows deleted per table."""
    allow_long_statements()
    orgs = _select(Organisation, "id", f"{_q(Organisation, 'name')} LIKE %s")
    o = [PREFIX + "%"]  # the parameter of one ``orgs`` subquery
    apps = _select(
        Application,
        "id",
        f"{_q(Application, 'agency_id')} IN ({orgs}) OR {_q(Application, 'confirmation_point_id')} IN ({orgs})",
    )
    certs = _select(Certificate, "id", f"{_q(Certificate, 'issuing_agency_id')} IN ({orgs})")
    holders = _select(
        Certificate,
        "holder_id",
        f"{_q(Certificate, 'issuing_agency_id')} IN ({orgs}) AND {_q(Certificate, 'holder_id')} IS NOT NULL",
    )
    staff = _select(User, "id", f"{_q(User, 'username')} LIKE %s")
    users = "SELECT id FROM bench_reset_users"
    with transaction.atomic(), connection.cursor() as cursor:
        d = _Deleter(cursor)
        # Bench accounts: holders of bench certificates and the bench staff. Kept aside first,
        # because deleting the certificates would lose who their holders were.
        d.run("DROP TABLE IF EXISTS bench_reset_users")
        d.run("CREATE TEMPORARY TABLE bench_reset_users (id bigint)")
        d.run(f"INSERT INTO bench_reset_users (id) {holders} UNION {staff}", [*o, STAFF_PREFIX + "%"])
        for rel in Application._meta.related_objects:
            if not rel.many_to_many and rel.field.concrete and not rel.related_model._meta.proxy:
                d.delete(rel.related_model, f"{_q(rel.related_model, rel.field.column)} IN ({apps})", o * 2)
        d.delete(Application, f"{_q(Application, 'id')} IN ({apps})", o * 2)
        for model in (CertificateLookup, CertificatePhoto, Restriction):
            d.delete(model, f"{_q(model, 'certificate_id')} IN ({certs})", o)
        record = RegistrationRecord
        where = f"{_q(record, 'certificate_id')} IN ({certs}) OR {_q(record, 'agency_id')} IN ({orgs})"
        d.delete(record, where, o * 2)
        d.delete(Certificate, f"{_q(Certificate, 'issuing_agency_id')} IN ({orgs})", o)
        _user_dependents(d, users)
        d.delete(User, f"{_q(User, 'id')} IN ({users})")
        batches = _select(AgencyBatch, "id", f"{_q(AgencyBatch, 'agency_id')} IN ({orgs})")
        d.delete(ConfirmationArrangement, f"{_q(ConfirmationArrangement, 'point_id')} IN ({orgs})", o)
        d.delete(ApplicationWindow, f"{_q(ApplicationWindow, 'batch_id')} IN ({batches})", o)
        d.delete(AgencyBatch, f"{_q(AgencyBatch, 'agency_id')} IN ({orgs})", o)
        d.delete(ProvincialPlan, f"{_q(ProvincialPlan, 'province_id')} IN ({orgs})", o)
        d.delete(ApplicationCounter, f"{_q(ApplicationCounter, 'agency_id')} IN ({orgs})", o)
        d.delete(Organisation, f"{_q(Organisation, 'name')} LIKE %s", o)
        d.run("DROP TABLE bench_reset_users")
    return {table: n for table, n in d.deleted.items() if n}
