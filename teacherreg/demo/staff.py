"""Demo staff: one account per P21 role, each with a fixed TOTP seed (P24: printed by
``make run``, refused under production settings), and the superuser."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from teacherreg.accounts.models import StaffMembership, StaffRole, User, UserKind
from teacherreg.demo.organisations import DemoOrganisations


@dataclass(frozen=True)
class DemoStaff:
    username: str
    role: str
    organisation: str
    totp_secret: str


def fixed_totp_secret(username: str) -> str:
    """A stable base32 seed per demo login, so authenticator apps keep working across loads."""
    digest = hashlib.sha256(f"teacherreg-demo-totp:{username}".encode()).digest()[:20]
    return base64.b32encode(digest).decode("ascii")


def _staff_plan(orgs: DemoOrganisations) -> list[tuple[str, str, object]]:
    haidian_point = orgs.points["110108"][0]
    lixia_point = orgs.points["370102"][0]
    return [
        ("demo-point-haidian", StaffRole.CONFIRMATION_OPERATOR, haidian_point),
        ("demo-point-lixia", StaffRole.CONFIRMATION_OPERATOR, lixia_point),
        ("demo-county-haidian", StaffRole.COUNTY_REVIEWER, orgs.agencies["110108"]),
        ("demo-county-lixia", StaffRole.COUNTY_REVIEWER, orgs.agencies["370102"]),
        ("demo-city-jinan", StaffRole.CITY_REVIEWER, orgs.agencies["370100"]),
        ("demo-province-beijing", StaffRole.PROVINCE_REVIEWER, orgs.provinces["110000"]),
        ("demo-province-shandong", StaffRole.PROVINCE_REVIEWER, orgs.provinces["370000"]),
        ("demo-padmin-beijing", StaffRole.PROVINCE_ADMIN, orgs.provinces["110000"]),
        ("demo-national-viewer", StaffRole.NATIONAL_VIEWER, orgs.national),
        ("demo-sysadmin", StaffRole.SYSTEM_ADMIN, orgs.national),
        ("demo-secadmin", StaffRole.SECURITY_ADMIN, orgs.national),
        ("demo-auditadmin", StaffRole.AUDIT_ADMIN, orgs.national),
    ]


SUPERUSER = "demo-admin"


def build_staff(orgs: DemoOrganisations, password_hash: str) -> list[DemoStaff]:
    staff: list[DemoStaff] = []
    for username, role, organisation in _staff_plan(orgs):
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "kind": UserKind.STAFF,
                "name": f"{organisation.name}演示账号",
                "is_staff": True,
                "password": password_hash,
                "totp_secret": fixed_totp_secret(username),
            },
        )
        StaffMembership.objects.get_or_create(user=user, organisation=organisation, role=role)
        staff.append(DemoStaff(username, StaffRole(role).label, organisation.name, fixed_totp_secret(username)))
    User.objects.update_or_create(
        username=SUPERUSER,
        defaults={
            "kind": UserKind.STAFF,
            "name": "演示超级管理员",
            "is_staff": True,
            "is_superuser": True,
            "password": password_hash,
            "totp_secret": fixed_totp_secret(SUPERUSER),
        },
    )
    return staff
