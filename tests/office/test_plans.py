"""Plans and windows in the back office (issue 6, slice 2): each role's reach through the
scope, refused forms that keep what was typed, audit of who acted, and the public window query
showing a change at once. The rules themselves: ``tests/registration/test_plan_rules.py``; the
save services: ``tests/registration/test_plan_saving.py``.
"""

from __future__ import annotations

import datetime

import pyotp
import pytest
import time_machine
from django.urls import reverse

from teacherreg.accounts.models import StaffRole as R
from teacherreg.audit.models import AuditEvent
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.registration.models import AgencyBatch, ConfirmationArrangement, PlanStatus, ProvincialPlan
from tests.factories import BatchFactory, MembershipFactory, OrganisationFactory, StaffFactory, WindowFactory
from tests.office.office_world import build_office_world, office_client
from tests.office.plan_world import ours, planned_world


@pytest.fixture
def world(db):
    return planned_world()


# --- pages: reach ----------------------------------------------------------------------------


def url(name: str, **kwargs) -> str:
    return reverse(f"office:{name}", kwargs=kwargs)


class TestReach:
    def test_the_province_administrator_sees_the_plan_and_every_agency_of_the_province(self, world):
        _, _, found = ours(world)
        client = office_client(world.ours.staff["province_admin"])

        html = client.get(url("plan_detail", plan=found.pk)).content.decode()

        for agency in (world.ours.province, world.ours.city, world.ours.county):
            assert url("plan_batch", plan=found.pk, agency=agency.pk) in html
        assert world.theirs.county.name not in html
        assert client.get(url("plan_batch", plan=found.pk, agency=world.ours.city.pk)).status_code == 200

    def test_a_reviewer_sets_up_only_their_own_agency(self, world):
        _, _, found = ours(world)
        city = office_client(world.ours.staff["city_reviewer"])

        assert city.get(url("plan_batch", plan=found.pk, agency=world.ours.city.pk)).status_code == 200
        # Not the county below it, and not the plan itself.
        assert city.get(url("plan_batch", plan=found.pk, agency=world.ours.county.pk)).status_code == 404
        assert city.get(url("plan_detail", plan=found.pk)).status_code == 404
        index = city.get(url("plans")).content.decode()
        assert url("plan_agency", agency=world.ours.city.pk) in index
        assert url("plan_create") not in index

    def test_another_provinces_plan_batch_window_arrangement_and_point_answer_404(self, world):
        window_there = world.theirs.application.window
        admin = office_client(world.ours.staff["province_admin"])

        for address in (
            url("plan_detail", plan=window_there.batch.plan_id),
            url("plan_edit", plan=window_there.batch.plan_id),
            url("plan_batch", plan=window_there.batch.plan_id, agency=world.theirs.county.pk),
            # Our agency with their plan: the plan is not of the agency's province.
            url("plan_batch", plan=window_there.batch.plan_id, agency=world.ours.county.pk),
            url("plan_window_edit", window=window_there.pk),
            url("plan_arrangement_edit", arrangement=world.theirs.application.arrangement_id),
            url("plan_point_edit", point=world.theirs.point.pk),
            url("plan_agency", agency=world.theirs.county.pk),
        ):
            assert admin.get(address).status_code == 404, address
            assert admin.post(address, {}).status_code == 404, address

    def test_a_province_administrator_seated_below_a_province_has_no_plan_to_create(self, db):
        staff = StaffFactory(totp_secret=pyotp.random_base32())
        MembershipFactory(user=staff, organisation=OrganisationFactory(level=OrgLevel.CITY), role="province_admin")

        response = office_client(staff).post(url("plan_create"), {"year": "2027"})

        assert response.status_code == 200
        assert not ProvincialPlan.objects.exists()


# --- pages: forms ----------------------------------------------------------------------------


def plan_form_data(**values) -> dict:
    base = {
        "year": "2027",
        "status": "draft",
        "starts_on": "2027-09-01",
        "ends_on": "2027-12-31",
        "city_review": "on",
        "notice_days": "7",
        "renewal_months_before_expiry": "6",
        "training_hours_required": "360",
    }
    return base | values


class TestForms:
    def test_the_administrator_creates_a_plan_with_the_province_rules(self, world):
        client = office_client(world.ours.staff["province_admin"])

        response = client.post(url("plan_create"), plan_form_data(city_review="", hours_provincial="120"))

        created = ProvincialPlan.objects.get(province=world.ours.province, year=2027)
        assert response.status_code == 302 and response["Location"] == url("plan_detail", plan=created.pk)
        assert created.review_levels == ["county", "province"]
        assert created.training_hours_by_level == {"provincial": 120}
        assert created.status == PlanStatus.DRAFT

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("year", "1999", "不能小于 2000"),
            ("notice_days", "0", "不能小于 1"),
            ("notice_days", "31", "不能大于 30"),
            ("renewal_months_before_expiry", "25", "不能大于 24"),
            ("starts_on", "2027-02-30", "请按“年-月-日”填写日期"),
            ("hours_school", "-1", "不能小于 0"),
        ],
    )
    def test_a_plan_form_refuses_values_out_of_range_and_keeps_them(self, world, field, value, message):
        client = office_client(world.ours.staff["province_admin"])

        html = client.post(url("plan_create"), plan_form_data(**{field: value})).content.decode()

        assert message in html
        assert f'value="{value}"' in html
        assert not ProvincialPlan.objects.filter(year=2027).exists()

    def test_a_refused_window_keeps_the_typed_dates_and_says_why(self, world):
        _, batch, _ = ours(world)
        client = office_client(world.ours.staff["county_reviewer"])

        response = client.post(
            url("plan_window_create", batch=batch.pk), {"starts_on": "2026-10-20", "ends_on": "2026-11-02"}
        )

        html = response.content.decode()
        assert response.status_code == 200
        assert "同一批次的网报时间不能重叠" in html
        assert 'value="2026-10-20"' in html and 'value="2026-11-02"' in html
        assert batch.windows.count() == 1

    def test_a_window_outside_the_plan_is_refused_next_to_the_field(self, world):
        _, batch, _ = ours(world)
        client = office_client(world.ours.staff["county_reviewer"])

        html = client.post(
            url("plan_window_create", batch=batch.pk), {"starts_on": "2026-12-20", "ends_on": "2027-01-05"}
        ).content.decode()

        assert "网报时间必须在省级注册计划的时间范围内（2026年9月1日 至 2026年12月31日）。" in html

    def test_the_county_arranges_a_new_point_and_publishes_it(self, world):
        found, _, _ = ours(world)
        client = office_client(world.ours.staff["county_reviewer"])
        client.post(
            url("plan_point_create", agency=world.ours.county.pk),
            {"name": "历下区第二确认点", "confirmation_scope": "历下区东部", "phone": "0531-1234567"},
        )
        point = Organisation.objects.get(name="历下区第二确认点")

        response = client.post(
            url("plan_arrangement_create", window=found.pk),
            {
                "point": point.pk,
                "confirm_from": "2026-10-24",
                "confirm_until": "2026-11-10",
                "notes": "带证书原件",
                "is_published": "on",
            },
        )

        assert response.status_code == 302
        made = ConfirmationArrangement.objects.get(window=found, point=point)
        assert (made.is_published, made.notes) == (True, "带证书原件")
        event = AuditEvent.objects.get(action="arrangement.created")
        assert event.actor_role == "county_reviewer" and event.actor_organisation_id == world.ours.county.pk

    def test_an_arrangement_that_stops_before_the_window_ends_is_refused(self, world):
        found, _, _ = ours(world)
        point = OrganisationFactory(level=OrgLevel.CONFIRMATION_POINT, parent=world.ours.county, name="第三确认点")
        client = office_client(world.ours.staff["county_reviewer"])

        html = client.post(
            url("plan_arrangement_create", window=found.pk),
            {"point": point.pk, "confirm_from": "2026-10-08", "confirm_until": "2026-10-22", "notes": "带齐材料"},
        ).content.decode()

        assert "确认结束日期不能早于网报结束日期（2026年10月23日）" in html
        assert "带齐材料" in html and 'value="2026-10-22"' in html
        assert not ConfirmationArrangement.objects.filter(point=point).exists()


# --- the public window query -----------------------------------------------------------------


@pytest.fixture
def in_the_window():
    # 10:00 in Shanghai on 10 October 2026, inside the world's window.
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        yield


def test_the_public_query_shows_a_change_on_the_next_request(world, in_the_window, client):
    _, found_batch, found_plan = ours(world)
    query = {"province": world.ours.province.pk, "city": world.ours.city.pk, "agency": world.ours.county.pk}
    public = reverse("portal:registration_windows")
    assert world.ours.point.name in client.get(public, query).content.decode()

    office = office_client(world.ours.staff["county_reviewer"])
    office.post(url("plan_batch", plan=found_plan.pk, agency=world.ours.county.pk), {"takes_part": "on"})

    after = client.get(public, query).content.decode()
    assert "还没有安排网上报名（网报）的时间" in after
    assert world.ours.point.name not in after
    assert AgencyBatch.objects.get(pk=found_batch.pk).is_open is False


def test_the_batch_page_says_what_applicants_see_now(world, in_the_window):
    _, _, found_plan = ours(world)
    client = office_client(world.ours.staff["county_reviewer"])

    html = client.get(url("plan_batch", plan=found_plan.pk, agency=world.ours.county.pk)).content.decode()

    assert "正在接受网上报名：网报时间 2026-10-08 至 2026-10-23，1 个确认点可选。" in html


def test_a_new_agency_batch_is_created_on_the_first_save(world):
    _, _, found_plan = ours(world)
    client = office_client(world.ours.staff["city_reviewer"])

    response = client.post(url("plan_batch", plan=found_plan.pk, agency=world.ours.city.pk), {"takes_part": "on"})

    assert response.status_code == 302
    made = AgencyBatch.objects.get(plan=found_plan, agency=world.ours.city)
    assert (made.takes_part, made.is_open) == (True, False)
    assert AuditEvent.objects.get(action="batch.created").actor_role == "city_reviewer"


def test_the_batch_list_of_a_plan_is_one_page_of_few_queries(world, django_assert_max_num_queries):
    _, _, found_plan = ours(world)
    for n in range(5):
        county = OrganisationFactory(level=OrgLevel.COUNTY, parent=world.ours.city, name=f"第{n}县教育局")
        WindowFactory(batch=BatchFactory(plan=found_plan, agency=county))
    client = office_client(world.ours.staff["province_admin"])

    with django_assert_max_num_queries(25):
        assert client.get(url("plan_detail", plan=found_plan.pk)).status_code == 200


def test_the_office_home_links_plans_for_those_who_set_them_up(db):
    world = build_office_world()
    home = reverse("office:home")
    for role in (R.PROVINCE_ADMIN, R.COUNTY_REVIEWER):
        assert reverse("office:plans") in office_client(world.ours.staff[role]).get(home).content.decode()
    for role in (R.CONFIRMATION_OPERATOR, R.AUDIT_ADMIN):
        assert reverse("office:plans") not in office_client(world.ours.staff[role]).get(home).content.decode()
