"""A case ready for the review chain: 山东 → 济南 → 历下区, a confirmed application of the
district, and a reviewer at each level plus the other case roles (``world.staff[role]``).

The province's plan has a 7-day 公示 and a 复核 level unless a test says otherwise; the clock
stands at 10 Nov 2026, 10:00 Asia/Shanghai (the confirmation dates are over, as in life).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from teacherreg.accounts.models import StaffRole, User
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.registration.models import Application
from teacherreg.registration.workflow import Status
from tests.factories import ApplicationFactory, MembershipFactory, OrganisationFactory, StaffFactory

NOW = datetime.datetime(2026, 11, 10, 2, 0, tzinfo=datetime.UTC)  # 10:00 in Shanghai
TODAY = datetime.date(2026, 11, 10)
R = StaffRole


@dataclass
class ReviewWorld:
    province: Organisation
    city: Organisation
    county: Organisation
    point: Organisation
    app: Application
    staff: dict[str, User] = field(default_factory=dict)

    def org(self, level: str) -> Organisation:
        return {"county": self.county, "city": self.city, "province": self.province}[level]

    def by(self, level: str) -> dict[str, Any]:
        """``by=`` and ``organisation=`` of the reviewer acting at ``level``."""
        role = {"county": R.COUNTY_REVIEWER, "city": R.CITY_REVIEWER, "province": R.PROVINCE_REVIEWER}[level]
        return {"by": self.staff[role], "organisation": self.org(level)}

    def another_case(self, **kwargs: Any) -> Application:
        return ApplicationFactory(arrangement=self.app.arrangement, **kwargs)


def build_review_world(
    *, city_review: bool = True, notice_days: int = 7, status: str = Status.CONFIRMED
) -> ReviewWorld:
    province = OrganisationFactory(level=OrgLevel.PROVINCE, name="山东省教育厅")
    city = OrganisationFactory(level=OrgLevel.CITY, name="济南市教育局", parent=province)
    county = OrganisationFactory(level=OrgLevel.COUNTY, name="历下区教育和体育局", parent=city)
    point = OrganisationFactory(level=OrgLevel.CONFIRMATION_POINT, name="历下区确认点", parent=county)
    app = ApplicationFactory(
        status=status,
        arrangement__point=point,
        arrangement__window__batch__agency=county,
        arrangement__window__batch__plan__province=province,
        arrangement__window__batch__plan__notice_days=notice_days,
        arrangement__window__batch__plan__review_levels=(
            ["county", "city", "province"] if city_review else ["county", "province"]
        ),
    )
    world = ReviewWorld(province, city, county, point, app)
    places = {
        R.CONFIRMATION_OPERATOR: point,
        R.COUNTY_REVIEWER: county,
        R.CITY_REVIEWER: city,
        R.PROVINCE_REVIEWER: province,
        R.PROVINCE_ADMIN: province,
    }
    for role, org in places.items():
        staff = StaffFactory(name=f"{org.name}工作人员")
        MembershipFactory(user=staff, organisation=org, role=role)
        world.staff[role] = staff
    return world
