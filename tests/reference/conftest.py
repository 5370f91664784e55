"""Reference rows for the tests in this folder.

Loading every file takes about a second, so this folder loads them once, inside a
transaction of its own that is rolled back when the folder's last test has run (pytest's
package scope; under xdist a worker that interleaves folders simply loads again). Each test's
own transaction nests in it as a savepoint. Other test folders never see these rows
(testing.md: no test assumes ``load_reference`` ran).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from teacherreg.reference.loader import load_reference
from teacherreg.reference.sync import Counts


@pytest.fixture(scope="package")
def reference_data(django_db_setup, django_db_blocker) -> Iterator[dict[str, Counts]]:
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            results = load_reference()
        except BaseException:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
            raise
    try:
        yield results
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
