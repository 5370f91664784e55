"""reference.attach: an application's code-table entries in one query, then none on reading."""

from __future__ import annotations

import pytest

from teacherreg.reference.attach import attach_code_items, code_item_fields
from teacherreg.registration.models import Application
from tests.factories import ApplicationFactory, CodeItemFactory

pytestmark = pytest.mark.django_db


def test_it_knows_the_code_table_fields_of_an_application():
    fields = code_item_fields(Application)
    assert {"ethnic_group", "political_status", "degree", "post_nature"} <= set(fields)
    assert "current_stage" not in fields and "agency" not in fields  # other tables


def test_one_query_fills_every_code_item_and_reading_them_costs_none(django_assert_num_queries):
    # Codes of their own: other tests' reference rows may hold the real ones.
    han = CodeItemFactory(kind="ethnic_group", code="t01", name="汉族")
    member = CodeItemFactory(kind="political_status", code="t01", name="中共党员")
    master = CodeItemFactory(kind="degree", code="t3", name="硕士")
    for _ in range(2):
        ApplicationFactory(ethnic_group=han, political_status=member, degree=master)
    applications = list(Application.objects.order_by("pk"))

    with django_assert_num_queries(1):
        attach_code_items(applications)
    with django_assert_num_queries(0):
        names = [(a.ethnic_group.name, a.political_status.name, a.degree.name, a.study_form) for a in applications]

    assert names == [("汉族", "中共党员", "硕士", None)] * 2


def test_nothing_to_attach_costs_no_query(django_assert_num_queries):
    ApplicationFactory()
    application = Application.objects.get()
    with django_assert_num_queries(0):
        attach_code_items([application])
        attach_code_items([])
    assert application.ethnic_group is None
