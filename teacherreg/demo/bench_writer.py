"""Fast inserts for the benchmark data (``bench_data``): COPY on PostgreSQL, ``bulk_create``
elsewhere.

Rows are ordinary unsaved model instances. Each column's database value is made the way
Django's own INSERT makes it: ``field.pre_save`` (which computes a ``BlindIndexField`` from its
source and stamps ``auto_now_add``), then ``field.get_db_prep_save`` (which encrypts an
``EncryptedTextField`` with its column's associated data). So a COPY row holds exactly what
``save()`` would have written, ciphertext and blind index included; only the wire differs.

Primary keys are taken from the table's sequence before the COPY, because COPY cannot hand
them back and the next table's foreign keys need them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, models, transaction

BATCH = 5000


@dataclass
class Timings:
    """Seconds spent per table: preparing values (Python, encryption included) and writing."""

    prepare: dict[str, float] = field(default_factory=dict)
    write: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, prepare: float, write: float, rows: int) -> None:
        self.prepare[table] = self.prepare.get(table, 0.0) + prepare
        self.write[table] = self.write.get(table, 0.0) + write
        self.rows[table] = self.rows.get(table, 0) + rows


def uses_copy() -> bool:
    return connection.vendor == "postgresql"


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys from the table's own sequence (PostgreSQL)."""
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(model: type[models.Model], objs: Sequence[models.Model], timings: Timings) -> None:
    started = time.perf_counter()
    for obj, pk in zip(objs, _reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
    fields = model._meta.concrete_fields
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs]
    prepared = time.perf_counter()
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    # The raw psycopg cursor: Django's wrapper has no COPY.
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    for obj in objs:
        obj._state.adding = False
    timings.add(model._meta.db_table, prepared - started, time.perf_counter() - prepared, len(objs))


def _bulk(model: type[models.Model], objs: Sequence[models.Model], timings: Timings) -> None:
    started = time.perf_counter()
    model._default_manager.bulk_create(objs, batch_size=500)
    # bulk_create prepares and writes in one go: count it all as writing.
    timings.add(model._meta.db_table, 0.0, time.perf_counter() - started, len(objs))


def insert(model: type[models.Model], objs: Iterable[models.Model], timings: Timings) -> list[models.Model]:
    """Insert ``objs`` in batches, setting their primary keys; returns them as a list."""
    objs = list(objs)
    write = _copy if uses_copy() else _bulk
    for start in range(0, len(objs), BATCH):
        write(model, objs[start : start + BATCH], timings)
    return objs


def allow_long_statements() -> None:
    """The site's 15-second statement limit guards requests; a bulk load or a large reset is
    not a request. Only this connection, only on PostgreSQL."""
    if uses_copy():
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")


def analyse(models_: Iterable[type[models.Model]]) -> None:
    """Fresh planner statistics, as autovacuum would gather a little later: plans measured
    right after a bulk load must be the plans a live system would choose."""
    if not uses_copy():
        return
    with connection.cursor() as cursor:
        for model in models_:
            # VACUUM too: until the visibility map is set after a bulk load PostgreSQL cannot
            # trust index-only scans (the statistics page's counts) and reads the table instead.
            # VACUUM cannot run in a transaction (a test's): ANALYZE alone there.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
