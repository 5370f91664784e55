"""Password changes and the reset flow's account lookup (manual §1.2.2, P3, P7)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from django.db import transaction

from teacherreg.accounts.models import LEGACY_CUTOFF, TokenPurpose, User, UserKind
from teacherreg.accounts.services import tokens
from teacherreg.accounts.services.notifications import notify
from teacherreg.audit import services as audit
from teacherreg.common.crypto import blind_index
from teacherreg.common.fields import index_for
from teacherreg.common.masking import mask

RESET_LINK_HOURS = 24


def find_reset_account(document_type: str, document_number: str, name: str) -> User | None:
    """The applicant whose type, number and name all match, unless the account predates
    2019-03-01 (P7: such accounts cannot reset; the page answers as for anyone else)."""
    user = (
        User.objects.filter(
            kind=UserKind.APPLICANT, document_number_index=index_for("document_number", document_number)
        )
        .only(
            "pk", "document_type", "name", "is_legacy", "opened_by_office", "date_joined", "phone", "email", "is_active"
        )
        .first()
    )
    if user is None or not user.is_active or user.document_type != document_type or user.name != name:
        return None
    if user.awaits_owner or user.date_joined.date() < LEGACY_CUTOFF:
        return None
    return user


@dataclass(frozen=True)
class ResetMethods:
    """What step 2 (安全验证) shows: masked contacts, real or stand-ins of the same shape."""

    email_masked: str
    phone_masked: str


_FAKE_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com")


def reset_methods(user: User | None, *, document_number: str, name: str) -> ResetMethods:
    """For an unknown account or a wrong name the page keeps the same shape: stand-in masked
    values derived from the input, so asking twice shows the same thing (security.md §4.5)."""
    if user is not None:
        return ResetMethods(email_masked=mask("email", user.email), phone_masked=mask("phone", user.phone))
    seed = blind_index(f"{document_number}|{name}", "reset-stand-in")
    digits = str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))
    email = f"{'abcdefghjkmnpqrstuvwxyz23456789'[int(digits[:2]) % 31]}x@{_FAKE_DOMAINS[int(digits[2]) % 4]}"
    phone = f"1{'3589'[int(digits[3]) % 4]}{digits[4:13]}"
    return ResetMethods(email_masked=mask("email", email), phone_masked=mask("phone", phone))


def send_reset_link(user: User, *, build_url, ip: str | None = None) -> None:
    """E-mails a link valid 24 h; a newer link voids this one (tokens.issue_token)."""
    with transaction.atomic():
        raw = tokens.issue_token(user, TokenPurpose.PASSWORD_RESET, hours=RESET_LINK_HOURS)
        from teacherreg.accounts.services.notifications import email

        email(
            user.email,
            "password_reset_link",
            {"name_masked": mask("name", user.name), "link": build_url(raw), "hours": RESET_LINK_HOURS},
            dedupe_key=f"reset-link-{hashlib.sha256(raw.encode()).hexdigest()[:32]}",
            user=user,
        )
        audit.record("account.reset_link_sent", user, actor_role="applicant", ip=ip)


def set_password(user: User, new_password: str, *, reason: str, ip: str | None = None) -> None:
    """Sets the password and tells the owner. Other sessions end because Django ties each
    session to a hash of the password; the caller keeps its own with update_session_auth_hash."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit.record("account.password_changed", user, actor=user, actor_role="applicant", ip=ip, data={"via": reason})
        notify(user, "password_changed", {}, dedupe_key=f"password-changed-{user.pk}-{uuid.uuid4()}")


def reset_with_link(raw_token: str, new_password: str, *, ip: str | None = None) -> User:
    with transaction.atomic():
        token = tokens.redeem_token(raw_token, TokenPurpose.PASSWORD_RESET)
        set_password(token.user, new_password, reason="email_link", ip=ip)
    return token.user
