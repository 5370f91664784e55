"""The 注册结论贴 sticker sheet (issue 6 item 7): one sticker per 合格 case of the agency's scope,
with the P18 validity from the registration record, ten to an A4 page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from teacherreg.accounts.models import StaffRole
from teacherreg.certificates.models import Conclusion, RegistrationRecord
from teacherreg.common.errors import DomainError
from teacherreg.exports.models import ExportJob, JobStatus
from teacherreg.exports.services import start_export
from teacherreg.office.scope import scope_for
from teacherreg.registration.workflow import Status
from tests.exports.helpers import export_now, job_path
from tests.factories import ApplicantFactory, ApplicationFactory, CertificateFactory
from tests.office.office_world import office_client
from tests.registration.pdf_world import pages, pdf_text

pytestmark = pytest.mark.django_db
R = StaffRole


def qualified(world, name: str, *, record: bool = True, region: str = "ours"):
    """A 合格 case at the region's point, with its registration record (P18 validity) or not."""
    place = getattr(world, region)
    teacher = ApplicantFactory(name=name)
    app = ApplicationFactory(
        applicant=teacher,
        arrangement=place.application.arrangement,
        certificate=CertificateFactory(holder=teacher),
        status=Status.QUALIFIED,
        registration_ordinal=2,
    )
    if record:
        RegistrationRecord.objects.create(
            certificate=app.certificate,
            ordinal=2,
            conclusion=Conclusion.QUALIFIED,
            decided_on=datetime.date(2026, 11, 20),
            valid_from=datetime.date(2026, 12, 20),  # the day after the previous registration ended
            valid_until=datetime.date(2031, 12, 19),
            agency=place.county,
            application_number=app.number,
        )
    return app


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf(job: ExportJob) -> bytes:
    return job_path(job).read_bytes()


def test_a_sticker_names_the_holder_certificate_conclusion_validity_agency_and_date(world):
    app = qualified(world, "欧阳明华")
    job = export_now(world.ours.staff[R.COUNTY_REVIEWER], kind="stickers")

    assert job.status == JobStatus.DONE
    assert job.file.name.endswith(".pdf")
    flat = _flat(pdf_text(_pdf(job)))
    assert "教师资格定期注册" in flat
    assert "姓名：欧阳明华" in flat.replace("　", "")
    assert f"证书号码：{app.certificate.number_as_printed}" in flat
    assert "注册结论：合格（第2次注册）" in flat
    assert "有效期：2026年12月20日至2031年12月19日" in flat.replace(" ", "")
    assert "注册机构：历下区教育局" in flat
    assert "注册日期：2026年11月20日" in flat
    assert job.progress_total == 1


def test_only_qualified_cases_of_the_scope_get_a_sticker(world):
    qualified(world, "李静")
    qualified(world, "王芳", region="theirs")
    ApplicationFactory(arrangement=world.ours.application.arrangement, status=Status.DEFERRED, name="赵暂缓")
    job = export_now(world.ours.staff[R.CITY_REVIEWER], kind="stickers", filters={"status": Status.SUBMITTED})

    flat = _flat(pdf_text(_pdf(job)))
    assert "李静" in flat
    assert "王芳" not in flat  # another province
    assert "赵暂缓" not in flat and world.ours.application.name not in flat
    assert job.filters["status"] == Status.QUALIFIED  # stickers are for 合格 whatever was asked


def test_a_case_without_a_registration_record_leaves_the_validity_to_fill_in(world):
    app = qualified(world, "陈立", record=False)
    job = export_now(world.ours.staff[R.PROVINCE_ADMIN], kind="stickers")

    flat = _flat(pdf_text(_pdf(job)))
    assert "有效期：____年__月__日至____年__月__日" in flat
    day = app.status_changed_at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).date()
    assert f"注册日期：{day.year}年{day.month}月{day.day}日" in flat


def test_ten_stickers_fill_a_page_and_the_eleventh_starts_the_next(world):
    for n in range(11):
        qualified(world, f"张{'一二三四五六七八九十甲'[n]}")
    job = export_now(world.ours.staff[R.COUNTY_REVIEWER], kind="stickers")

    data = _pdf(job)
    assert pages(data) == 2
    assert job.progress_total == 11
    assert _flat(pdf_text(data)).count("教师资格定期注册") == 11


def test_an_empty_sheet_says_there_is_nothing_to_print(world):
    job = export_now(world.ours.staff[R.COUNTY_REVIEWER], kind="stickers")
    assert "没有符合条件的注册合格申请。" in _flat(pdf_text(_pdf(job)))


@pytest.mark.parametrize("role", [R.CONFIRMATION_OPERATOR, R.NATIONAL_VIEWER, R.SYSTEM_ADMIN])
def test_stickers_are_for_the_agencies_only(world, role):
    with pytest.raises(DomainError) as refusal:
        start_export(scope_for(world.ours.staff[role]), kind="stickers", filters={})
    assert refusal.value.code == "export_not_allowed"
    answer = office_client(world.ours.staff[role]).post(reverse("office:export_stickers"), {})
    assert answer.status_code == 404


def test_the_sticker_sheet_is_served_inline_to_print(world):
    qualified(world, "李静")
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]
    job = export_now(reviewer, kind="stickers")

    answer = office_client(reviewer).get(reverse("office:export_download", kwargs={"public_id": job.public_id}))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"].startswith("inline;")
    assert answer["Cache-Control"] == "private, no-store"
    assert b"".join(answer.streaming_content).startswith(b"%PDF")
