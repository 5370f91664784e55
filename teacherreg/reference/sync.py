"""Idempotent bulk upsert of reference rows keyed on their natural keys.

``load_reference`` has several thousand region rows to apply on every deploy, so rows are not
saved one by one: existing rows are read once, then created with ``bulk_create`` and changed
with ``bulk_update``. A row whose values already match is not written at all, so a second run
changes nothing.

Trees are written level by level: a parent is created before its children so that their
``parent_id`` can be filled in the same pass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.db import models

from teacherreg.reference.datafiles import ReferenceDataError

BATCH_SIZE = 500


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # existing rows deliberately left alone (e.g. a day an administrator confirmed)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.kept

    def __str__(self) -> str:
        text = f"{self.total} rows: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return text + (f", {self.kept} kept" if self.kept else "")


@dataclass
class Spec:
    """How to upsert one model.

    ``key`` names the natural-key fields. Each row dict holds those, every name in ``fields``
    and ``create_only``, and, for trees, ``"_parent"``: the reference of its parent or None.
    ``ref`` turns a row into the reference children use (default: its natural key);
    ``prefer`` ranks rows that share a reference (highest wins). ``keep(obj, row)`` returns
    True to leave an existing row untouched.
    """

    model: type[models.Model]
    key: tuple[str, ...]
    fields: tuple[str, ...]
    create_only: tuple[str, ...] = ()
    tree: bool = False
    ref: Callable[[dict[str, Any]], Hashable] | None = None
    prefer: Callable[[dict[str, Any]], Any] | None = None
    keep: Callable[[Any, dict[str, Any]], bool] | None = None
    queryset: models.QuerySet | None = None

    def key_of(self, values: dict[str, Any]) -> tuple:
        return tuple(values[name] for name in self.key)

    def ref_of(self, values: dict[str, Any]) -> Hashable:
        return self.ref(values) if self.ref else self.key_of(values)


def sync(spec: Spec, rows: list[dict[str, Any]]) -> Counts:
    """Create the missing rows and update the differing ones; never delete."""
    counts = Counts()
    queryset = spec.queryset if spec.queryset is not None else spec.model._default_manager.all()
    existing: dict[tuple, Any] = {}
    for obj in queryset:
        existing.setdefault(tuple(getattr(obj, name) for name in spec.key), obj)

    in_file: set[tuple] = set()
    for row in rows:
        row_key = spec.key_of(row)
        if row_key in in_file:
            raise ReferenceDataError(f"{spec.model.__name__}: {row_key} appears twice")
        in_file.add(row_key)

    # Parent references: rows outside the file rank by their stored values, file rows by the
    # file's values; a new row joins once its level has been created.
    refs: dict[Hashable, tuple[Any, int]] = {}
    if spec.tree:
        for obj_key, obj in existing.items():
            if obj_key not in in_file:
                stored = {name: getattr(obj, name) for name in (*spec.key, *spec.fields)}
                _offer(spec, refs, stored, obj.pk)
        for row in rows:
            obj = existing.get(spec.key_of(row))
            if obj is not None:
                _offer(spec, refs, row, obj.pk)

    for level in _levels(spec, rows):
        to_create: list[tuple[dict[str, Any], Any]] = []
        to_update, changed_fields = [], set()
        for row in level:
            values = {name: row[name] for name in spec.fields}
            if spec.tree:
                values["parent_id"] = _resolve_parent(spec, row, refs)
            obj = existing.get(spec.key_of(row))
            if obj is None:
                obj = spec.model(**{name: row[name] for name in spec.key}, **values)
                for name in spec.create_only:
                    setattr(obj, name, row[name])
                to_create.append((row, obj))
                continue
            if spec.keep and spec.keep(obj, row):
                counts.kept += 1
                continue
            differing = [name for name, value in values.items() if getattr(obj, name) != value]
            if differing:
                for name in differing:
                    setattr(obj, name, values[name])
                changed_fields.update(differing)
                to_update.append(obj)
            else:
                counts.unchanged += 1
        if to_create:
            spec.model._default_manager.bulk_create([obj for _row, obj in to_create], batch_size=BATCH_SIZE)
            counts.created += len(to_create)
            if spec.tree:
                for row, obj in to_create:
                    _offer(spec, refs, row, obj.pk)
        if to_update:
            spec.model._default_manager.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
            counts.updated += len(to_update)
    return counts


def _rank(spec: Spec, values: dict[str, Any]) -> Any:
    return spec.prefer(values) if spec.prefer else 0


def _offer(spec: Spec, refs: dict, values: dict[str, Any], pk: int | None) -> None:
    if pk is None:  # a backend that cannot return ids from bulk_create
        raise ReferenceDataError(f"{spec.model.__name__}: created rows came back without ids")
    ref, rank = spec.ref_of(values), _rank(spec, values)
    if ref not in refs or rank > refs[ref][0]:
        refs[ref] = (rank, pk)


def _resolve_parent(spec: Spec, row: dict[str, Any], refs: dict) -> int | None:
    parent = row.get("_parent")
    if parent is None:
        return None
    found = refs.get(parent)
    if found is None:
        raise ReferenceDataError(f"{spec.model.__name__} {spec.key_of(row)}: unknown parent {parent!r}")
    return found[1]


def _levels(spec: Spec, rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows grouped by depth in the tree (parents first); one group for flat tables."""
    if not spec.tree:
        return [rows]
    best: dict[Hashable, dict[str, Any]] = {}
    for row in rows:
        ref = spec.ref_of(row)
        if ref not in best or _rank(spec, row) > _rank(spec, best[ref]):
            best[ref] = row
    depths: dict[int, int] = {}

    def depth(row: dict[str, Any], trail: frozenset[int] = frozenset()) -> int:
        if id(row) not in depths:
            parent = best.get(row["_parent"]) if row.get("_parent") is not None else None
            if parent is not None and id(parent) in trail | {id(row)}:
                raise ReferenceDataError(f"{spec.model.__name__}: a parent cycle through {spec.key_of(row)}")
            depths[id(row)] = 0 if parent is None else depth(parent, trail | {id(row)}) + 1
        return depths[id(row)]

    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[depth(row)].append(row)
    return [grouped[level] for level in sorted(grouped)]
