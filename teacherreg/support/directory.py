"""电话咨询 and 各省份认定联系方式 (manual §4): the agencies' own phone, e-mail and address, as
the organisations table holds them (agencies keep them current through the imports).

Only agencies that list at least one way to reach them are shown. By default the list is the
province-level agencies (one per province, the 各省份 list); choosing a province lists every
agency of it; a name search looks across the country and shows at most ``SEARCH_LIMIT``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.reference.models import Region

SEARCH_LIMIT = 100
_LEVEL_ORDER = {OrgLevel.NATIONAL: 0, OrgLevel.PROVINCE: 1, OrgLevel.CITY: 2, OrgLevel.COUNTY: 3}


@dataclass
class Group:
    code: str  # two province digits; "" for the national centre
    name: str
    agencies: list[Organisation] = field(default_factory=list)


def province_choices() -> list[tuple[str, str]]:
    return [(code[:2], name) for code, name in Region.objects.provinces().order_by("code").values_list("code", "name")]


def _listed() -> QuerySet[Organisation]:
    reachable = ~Q(phone="") | ~Q(email="") | ~Q(address="")
    return Organisation.objects.agencies().filter(reachable, is_active=True).select_related("region")


def _province_of(agency: Organisation) -> str:
    return agency.region.code[:2] if agency.region_id else ""


def find(*, q: str = "", province: str = "") -> tuple[list[Group], bool]:
    """The groups to show and whether the search was cut at ``SEARCH_LIMIT``."""
    rows = _listed()
    if q:
        rows = rows.filter(name__icontains=q)
    elif province:
        rows = rows.filter(region__code__startswith=province)
    else:
        rows = rows.filter(level__in=(OrgLevel.NATIONAL, OrgLevel.PROVINCE))
    found = list(rows.order_by("region__code", "name")[: SEARCH_LIMIT + 1])
    cut = len(found) > SEARCH_LIMIT
    found = found[:SEARCH_LIMIT]
    names = dict(province_choices())
    groups: dict[str, Group] = {}
    for agency in sorted(found, key=lambda a: (_province_of(a) or "00", _LEVEL_ORDER.get(a.level, 9), a.name)):
        code = _province_of(agency)
        if code not in groups:
            label = names.get(code) or (code or str(_("全国")))
            groups[code] = Group(code, label)
        groups[code].agencies.append(agency)
    return list(groups.values()), cut
