"""The review queues (issue 6 item 9), written out by hand from decisions P21:

- 人工审核: the province administrator decides; the national viewer reads.
- 手动添加证书核验 and the records (普通话, 学历, 学位, 其他证书): the province administrator
  and the province reviewer decide; the national viewer reads.
- 新增毕业学校: the province administrator decides; the national viewer reads.
- 修改联系方式: the province administrator only.

Every item belongs to a province (山东 for ours): another province's holder of an allowed role
gets a 404. POSTs that decide succeed for the first allowed persona; the later ones are told
the item was already decided, which is still an answer below 400.
"""

from __future__ import annotations

from typing import Any

from teacherreg.accounts.models import StaffRole
from tests.office import queue_world
from tests.office.matrix import Row

R = StaffRole
ADMIN = frozenset({R.PROVINCE_ADMIN})
PROVINCE_LEVEL = frozenset({R.PROVINCE_ADMIN, R.PROVINCE_REVIEWER})
READ = frozenset({R.NATIONAL_VIEWER})
INDEX = PROVINCE_LEVEL | READ


def _once(world: Any, key: str, make: Any) -> Any:
    if key not in world.extra:
        world.extra[key] = make()
    return world.extra[key]


def _review(world: Any) -> dict[str, Any]:
    return {"pk": _once(world, "review", queue_world.identity_review).pk}


def _photo(world: Any) -> dict[str, Any]:
    return {**_review(world), "side": "front"}


def _certificate(world: Any) -> dict[str, Any]:
    return {"pk": _once(world, "certificate", queue_world.manual_certificate).pk}


def _certificate_photo(world: Any) -> dict[str, Any]:
    return {**_certificate(world), "position": 0}


def _entry(world: Any) -> dict[str, Any]:
    return {"kind": "mandarin", "pk": _once(world, "entry", queue_world.mandarin_entry).pk}


def _school(world: Any) -> dict[str, Any]:
    return {"pk": _once(world, "school", queue_world.proposed_school).pk}


def _account(world: Any) -> dict[str, Any]:
    return {"pk": _once(world, "account", queue_world.applicant).pk}


ROWS = [
    Row("office:queue_index", INDEX | ADMIN),
    # 人工审核
    Row("office:queue_identity", ADMIN | READ),
    Row("office:queue_identity_item", ADMIN | READ, kwargs=_review, regional=True),
    Row("office:queue_identity_photo", ADMIN | READ, kwargs=_photo, regional=True),
    Row("office:queue_identity_approve", ADMIN, methods=("POST",), kwargs=_review, regional=True),
    Row("office:queue_identity_reject", ADMIN, methods=("POST",), kwargs=_review, regional=True),
    # 手动添加证书核验
    Row("office:queue_certificates", PROVINCE_LEVEL | READ),
    Row("office:queue_certificate", PROVINCE_LEVEL | READ, kwargs=_certificate, regional=True),
    Row("office:queue_certificate_photo", PROVINCE_LEVEL | READ, kwargs=_certificate_photo, regional=True),
    Row("office:queue_certificate_verify", PROVINCE_LEVEL, methods=("POST",), kwargs=_certificate, regional=True),
    Row("office:queue_certificate_reject", PROVINCE_LEVEL, methods=("POST",), kwargs=_certificate, regional=True),
    # 普通话证书 (one kind stands for the four: the same views)
    Row("office:queue_records", PROVINCE_LEVEL | READ, kwargs=lambda world: {"kind": "education"}),
    Row("office:queue_record", PROVINCE_LEVEL | READ, kwargs=_entry, regional=True),
    Row("office:queue_record_scan", PROVINCE_LEVEL | READ, kwargs=_entry, regional=True),
    Row("office:queue_record_verify", PROVINCE_LEVEL, methods=("POST",), kwargs=_entry, regional=True),
    Row("office:queue_record_reject", PROVINCE_LEVEL, methods=("POST",), kwargs=_entry, regional=True),
    # 新增毕业学校
    Row("office:queue_schools", ADMIN | READ),
    Row("office:queue_school", ADMIN | READ, kwargs=_school, regional=True),
    Row("office:queue_school_verify", ADMIN, methods=("POST",), kwargs=_school, regional=True),
    Row("office:queue_school_reject", ADMIN, methods=("POST",), kwargs=_school, regional=True),
    Row("office:queue_school_merge", ADMIN, methods=("POST",), kwargs=_school, regional=True),
    # 修改联系方式
    Row(
        "office:queue_contacts",
        ADMIN,
        methods=("GET", "POST"),
        data=lambda world: {"document_number": "110101199001011234"},
    ),
    Row("office:queue_contact", ADMIN, kwargs=_account, regional=True),
    Row("office:queue_contact_change", ADMIN, methods=("POST",), kwargs=_account, regional=True),
]
