"""Two regions of staff for back-office tests: every P21 role in 山东 (our region) and in
湖南 (another region), an applicant, and one submitted case in each region.

``office_client(user)`` signs a staff member in with the second factor already passed, by
writing the same session flag the code page writes (a real TOTP round trip per persona would
hit the one-use-per-step rule of P22 and add nothing the second-factor tests do not cover).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pyotp
from django.test import Client

from teacherreg.accounts.backends import STAFF_BACKEND
from teacherreg.accounts.models import StaffRole, User
from teacherreg.office import second_factor
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.registration.models import Application
from tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    ArrangementFactory,
    BatchFactory,
    MembershipFactory,
    OrganisationFactory,
    PlanFactory,
    RegionFactory,
    StaffFactory,
    WindowFactory,
)

R = StaffRole
# Where each role sits in a region's tree.
ROLE_LEVEL = {
    R.CONFIRMATION_OPERATOR: "point",
    R.COUNTY_REVIEWER: "county",
    R.CITY_REVIEWER: "city",
    R.PROVINCE_REVIEWER: "province",
    R.PROVINCE_ADMIN: "province",
    R.NATIONAL_VIEWER: "national",
    R.SYSTEM_ADMIN: "national",
    R.SECURITY_ADMIN: "national",
    R.AUDIT_ADMIN: "national",
}
ALL_ROLES = frozenset(R)


@dataclass
class Region:
    province: Organisation
    city: Organisation
    county: Organisation
    point: Organisation
    application: Application
    staff: dict[str, User] = field(default_factory=dict)

    def org(self, level: str) -> Organisation:
        return getattr(self, level)


@dataclass
class OfficeWorld:
    national: Organisation
    ours: Region
    theirs: Region
    applicant: User
    extra: dict[str, Any] = field(default_factory=dict)


def _region(national: Organisation, code: str, names: tuple[str, str, str, str], plan_year: int) -> Region:
    province_region = RegionFactory(code=code, name=names[0], is_municipality=False)
    city_region = RegionFactory(code=code[:2] + "0100", name=names[1], level="city", parent=province_region)
    county_region = RegionFactory(code=code[:2] + "0102", name=names[2], level="county", parent=city_region)
    province = OrganisationFactory(
        level=OrgLevel.PROVINCE, name=f"{names[0]}教育厅", region=province_region, parent=national
    )
    city = OrganisationFactory(level=OrgLevel.CITY, name=f"{names[1]}教育局", region=city_region, parent=province)
    county = OrganisationFactory(level=OrgLevel.COUNTY, name=f"{names[2]}教育局", region=county_region, parent=city)
    point = OrganisationFactory(level=OrgLevel.CONFIRMATION_POINT, name=names[3], region=county_region, parent=county)
    plan = PlanFactory(province=province, year=plan_year)
    batch = BatchFactory(plan=plan, agency=county)
    window = WindowFactory(batch=batch)
    arrangement = ArrangementFactory(window=window, point=point)
    application = ApplicationFactory(arrangement=arrangement, number=f"{plan_year}{code[:2]}010200001")
    return Region(province, city, county, point, application)


def build_office_world() -> OfficeWorld:
    national = OrganisationFactory(level=OrgLevel.NATIONAL, name="教育部教师资格认定指导中心", region=None)
    ours = _region(national, "370000", ("山东省", "济南市", "历下区", "历下区确认点"), 2026)
    theirs = _region(national, "430000", ("湖南省", "长沙市", "芙蓉区", "芙蓉区确认点"), 2026)
    for region, tag in ((ours, "ours"), (theirs, "theirs")):
        for role, level in ROLE_LEVEL.items():
            org = national if level == "national" else region.org(level)
            staff = StaffFactory(username=f"{tag}-{role}", totp_secret=pyotp.random_base32())
            MembershipFactory(user=staff, organisation=org, role=role)
            region.staff[role] = staff
    applicant = ApplicantFactory()
    return OfficeWorld(national=national, ours=ours, theirs=theirs, applicant=applicant)


def office_client(user: User) -> Client:
    """A client signed in as ``user`` with the second factor passed (staff) or plainly (others)."""
    client = Client()
    client.force_login(user, backend=STAFF_BACKEND)
    if second_factor.needs_second_factor(user):
        session = client.session
        session[second_factor.VERIFIED] = {
            "seed": second_factor._fingerprint(user),
            "at": datetime.datetime.now().timestamp(),
        }
        session.save()
    return client
