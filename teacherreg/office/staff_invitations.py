"""Staff invitations (P22; security.md §1.1 6.4.1): a province administrator or an agency
invites a person into one role at one organisation; the person opens the link, chooses a
login name and a password, and goes on to bind an authenticator.

The link's token is random (256 bits), stored only as a SHA-256 digest, works once, and for
72 hours from the invitation (valid while ``now < expires_at``). The message goes through the
outbox in the same transaction as the invitation, so a rolled-back invitation sends nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import unicodedata
from collections.abc import Callable

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from teacherreg.accounts.models import User, UserKind
from teacherreg.audit import services as audit
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.notify import services as notify
from teacherreg.office.models import StaffInvitation
from teacherreg.office.staff_reach import Reach
from teacherreg.office.staff_services import add_membership
from teacherreg.organisations.models import Organisation

INVITATION_HOURS = 72  # P22
STAFF_PASSWORD_MIN_LENGTH = 12  # P22
LOGIN_NAME = re.compile(r"^[a-z][a-z0-9._-]{3,31}$")


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("ascii", "ignore")).hexdigest()


# -- what the invitee types -----------------------------------------------------------------


def normalise_login_name(raw: str) -> str:
    """Full-width letters folded, ends trimmed, lower case: ``Ｌｉ.Ming `` → ``li.ming``."""
    return unicodedata.normalize("NFKC", raw or "").strip().lower()


def validate_login_name(raw: str) -> str:
    """The normalised login name, or ``DomainError`` (wrong shape, or already taken in any
    letter case, so two accounts never differ only by case)."""
    name = normalise_login_name(raw)
    if not LOGIN_NAME.match(name):
        raise DomainError("staff_login_name_format")
    if User.objects.filter(username__iexact=name).exists():
        raise DomainError("staff_login_name_taken")
    return name


def validate_staff_password(password: str, *, login_name: str = "", user: User | None = None) -> None:
    """P22: at least 12 characters, then the project's validators (``AUTH_PASSWORD_VALIDATORS``:
    the common-password list and a weaker minimum), and not containing the login name.
    Raises Django's ``ValidationError`` with every reason."""
    errors: list[ValidationError] = []
    if len(password) < STAFF_PASSWORD_MIN_LENGTH:
        # Our own words: Django 5.2's Chinese catalogue misses its "too short" message.
        errors.append(
            ValidationError(
                message_for("staff_password_too_short", min=STAFF_PASSWORD_MIN_LENGTH, length=len(password)),
                code="password_too_short",
            )
        )
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        # The configured minimum (8) is weaker than the staff minimum, checked above.
        errors += [error for error in exc.error_list if error.code != "password_too_short"]
    if login_name and len(login_name) >= 4 and login_name.lower() in password.lower():
        errors.append(
            ValidationError(message_for("staff_password_contains_login_name"), code="password_contains_login_name")
        )
    if errors:
        raise ValidationError(errors)


# -- the invitation -------------------------------------------------------------------------


def invite(
    reach: Reach,
    *,
    name: str,
    organisation: Organisation,
    role: str,
    email: str | None,
    phone: str | None,
    build_url: Callable[[str], str],
    ip: str | None = None,
) -> tuple[StaffInvitation, str]:
    """Invite ``name`` into ``role`` at ``organisation``; returns the invitation and the raw
    token (for the link; it is stored nowhere). Guard: the member may grant that role there,
    and there is an address to send to. Side effects: the link is queued to the e-mail
    address and/or the phone, ``staff.invited`` audited (masked contacts only)."""
    if not reach.may_grant(organisation, role):
        raise DomainError("staff_not_in_reach")
    if not email and not phone:
        raise DomainError("staff_invitation_contact_required")
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    membership = reach.acting_membership(organisation)
    with transaction.atomic():
        invitation = StaffInvitation.objects.create(
            name=name,
            email=email or None,
            phone=phone or None,
            organisation=organisation,
            role=role,
            invited_by=reach.scope.user,
            token_hash=_digest(raw),
            created_at=now,
            expires_at=now + datetime.timedelta(hours=INVITATION_HOURS),
        )
        params = {
            "name_masked": mask("name", name),
            "organisation": organisation.name,
            "role": invitation.get_role_display(),
            "link": build_url(raw),
            "hours": str(INVITATION_HOURS),
        }
        if email:
            notify.send_email(
                to=email,
                template="staff_invitation",
                context=params,
                dedupe_key=f"staff-invitation:{invitation.pk}:email",
            )
        if phone:
            sms_params = {key: value for key, value in params.items() if key != "name_masked"}
            notify.send_sms(
                phone=phone,
                template="staff_invitation",
                params=sms_params,
                dedupe_key=f"staff-invitation:{invitation.pk}:sms",
                expires_at=invitation.expires_at,
            )
        audit.record(
            "staff.invited",
            invitation,
            actor=reach.scope.user,
            actor_role=membership.role if membership else "",
            actor_organisation_id=membership.organisation_id if membership else None,
            data={
                "role": role,
                "organisation": organisation.pk,
                "email": mask("email", email) if email else "",
                "phone": mask("phone", phone) if phone else "",
            },
            ip=ip,
        )
    return invitation, raw


def _check_open(invitation: StaffInvitation | None, now: datetime.datetime) -> StaffInvitation:
    if invitation is None:
        raise DomainError("staff_invitation_unknown")
    if invitation.accepted_at is not None:
        raise DomainError("staff_invitation_used")
    if invitation.cancelled_at is not None:
        raise DomainError("staff_invitation_cancelled")
    if invitation.is_expired(now):
        raise DomainError("staff_invitation_expired")
    return invitation


def peek(raw: str) -> StaffInvitation:
    """The invitation behind ``raw`` if it can still be accepted; ``DomainError`` saying why
    not otherwise (unknown, used, withdrawn, expired)."""
    found = StaffInvitation.objects.select_related("organisation").filter(token_hash=_digest(raw or "")).first()
    return _check_open(found, timezone.now())


def accept(raw: str, *, login_name: str, password: str, ip: str | None = None) -> User:
    """Open the account. Guard: the invitation is open (checked again under a row lock, so
    the link works once even for two tabs), the login name is free, the password meets P22.
    Side effects: a staff account with the invitee's name and contacts, the invited role,
    the invitation marked used, ``staff.invitation_accepted`` audited. The caller signs the
    new account in and sends it to bind an authenticator."""
    username = validate_login_name(login_name)
    try:
        validate_staff_password(password, login_name=username)
    except ValidationError:
        raise DomainError("staff_password_rejected") from None
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation = _check_open(
                StaffInvitation.objects.select_for_update().filter(token_hash=_digest(raw or "")).first(), now
            )
            user = User(
                kind=UserKind.STAFF,
                username=username,
                name=invitation.name,
                email=invitation.email,
                phone=invitation.phone,
                is_staff=True,
            )
            user.set_password(password)
            user.save()
            add_membership(user, invitation.organisation, invitation.role)
            invitation.accepted_at = now
            invitation.accepted_user = user
            invitation.save(update_fields=["accepted_at", "accepted_user"])
            audit.record(
                "staff.invitation_accepted",
                invitation,
                actor=user,
                actor_role=invitation.role,
                actor_organisation_id=invitation.organisation_id,
                data={"user": user.pk, "role": invitation.role, "organisation": invitation.organisation_id},
                ip=ip,
            )
    except IntegrityError:
        # Another tab took the login name between the check and the insert.
        raise DomainError("staff_login_name_taken") from None
    return user


def cancel(reach: Reach, invitation: StaffInvitation, *, ip: str | None = None) -> None:
    """Withdraw an open invitation (the link stops working). Guard: the member may grant the
    invitation's role at its organisation. Side effect: ``staff.invitation_cancelled``."""
    if not reach.may_grant(invitation.organisation, invitation.role):
        raise DomainError("staff_not_in_reach")
    membership = reach.acting_membership(invitation.organisation)
    with transaction.atomic():
        updated = StaffInvitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=timezone.now())
        if not updated:
            raise DomainError("staff_invitation_closed")
        audit.record(
            "staff.invitation_cancelled",
            invitation,
            actor=reach.scope.user,
            actor_role=membership.role if membership else "",
            actor_organisation_id=membership.organisation_id if membership else None,
            data={"role": invitation.role, "organisation": invitation.organisation_id},
            ip=ip,
        )


def open_invitations(reach: Reach):
    """Invitations in reach that are neither accepted nor withdrawn (expired ones included,
    so the inviter sees which to send again)."""
    return (
        StaffInvitation.objects.filter(reach.pairs(), accepted_at__isnull=True, cancelled_at__isnull=True)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def invitation_or_404(reach: Reach, pk: object) -> StaffInvitation:
    """Any invitation in reach (a withdrawn or accepted one too, so withdrawing twice gets a
    clear answer rather than a 404); another region's answers 404."""
    try:
        found = StaffInvitation.objects.filter(reach.pairs()).select_related("organisation")
        return found.get(pk=int(pk))  # type: ignore[call-overload]
    except (StaffInvitation.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
