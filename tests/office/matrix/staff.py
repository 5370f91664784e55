"""Staff accounts, roles and invitations (P21, P22), written by hand.

Who manages whom: the province administrator manages every organisation of the province; an
agency (county, city or province reviewer) manages the operators of the confirmation points
directly below it. In the office world our 确认点 sits under our county, so for an operator of
that point only our province administrator and our county reviewer may open the account;
the city and province reviewers have no point of their own and see nothing of it (404),
though they may open the list and the invitation form (empty for them).
"""

from __future__ import annotations

from typing import Any

from teacherreg.accounts.models import StaffMembership, StaffRole
from teacherreg.office.scope import scope_for
from teacherreg.office.staff_invitations import invite
from teacherreg.office.staff_reach import reach_for
from tests.factories import MembershipFactory, StaffFactory
from tests.office.matrix import Row

R = StaffRole
MANAGERS = frozenset({R.PROVINCE_ADMIN, R.COUNTY_REVIEWER, R.CITY_REVIEWER, R.PROVINCE_REVIEWER})
OPERATOR_MANAGERS = frozenset({R.PROVINCE_ADMIN, R.COUNTY_REVIEWER})


def _operator(world: Any) -> StaffMembership:
    """An operator of our point who is not one of the personas (disabling a persona would
    sign it out and spoil its own row)."""
    if "operator" not in world.extra:
        user = StaffFactory(username="ours-extra-operator", name="赵确认")
        world.extra["operator"] = MembershipFactory(
            user=user, organisation=world.ours.point, role=R.CONFIRMATION_OPERATOR
        )
    return world.extra["operator"]


def _invitation(world: Any) -> tuple[Any, str]:
    if "invitation" not in world.extra:
        reach = reach_for(scope_for(world.ours.staff[R.PROVINCE_ADMIN]))
        world.extra["invitation"] = invite(
            reach,
            name="钱受邀",
            organisation=world.ours.point,
            role=R.CONFIRMATION_OPERATOR,
            email="qian@example.cn",
            phone=None,
            build_url=lambda raw: f"https://jszg.example/office/staff/invitation/{raw}/",
        )
    return world.extra["invitation"]


def _account(world: Any) -> dict[str, Any]:
    return {"pk": _operator(world).user_id}


def _membership(world: Any) -> dict[str, Any]:
    membership = _operator(world)
    return {"pk": membership.user_id, "membership_pk": membership.pk}


def _point_operator(world: Any) -> dict[str, Any]:
    return {"organisation": world.ours.point.pk, "role": R.CONFIRMATION_OPERATOR}


def _invite_data(world: Any) -> dict[str, Any]:
    return {"name": "孙新人", "email": "sun@example.cn", "phone": "", **_point_operator(world)}


ROWS = [
    Row("office:staff_list", MANAGERS),
    Row("office:staff_invite", MANAGERS, ("GET", "POST"), data=_invite_data),
    Row("office:staff_detail", OPERATOR_MANAGERS, kwargs=_account, regional=True),
    Row("office:staff_disable", OPERATOR_MANAGERS, ("POST",), kwargs=_account, regional=True),
    Row("office:staff_enable", OPERATOR_MANAGERS, ("POST",), kwargs=_account, regional=True),
    Row(
        "office:staff_grant",
        OPERATOR_MANAGERS,
        ("POST",),
        kwargs=_account,
        regional=True,
        data=_point_operator,
    ),
    Row("office:staff_revoke", OPERATOR_MANAGERS, ("POST",), kwargs=_membership, regional=True),
    Row(
        "office:staff_invitation_cancel",
        OPERATOR_MANAGERS,
        ("POST",),
        kwargs=lambda w: {"pk": _invitation(w)[0].pk},
        regional=True,
    ),
    Row(
        "office:staff_invitation",
        frozenset(),
        ("GET", "POST"),
        kwargs=lambda w: {"token": _invitation(w)[1]},
        public=True,
        note="the link in the invitation: the invitee has no account yet",
    ),
]
