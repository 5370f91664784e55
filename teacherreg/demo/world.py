"""``load_demo``: the whole demo world in one transaction (issue 2, P24).

Organisations, plans, windows and staff are brought up to date at every load (windows
move with today's date); people, certificates, records and applications are made once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from teacherreg.accounts.models import User, UserKind
from teacherreg.announcements.demo import build_demo_announcements
from teacherreg.common.dates import today as shanghai_today
from teacherreg.demo import applications, organisations, people, staff
from teacherreg.demo.identities import fill_identity_registry
from teacherreg.demo.manual_certificates import build_manual_certificates
from teacherreg.demo.records import build_records
from teacherreg.reference.models import Region

# Shared by every demo login (P24: demo only). Hashed once per load and reused.
DEMO_PASSWORD = "Demo-2026-jszg"  # noqa: S105
FEATURED_APPLICANT_NAME = "薛明"


class DemoRefused(Exception):
    pass


@dataclass
class DemoSummary:
    created_people: bool
    applicants: int
    staff: list[staff.DemoStaff]


def demo_allowed() -> bool:
    """P24: only with DEBUG on or the explicit demo flag (production forces the flag off)."""
    return bool(settings.DEBUG or settings.TEACHERREG_DEMO_ALLOWED)


def load_demo(today: datetime.date | None = None) -> DemoSummary:
    if not demo_allowed():
        raise DemoRefused("演示数据只能在开发或演示环境加载（DEBUG 或 TEACHERREG_DEMO_ALLOWED）。")
    if not Region.objects.filter(code="110000").exists():
        raise DemoRefused("请先运行 manage.py load_reference 加载代码表和行政区划。")
    today = today or shanghai_today()
    password_hash = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        orgs = organisations.build(today)
        demo_staff = staff.build_staff(orgs, password_hash)
        build_demo_announcements(orgs.provinces["370000"], today)
        created = not User.objects.filter(kind=UserKind.APPLICANT, name=FEATURED_APPLICANT_NAME).exists()
        if created:
            demo_people = people.build_people(orgs, today, password_hash)
            applications.build_applications(orgs, demo_people, today)
            build_manual_certificates(today)  # photos and verification states (issue 4 item 3)
            build_records(demo_people, today)  # the personal centre's record modules (issue 4)
        # The development identity registry (实名核验), with a few deliberate mismatches.
        fill_identity_registry()
    count = User.objects.filter(kind=UserKind.APPLICANT).count()
    return DemoSummary(created_people=created, applicants=count, staff=demo_staff)
