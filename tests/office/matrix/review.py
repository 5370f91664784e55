"""The review chain (issue 6 item 4): the three reviewer roles read cases here, each acting only
at its own level. The queue and the case page are open to all three; 初审 and 公示 actions to
the county, 复核 to the city, 终审 to the province; everyone else gets a 404, and another
region's reviewer gets a 404 on our cases. The world's case is still 网报待确认, so every POST
here is refused by the service (an answer below 400 with the reason), never carried out.
"""

from __future__ import annotations

import datetime
from typing import Any

from teacherreg.accounts.models import StaffRole
from tests.office.matrix import Row
from tests.office.matrix.desk import _case, _case_with_photo

R = StaffRole
REVIEWERS = frozenset({R.COUNTY_REVIEWER, R.CITY_REVIEWER, R.PROVINCE_REVIEWER})
COUNTY = frozenset({R.COUNTY_REVIEWER})
CITY = frozenset({R.CITY_REVIEWER})
PROVINCE = frozenset({R.PROVINCE_REVIEWER})


def _note(prefix: str):  # type: ignore[no-untyped-def]
    return lambda world: {f"{prefix}-note": "请核实。"}


def _selected(world: Any) -> dict[str, str]:
    app = world.ours.application
    return {"selected": f"{app.number}:{app.version}", "notice-starts_on": "2026-11-20"}


def _post(name: str, allowed: frozenset[str], data=None) -> Row:  # type: ignore[no-untyped-def]
    return Row(name, allowed, methods=("POST",), kwargs=_case, regional=True, data=data)


def _record(world: Any, conclusion: str = "qualified") -> dict[str, Any]:
    """A registration of a certificate of our province with no case here (imported history)."""
    from teacherreg.certificates.models import RegistrationRecord
    from tests.factories import CertificateFactory

    certificate = CertificateFactory(province=world.ours.province.region)
    record = RegistrationRecord.objects.create(
        certificate=certificate, conclusion=conclusion, decided_on=datetime.date(2022, 5, 1)
    )
    return {"pk": record.pk}


ROWS = [
    Row("office:review_queue", REVIEWERS),
    Row("office:review_notices", COUNTY),
    Row("office:review_notices_start", COUNTY, methods=("POST",), data=_selected),
    Row("office:review_case", REVIEWERS, kwargs=_case, regional=True),
    Row("office:review_photo", REVIEWERS, kwargs=_case_with_photo, regional=True),
    _post("office:review_message", REVIEWERS, lambda world: {"message-body": "请补交材料。"}),
    _post("office:review_propose", COUNTY, lambda world: {"propose-outcome": "qualified"}),
    _post("office:review_undo_proposal", COUNTY, _note("undo_proposal")),
    _post("office:review_send_to_applicant", COUNTY, _note("send_to_applicant")),
    _post("office:review_start_notice", COUNTY, lambda world: {"notice-starts_on": "2026-11-20"}),
    _post("office:review_end_notice", COUNTY),
    _post("office:review_withdraw_notice", COUNTY, _note("withdraw_notice")),
    _post("office:review_city_agree", CITY),
    _post("office:review_city_send_back", CITY, _note("city_send_back")),
    _post("office:review_decide", PROVINCE, lambda world: {"decide-outcome": "qualified"}),
    _post("office:review_province_send_back", PROVINCE, _note("province_send_back")),
    _post("office:review_undo", PROVINCE, _note("undo")),
    _post("office:review_revoke", PROVINCE, lambda world: {"revoke-reasons": "registered_in_error"}),
    _post("office:review_undo_revocation", PROVINCE, _note("undo_revocation")),
    Row("office:review_records", PROVINCE),
    Row("office:review_record_revoke", PROVINCE, methods=("POST",), kwargs=_record, regional=True),
    Row(
        "office:review_record_undo",
        PROVINCE,
        methods=("POST",),
        kwargs=lambda world: _record(world, "revoked"),
        regional=True,
    ),
]
