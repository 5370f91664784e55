"""Which provinces a staff member's review queues cover (issue 6 item 9; P21).

The review queues hold items that belong to a province, not to an agency: an identity
review, a certificate, a record or a proposed school. So they are scoped by province, read
from the staff member's memberships through the office scope (``request.scope``):

- a membership at a province, city or county organisation covers the province of that
  organisation's region (the first two digits of its GB/T 2260 code);
- a membership at the national organisation covers every province *and* the items that
  belong to none (documents other than an identity card, schools abroad), which only the
  national level sees;
- the national viewer covers every province wherever it sits, as it sees every case
  (``Scope.sees_every_case``), but it only reads: it never decides.

Nothing covered means nothing shown: every filter built here fails closed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from teacherreg.accounts.models import StaffRole
from teacherreg.office.scope import Scope
from teacherreg.organisations.models import OrgLevel
from teacherreg.reference.models import Region


@dataclass(frozen=True)
class ProvinceReach:
    """A set of two-digit province codes, or everywhere (items without a province included)."""

    everywhere: bool = False
    provinces: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.everywhere and not self.provinces

    def covers(self, code: str | None) -> bool:
        """Whether an item of province ``code`` ("" or None: no province) is in reach."""
        return self.everywhere or bool(code and code[:2] in self.provinces)

    def code_filter(self, lookup: str) -> Q:
        """Rows whose two-digit ``lookup`` field is in reach (``province_code`` columns)."""
        if self.everywhere:
            return Q()
        return Q(**{f"{lookup}__in": sorted(self.provinces)}) if self.provinces else Q(pk__in=[])

    def region_filter(self, lookup: str) -> Q:
        """Rows whose ``lookup`` foreign key to a province ``Region`` (``370000``) is in reach."""
        if self.everywhere:
            return Q()
        codes = sorted(f"{code}0000" for code in self.provinces)
        return Q(**{f"{lookup}__code__in": codes}) if codes else Q(pk__in=[])


@dataclass(frozen=True)
class QueueReach:
    """What one queue shows a staff member (``sees``) and what they may decide (``decides``)."""

    sees: ProvinceReach
    decides: ProvinceReach


NOWHERE = ProvinceReach()


def _reach(memberships: list, codes: dict[int, str]) -> ProvinceReach:
    if not memberships:
        return NOWHERE
    if any(m.role == StaffRole.NATIONAL_VIEWER or m.organisation.level == OrgLevel.NATIONAL for m in memberships):
        return ProvinceReach(everywhere=True)
    provinces = {codes[m.organisation.region_id][:2] for m in memberships if codes.get(m.organisation.region_id)}
    return ProvinceReach(provinces=frozenset(provinces)) if provinces else NOWHERE


def region_codes(scope: Scope) -> dict[int, str]:
    """The GB/T 2260 codes of the regions of ``scope``'s organisations (one query; none when
    no organisation has a region). Pass it to :func:`queue_reach` to reach several queues."""
    region_ids = {m.organisation.region_id for m in scope.memberships if m.organisation.region_id}
    return dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "code")) if region_ids else {}


def queue_reach(
    scope: Scope, *, deciders: Iterable[str], viewers: Iterable[str] = (), codes: dict[int, str] | None = None
) -> QueueReach:
    """Deciders see and decide in their provinces; viewers only see in theirs."""
    deciders = frozenset(deciders)
    seeing = deciders | frozenset(viewers)
    memberships = [m for m in scope.memberships if m.role in seeing]
    codes = region_codes(scope) if codes is None else codes
    return QueueReach(
        sees=_reach(memberships, codes),
        decides=_reach([m for m in memberships if m.role in deciders], codes),
    )
