"""A small organisation tree with plans and windows for the window-query and pre-check tests.

山东 (a province with cities and one 省直管县) and 北京 (a 直辖市), with dates in October
2026. Reference rows come from factories, never from ``load_reference``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.profiles.models import TrainingRecord
from teacherreg.reference.models import QualificationType, RegionLevel, TeachingStage
from teacherreg.registration.models import AgencyBatch, ApplicationWindow, ConfirmationArrangement, ProvincialPlan
from tests.factories import RegionFactory

TODAY = datetime.date(2026, 10, 10)
WINDOW = (datetime.date(2026, 10, 8), datetime.date(2026, 10, 23))


def stages() -> dict[str, TeachingStage]:
    rows = [("kinder", "幼儿园", 1), ("primary", "小学", 2), ("junior", "初级中学", 3), ("senior", "高级中学", 4)]
    rows.append(("voc", "中等职业学校", 5))
    return {
        code: TeachingStage.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})[0]
        for code, name, order in rows
    }


def qualification_types() -> dict[str, QualificationType]:
    found = stages()
    rows = [
        ("1", "幼儿园教师资格", "county", "kinder", True),
        ("2", "小学教师资格", "county", "primary", True),
        ("3", "初级中学教师资格", "county", "junior", True),
        ("4", "高级中学教师资格", "city", "senior", True),
        ("5", "中等职业学校教师资格", "city", "voc", True),
        ("7", "高等学校教师资格", "province", None, False),
    ]
    result = {}
    for code, name, level, stage, usable in rows:
        qtype, _ = QualificationType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "certifying_level": level,
                "stage": found[stage] if stage else None,
                "usable_for_registration": usable,
            },
        )
        result[code] = qtype
    return result


def _org(level: str, name: str, region_code: str, parent: Organisation | None, **extra) -> Organisation:
    region_level = {
        OrgLevel.PROVINCE: RegionLevel.PROVINCE,
        OrgLevel.CITY: RegionLevel.CITY,
    }.get(level, RegionLevel.COUNTY)
    region = RegionFactory(
        code=region_code,
        name=name[:6],
        level=region_level,
        is_municipality=extra.pop("municipality", False),
        acts_as_city=extra.pop("acts_as_city", False),
    )
    return Organisation.objects.create(level=level, name=name, region=region, parent=parent, **extra)


@dataclass
class World:
    shandong: Organisation
    jinan: Organisation
    lixia: Organisation  # county under 济南, open window
    shizhong: Organisation  # county under 济南, no batch
    county_point: Organisation  # a confirmation point under 历下
    second_point: Organisation
    direct_county: Organisation  # 省直管县 under 山东
    beijing: Organisation
    haidian: Organisation
    plan: ProvincialPlan
    batch: AgencyBatch
    window: ApplicationWindow
    arrangement: ConfirmationArrangement
    second_arrangement: ConfirmationArrangement


def build_world() -> World:
    qualification_types()
    shandong = _org(OrgLevel.PROVINCE, "山东省教育厅", "370000", None)
    jinan = _org(OrgLevel.CITY, "济南市教育局", "370100", shandong)
    lixia = _org(OrgLevel.COUNTY, "济南市历下区教育和体育局", "370102", jinan)
    shizhong = _org(OrgLevel.COUNTY, "济南市市中区教育和体育局", "370103", jinan)
    point = _org(
        OrgLevel.CONFIRMATION_POINT,
        "历下区确认点（文化东路）",
        "370102",
        lixia,
        confirmation_scope="历下区所属中小学、幼儿园",
    )
    point2 = _org(
        OrgLevel.CONFIRMATION_POINT,
        "历下区确认点（甸柳）",
        "370102",
        lixia,
        confirmation_scope="甸柳街道所属小学",
    )
    direct = _org(OrgLevel.COUNTY, "山东省某直管县教育局", "379001", shandong, acts_as_city=True)
    beijing = _org(OrgLevel.PROVINCE, "北京市教育委员会", "110000", None, municipality=True)
    haidian = _org(OrgLevel.COUNTY, "北京市海淀区教育委员会", "110108", beijing)
    plan = ProvincialPlan.objects.create(
        province=shandong,
        year=2026,
        status="published",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    batch = AgencyBatch.objects.create(plan=plan, agency=lixia, takes_part=True, is_open=True)
    window = ApplicationWindow.objects.create(batch=batch, starts_on=WINDOW[0], ends_on=WINDOW[1])
    arrangement = ConfirmationArrangement.objects.create(
        window=window,
        point=point,
        confirm_from=WINDOW[0],
        confirm_until=datetime.date(2026, 10, 30),
        is_published=True,
        notes="请携带证书原件。",
    )
    arrangement2 = ConfirmationArrangement.objects.create(
        window=window,
        point=point2,
        confirm_from=WINDOW[0],
        confirm_until=datetime.date(2026, 10, 30),
        is_published=True,
    )
    return World(
        shandong,
        jinan,
        lixia,
        shizhong,
        point,
        point2,
        direct,
        beijing,
        haidian,
        plan,
        batch,
        window,
        arrangement,
        arrangement2,
    )


def qualified(certificate, decided_on: datetime.date, valid_until: datetime.date | None = None, **extra):
    """A 合格 registration record valid five years from ``decided_on`` unless told otherwise."""
    from teacherreg.common.dates import add_years

    return RegistrationRecord.objects.create(
        certificate=certificate,
        conclusion=Conclusion.QUALIFIED,
        decided_on=decided_on,
        valid_from=decided_on,
        valid_until=valid_until or add_years(decided_on, 5) - datetime.timedelta(days=1),
        ordinal=extra.pop("ordinal", 1),
        **extra,
    )


def training(user, year: int, level: str, hours: int | str) -> TrainingRecord:
    return TrainingRecord.objects.create(
        person_document_number=user.document_number, year=year, level=level, hours=Decimal(str(hours))
    )
