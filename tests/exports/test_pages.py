"""The exports pages in the office: starting an export, its progress, the owner-only download,
and the weekly purge (issue 6 item 7; P23)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pyotp
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from teacherreg.accounts.models import StaffRole
from teacherreg.audit.models import AuditEvent
from teacherreg.documents.storage import private_storage
from teacherreg.exports import services
from teacherreg.exports.models import ExportJob, JobStatus
from teacherreg.exports.services import start_export
from teacherreg.exports.tasks import purge_exports
from teacherreg.office.scope import scope_for
from tests.exports.helpers import export_now, job_path
from tests.factories import MembershipFactory, StaffFactory
from tests.office.office_world import office_client

pytestmark = pytest.mark.django_db
R = StaffRole
INDEX = reverse("office:exports")
START = reverse("office:export_start")
STICKERS = reverse("office:export_stickers")


def _job_url(job: ExportJob, name: str = "office:export_job") -> str:
    return reverse(name, kwargs={"public_id": job.public_id})


# --- the page and starting an export ----------------------------------------------------------


def test_the_page_offers_the_full_export_only_to_a_province_administrator(world):
    admin_page = office_client(world.ours.staff[R.PROVINCE_ADMIN]).get(INDEX).content.decode()
    reviewer_page = office_client(world.ours.staff[R.COUNTY_REVIEWER]).get(INDEX).content.decode()
    operator_page = office_client(world.ours.staff[R.CONFIRMATION_OPERATOR]).get(INDEX).content.decode()

    assert "完整导出（省级管理员）" in admin_page and 'name="reason"' in admin_page
    assert "完整导出（省级管理员）" not in reviewer_page and 'name="reason"' not in reviewer_page
    # Stickers are for the agencies, not the confirmation points.
    assert "注册结论贴（PDF）" in reviewer_page
    assert "注册结论贴（PDF）" not in operator_page
    # The organisation filter offers what the member reaches and nothing of 湖南.
    assert "历下区确认点（确认点）" in reviewer_page
    assert "芙蓉区" not in reviewer_page


def test_starting_an_export_queues_a_job_and_opens_its_page(world, django_capture_on_commit_callbacks):
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]
    client = office_client(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(START, {"year": "2026", "status": "", "organisation": str(world.ours.point.pk)})

    job = ExportJob.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == _job_url(job)
    assert job.owner == reviewer
    assert job.filters == {"year": 2026, "organisation": world.ours.point.pk}
    assert job.scope["roles"] == [R.COUNTY_REVIEWER]
    assert job.scope["organisation_ids"] == [world.ours.county.pk]
    assert job.status == JobStatus.DONE
    page = client.get(answer["Location"]).content.decode()
    assert "已开始生成导出文件" in page
    assert "下载文件" in page


def test_a_reviewer_who_asks_for_a_full_export_is_refused_with_the_reason_kept(world):
    answer = office_client(world.ours.staff[R.COUNTY_REVIEWER]).post(
        START, {"full": "on", "reason": "核对聘用信息", "year": "2026"}
    )
    assert answer.status_code == 200
    assert "只有省级管理员可以完整导出" in answer.content.decode()
    assert not ExportJob.objects.exists()


def test_a_full_export_without_a_reason_is_refused_and_keeps_the_choices(world):
    answer = office_client(world.ours.staff[R.PROVINCE_ADMIN]).post(
        START, {"full": "on", "reason": "", "year": "2026", "stage": ""}
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "完整导出须填写导出原因（至少 4 个字）" in page
    assert re.search(r'<input type="checkbox" name="full"[^>]*checked', page)
    assert '<option value="2026" selected>' in page
    assert not ExportJob.objects.exists()


def test_a_bad_filter_value_is_an_error_on_the_form_not_a_500(world):
    answer = office_client(world.ours.staff[R.COUNTY_REVIEWER]).post(
        START, {"year": "1999", "organisation": str(world.theirs.point.pk), "stage": "x"}
    )
    assert answer.status_code == 200
    assert answer.content.decode().count("invalid-feedback") == 3
    assert not ExportJob.objects.exists()


# --- progress -----------------------------------------------------------------------------------


def test_the_page_shows_progress_and_asks_again_every_two_seconds(world):
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]
    job = start_export(scope_for(reviewer), kind="applications", filters={})  # not built (no commit)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress_done=400, progress_total=1000)
    client = office_client(reviewer)

    page = client.get(_job_url(job)).content.decode()
    assert "正在生成" in page
    assert "已处理 400 / 1000 条（40%）" in page
    assert 'hx-trigger="every 2s"' in page
    assert f'href="{_job_url(job)}">刷新进度' in page  # without script: reload by hand
    assert "下载文件" not in page

    fragment = client.get(_job_url(job), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="export-progress"')
    assert "<html" not in fragment

    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)  # the worker picks it up
    services.build_export(job.pk)
    done = client.get(_job_url(job), HTTP_HX_REQUEST="true").content.decode()
    assert "已完成" in done and "共 1 条" in done
    assert "hx-trigger" not in done  # polling stops
    assert _job_url(job, "office:export_download") in done


def test_a_failed_build_says_so_and_leaves_no_file(world, monkeypatch):
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]

    def broken(path, *args, **kwargs):
        path.write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr("teacherreg.exports.services.write_applications", broken)
    job = export_now(reviewer)

    assert job.status == JobStatus.FAILED
    assert job.error == "build_failed"
    assert not job.file.name
    folder = Path(private_storage.path("exports"))
    assert list(folder.iterdir()) == []
    assert AuditEvent.objects.filter(action=services.FAILED).exists()
    page = office_client(reviewer).get(_job_url(job)).content.decode()
    assert "生成导出文件时出错" in page
    assert "hx-trigger" not in page


# --- download: the owner only -------------------------------------------------------------------


def test_the_owner_downloads_the_file_with_no_store_and_an_audit_event(world):
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]
    job = export_now(reviewer)

    answer = office_client(reviewer).get(_job_url(job, "office:export_download"))
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "private, no-store"
    assert answer["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert answer["Content-Disposition"].startswith("attachment;")
    assert b"".join(answer.streaming_content) == job_path(job).read_bytes()
    event = AuditEvent.objects.get(action=services.DOWNLOADED)
    assert event.actor == reviewer
    assert event.actor_role == R.COUNTY_REVIEWER
    assert event.actor_organisation_id == world.ours.county.pk
    assert event.object_ref == str(job.pk)
    assert event.data == {"kind": "applications", "full": False, "rows": 1}


@pytest.mark.parametrize("url_name", ["office:export_job", "office:export_download"])
def test_nobody_but_the_owner_sees_the_job(world, url_name):
    owner = world.ours.staff[R.COUNTY_REVIEWER]
    job = export_now(owner)
    colleague = StaffFactory(username="ours-county-2", totp_secret=pyotp.random_base32())
    MembershipFactory(user=colleague, organisation=world.ours.county, role=R.COUNTY_REVIEWER)

    for stranger in (
        colleague,  # same organisation, same role
        world.ours.staff[R.PROVINCE_ADMIN],  # above the owner
        world.ours.staff[R.NATIONAL_VIEWER],
        world.theirs.staff[R.COUNTY_REVIEWER],
    ):
        assert office_client(stranger).get(_job_url(job, url_name)).status_code == 404, stranger
    assert not AuditEvent.objects.filter(action=services.DOWNLOADED).exists()


def test_a_download_before_the_file_is_ready_returns_to_the_progress_page(world):
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]
    job = start_export(scope_for(reviewer), kind="applications", filters={})

    answer = office_client(reviewer).get(_job_url(job, "office:export_download"))
    assert answer.status_code == 302
    assert answer["Location"] == _job_url(job)


def test_a_made_up_job_id_is_a_404(world):
    client = office_client(world.ours.staff[R.COUNTY_REVIEWER])
    assert client.get("/office/exports/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/office/exports/not-a-uuid/").status_code == 404


# --- expiry -------------------------------------------------------------------------------------


def test_jobs_and_files_are_purged_after_a_week(world):
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]
    old = export_now(reviewer)
    path = job_path(old)
    assert path.exists()

    with time_machine.travel(timezone.now() + datetime.timedelta(days=6, hours=23)):
        assert purge_exports.call_local() == 0
        answer = office_client(reviewer).get(_job_url(old, "office:export_download"))
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content).startswith(b"PK")  # read to the end: the file closes
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        # Expired but not yet purged: already gone for the owner.
        assert office_client(reviewer).get(_job_url(old, "office:export_download")).status_code == 404
        assert purge_exports.call_local() == 1
    assert not ExportJob.objects.exists()
    assert not path.exists()
    assert AuditEvent.objects.filter(action=services.PURGED, object_ref=str(old.pk)).exists()


def test_a_job_whose_worker_died_is_marked_failed(world):
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]
    job = start_export(scope_for(reviewer), kind="applications", filters={})
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        purge_exports.call_local()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "stale"
    page = office_client(reviewer).get(_job_url(job)).content.decode()
    assert "导出任务长时间没有完成" in page


def test_the_page_lists_only_my_own_recent_exports(world):
    reviewer = world.ours.staff[R.COUNTY_REVIEWER]
    mine = export_now(reviewer)
    other = export_now(world.ours.staff[R.PROVINCE_ADMIN])

    page = office_client(reviewer).get(INDEX).content.decode()
    assert _job_url(mine) in page
    assert _job_url(other) not in page
