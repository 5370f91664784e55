"""The lists the hand-added certificate form offers, each narrowed by what is chosen above it
(manual §3.1.2 step 2): 市 by 省份, 任教学科 by 资格种类 (and province-specific rows), 认定机构
by level, place and issue date. Pure queries; ``manual_add`` checks entries against them."""

from __future__ import annotations

import datetime

from django.db.models import Q

from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.reference.models import CertifyingLevel, QualificationType, Region, Subject
from teacherreg.reference.services import certificate_subjects, cities_of


def subject_choices(qualification_type: QualificationType | None, province: Region | None) -> list[Subject]:
    """任教学科 a certificate of this type issued in ``province`` can carry (historic names too)."""
    if qualification_type is None:
        return []
    return list(certificate_subjects(qualification_type, province).filter(is_selectable=True))


def city_choices(province: Region | None) -> list[Region]:
    return cities_of(province) if province is not None else []


def agency_choices(
    province: Region | None,
    city: Region | None,
    qualification_type: QualificationType | None,
    day: datetime.date | None,
) -> list[tuple[Organisation, str]]:
    """认定机构 that could have issued this certificate, each with its name on ``day``.

    Only agencies of the level that certifies the type (《教师资格条例》: county for 幼儿园 to
    初中, city for 高中 and 中职, province for 高校), in the chosen province and — below province
    level — the chosen city, that had not been annulled or merged away by the issue date
    (``existing_on``): an agency annulled before then cannot have issued it. In a 直辖市 the
    city level is the municipality's own agency.
    """
    if province is None or qualification_type is None or day is None:
        return []
    level = qualification_type.certifying_level
    agencies = Organisation.objects.agencies().existing_on(day).select_related("region")
    if level == CertifyingLevel.PROVINCE or (level == CertifyingLevel.CITY and city and city.code == province.code):
        agencies = agencies.filter(level=OrgLevel.PROVINCE, region__code=province.code)
    elif city is None or city.code[:2] != province.code[:2]:
        return []
    elif level == CertifyingLevel.CITY:
        agencies = agencies.filter(level=OrgLevel.CITY, region__code=city.code)
    else:
        # Counties under the city; a 省直辖县 or a city without counties is its own county.
        agencies = agencies.filter(level=OrgLevel.COUNTY).filter(
            Q(region__parent__code=city.code) | Q(region__code=city.code)
        )
    named = [(agency, agency.name_on(day)) for agency in agencies.prefetch_related("name_changes")]
    return sorted(named, key=lambda pair: (pair[0].region.code if pair[0].region else "", pair[1]))
