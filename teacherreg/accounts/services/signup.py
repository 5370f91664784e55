"""Sign-up (P3, P4, P5, P7): one account per normalised document number, race-safe."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from enum import Enum

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from teacherreg.accounts.models import TERMS_VERSION, User, UserKind
from teacherreg.accounts.services.notifications import notify
from teacherreg.audit import services as audit
from teacherreg.common.fields import index_for
from teacherreg.reference.models import CodeItem


@dataclass(frozen=True)
class SignUpData:
    document_type: str
    document_number: str  # normalised and validated
    name: str
    ethnic_group: CodeItem | None
    sex: str
    birth_date: datetime.date | None
    phone: str  # verified by SMS code before this is called
    email: str
    password: str


class Outcome(Enum):
    CREATED = "created"
    EXISTS = "exists"
    LEGACY = "legacy"


@dataclass(frozen=True)
class SignUpResult:
    outcome: Outcome
    user: User | None = None


def existing_account(document_number: str) -> User | None:
    return User.objects.filter(document_number_index=index_for("document_number", document_number)).first()


def sign_up(data: SignUpData, *, ip: str | None = None) -> SignUpResult:
    """Create the account. An existing number is not overwritten: a legacy (pre-2019-03-01)
    account may be taken over after real-name verification (P7, ``take_over_legacy``);
    any other existing account is refused. Two parallel sign-ups for one number: the unique
    blind index lets exactly one through and the other gets ``EXISTS``."""
    existing = existing_account(data.document_number)
    if existing is not None:
        return SignUpResult(Outcome.LEGACY if existing.awaits_owner else Outcome.EXISTS, existing)
    try:
        with transaction.atomic():
            user = User(
                kind=UserKind.APPLICANT,
                document_type=data.document_type,
                document_number=data.document_number,
                name=data.name,
                ethnic_group=data.ethnic_group,
                sex=data.sex,
                birth_date=data.birth_date,
                phone=data.phone,
                email=data.email or None,
                password=make_password(data.password),
            )
            user.save()
            audit.record("account.sign_up", user, actor=user, actor_role="applicant", ip=ip)
            _record_consent(user)
            notify(user, "sign_up_welcome", {}, dedupe_key=f"sign-up-welcome-{user.pk}")
    except IntegrityError:
        return SignUpResult(Outcome.EXISTS, existing_account(data.document_number))
    return SignUpResult(Outcome.CREATED, user)


def take_over_legacy(
    legacy: User,
    *,
    password_hash: str,
    phone: str,
    email: str,
    ethnic_group: CodeItem | None,
    verified_name: str,
    ip: str | None = None,
) -> User:
    """P7: after SMS and real-name verification, the new sign-up's password and contacts
    replace the legacy account's; its certificates and history stay attached to it."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=legacy.pk)
        if not user.awaits_owner:
            raise ValueError("not a legacy account")
        user.password = password_hash
        user.phone = phone
        user.email = email or None
        user.name = verified_name
        user.ethnic_group = ethnic_group or user.ethnic_group
        user.is_legacy = user.opened_by_office = False
        user.save()
        audit.record("account.legacy_takeover", user, actor=user, actor_role="applicant", ip=ip)
        notify(user, "password_changed", {}, dedupe_key=f"legacy-takeover-{user.pk}-{uuid.uuid4()}")
    return user


def _record_consent(user: User) -> None:
    """PIPL Art. 14: which version of the privacy rules the person accepted, and when."""
    from django.utils import timezone

    from teacherreg.registration.models import ConsentDocument, ConsentRecord

    ConsentRecord.objects.create(
        user=user, document=ConsentDocument.PRIVACY, version=TERMS_VERSION, accepted_at=timezone.now()
    )
