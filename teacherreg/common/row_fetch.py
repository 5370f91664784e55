"""Reading one whole row by key with a statement written once (issue 7; ADR 0010).

Every signed-in request reads two rows before any view runs: its session and its user. Through
the ORM each read compiled a fresh query — resolving lookups, building the SELECT list,
quoting names — which on this machine cost 0.7–0.8 ms of Python against 0.2 ms for the round
trip itself, and made the *signed-in floor* of the bench (the bare endpoint with a session)
a quarter of the bare endpoint's throughput.

``OneRow`` writes the SELECT of one model's concrete columns with its WHERE clause once per
database, adapts each parameter with its field (as the ORM does: on SQLite a datetime becomes
UTC text) and turns the row into a model instance through the same converters and
``Model.from_db`` the ORM uses, so encrypted fields decrypt and datetimes come back aware.
The statement still goes through Django's cursor, so it is logged, wrapped and counted like
any other query. Tests compare what it returns with the ORM's answer field by field on both
databases.

Use it only for reads by key on the hot path of every request; anything a person searches,
filters or orders belongs to the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)

# The comparisons a condition may use: a fixed list, so no text from outside reaches the SQL.
OPERATORS = frozenset({"=", ">", ">=", "<", "<="})


@dataclass(frozen=True)
class _Statement:
    sql: str
    where_fields: tuple[Field, ...]
    attnames: tuple[str, ...]
    # (column position, column expression, converters) for the columns that need converting.
    converters: tuple[tuple[int, Any, tuple[Any, ...]], ...]


class OneRow(Generic[M]):
    """``SELECT <every concrete column> FROM <model> WHERE f1 op1 %s AND …`` for one row.

    ``conditions`` are (field name, operator) pairs; ``fetch`` takes their values in order and
    returns the instance, or ``None`` when no row matches.
    """

    def __init__(self, model: type[M], *conditions: tuple[str, str]) -> None:
        if not conditions:
            raise ValueError("OneRow needs at least one condition.")
        for name, operator in conditions:
            if operator not in OPERATORS:
                raise ValueError(f"Unsupported operator {operator!r} for {name}.")
        self.model = model
        self.conditions = conditions
        self._statements: dict[str, _Statement] = {}

    def _statement(self, using: str) -> _Statement:
        statement = self._statements.get(using)
        if statement is None:
            statement = self._statements[using] = self._write(using)
        return statement

    def _write(self, using: str) -> _Statement:
        connection = connections[using]
        quote = connection.ops.quote_name
        meta = self.model._meta
        fields = meta.concrete_fields
        where_fields = tuple(meta.get_field(name) for name, _ in self.conditions)
        where = " AND ".join(
            f"{quote(field.column)} {operator} %s"
            for field, (_, operator) in zip(where_fields, self.conditions, strict=True)
        )
        columns = ", ".join(quote(field.column) for field in fields)
        converters = []
        for position, field in enumerate(fields):
            column = field.get_col(meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((position, column, tuple(found)))
        return _Statement(
            sql=f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where}",  # noqa: S608 — names from the model, values bound
            where_fields=where_fields,
            attnames=tuple(field.attname for field in fields),
            converters=tuple(converters),
        )

    def fetch(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> M | None:
        if len(values) != len(self.conditions):
            raise TypeError(f"fetch takes {len(self.conditions)} values, got {len(values)}.")
        statement = self._statement(using)
        connection = connections[using]
        params = [
            field.get_db_prep_value(value, connection, prepared=False)
            for field, value in zip(statement.where_fields, values, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for position, column, converters in statement.converters:
            value = row[position]
            for convert in converters:
                value = convert(value, column, connection)
            row[position] = value
        return self.model.from_db(using, statement.attnames, row)
