"""Reference rows for the hand-added certificate tests (and the browser test): two provinces
with a city and counties, 北京 as a 直辖市, 广西, four qualification types, a few certificate
subjects and agencies at every level, one renamed and one annulled."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from teacherreg.accounts.models import User
from teacherreg.certificates.services.manual_add import ManualCertificateData
from teacherreg.organisations.models import Organisation, OrganisationNameChange, OrgLevel
from teacherreg.reference.models import QualificationType, Region, RegionLevel, Subject, SubjectTree
from tests.documents.images import jpeg
from tests.factories import QualificationTypeFactory, RegionFactory, TeachingStageFactory


@dataclass
class World:
    shandong: Region
    jinan: Region
    lixia: Region
    qingdao: Region
    shinan: Region
    beijing: Region
    haidian: Region
    guangxi: Region
    nanning: Region
    xingning: Region
    primary: QualificationType  # 2, county level
    senior: QualificationType  # 4, city level
    higher: QualificationType  # 7, province level, not for registration
    chinese: Subject  # 小学 语文
    foreign: Subject  # 小学 外语 (historic name)
    senior_maths: Subject
    shandong_office: Organisation
    jinan_office: Organisation
    lixia_office: Organisation  # renamed on 2010-01-01
    shinan_office: Organisation
    old_county_office: Organisation  # under 济南, annulled on 2003-06-30
    beijing_office: Organisation
    haidian_office: Organisation
    guangxi_office: Organisation
    nanning_office: Organisation
    xingning_office: Organisation

    def data(self, number: str = "20053701021000123", **overrides: object) -> ManualCertificateData:
        """A valid 2005 济南 历下区 小学 certificate unless overridden."""
        values: dict[str, object] = {
            "number": number,
            "issued_on": datetime.date(2005, 7, 1),
            "province": self.shandong,
            "city": self.jinan,
            "qualification_type": self.primary,
            "subject": self.chinese,
            "agency": self.lixia_office,
        }
        values.update(overrides)
        return ManualCertificateData(**values)  # type: ignore[arg-type]

    def guangxi_data(self, number: str = "20114501021000007", **overrides: object) -> ManualCertificateData:
        values: dict[str, object] = {
            "province": self.guangxi,
            "city": self.nanning,
            "agency": self.xingning_office,
            "issued_on": datetime.date(2011, 9, 1),
        }
        values.update(overrides)
        return self.data(number, **values)


def _region(code: str, name: str, level: str, parent: Region | None = None, **extra: object) -> Region:
    return RegionFactory(code=code, name=name, level=level, parent=parent, is_municipality=False, **extra)


def _agency(level: str, name: str, region: Region, parent: Organisation | None = None, **extra: object) -> Organisation:
    return Organisation.objects.create(level=level, name=name, region=region, parent=parent, **extra)


def build_world() -> World:
    shandong = _region("370000", "山东省", RegionLevel.PROVINCE)
    jinan = _region("370100", "济南市", RegionLevel.CITY, shandong)
    lixia = _region("370102", "历下区", RegionLevel.COUNTY, jinan)
    shizhong = _region("370103", "市中区", RegionLevel.COUNTY, jinan)
    qingdao = _region("370200", "青岛市", RegionLevel.CITY, shandong)
    shinan = _region("370202", "市南区", RegionLevel.COUNTY, qingdao)
    beijing = RegionFactory(code="110000", name="北京市", level=RegionLevel.PROVINCE, is_municipality=True)
    haidian = _region("110108", "海淀区", RegionLevel.COUNTY, beijing)
    guangxi = _region("450000", "广西壮族自治区", RegionLevel.PROVINCE)
    nanning = _region("450100", "南宁市", RegionLevel.CITY, guangxi)
    xingning = _region("450102", "兴宁区", RegionLevel.COUNTY, nanning)

    primary_stage = TeachingStageFactory(code="primary", name="小学", sort_order=2)
    senior_stage = TeachingStageFactory(code="senior", name="高级中学", sort_order=4)
    primary = QualificationTypeFactory(code="2", name="小学教师资格", certifying_level="county", stage=primary_stage)
    senior = QualificationTypeFactory(code="4", name="高级中学教师资格", certifying_level="city", stage=senior_stage)
    higher = QualificationTypeFactory(
        code="7", name="高等学校教师资格", certifying_level="province", stage=None, usable_for_registration=False
    )

    certificate_tree = {"tree": SubjectTree.CERTIFICATE}
    chinese = Subject.objects.create(code="2-chinese", name="语文", qualification_type=primary, **certificate_tree)
    old = Subject.objects.create(
        code="2-old", name="旧版证书学科名称", qualification_type=primary, is_selectable=False, **certificate_tree
    )
    foreign = Subject.objects.create(
        code="2-foreign", name="外语", qualification_type=primary, parent=old, is_historic=True, **certificate_tree
    )
    senior_maths = Subject.objects.create(code="4-math", name="数学", qualification_type=senior, **certificate_tree)

    national = Organisation.objects.create(level=OrgLevel.NATIONAL, name="教育部教师资格认定指导中心")
    shandong_office = _agency(OrgLevel.PROVINCE, "山东省教育厅", shandong, national)
    jinan_office = _agency(OrgLevel.CITY, "济南市教育局", jinan, shandong_office)
    lixia_office = _agency(OrgLevel.COUNTY, "济南市历下区教育和体育局", lixia, jinan_office)
    OrganisationNameChange.objects.create(
        organisation=lixia_office,
        old_name="济南市历下区教育局",
        new_name="济南市历下区教育和体育局",
        changed_on=datetime.date(2010, 1, 1),
    )
    old_county_office = _agency(
        OrgLevel.COUNTY, "济南市市中区教育局", shizhong, jinan_office, annulled_on=datetime.date(2003, 6, 30)
    )
    qingdao_office = _agency(OrgLevel.CITY, "青岛市教育局", qingdao, shandong_office)
    shinan_office = _agency(OrgLevel.COUNTY, "青岛市市南区教育和体育局", shinan, qingdao_office)
    beijing_office = _agency(OrgLevel.PROVINCE, "北京市教育委员会", beijing, national)
    haidian_office = _agency(OrgLevel.COUNTY, "北京市海淀区教育委员会", haidian, beijing_office)
    guangxi_office = _agency(OrgLevel.PROVINCE, "广西壮族自治区教育厅", guangxi, national)
    nanning_office = _agency(OrgLevel.CITY, "南宁市教育局", nanning, guangxi_office)
    xingning_office = _agency(OrgLevel.COUNTY, "南宁市兴宁区教育局", xingning, nanning_office)
    # A confirmation point is not an agency and is never offered.
    _agency(OrgLevel.CONFIRMATION_POINT, "历下区确认点", lixia, lixia_office)

    return World(
        shandong=shandong,
        jinan=jinan,
        lixia=lixia,
        qingdao=qingdao,
        shinan=shinan,
        beijing=beijing,
        haidian=haidian,
        guangxi=guangxi,
        nanning=nanning,
        xingning=xingning,
        primary=primary,
        senior=senior,
        higher=higher,
        chinese=chinese,
        foreign=foreign,
        senior_maths=senior_maths,
        shandong_office=shandong_office,
        jinan_office=jinan_office,
        lixia_office=lixia_office,
        shinan_office=shinan_office,
        old_county_office=old_county_office,
        beijing_office=beijing_office,
        haidian_office=haidian_office,
        guangxi_office=guangxi_office,
        nanning_office=nanning_office,
        xingning_office=xingning_office,
    )


def scan() -> bytes:
    """A certificate photo that passes P13."""
    return jpeg((900, 640))


def add(world: World, user: User, number: str = "20053701021000123", **overrides: object):
    from teacherreg.certificates.services.manual_add import add_older_certificate

    return add_older_certificate(user, world.data(number, **overrides), scan())
