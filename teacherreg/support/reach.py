"""Who answers support tickets in the office, and which tickets they see (P21).

邮件咨询 reaches the province: the province administrator, who already runs 修改联系方式
(manual §1.2.2 item 3) and the other support queues, and the province reviewer (终审), who
knows the province's registration rules best. Both reply, close and reopen. They see the
tickets of the provinces of their organisations; held at the national centre, the same roles
cover every province and the tickets routed to none (documents without a province code).
Nobody else sees a ticket: the national viewer reads cases, not people's letters, and the
three administrator roles run the system. A ticket out of reach answers 404.
"""

from __future__ import annotations

from django.db.models import QuerySet

from teacherreg.accounts.models import StaffRole
from teacherreg.office.queue_reach import ProvinceReach, region_codes
from teacherreg.office.scope import Scope
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.support.models import Ticket

SUPPORT_ROLES = frozenset({StaffRole.PROVINCE_ADMIN, StaffRole.PROVINCE_REVIEWER})


def tickets_in(reach: ProvinceReach) -> QuerySet[Ticket]:
    return Ticket.objects.filter(reach.code_filter("province_code"))


def acting_organisation(scope: Scope, ticket: Ticket) -> Organisation | None:
    """The organisation a reply is signed with: the member's support membership that covers the
    ticket's province (a national one covers all)."""
    codes = region_codes(scope)
    for membership in scope.memberships:
        if membership.role not in SUPPORT_ROLES:
            continue
        organisation = membership.organisation
        if organisation.level == OrgLevel.NATIONAL:
            return organisation
        if ticket.province_code and codes.get(organisation.region_id, "")[:2] == ticket.province_code:
            return organisation
    return None
