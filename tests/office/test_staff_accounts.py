"""Staff accounts (P21, P22): invitations by a province administrator or an agency, accepting
the link (72 hours, once), who may grant which role where, the administrator roles kept apart,
disabling, enabling, granting and revoking with an audit trail, and the 90-day idle rule."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teacherreg.accounts.models import StaffMembership, StaffRole, User
from teacherreg.audit.models import AuditEvent
from teacherreg.common.errors import DomainError
from teacherreg.notify.models import OutboxMessage
from teacherreg.office import staff_invitations as invitations
from teacherreg.office import staff_services
from teacherreg.office.models import DisabledReason, StaffAccountState, StaffInvitation
from teacherreg.office.scope import scope_for
from teacherreg.office.staff_reach import reach_for
from teacherreg.office.tasks import disable_idle_staff_accounts
from teacherreg.organisations.models import OrgLevel
from tests.factories import PASSWORD, ApplicantFactory, MembershipFactory, OrganisationFactory, StaffFactory
from tests.office.office_world import build_office_world, office_client

R = StaffRole
pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "青山绿水-教师注册-2026"
LINK_BASE = "https://jszg.example/office/staff/invitation/"


@pytest.fixture
def world():
    return build_office_world()


def reach_of(user):
    return reach_for(scope_for(user))


def operator_of(point, username="zhao", **extra) -> User:
    user = StaffFactory(username=username, name="赵确认", **extra)
    MembershipFactory(user=user, organisation=point, role=R.CONFIRMATION_OPERATOR)
    return user


def send_invitation(inviter, organisation, role=R.CONFIRMATION_OPERATOR, email="qian@example.cn", phone=None):
    return invitations.invite(
        reach_of(inviter),
        name="钱受邀",
        organisation=organisation,
        role=role,
        email=email,
        phone=phone,
        build_url=lambda raw: f"{LINK_BASE}{raw}/",
    )


def link(raw: str) -> str:
    return reverse("office:staff_invitation", args=[raw])


def accept_data(login_name="qian.shou", password=GOOD_PASSWORD, again=None) -> dict:
    return {"login_name": login_name, "password1": password, "password2": again or password}


# -- inviting ---------------------------------------------------------------------------------


def test_it_sends_the_link_by_email_and_sms_and_keeps_only_a_hash_of_the_token(world):
    padmin = world.ours.staff[R.PROVINCE_ADMIN]

    invitation, raw = send_invitation(padmin, world.ours.point, email="qian@example.cn", phone="13912345678")

    assert invitation.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in invitation.token_hash
    messages = {m.channel: m for m in OutboxMessage.objects.filter(template="staff_invitation")}
    assert set(messages) == {"email", "sms"}
    assert messages["email"].params["link"] == f"{LINK_BASE}{raw}/"
    assert messages["sms"].params["link"] == f"{LINK_BASE}{raw}/"
    assert messages["email"].params["organisation"] == world.ours.point.name
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(hours=72)
    event = AuditEvent.objects.get(action="staff.invited")
    assert (event.actor, event.actor_role, event.actor_organisation_id) == (
        padmin,
        "province_admin",
        world.ours.province.pk,
    )
    # The audit trail holds masked contacts only (security.md §1.9 16.2.5).
    assert event.data["phone"] == "139****78"
    assert "13912345678" not in str(event.data) and "qian@example.cn" not in str(event.data)


def test_the_invite_page_sends_the_invitation_and_lists_it_as_invited(world):
    client = office_client(world.ours.staff[R.COUNTY_REVIEWER])
    data = {"name": "孙新人", "email": "sun@example.cn", "phone": "", "organisation": world.ours.point.pk}

    response = client.post(reverse("office:staff_invite"), data | {"role": R.CONFIRMATION_OPERATOR})

    assert response.status_code == 302 and response["Location"] == reverse("office:staff_list")
    invitation = StaffInvitation.objects.get()
    assert (invitation.name, invitation.role, invitation.organisation) == (
        "孙新人",
        "confirmation_operator",
        world.ours.point,
    )
    page = client.get(reverse("office:staff_list")).content.decode()
    assert "孙新人" in page and "已邀请" in page


def test_the_invite_page_keeps_what_was_typed_and_says_what_is_wrong(world):
    client = office_client(world.ours.staff[R.PROVINCE_ADMIN])
    data = {"name": "孙新人", "email": "", "phone": "", "organisation": world.ours.point.pk, "role": R.CITY_REVIEWER}

    response = client.post(reverse("office:staff_invite"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "请至少填写电子邮箱或手机号码中的一项" in page
    assert "历下区确认点不能授予“市级注册机构（复核）”。这里可以授予：确认点工作人员。" in page
    assert 'value="孙新人"' in page
    assert not StaffInvitation.objects.exists()


def _point_under_city(world):
    return OrganisationFactory(level=OrgLevel.CONFIRMATION_POINT, name="济南市直确认点", parent=world.ours.city)


# Written by hand (P22): (inviter, where, role) → may invite. Agencies invite operators of the
# points directly below them; the province administrator invites into every level of the
# province in the roles of that level; nobody here grants national or administrator roles.
INVITE_CASES = [
    (R.PROVINCE_ADMIN, "ours.point", R.CONFIRMATION_OPERATOR, True),
    (R.PROVINCE_ADMIN, "ours.county", R.COUNTY_REVIEWER, True),
    (R.PROVINCE_ADMIN, "ours.city", R.CITY_REVIEWER, True),
    (R.PROVINCE_ADMIN, "ours.province", R.PROVINCE_REVIEWER, True),
    (R.PROVINCE_ADMIN, "ours.province", R.PROVINCE_ADMIN, True),
    (R.PROVINCE_ADMIN, "city_point", R.CONFIRMATION_OPERATOR, True),
    (R.PROVINCE_ADMIN, "ours.point", R.COUNTY_REVIEWER, False),
    (R.PROVINCE_ADMIN, "ours.county", R.CONFIRMATION_OPERATOR, False),
    (R.PROVINCE_ADMIN, "ours.province", R.SYSTEM_ADMIN, False),
    (R.PROVINCE_ADMIN, "ours.province", R.SECURITY_ADMIN, False),
    (R.PROVINCE_ADMIN, "national", R.NATIONAL_VIEWER, False),
    (R.PROVINCE_ADMIN, "theirs.point", R.CONFIRMATION_OPERATOR, False),
    (R.COUNTY_REVIEWER, "ours.point", R.CONFIRMATION_OPERATOR, True),
    (R.COUNTY_REVIEWER, "ours.county", R.COUNTY_REVIEWER, False),
    (R.COUNTY_REVIEWER, "city_point", R.CONFIRMATION_OPERATOR, False),
    (R.COUNTY_REVIEWER, "theirs.point", R.CONFIRMATION_OPERATOR, False),
    (R.CITY_REVIEWER, "city_point", R.CONFIRMATION_OPERATOR, True),
    (R.CITY_REVIEWER, "ours.point", R.CONFIRMATION_OPERATOR, False),
    (R.CITY_REVIEWER, "ours.county", R.COUNTY_REVIEWER, False),
    (R.PROVINCE_REVIEWER, "ours.point", R.CONFIRMATION_OPERATOR, False),
    (R.CONFIRMATION_OPERATOR, "ours.point", R.CONFIRMATION_OPERATOR, False),
    (R.SYSTEM_ADMIN, "ours.point", R.CONFIRMATION_OPERATOR, False),
    (R.NATIONAL_VIEWER, "ours.point", R.CONFIRMATION_OPERATOR, False),
]


def _place(world, where: str):
    if where == "city_point":
        return _point_under_city(world)
    if where == "national":
        return world.national
    region, level = where.split(".")
    return getattr(world, region).org(level)


@pytest.mark.parametrize(("inviter", "where", "role", "allowed"), INVITE_CASES, ids=lambda v: str(v))
def test_who_may_invite_whom(world, inviter, where, role, allowed):
    organisation = _place(world, where)
    attempt = lambda: send_invitation(world.ours.staff[inviter], organisation, role=role)  # noqa: E731

    if allowed:
        invitation, _raw = attempt()
        assert invitation.role == role
    else:
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.code == "staff_not_in_reach"
        assert not StaffInvitation.objects.exists()


def test_an_invitation_needs_an_address(world):
    with pytest.raises(DomainError) as refused:
        send_invitation(world.ours.staff[R.PROVINCE_ADMIN], world.ours.point, email=None, phone=None)
    assert refused.value.code == "staff_invitation_contact_required"


# -- accepting --------------------------------------------------------------------------------


def test_accepting_opens_the_account_signs_it_in_and_goes_to_the_authenticator(world):
    invitation, raw = send_invitation(world.ours.staff[R.COUNTY_REVIEWER], world.ours.point, phone="13912345678")
    client = Client()

    page = client.get(link(raw))
    assert page.status_code == 200
    assert "钱受邀，历下区确认点邀请您开通工作人员账号，角色为“确认点工作人员”。" in page.content.decode()

    response = client.post(link(raw), accept_data(login_name=" Qian.Shou "))

    assert response.status_code == 302
    assert response["Location"] == reverse("office:enrol") + "?next=%2Foffice%2F"
    user = User.objects.get(username="qian.shou")
    assert (user.kind, user.is_staff, user.is_active, user.name) == ("staff", True, True, "钱受邀")
    assert (user.email, user.phone) == ("qian@example.cn", "13912345678")
    assert user.check_password(GOOD_PASSWORD)
    assert list(user.memberships.values_list("organisation", "role", "is_active")) == [
        (world.ours.point.pk, "confirmation_operator", True)
    ]
    invitation.refresh_from_db()
    assert invitation.accepted_user == user and invitation.accepted_at is not None
    assert AuditEvent.objects.filter(action="staff.invitation_accepted", actor=user).count() == 1
    # Signed in, but the office stays shut until an authenticator is bound (P22).
    assert client.get(reverse("office:enrol")).status_code == 200
    assert client.get(reverse("office:home"))["Location"].startswith(reverse("office:enrol"))


def test_the_link_works_until_72_hours_and_not_a_second_longer(world):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        _invitation, raw = send_invitation(world.ours.staff[R.PROVINCE_ADMIN], world.ours.point)

        clock.move_to(datetime.datetime(2026, 12, 4, 8, 59, 59, tzinfo=datetime.UTC))
        assert Client().get(link(raw)).status_code == 200

        clock.move_to(datetime.datetime(2026, 12, 4, 9, 0, 1, tzinfo=datetime.UTC))
        response = Client().post(link(raw), accept_data())

    assert response.status_code == 400
    assert "邀请链接已超过 72 小时的有效期。请联系邀请您的管理员重新发送邀请。" in response.content.decode()
    assert not User.objects.filter(username="qian.shou").exists()


def test_the_link_works_once(world):
    _invitation, raw = send_invitation(world.ours.staff[R.PROVINCE_ADMIN], world.ours.point)
    assert Client().post(link(raw), accept_data()).status_code == 302

    again = Client().post(link(raw), accept_data(login_name="qian.two"))

    assert again.status_code == 400
    assert "这个邀请链接已经用过，账号已经开通，请直接登录。" in again.content.decode()
    assert not User.objects.filter(username="qian.two").exists()
    with pytest.raises(DomainError) as refused:
        invitations.accept(raw, login_name="qian.three", password=GOOD_PASSWORD)
    assert refused.value.code == "staff_invitation_used"


@pytest.mark.parametrize("token", ["no-such-token", "x" * 300, "%00"])
def test_an_unknown_link_gets_a_clear_message(token):
    response = Client().get(link(token))

    assert response.status_code == 400
    assert "邀请链接无效。请确认是否完整复制了短信或邮件中的链接" in response.content.decode()


def test_a_withdrawn_invitation_no_longer_opens(world):
    padmin = world.ours.staff[R.PROVINCE_ADMIN]
    invitation, raw = send_invitation(padmin, world.ours.point)
    client = office_client(padmin)

    response = client.post(reverse("office:staff_invitation_cancel", args=[invitation.pk]))
    assert response.status_code == 302
    twice = client.post(reverse("office:staff_invitation_cancel", args=[invitation.pk]), follow=True)

    assert "这个邀请已被接受或已撤回。" in twice.content.decode()
    assert "这个邀请已被管理员撤回。" in Client().get(link(raw)).content.decode()
    assert AuditEvent.objects.filter(action="staff.invitation_cancelled").count() == 1


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        (accept_data(password="Short-pass1"), "密码至少要 12 个字符，现在只有 11 个。"),
        (accept_data(password="password1234"), "这个密码太常见了"),
        (accept_data(login_name="wangfang", password="wangfang-2026-jszg"), "密码不能包含登录名。"),
        (accept_data(again="青山绿水-教师注册-2027"), "两次输入的密码不一致。"),
        (accept_data(login_name="1abc"), "登录名为 4–32 位，以小写英文字母开头"),
        (accept_data(login_name="ab"), "登录名为 4–32 位，以小写英文字母开头"),
        (accept_data(login_name="李明明明"), "登录名为 4–32 位，以小写英文字母开头"),
    ],
)
def test_it_refuses_a_weak_password_or_a_bad_login_name_and_keeps_the_login_name(world, data, field_message):
    _invitation, raw = send_invitation(world.ours.staff[R.PROVINCE_ADMIN], world.ours.point)

    response = Client().post(link(raw), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert field_message in page
    assert StaffInvitation.objects.get().accepted_at is None


def test_a_password_of_exactly_12_characters_is_enough(world):
    _invitation, raw = send_invitation(world.ours.staff[R.PROVINCE_ADMIN], world.ours.point)

    assert Client().post(link(raw), accept_data(password="Kx7!mQ2#vL9z")).status_code == 302


def test_a_login_name_taken_in_any_letter_case_is_refused(world):
    StaffFactory(username="qian.shou")
    _invitation, raw = send_invitation(world.ours.staff[R.PROVINCE_ADMIN], world.ours.point)

    response = Client().post(link(raw), accept_data(login_name="QIAN.SHOU"))

    assert "这个登录名已被使用，请换一个。" in response.content.decode()


def test_someone_signed_in_is_asked_to_sign_out_first_and_the_link_stays_open(world):
    _invitation, raw = send_invitation(world.ours.staff[R.PROVINCE_ADMIN], world.ours.point)
    client = office_client(world.ours.staff[R.COUNTY_REVIEWER])

    response = client.post(link(raw), accept_data())

    assert "开通新账号前请先退出" in response.content.decode()
    assert StaffInvitation.objects.get().accepted_at is None


# -- P21: the three administrator roles stay apart -------------------------------------------


@pytest.mark.parametrize("held_active", [True, False])
def test_one_person_never_holds_two_administrator_roles(world, held_active):
    user = StaffFactory()
    MembershipFactory(user=user, organisation=world.national, role=R.SYSTEM_ADMIN, is_active=held_active)

    with pytest.raises(DomainError) as refused:
        staff_services.add_membership(user, world.national, R.AUDIT_ADMIN)

    assert refused.value.code == "staff_exclusive_admin_roles"
    assert "此账号已有“系统管理员”角色" in refused.value.message
    assert not user.memberships.filter(role=R.AUDIT_ADMIN).exists()


def test_an_administrator_role_goes_with_other_roles(world):
    user = StaffFactory()
    MembershipFactory(user=user, organisation=world.national, role=R.SECURITY_ADMIN)

    membership = staff_services.add_membership(user, world.national, R.NATIONAL_VIEWER)

    assert membership.is_active


def test_the_office_pages_never_grant_an_administrator_role(world):
    target = operator_of(world.ours.point)

    with pytest.raises(DomainError) as refused:
        staff_services.grant_role(
            reach_of(world.ours.staff[R.PROVINCE_ADMIN]), target, world.ours.province, "system_admin"
        )

    assert refused.value.code == "staff_not_in_reach"


# -- disable, enable, grant, revoke -----------------------------------------------------------


def _post(client, name, *args, data=None):
    return client.post(reverse(name, args=args), data or {}, follow=True)


def test_disabling_ends_the_persons_sessions_and_is_audited(world):
    padmin = world.ours.staff[R.PROVINCE_ADMIN]
    target = operator_of(world.ours.point)
    their_session = office_client(target)

    response = _post(office_client(padmin), "office:staff_disable", target.pk)

    assert "账号已停用。" in response.content.decode()
    target.refresh_from_db()
    assert not target.is_active
    assert target.staff_state.disabled_reason == DisabledReason.BY_STAFF
    event = AuditEvent.objects.get(action="staff.disabled")
    assert (event.actor, event.actor_role, event.object_ref) == (padmin, "province_admin", str(target.pk))
    assert their_session.get(reverse("office:home"))["Location"].startswith(reverse("admin:login"))


def test_enabling_restarts_the_idle_clock_and_is_audited(world):
    county = world.ours.staff[R.COUNTY_REVIEWER]
    target = operator_of(world.ours.point, is_active=False)

    response = _post(office_client(county), "office:staff_enable", target.pk)

    assert "账号已启用。" in response.content.decode()
    target.refresh_from_db()
    assert target.is_active and target.staff_state.active_since is not None
    event = AuditEvent.objects.get(action="staff.enabled")
    assert (event.actor, event.actor_role, event.actor_organisation_id) == (
        county,
        "county_reviewer",
        world.ours.county.pk,
    )


def test_granting_and_revoking_a_role_are_audited(world):
    county = world.ours.staff[R.COUNTY_REVIEWER]
    second_point = OrganisationFactory(
        level=OrgLevel.CONFIRMATION_POINT, name="历下区第二确认点", parent=world.ours.county
    )
    target = operator_of(world.ours.point)
    client = office_client(county)

    granted = _post(
        client, "office:staff_grant", target.pk, data={"organisation": second_point.pk, "role": R.CONFIRMATION_OPERATOR}
    )

    assert "已授予“确认点工作人员”（历下区第二确认点）。" in granted.content.decode()
    membership = StaffMembership.objects.get(user=target, organisation=second_point)
    assert AuditEvent.objects.get(action="staff.role_granted").data == {
        "role": "confirmation_operator",
        "organisation": second_point.pk,
        "membership": membership.pk,
    }

    revoked = _post(client, "office:staff_revoke", target.pk, membership.pk)

    assert "已撤销“确认点工作人员”（历下区第二确认点）。" in revoked.content.decode()
    membership.refresh_from_db()
    assert not membership.is_active
    assert AuditEvent.objects.filter(action="staff.role_revoked", actor=county).count() == 1
    again = _post(client, "office:staff_revoke", target.pk, membership.pk)
    assert "这个角色已经撤销。" in again.content.decode()
    assert AuditEvent.objects.filter(action="staff.role_revoked").count() == 1


def test_a_revoked_role_can_be_granted_again(world):
    padmin = world.ours.staff[R.PROVINCE_ADMIN]
    target = operator_of(world.ours.point)
    membership = target.memberships.get()
    staff_services.revoke_role(reach_of(padmin), membership)

    again = staff_services.grant_role(reach_of(padmin), target, world.ours.point, R.CONFIRMATION_OPERATOR)

    assert again.pk == membership.pk and again.is_active


def test_granting_a_role_already_held_says_so(world):
    target = operator_of(world.ours.point)
    client = office_client(world.ours.staff[R.PROVINCE_ADMIN])

    response = client.post(
        reverse("office:staff_grant", args=[target.pk]),
        {"organisation": world.ours.point.pk, "role": R.CONFIRMATION_OPERATOR},
    )

    assert response.status_code == 200
    assert "此账号已有这个角色。" in response.content.decode()
    assert not AuditEvent.objects.filter(action="staff.role_granted").exists()


def test_nobody_switches_off_their_own_account(world):
    padmin = world.ours.staff[R.PROVINCE_ADMIN]

    response = _post(office_client(padmin), "office:staff_disable", padmin.pk)

    assert "不能停用、启用自己的账号" in response.content.decode()
    padmin.refresh_from_db()
    assert padmin.is_active


def test_an_agency_cannot_switch_off_someone_with_roles_beyond_its_reach(world):
    target = operator_of(world.ours.point)
    MembershipFactory(user=target, organisation=world.ours.province, role=R.PROVINCE_REVIEWER)

    response = _post(office_client(world.ours.staff[R.COUNTY_REVIEWER]), "office:staff_disable", target.pk)

    assert "此账号在您管理范围之外还有角色" in response.content.decode()
    target.refresh_from_db()
    assert target.is_active
    # The province administrator reaches both roles.
    staff_services.disable_account(reach_of(world.ours.staff[R.PROVINCE_ADMIN]), target)
    assert not User.objects.get(pk=target.pk).is_active


def test_another_regions_account_answers_404(world):
    target = operator_of(world.theirs.point)
    client = office_client(world.ours.staff[R.PROVINCE_ADMIN])

    for name in ("office:staff_detail",):
        assert client.get(reverse(name, args=[target.pk])).status_code == 404
    for name in ("office:staff_disable", "office:staff_enable", "office:staff_grant"):
        assert client.post(reverse(name, args=[target.pk])).status_code == 404
    target.refresh_from_db()
    assert target.is_active


def test_opening_an_account_is_recorded_as_a_view_of_personal_data(world):
    target = operator_of(world.ours.point, phone="13912345678", email="zhao@example.cn")
    page = office_client(world.ours.staff[R.PROVINCE_ADMIN]).get(reverse("office:staff_detail", args=[target.pk]))

    body = page.content.decode()
    assert "139****78" in body and "z*****@example.cn" in body
    assert "13912345678" not in body and "zhao@example.cn" not in body
    assert AuditEvent.objects.filter(action="personal_data.view", object_ref=str(target.pk)).count() == 1


# -- the list ---------------------------------------------------------------------------------


def test_the_list_shows_the_staff_in_reach_with_their_state(world):
    operator_of(world.ours.point, username="zhao", last_login=timezone.now())
    operator_of(world.ours.point, username="zhou", is_active=False)
    operator_of(world.theirs.point, username="hunan-operator")
    send_invitation(world.ours.staff[R.PROVINCE_ADMIN], world.ours.point)

    county_page = office_client(world.ours.staff[R.COUNTY_REVIEWER]).get(reverse("office:staff_list")).content.decode()
    padmin_page = office_client(world.ours.staff[R.PROVINCE_ADMIN]).get(reverse("office:staff_list")).content.decode()

    for page in (county_page, padmin_page):
        assert "zhao" in page and "zhou" in page and "钱受邀" in page and "已停用" in page
        assert "hunan-operator" not in page
    # The county manages its point's operators only; the province administrator sees the
    # county's own reviewer too.
    assert "ours-county_reviewer" not in county_page
    assert "ours-county_reviewer" in padmin_page


def test_the_list_filters_by_state_and_name(world):
    operator_of(world.ours.point, username="zhao")
    operator_of(world.ours.point, username="zhou", is_active=False)
    client = office_client(world.ours.staff[R.COUNTY_REVIEWER])

    disabled = client.get(reverse("office:staff_list"), {"state": "disabled"}).content.decode()
    by_name = client.get(reverse("office:staff_list"), {"q": "zha"}).content.decode()

    assert "zhou" in disabled and "zhao" not in disabled
    assert "zhao" in by_name and "zhou" not in by_name


def test_the_list_costs_the_same_queries_for_many_accounts(world):
    client = office_client(world.ours.staff[R.PROVINCE_ADMIN])
    operator_of(world.ours.point, username="first")
    client.get(reverse("office:staff_list"))  # warm caches (content types, sessions)

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("office:staff_list"))
    for n in range(5):
        operator_of(world.ours.point, username=f"more{n}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("office:staff_list"))

    assert len(many) == len(few)


def test_the_office_home_links_the_staff_pages_for_managers_only(world):
    manager = office_client(world.ours.staff[R.COUNTY_REVIEWER]).get(reverse("office:home")).content.decode()
    operator = office_client(world.ours.staff[R.CONFIRMATION_OPERATOR]).get(reverse("office:home")).content.decode()

    assert reverse("office:staff_list") in manager
    assert reverse("office:staff_list") not in operator


# -- the staff login and the 90-day rule ------------------------------------------------------


def _login(username, password=PASSWORD):
    return Client().post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})


def test_a_disabled_account_is_told_so_at_the_login_but_only_with_the_right_password():
    StaffFactory(username="zhou", is_active=False)

    right = _login("zhou")
    wrong = _login("zhou", "not-the-password")

    assert right.status_code == 200
    assert "此账号已停用。连续 90 天未登录的账号会被系统自动停用" in right.content.decode()
    assert "此账号已停用" not in wrong.content.decode()
    assert "此账号已停用" not in _login("nobody").content.decode()


def test_an_active_account_still_signs_in():
    StaffFactory(username="zhao")

    assert _login("zhao").status_code == 302


NOW = datetime.datetime(2026, 12, 1, 2, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("last_login_days_ago", "disabled"),
    [(89, False), (90, True), (91, True)],
)
def test_staff_idle_for_90_days_are_disabled(last_login_days_ago, disabled):
    user = StaffFactory(last_login=NOW - datetime.timedelta(days=last_login_days_ago))

    count = staff_services.disable_idle_accounts(now=NOW)

    user.refresh_from_db()
    assert user.is_active is not disabled
    assert count == int(disabled)
    if disabled:
        assert user.staff_state.disabled_reason == DisabledReason.IDLE
        event = AuditEvent.objects.get(action="staff.disabled", object_ref=str(user.pk))
        assert (event.actor, event.actor_role, event.data["reason"]) == (None, "system", "idle")


def test_the_idle_clock_starts_at_creation_for_someone_who_never_signed_in():
    fresh = StaffFactory(date_joined=NOW - datetime.timedelta(days=89), last_login=None)
    stale = StaffFactory(date_joined=NOW - datetime.timedelta(days=91), last_login=None)

    staff_services.disable_idle_accounts(now=NOW)

    assert User.objects.get(pk=fresh.pk).is_active
    assert not User.objects.get(pk=stale.pk).is_active


def test_an_account_enabled_again_gets_90_days_from_then(world):
    target = operator_of(world.ours.point, last_login=NOW - datetime.timedelta(days=200), is_active=False)
    with time_machine.travel(NOW - datetime.timedelta(days=10), tick=False):
        staff_services.enable_account(reach_of(world.ours.staff[R.PROVINCE_ADMIN]), target)

    staff_services.disable_idle_accounts(now=NOW)
    assert User.objects.get(pk=target.pk).is_active

    staff_services.disable_idle_accounts(now=NOW + datetime.timedelta(days=81))
    assert not User.objects.get(pk=target.pk).is_active


def test_the_idle_rule_leaves_applicants_alone_and_runs_twice_harmlessly():
    applicant = ApplicantFactory(last_login=NOW - datetime.timedelta(days=400))
    StaffFactory(last_login=NOW - datetime.timedelta(days=100))

    assert staff_services.disable_idle_accounts(now=NOW) == 1
    assert staff_services.disable_idle_accounts(now=NOW) == 0
    assert User.objects.get(pk=applicant.pk).is_active
    assert AuditEvent.objects.filter(action="staff.disabled").count() == 1
    assert StaffAccountState.objects.count() == 1


def test_the_nightly_task_runs_the_idle_rule():
    user = StaffFactory(last_login=timezone.now() - datetime.timedelta(days=120))

    assert disable_idle_staff_accounts.call_local() == 1
    assert not User.objects.get(pk=user.pk).is_active
