"""Changing a phone number or e-mail address (issue 3 items 5 and 7).

The owner changes them after re-authenticating (phone: SMS code to the new number; e-mail:
a link to the new address). Staff change them in the admin after verifying a caller, with
a reason. Either way the old contact is told, so a hijack does not go unnoticed.
"""

from __future__ import annotations

import hashlib

from django.db import transaction

from teacherreg.accounts.models import TokenPurpose, User
from teacherreg.accounts.services import tokens
from teacherreg.accounts.services.notifications import email as send_email
from teacherreg.accounts.services.notifications import sms as send_sms
from teacherreg.audit import services as audit
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask

EMAIL_LINK_HOURS = 24


def _short_hash(value: str) -> str:
    # notify stores dedupe keys only as a keyed HMAC; this keeps the contact out of them anyway.
    from teacherreg.common.crypto import blind_index

    return blind_index(value, "notify-dedupe")[:16]


def change_phone(user: User, new_phone: str, *, ip: str | None = None) -> None:
    """The new phone has just passed an SMS code; the old one hears about the change."""
    old = user.phone
    if old == new_phone:
        raise DomainError("phone_unchanged")
    with transaction.atomic():
        user.phone = new_phone
        user.save(update_fields=["phone", "phone_index"])
        audit.record(
            "account.phone_changed",
            user,
            actor=user,
            actor_role="applicant",
            ip=ip,
            data={"old": mask("phone", old), "new": mask("phone", new_phone)},
        )
        if old:
            send_sms(
                old,
                "phone_changed_old_contact",
                {"new_masked": mask("phone", new_phone)},
                dedupe_key=f"phone-changed-{user.pk}-{_short_hash(new_phone)}",
                user=user,
            )


def request_email_change(user: User, new_email: str, *, build_url) -> None:
    """Sends a confirmation link to the new address; nothing changes until it is followed."""
    if (user.email or "").lower() == new_email.lower():
        raise DomainError("email_unchanged")
    with transaction.atomic():
        raw = tokens.issue_token(user, TokenPurpose.EMAIL_CHANGE, hours=EMAIL_LINK_HOURS, new_email=new_email)
        send_email(
            new_email,
            "email_change_confirm",
            {"link": build_url(raw), "hours": EMAIL_LINK_HOURS},
            dedupe_key=f"email-change-{hashlib.sha256(raw.encode()).hexdigest()[:32]}",
            user=user,
        )


def confirm_email_change(raw_token: str, *, ip: str | None = None) -> User:
    with transaction.atomic():
        token = tokens.redeem_token(raw_token, TokenPurpose.EMAIL_CHANGE)
        user = User.objects.select_for_update().get(pk=token.user_id)
        old = user.email
        user.email = token.new_email
        user.save(update_fields=["email", "email_index"])
        audit.record(
            "account.email_changed",
            user,
            actor=user,
            actor_role="applicant",
            ip=ip,
            data={"old": mask("email", old), "new": mask("email", user.email)},
        )
        if old:
            send_email(
                old,
                "email_changed_old_contact",
                {"new_masked": mask("email", user.email)},
                dedupe_key=f"email-changed-{token.pk}",
                user=user,
            )
    return user


def staff_change_contact(
    user: User, *, by: User, reason: str, new_phone: str | None = None, new_email: str | None = None
) -> None:
    """Manual §1.2.2 item 3: support staff correct a phone or e-mail after checking the
    caller's identity. A reason is required; the change is audited and both the old and the
    new contact are told."""
    if not reason.strip():
        raise DomainError("staff_change_reason_required")
    if not new_phone and not new_email:
        raise DomainError("staff_change_nothing")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        changes: dict[str, str] = {}
        old_phone, old_email = user.phone, user.email
        fields = []
        if new_phone and new_phone != old_phone:
            user.phone = new_phone
            fields += ["phone", "phone_index"]
            changes["phone"] = f"{mask('phone', old_phone)} → {mask('phone', new_phone)}"
        if new_email and new_email != old_email:
            user.email = new_email
            fields += ["email", "email_index"]
            changes["email"] = f"{mask('email', old_email)} → {mask('email', new_email)}"
        if not fields:
            raise DomainError("staff_change_nothing")
        user.save(update_fields=fields)
        audit.record(
            "account.contact_changed_by_staff",
            user,
            actor=by,
            actor_role="staff",
            data={"changes": changes, "reason": reason},
        )
        what = "、".join({"phone": "手机号码", "email": "电子邮箱"}[k] for k in changes)
        stamp = hashlib.sha256(repr(sorted(changes.items())).encode()).hexdigest()[:16]
        for phone in {p for p in (old_phone, user.phone) if p}:
            send_sms(
                phone,
                "contact_changed_by_staff",
                {"what": what},
                dedupe_key=f"staff-contact-{user.pk}-{stamp}-{_short_hash(phone)}",
                user=user,
            )
        for address in {e for e in (old_email, user.email) if e}:
            send_email(
                address,
                "contact_changed_by_staff",
                {"what": what},
                dedupe_key=f"staff-contact-{user.pk}-{stamp}-{_short_hash(address)}",
                user=user,
            )
