"""Imports (issue 6 item 6), written out by hand.

The index belongs to both importing roles. The world's objects are a province's teacher
records (annual assessments), so the kind page, the template, the batch, its commit and its
report belong to the province administrator alone; our region's batch answers 404 to the other
province's administrator, and to a system administrator (national data is theirs, teacher
records are not). A system administrator's own kinds are covered in tests/office/test_imports_pages.py.
"""

from __future__ import annotations

from teacherreg.accounts.models import StaffRole
from teacherreg.imports import services
from tests.idnumbers import make_id_number
from tests.office.matrix import Row

IMPORTERS = frozenset({"province_admin", "system_admin"})
PROVINCE_ADMIN = frozenset({"province_admin"})
KIND = "annual_assessments"


def _batch(world):
    """A checked batch of our province (made once per world)."""
    if "import_batch" not in world.extra:
        rows = "证件号码,年度,考核等次\r\n" + f"{make_id_number(7, region='370102')},2024,合格\r\n"
        world.extra["import_batch"] = services.upload(
            kind=KIND,
            raw=rows.encode("utf-8"),
            file_name="matrix.csv",
            actor=world.ours.staff[StaffRole.PROVINCE_ADMIN],
            organisation=world.ours.province,
        )
    return {"batch": world.extra["import_batch"].pk}


ROWS = [
    Row("office:imports", IMPORTERS),
    # An empty POST is a form error (200), not a batch.
    Row("office:import_kind", PROVINCE_ADMIN, ("GET", "POST"), kwargs=lambda w: {"kind": KIND}),
    Row("office:import_template", PROVINCE_ADMIN, kwargs=lambda w: {"kind": KIND, "file_format": "csv"}),
    Row("office:import_batch", PROVINCE_ADMIN, kwargs=_batch, regional=True),
    Row("office:import_commit", PROVINCE_ADMIN, ("POST",), kwargs=_batch, regional=True),
    Row("office:import_report", PROVINCE_ADMIN, kwargs=_batch, regional=True),
]
