"""Planning a case query with its dozen related rows in the order it is written.

A case page reads one application with its certificate, organisations, window and reference
rows: twelve tables joined by primary key. PostgreSQL searches the orders in which it could
join them, and for twelve that search took 5–17 ms, against well under a millisecond to run
the query (bench, issue 7; ADR 0009). Starting from the one application and following its
keys is always the right order for such a query, so inside ``joins_as_written()`` the planner
is told to keep the order written (``join_collapse_limit = 1``) and the setting is put back
afterwards. Use it only around the fetch of one case by its number, never around a search.

The two settings go to the database connection directly, not through Django's cursor: they
are not queries of the page and must not count in its pinned query numbers. Other databases
(SQLite, the embedded default) plan joins differently; there it does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from django.db import DEFAULT_DB_ALIAS, connections


@contextmanager
def joins_as_written(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    connection.connection.execute("SET join_collapse_limit = 1")
    try:
        yield
    finally:
        # It fails only in a transaction the query aborted, whose rollback undoes the SET too.
        with suppress(connection.Database.Error):
            connection.connection.execute("RESET join_collapse_limit")
