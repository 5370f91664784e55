"""``joins_as_written``: a case fetch planned in its written join order, then put back (issue 7)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teacherreg.common.planning import joins_as_written

pytestmark = pytest.mark.django_db


def _limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_the_setting_holds_inside_and_is_put_back_after():
    before = _limit()
    with joins_as_written():
        assert _limit() == "1"
    assert _limit() == before != "1"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_it_is_put_back_when_the_fetch_fails():
    before = _limit()
    with pytest.raises(ZeroDivisionError), joins_as_written():
        1 / 0  # noqa: B018 — the fetch failing for any reason
    assert _limit() == before


def test_its_settings_are_not_queries_of_the_page():
    with CaptureQueriesContext(connection) as queries, joins_as_written():
        pass
    assert len(queries) == 0
