"""Re-encrypt every stored personal-data value under the current field key (ASVS 11.2.2).

Rotation (docs/adr/0002-encryption-and-keys.md): put the new key first in
``TEACHERREG_FIELD_KEYS`` and keep the old one after it, deploy, run this command, and only
then remove the old key. Values are read raw (the ``key_id:`` prefix says which key sealed
them), decrypted with whichever key they name and written back through the field, which
encrypts under the current key. Blind indexes are untouched: the plaintext does not change.

Each batch is one transaction that locks its rows (``SELECT … FOR UPDATE`` on PostgreSQL;
SQLite takes the write lock at BEGIN), so a user who changes a phone number mid-rotation
is not overwritten with the old one. Running it again finds nothing left to do.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, models, router, transaction
from django.db.models import ExpressionWrapper, F, Q

from teacherreg.common import crypto
from teacherreg.common.fields import EncryptedTextField

BATCH_SIZE = 500


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every concrete model with its own encrypted columns (a child's inherited columns
    live in the parent's table and are handled with the parent)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def _raw(field: EncryptedTextField) -> str:
    return f"rotate_raw_{field.attname}"


class Command(BaseCommand):
    help = "Re-encrypt field-encrypted values that are not under the current key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; write nothing.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args: Any, dry_run: bool, database: str, **options: Any) -> None:
        current = settings.FIELD_ENCRYPTION_CURRENT_KEY_ID
        if current not in settings.FIELD_ENCRYPTION_KEYS:
            raise CommandError(f"The current key id {current!r} is not among the configured keys.")
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        total = 0
        for model, fields in encrypted_models():
            if not router.allow_migrate_model(database, model):
                continue
            rows, per_field = self._rotate_model(model, fields, current, database, dry_run)
            values = sum(per_field.values())
            total += values
            detail = ", ".join(f"{f.name} {per_field[f.name]}" for f in fields)
            self.stdout.write(f"{model._meta.label}: {verb} {values} values in {rows} rows ({detail})")
        if dry_run:
            self.stdout.write(f"Dry run: {total} values would be re-encrypted under key {current!r}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{total} values re-encrypted under key {current!r}."))

    def _rotate_model(
        self,
        model: type[models.Model],
        fields: list[EncryptedTextField],
        current: str,
        database: str,
        dry_run: bool,
    ) -> tuple[int, Counter[str]]:
        # The annotation has a plain TextField output, so the ciphertext comes back as stored
        # instead of going through EncryptedTextField.from_db_value.
        raw_columns = {_raw(f): ExpressionWrapper(F(f.name), output_field=models.TextField()) for f in fields}
        stale = Q()
        for field in fields:
            name = _raw(field)
            stale |= Q(**{f"{name}__isnull": False}) & ~Q(**{name: ""}) & ~Q(**{f"{name}__startswith": f"{current}:"})
        queryset = model._base_manager.using(database).annotate(**raw_columns).filter(stale).order_by("pk")
        names = ["pk", *raw_columns]

        rows = 0
        per_field: Counter[str] = Counter()
        last_pk = None
        while True:
            with transaction.atomic(using=database):
                batch_qs = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
                if not dry_run:
                    batch_qs = batch_qs.select_for_update()
                batch = list(batch_qs.values_list(*names)[:BATCH_SIZE])
                if not batch:
                    return rows, per_field
                objs = []
                for pk, *stored in batch:
                    obj = model(pk=pk)
                    # Every encrypted column of the row is written back, so each one needs its
                    # real value, including those already under the current key.
                    for field, token in zip(fields, stored, strict=True):
                        if token:
                            try:
                                value = crypto.decrypt(token, field.associated_data)
                            except crypto.DecryptionError as exc:
                                raise CommandError(f"{model._meta.label} pk={pk} {field.name}: {exc}") from exc
                            if crypto.key_id_of(token) != current:
                                per_field[field.name] += 1
                        else:
                            value = token
                        setattr(obj, field.attname, value)
                    objs.append(obj)
                rows += len(objs)
                if not dry_run:
                    model._base_manager.using(database).bulk_update(
                        objs, [f.name for f in fields], batch_size=BATCH_SIZE
                    )
                last_pk = batch[-1][0]
