"""The review queues moved from the Django admin to the office (issue 6 item 9): who works
each one, and what counts as waiting.

Who reviews what (P21; what the admin allowed before, now scoped by province everywhere):

| queue | decides | reads only |
|---|---|---|
| 人工审核 (identity) | province administrator | national viewer |
| 手动添加证书核验 | province administrator, province reviewer (``certificates`` ``VERIFIER_ROLES``) | national viewer |
| 普通话 / 学历 / 学位 / 其他证书录入核验 | province administrator, province reviewer | national viewer |
| 新增毕业学校 | province administrator (code tables are the administrators') | national viewer |
| 修改联系方式 | province administrator (support, manual §1.2.2 item 3) | — |

Each queue covers the provinces of the member's organisations (``queue_reach``); the same
roles held at the national organisation cover every province and the items of none. The
national viewer reads every queue but contacts (it has no business looking people up there).
The three administrator roles of P21 see no queue: they run the system, not its cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import StaffRole
from teacherreg.certificates.models import Certificate, VerificationState
from teacherreg.certificates.services.verification import VERIFIER_ROLES
from teacherreg.identity.models import ManualReview, ReviewStatus
from teacherreg.office.queue_reach import ProvinceReach
from teacherreg.records.kinds import KINDS, Kind
from teacherreg.records.models import RecordSource
from teacherreg.records.models import VerificationState as RecordState
from teacherreg.reference.models import GraduationSchool, SchoolStatus

R = StaffRole
VIEWERS = frozenset({R.NATIONAL_VIEWER})
IDENTITY_DECIDERS = frozenset({R.PROVINCE_ADMIN})
CERTIFICATE_DECIDERS = frozenset(VERIFIER_ROLES)
RECORD_DECIDERS = frozenset({R.PROVINCE_ADMIN, R.PROVINCE_REVIEWER})
SCHOOL_DECIDERS = frozenset({R.PROVINCE_ADMIN})
CONTACT_DECIDERS = frozenset({R.PROVINCE_ADMIN})
# Everyone who opens at least one queue: the index page's guard.
ALL_QUEUE_ROLES = IDENTITY_DECIDERS | CERTIFICATE_DECIDERS | RECORD_DECIDERS | SCHOOL_DECIDERS | VIEWERS


# -- the rows of each queue, in reach -----------------------------------------------------------


def identity_reviews(reach: ProvinceReach) -> QuerySet[ManualReview]:
    return ManualReview.objects.filter(reach.code_filter("province_code"))


def manual_certificates(reach: ProvinceReach) -> QuerySet[Certificate]:
    return Certificate.objects.manual().filter(reach.region_filter("province"))


def record_entries(kind: Kind, reach: ProvinceReach) -> QuerySet[Any]:
    """Entered records of ``kind``; an entry its owner deleted has nothing left to review."""
    rows = kind.model.objects.filter(source=RecordSource.ENTERED, removed_at__isnull=True)
    return rows.filter(reach.code_filter("province_code"))


def proposed_schools(reach: ProvinceReach) -> QuerySet[GraduationSchool]:
    """Schools applicants added (seeded rows have no proposer and never wait for review)."""
    return GraduationSchool.objects.filter(created_by__isnull=False).filter(reach.region_filter("province"))


# -- the index --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    """One line of the queue index."""

    label: str | Promise
    text: str | Promise
    url_name: str
    deciders: frozenset[str]
    # The waiting rows in reach; None for a queue that has no waiting items (contacts).
    waiting: Callable[[ProvinceReach], QuerySet[Any]] | None
    url_kwargs: dict[str, str] | None = None
    viewers: frozenset[str] = VIEWERS


def _entries_waiting(kind: Kind) -> Callable[[ProvinceReach], QuerySet[Any]]:
    return lambda reach: record_entries(kind, reach).filter(verification_state=RecordState.PENDING)


def _about_kind(text: Promise, kind: Kind) -> Promise:
    """``text`` with the kind's name, translated when shown rather than at import."""
    return lazy(lambda: str(text) % {"kind": kind.label}, str)()


QUEUES: tuple[Queue, ...] = (
    Queue(
        _("人工审核"),
        _("申请人上传证件照片申请人工核验身份，须在 7 个工作日内给出结论。"),
        "office:queue_identity",
        IDENTITY_DECIDERS,
        lambda reach: identity_reviews(reach).filter(status=ReviewStatus.PENDING),
    ),
    Queue(
        _("手动添加证书核验"),
        _("申请人手动添加的教师资格证书，对照证书照片核验。"),
        "office:queue_certificates",
        CERTIFICATE_DECIDERS,
        lambda reach: manual_certificates(reach).filter(verification_state=VerificationState.PENDING),
    ),
    *(
        Queue(
            _about_kind(_("%(kind)s录入核验"), kind),
            _about_kind(_("申请人在个人信息中心录入的%(kind)s，对照扫描件核验。"), kind),
            "office:queue_records",
            RECORD_DECIDERS,
            _entries_waiting(kind),
            url_kwargs={"kind": kind.slug},
        )
        for kind in KINDS.values()
    ),
    Queue(
        _("新增毕业学校"),
        _("申请人在学校目录中找不到而新增的学校：核实、驳回或与已有学校合并。"),
        "office:queue_schools",
        SCHOOL_DECIDERS,
        lambda reach: proposed_schools(reach).filter(status=SchoolStatus.PENDING),
    ),
    Queue(
        _("修改联系方式"),
        _("申请人来信或来电说明手机号码、电子邮箱有误时，核实身份后代为修改。"),
        "office:queue_contacts",
        CONTACT_DECIDERS,
        None,
        viewers=frozenset(),
    ),
)
