"""The demo's organisations, plans and windows: two provinces, one of them a 直辖市.

Dates are computed from today (Asia/Shanghai) at every load, so the open window is open
whenever ``make run`` is started.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.reference.models import Region
from teacherreg.registration.models import (
    AgencyBatch,
    ApplicationWindow,
    ConfirmationArrangement,
    PlanStatus,
    ProvincialPlan,
)


@dataclass(frozen=True)
class PointSpec:
    name: str
    scope: str
    address: str


@dataclass(frozen=True)
class AgencySpec:
    name: str
    region: str
    points: tuple[PointSpec, ...]
    # What the demo shows for this agency's batch: open, closed (window over), not taking
    # part, or taking part with 网报 not opened.
    batch: str = "open"


@dataclass(frozen=True)
class ProvinceSpec:
    name: str
    region: str
    review_levels: tuple[str, ...]
    cities: tuple[tuple[str, str, tuple[AgencySpec, ...]], ...]  # (name, region, counties)
    counties: tuple[AgencySpec, ...] = ()  # 直辖市: counties directly under the province


def _point(district: str, place: str, scope: str, address: str) -> PointSpec:
    return PointSpec(f"{district}教师资格定期注册确认点（{place}）", scope, address)


PROVINCES = (
    ProvinceSpec(
        name="北京市教育委员会",
        region="110000",
        # A 直辖市 has no city layer, so no 复核 (P15: levels configurable per province).
        review_levels=("county", "province"),
        cities=(),
        counties=(
            AgencySpec(
                "北京市海淀区教育委员会",
                "110108",
                (
                    _point(
                        "海淀区",
                        "学院路",
                        "海淀区学院路、清华园、燕园街道所属中小学和幼儿园",
                        "北京市海淀区学院路 30 号",
                    ),
                    _point(
                        "海淀区",
                        "中关村",
                        "海淀区中关村、海淀、万寿路街道所属中小学和幼儿园",
                        "北京市海淀区中关村大街 5 号",
                    ),
                ),
            ),
            AgencySpec(
                "北京市朝阳区教育委员会",
                "110105",
                (_point("朝阳区", "区教委", "朝阳区所属公办中小学、幼儿园在编在岗教师", "北京市朝阳区日坛北路 33 号"),),
            ),
            AgencySpec(
                "北京市东城区教育委员会",
                "110101",
                (_point("东城区", "区教委", "东城区所属中小学、幼儿园", "北京市东城区交道口东大街 1 号"),),
                batch="not_taking_part",
            ),
        ),
    ),
    ProvinceSpec(
        name="山东省教育厅",
        region="370000",
        review_levels=("county", "city", "province"),
        cities=(
            (
                "济南市教育局",
                "370100",
                (
                    AgencySpec(
                        "济南市历下区教育和体育局",
                        "370102",
                        (
                            _point(
                                "历下区", "区教体局", "历下区所属中小学、幼儿园及区直学校", "济南市历下区文化东路 12 号"
                            ),
                        ),
                    ),
                    AgencySpec(
                        "济南市市中区教育和体育局",
                        "370103",
                        (_point("市中区", "区教体局", "市中区所属中小学、幼儿园", "济南市市中区经四路 300 号"),),
                        batch="closed",
                    ),
                ),
            ),
            (
                "青岛市教育局",
                "370200",
                (
                    AgencySpec(
                        "青岛市市南区教育和体育局",
                        "370202",
                        (_point("市南区", "区教体局", "市南区所属中小学、幼儿园", "青岛市市南区宁夏路 8 号"),),
                    ),
                    AgencySpec(
                        "青岛市黄岛区教育和体育局",
                        "370211",
                        (_point("黄岛区", "区教体局", "黄岛区所属中小学、幼儿园", "青岛市黄岛区长江中路 20 号"),),
                        batch="not_open",
                    ),
                ),
            ),
        ),
    ),
)

NATIONAL_CENTRE = "教育部教师资格认定指导中心"


@dataclass
class DemoOrganisations:
    national: Organisation
    provinces: dict[str, Organisation]  # by region code
    agencies: dict[str, Organisation]  # county and city agencies by region code
    points: dict[str, list[Organisation]]  # by county region code
    arrangements: dict[str, ConfirmationArrangement]  # the current arrangement by point name
    plans: dict[str, ProvincialPlan]


def _region(code: str) -> Region:
    return Region.objects.get(code=code, valid_until__isnull=True)


def _org(level: str, name: str, *, region: Region | None, parent: Organisation | None, **contact: str) -> Organisation:
    org, _ = Organisation.objects.update_or_create(
        level=level, name=name, defaults={"region": region, "parent": parent, **contact}
    )
    return org


def _contact(seed: int, address: str = "") -> dict[str, str]:
    return {
        "phone": f"010-6{seed:03d}{seed:04d}"[:13],
        "email": f"office{seed}@demo.example.cn",
        "address": address,
        "office_hours": "工作日 9:00–12:00，13:30–17:00",
    }


def build(today: datetime.date) -> DemoOrganisations:
    national = _org(OrgLevel.NATIONAL, NATIONAL_CENTRE, region=None, parent=None, **_contact(1, "北京市"))
    result = DemoOrganisations(national, {}, {}, {}, {}, {})
    seed = 10
    for spec in PROVINCES:
        province = _org(OrgLevel.PROVINCE, spec.name, region=_region(spec.region), parent=national, **_contact(seed))
        result.provinces[spec.region] = province
        plan, _ = ProvincialPlan.objects.update_or_create(
            province=province,
            year=today.year,
            defaults={
                "status": PlanStatus.PUBLISHED,
                "starts_on": today - datetime.timedelta(days=90),
                "ends_on": today + datetime.timedelta(days=90),
                "review_levels": list(spec.review_levels),
            },
        )
        result.plans[spec.region] = plan
        parents: list[tuple[Organisation, tuple[AgencySpec, ...]]] = [(province, spec.counties)]
        for city_name, city_region, counties in spec.cities:
            seed += 1
            city = _org(OrgLevel.CITY, city_name, region=_region(city_region), parent=province, **_contact(seed))
            result.agencies[city_region] = city
            parents.append((city, counties))
        for parent, counties in parents:
            for county_spec in counties:
                seed += 1
                county = _org(
                    OrgLevel.COUNTY,
                    county_spec.name,
                    region=_region(county_spec.region),
                    parent=parent,
                    **_contact(seed),
                )
                result.agencies[county_spec.region] = county
                result.points[county_spec.region] = []
                window = _batch_and_window(plan, county, county_spec.batch, today)
                for point_spec in county_spec.points:
                    seed += 1
                    point = _org(
                        OrgLevel.CONFIRMATION_POINT,
                        point_spec.name,
                        region=county.region,
                        parent=county,
                        confirmation_scope=point_spec.scope,
                        **_contact(seed, point_spec.address),
                    )
                    result.points[county_spec.region].append(point)
                    if window is not None:
                        arrangement, _ = ConfirmationArrangement.objects.update_or_create(
                            window=window,
                            point=point,
                            defaults={
                                "confirm_from": window.starts_on,
                                "confirm_until": window.ends_on + datetime.timedelta(days=10),
                                "is_published": True,
                                "notes": _notes(point_spec),
                            },
                        )
                        result.arrangements[point.name] = arrangement
        seed += 1
    return result


def _batch_and_window(
    plan: ProvincialPlan, agency: Organisation, kind: str, today: datetime.date
) -> ApplicationWindow | None:
    batch, _ = AgencyBatch.objects.update_or_create(
        plan=plan,
        agency=agency,
        defaults={"takes_part": kind != "not_taking_part", "is_open": kind in {"open", "closed"}},
    )
    if kind not in {"open", "closed"}:
        return None
    if kind == "open":
        starts, ends = today - datetime.timedelta(days=14), today + datetime.timedelta(days=14)
    else:
        starts, ends = today - datetime.timedelta(days=75), today - datetime.timedelta(days=45)
    # One window per demo batch: reuse it so re-loading keeps the applications' links.
    window = batch.windows.order_by("pk").first()
    if window is None:
        return ApplicationWindow.objects.create(batch=batch, starts_on=starts, ends_on=ends)
    window.starts_on, window.ends_on = starts, ends
    window.save(update_fields=["starts_on", "ends_on"])
    return window


def _notes(point: PointSpec) -> str:
    return (
        f"请在确认时间内携带以下材料到 {point.address} 办理现场确认：\n"
        "1. 本系统生成的《教师资格定期注册申请表》两份，本人签名；\n"
        "2. 教师资格证书原件；\n"
        "3. 聘用合同、师德表现证明、近五年年度考核证明和培训学时证明（一般由学校统一提交）。\n"
        "首次注册的教师另需试用期考核合格证明。"
    )
