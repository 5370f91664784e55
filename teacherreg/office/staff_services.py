"""Changes to staff accounts and roles (P21, P22): disable, enable, grant, revoke, and the
90-day idle rule. Views and the nightly task call these; nothing else changes a staff
account's state or a membership.

Each function checks its guard against the acting member's :class:`Reach` and raises
``DomainError`` with a code from the message catalogue, changes the rows inside one
transaction with conditional updates (a double click or two administrators at once change
nothing twice), and writes its audit event in the same transaction.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from teacherreg.accounts.models import EXCLUSIVE_ROLES, StaffMembership, StaffRole, User, UserKind
from teacherreg.audit import services as audit
from teacherreg.common.errors import DomainError
from teacherreg.office.models import DisabledReason, StaffAccountState
from teacherreg.office.staff_reach import Reach
from teacherreg.organisations.models import Organisation

IDLE_DAYS = 90  # P22


def _audit(action: str, obj: object, reach: Reach | None, organisation: Organisation | None, **kw: object) -> None:
    membership = reach.acting_membership(organisation) if reach is not None else None
    audit.record(
        action,
        obj,  # type: ignore[arg-type]
        actor=reach.scope.user if reach is not None else None,
        actor_role=membership.role if membership else ("system" if reach is None else ""),
        actor_organisation_id=membership.organisation_id if membership else None,
        **kw,  # type: ignore[arg-type]
    )


def _check_manages_account(reach: Reach, user: User) -> None:
    if user.pk == reach.scope.user.pk:
        raise DomainError("staff_self")
    if user.is_superuser or reach.outside_roles(user):
        raise DomainError("staff_account_outside_reach")
    if not reach.accounts().filter(pk=user.pk).exists():
        raise DomainError("staff_not_in_reach")


def _set_state(user: User, *, reason: str, now: datetime.datetime, reactivated: bool) -> None:
    defaults: dict[str, object] = {"disabled_reason": reason, "changed_at": now}
    if reactivated:
        defaults["active_since"] = now
    StaffAccountState.objects.update_or_create(user=user, defaults=defaults)


# -- disable / enable -----------------------------------------------------------------------


def disable_account(reach: Reach, user: User, *, ip: str | None = None) -> None:
    """Switch a staff account off. Guard: in reach, every current role in reach, not oneself.
    Side effects: ``is_active`` false (Django's backend drops the account's sessions at their
    next request), the reason kept, ``staff.disabled`` audited."""
    _check_manages_account(reach, user)
    now = timezone.now()
    with transaction.atomic():
        if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
            raise DomainError("staff_already_disabled")
        _set_state(user, reason=DisabledReason.BY_STAFF, now=now, reactivated=False)
        _audit("staff.disabled", user, reach, None, data={"reason": DisabledReason.BY_STAFF.value}, ip=ip)
    user.is_active = False


def enable_account(reach: Reach, user: User, *, ip: str | None = None) -> None:
    """Switch a staff account back on. Same guard as ``disable_account``. Side effects: the
    idle clock restarts now (``StaffAccountState.active_since``), ``staff.enabled`` audited."""
    _check_manages_account(reach, user)
    now = timezone.now()
    with transaction.atomic():
        if not User.objects.filter(pk=user.pk, is_active=False).update(is_active=True):
            raise DomainError("staff_already_active")
        _set_state(user, reason="", now=now, reactivated=True)
        _audit("staff.enabled", user, reach, None, ip=ip)
    user.is_active = True


# -- roles --------------------------------------------------------------------------------


def add_membership(user: User, organisation: Organisation, role: str) -> StaffMembership:
    """The one writer of new or renewed memberships. Guard (P21): the three administrator
    roles stay apart for one person, revoked rows included, as the database constraint
    counts them; a race that slips past the check hits the constraint and gets the same
    answer. Raises ``staff_role_already_held`` for a role already held."""
    if role in EXCLUSIVE_ROLES:
        held = StaffMembership.objects.filter(user=user, role__in=sorted(EXCLUSIVE_ROLES)).exclude(role=role).first()
        if held is not None:
            raise DomainError("staff_exclusive_admin_roles", held=held.get_role_display())
    existing = StaffMembership.objects.filter(user=user, organisation=organisation, role=role).first()
    if existing is not None:
        if existing.is_active:
            raise DomainError("staff_role_already_held")
        if not StaffMembership.objects.filter(pk=existing.pk, is_active=False).update(is_active=True):
            raise DomainError("staff_role_already_held")
        existing.is_active = True
        return existing
    try:
        with transaction.atomic():
            return StaffMembership.objects.create(user=user, organisation=organisation, role=role)
    except IntegrityError:
        if role in EXCLUSIVE_ROLES:
            raise DomainError("staff_exclusive_admin_roles", held=StaffRole(role).label) from None
        raise DomainError("staff_role_already_held") from None


def grant_role(
    reach: Reach, user: User, organisation: Organisation, role: str, *, ip: str | None = None
) -> StaffMembership:
    """Give ``user`` ``role`` at ``organisation``. Guard: the account is in reach and not
    oneself, the role belongs to the organisation's level and the member may grant it there,
    and P21's separation of the administrator roles. Side effect: ``staff.role_granted``."""
    if user.pk == reach.scope.user.pk:
        raise DomainError("staff_self")
    if not reach.may_grant(organisation, role) or not reach.accounts().filter(pk=user.pk).exists():
        raise DomainError("staff_not_in_reach")
    with transaction.atomic():
        membership = add_membership(user, organisation, role)
        _audit(
            "staff.role_granted",
            user,
            reach,
            organisation,
            data={"role": role, "organisation": organisation.pk, "membership": membership.pk},
            ip=ip,
        )
    return membership


def revoke_role(reach: Reach, membership: StaffMembership, *, ip: str | None = None) -> None:
    """Take a role away; the row stays (revoked) for the record. Guard: the membership is in
    reach and not one's own. Side effect: ``staff.role_revoked``."""
    if membership.user_id == reach.scope.user.pk:
        raise DomainError("staff_self")
    if not reach.memberships().filter(pk=membership.pk).exists():
        raise DomainError("staff_not_in_reach")
    with transaction.atomic():
        if not StaffMembership.objects.filter(pk=membership.pk, is_active=True).update(is_active=False):
            raise DomainError("staff_role_already_revoked")
        _audit(
            "staff.role_revoked",
            membership.user,
            reach,
            membership.organisation,
            data={"role": membership.role, "organisation": membership.organisation_id, "membership": membership.pk},
            ip=ip,
        )
    membership.is_active = False


# -- the 90-day rule ----------------------------------------------------------------------


def last_seen_expression() -> Greatest:
    """The later of the last login (or, never signed in, the account's creation) and the
    moment an administrator last enabled the account (if ever)."""
    return Greatest(
        Coalesce("last_login", "date_joined"),
        Coalesce("staff_state__active_since", "last_login", "date_joined"),
        output_field=DateTimeField(),
    )


def idle_accounts(now: datetime.datetime | None = None):
    """Active staff accounts not seen for ``IDLE_DAYS`` days or more (superusers too: a
    forgotten break-glass account is exactly what P22 means to switch off)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=IDLE_DAYS)
    staff = Q(kind=UserKind.STAFF) | Q(is_staff=True) | Q(is_superuser=True)
    return (
        User.objects.filter(staff, is_active=True)
        .annotate(last_seen=last_seen_expression())
        .filter(last_seen__lte=cutoff)
        .order_by("pk")
    )


def disable_idle_accounts(*, now: datetime.datetime | None = None) -> int:
    """P22: disable staff accounts after 90 days without a login. Idempotent; each account is
    switched off by a conditional update in its own transaction and audited as
    ``staff.disabled`` with the reason ``idle``. Returns how many were disabled."""
    now = now or timezone.now()
    count = 0
    for user_pk, last_seen in idle_accounts(now).values_list("pk", "last_seen"):
        with transaction.atomic():
            # Asked again in the update: a login since the list was read keeps the account.
            if not idle_accounts(now).filter(pk=user_pk).update(is_active=False):
                continue
            user = User.objects.get(pk=user_pk)
            _set_state(user, reason=DisabledReason.IDLE, now=now, reactivated=False)
            audit.record(
                "staff.disabled",
                user,
                actor_role="system",
                data={"reason": DisabledReason.IDLE.value, "last_seen": last_seen.isoformat()},
            )
        count += 1
    return count
