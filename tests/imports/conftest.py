"""A province with its administrator, the national centre with a system administrator, and
helpers that build a file in memory and run it through the import services."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest

from teacherreg.accounts.models import StaffRole, User
from teacherreg.imports import services
from teacherreg.imports.models import ImportBatch
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.reference.models import Region
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, StaffFactory
from tests.idnumbers import make_id_number


@dataclass
class World:
    national: Organisation
    province: Organisation
    other_province: Organisation
    province_region: Region
    other_region: Region
    admin: User  # province administrator of 山东
    other_admin: User  # province administrator of 湖南
    system_admin: User


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"
    return tmp_path / "private"


@pytest.fixture
def world(db) -> World:
    # make_id_number's address code must be a known division (sign-up's rule).
    RegionFactory(code="110108", name="海淀区", level="county", is_municipality=False)
    shandong = RegionFactory(code="370000", name="山东省", is_municipality=False)
    hunan = RegionFactory(code="430000", name="湖南省", is_municipality=False)
    national = OrganisationFactory(level=OrgLevel.NATIONAL, name="资格中心", region=None)
    province = OrganisationFactory(level=OrgLevel.PROVINCE, name="山东省教育厅", region=shandong, parent=national)
    other = OrganisationFactory(level=OrgLevel.PROVINCE, name="湖南省教育厅", region=hunan, parent=national)
    admin = StaffFactory(username="sd-admin")
    MembershipFactory(user=admin, organisation=province, role=StaffRole.PROVINCE_ADMIN)
    other_admin = StaffFactory(username="hn-admin")
    MembershipFactory(user=other_admin, organisation=other, role=StaffRole.PROVINCE_ADMIN)
    system_admin = StaffFactory(username="sys-admin")
    MembershipFactory(user=system_admin, organisation=national, role=StaffRole.SYSTEM_ADMIN)
    return World(national, province, other, shandong, hunan, admin, other_admin, system_admin)


def person(n: int) -> str:
    return make_id_number(n)


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(
    world: World,
    kind: str,
    rows: list[list[str]],
    *,
    national: bool = False,
    raw: bytes | None = None,
    name: str = "data.csv",
    other: bool = False,
) -> ImportBatch:
    """Upload ``rows`` (header first) as CSV and dry-run it, as the province (or national) admin."""
    if national:
        actor, organisation = world.system_admin, world.national
    elif other:
        actor, organisation = world.other_admin, world.other_province
    else:
        actor, organisation = world.admin, world.province
    data = raw if raw is not None else csv_bytes(rows)
    return services.upload(kind=kind, raw=data, file_name=name, actor=actor, organisation=organisation)


def commit(batch: ImportBatch) -> ImportBatch:
    return services.commit(batch, actor=batch.created_by)


def messages_of(batch: ImportBatch) -> list[tuple[int, str, str]]:
    return [(p["line"], p["column"], p["message"]) for p in batch.problems]
