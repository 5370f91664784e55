"""毕业学校 directory services (issue 4 item 6): search, 新增学校, review verdicts and merging.

Rows come from factories; school names are invented (星河…, 云杉…) so that the seed list,
which the folder's ``reference_data`` fixture may have loaded for other tests, never matches.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.apps import apps

from teacherreg.audit.models import AuditEvent, AuditResult
from teacherreg.common.errors import DomainError
from teacherreg.reference import services
from teacherreg.reference.models import GraduationSchool, Region, SchoolStatus
from tests.factories import ApplicantFactory, ApplicationFactory, CodeItemFactory, RegionFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beijing() -> Region:
    return RegionFactory(code="110000", name="北京市")


@pytest.fixture
def hunan() -> Region:
    return RegionFactory(code="430000", name="湖南省", is_municipality=False)


@pytest.fixture
def university():
    return CodeItemFactory(kind="school_type", code="regular_he", name="普通高等学校")


@pytest.fixture
def overseas():
    return CodeItemFactory(kind="school_type", code="overseas", name="境外学校")


def school(name: str, province: Region | None = None, status: str = SchoolStatus.VERIFIED, **extra):
    return GraduationSchool.objects.create(name=name, province=province, status=status, **extra)


def names(schools) -> list[str]:
    return [s.name for s in schools]


# -- normalising --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  星河 师范大学 ", "星河师范大学"),
        ("星河师范大学（南校区）", "星河师范大学（南校区）"),
        ("星河师范大学(南校区)", "星河师范大学（南校区）"),
        ("ＳＴＡＲ　University\u3000of  Arts", "STAR University of Arts"),
        ("星河大学・艺术学院", "星河大学·艺术学院"),
    ],
)
def test_it_normalises_names_the_way_they_are_stored(typed, stored):
    assert services.normalise_school_name(typed) == stored


def test_the_seed_list_is_stored_in_normal_form():
    # Searches compare normalised text with stored names, so the seed must already be normal.
    from teacherreg.reference import datafiles

    rows = datafiles.read(datafiles.DATA_DIR / "graduation_schools.csv")
    for row in rows:
        services.check_school_name(row["name"])
    assert [row["name"] for row in rows if services.normalise_school_name(row["name"]) != row["name"]] == []


# -- search ---------------------------------------------------------------------------------


def test_it_ranks_the_exact_name_then_prefixes_then_the_rest_shorter_first(hunan):
    school("云杉星河师范大学", hunan)
    school("星河师范大学附属学院", hunan)
    school("星河师范大学", hunan)
    school("星河师范", hunan)

    found = services.search_graduation_schools("星河师范", province=hunan)

    assert names(found) == ["星河师范", "星河师范大学", "星河师范大学附属学院", "云杉星河师范大学"]


def test_it_filters_by_province_and_lists_a_province_when_the_name_is_empty(hunan, beijing):
    school("星河大学", hunan)
    school("星河学院", beijing)

    assert names(services.search_graduation_schools("星河", province=hunan)) == ["星河大学"]
    assert names(services.search_graduation_schools("星河")) == ["星河大学", "星河学院"]
    assert "星河学院" in names(services.search_graduation_schools("", province=beijing))
    assert services.search_graduation_schools("   ") == []


def test_it_matches_full_width_and_spaced_queries(hunan):
    school("星河ABC学院", hunan)

    assert names(services.search_graduation_schools(" 星河 ａｂｃ ")) == ["星河ABC学院"]


def test_it_limits_the_results_and_caps_the_limit(hunan):
    for n in range(60):
        school(f"星河第{n:02d}学校", hunan)

    assert len(services.search_graduation_schools("星河", limit=5)) == 5
    assert len(services.search_graduation_schools("星河", limit=500)) == services.SEARCH_LIMIT_MAX


def test_it_shows_a_pending_school_only_to_the_applicant_who_added_it(hunan):
    alice, bob = ApplicantFactory(), ApplicantFactory()
    pending = school("星河职业学院", hunan, SchoolStatus.PENDING, created_by=alice)

    assert services.search_graduation_schools("星河职业", user=alice) == [pending]
    assert services.search_graduation_schools("星河职业", user=bob) == []
    assert services.search_graduation_schools("星河职业") == []


def test_it_never_offers_rejected_or_merged_schools_even_to_their_proposer(hunan):
    alice = ApplicantFactory()
    kept = school("星河大学", hunan)
    school("星河大學", hunan, SchoolStatus.MERGED, merged_into=kept, created_by=alice)
    school("星河大学城", hunan, SchoolStatus.REJECTED, created_by=alice)

    assert services.search_graduation_schools("星河", user=alice) == [kept]
    # A caller's own queryset cannot widen it either.
    everything = GraduationSchool.objects.all()
    assert services.search_graduation_schools("星河", user=alice, schools=everything) == [kept]


# -- 新增学校 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "school_name_required"),
        ("   ", "school_name_required"),
        ("星", "school_name_length"),
        ("星" * 101, "school_name_length"),
        ("12345", "school_name_no_letters"),
        ("１２３４５", "school_name_no_letters"),
        ("--..", "school_name_no_letters"),
        ("星河大学😀", "school_name_bad_chars"),
        ("星河<script>", "school_name_bad_chars"),
        ("星河\u200b大学", "school_name_bad_chars"),
    ],
)
def test_it_refuses_a_name_that_cannot_be_a_school(typed, code, hunan, university):
    with pytest.raises(DomainError) as refused:
        services.propose_graduation_school(typed, user=ApplicantFactory(), school_type=university, province=hunan)

    assert refused.value.code == code
    assert GraduationSchool.objects.filter(created_by__isnull=False).count() == 0


def test_it_explains_the_length_and_the_bad_characters_in_chinese(hunan, university):
    with pytest.raises(DomainError) as too_long:
        services.propose_graduation_school("星" * 101, user=ApplicantFactory(), school_type=university, province=hunan)
    with pytest.raises(DomainError) as bad:
        services.propose_graduation_school("星河\u200b大学", user=ApplicantFactory(), school_type=university)

    assert too_long.value.message == "学校名称应为 2 到 100 个字，现在是 101 个字。"
    assert bad.value.message == "学校名称中有不能使用的字符：“U+200B”。请按毕业证书上的学校全称填写。"


def test_it_requires_the_school_type_and_a_province_except_for_schools_abroad(hunan, university, overseas):
    alice = ApplicantFactory()
    ethnic = CodeItemFactory(kind="ethnic_group", code="01", name="汉族")

    for school_type, province, code in [
        (None, hunan, "school_type_required"),
        (ethnic, hunan, "school_type_invalid"),
        (university, None, "school_province_required"),
    ]:
        with pytest.raises(DomainError) as refused:
            services.propose_graduation_school("星河大学", user=alice, school_type=school_type, province=province)
        assert refused.value.code == code

    abroad = services.propose_graduation_school("Star University", user=alice, school_type=overseas)
    assert (abroad.name, abroad.province, abroad.school_type) == ("Star University", None, overseas)


def test_it_refuses_a_city_as_the_province(university, hunan):
    changsha = RegionFactory(code="430100", name="长沙市", level="city", parent=hunan, is_municipality=False)

    with pytest.raises(DomainError) as refused:
        services.propose_graduation_school(
            "星河大学", user=ApplicantFactory(), school_type=university, province=changsha
        )

    assert refused.value.code == "school_province_invalid"


def test_a_new_school_waits_as_pending_is_usable_by_its_proposer_and_is_audited(hunan, university):
    alice = ApplicantFactory()

    proposed = services.propose_graduation_school(" 星河 师范学院 ", user=alice, school_type=university, province=hunan)

    assert (proposed.name, proposed.status, proposed.created_by, proposed.school_type, proposed.province) == (
        "星河师范学院",
        SchoolStatus.PENDING,
        alice,
        university,
        hunan,
    )
    assert services.visible_graduation_schools(alice).filter(pk=proposed.pk).exists()
    assert not services.visible_graduation_schools(ApplicantFactory()).filter(pk=proposed.pk).exists()
    event = AuditEvent.objects.get(action="reference.school_proposed", object_ref=str(proposed.pk))
    assert (event.actor, event.data) == (
        alice,
        {"name": "星河师范学院", "province": "430000", "school_type": "regular_he"},
    )


def test_a_name_already_in_the_directory_returns_that_school(hunan, beijing, university):
    alice = ApplicantFactory()
    verified = school("星河大学", hunan)
    own = school("星河学院", hunan, SchoolStatus.PENDING, created_by=alice)

    assert (
        services.propose_graduation_school("星河大学", user=alice, school_type=university, province=hunan) == verified
    )
    assert services.propose_graduation_school("星河 学院", user=alice, school_type=university, province=hunan) == own
    # The same name in another province is another school.
    elsewhere = services.propose_graduation_school("星河大学", user=alice, school_type=university, province=beijing)
    assert elsewhere != verified and elsewhere.status == SchoolStatus.PENDING


def test_another_applicants_pending_school_is_not_given_away(hunan, university):
    alice, bob = ApplicantFactory(), ApplicantFactory()
    alices = services.propose_graduation_school("星河学院", user=alice, school_type=university, province=hunan)

    bobs = services.propose_graduation_school("星河学院", user=bob, school_type=university, province=hunan)

    assert bobs != alices and bobs.created_by == bob  # an administrator merges the two later


def test_a_rejected_name_is_refused_and_a_merged_one_leads_to_the_kept_school(hunan, university):
    alice = ApplicantFactory()
    kept = school("星河大学", hunan)
    school("星河大學", hunan, SchoolStatus.MERGED, merged_into=kept)
    school("星大", hunan, SchoolStatus.REJECTED, created_by=ApplicantFactory())

    with pytest.raises(DomainError) as refused:
        services.propose_graduation_school("星大", user=alice, school_type=university, province=hunan)
    again = services.propose_graduation_school("星河大學", user=alice, school_type=university, province=hunan)

    assert refused.value.code == "school_name_rejected"
    assert again == kept


def test_it_limits_new_schools_per_applicant_per_day(hunan, university):
    alice, bob = ApplicantFactory(), ApplicantFactory()
    with time_machine.travel(datetime.datetime(2026, 10, 9, 2, 0, tzinfo=datetime.UTC), tick=False):
        for n in range(services.PROPOSALS_PER_DAY.limit):
            services.propose_graduation_school(f"星河第{n}学院", user=alice, school_type=university, province=hunan)
        # Proposing a name that already exists creates nothing and is not counted.
        services.propose_graduation_school("星河第1学院", user=alice, school_type=university, province=hunan)

        with pytest.raises(DomainError) as refused:
            services.propose_graduation_school("星河第十一学院", user=alice, school_type=university, province=hunan)
        services.propose_graduation_school("星河第十一学院", user=bob, school_type=university, province=hunan)

    assert refused.value.code == "school_propose_limit"
    assert refused.value.message.startswith("您今天新增学校的次数已达上限（10 次），请 22 小时后再试。")
    assert GraduationSchool.objects.filter(created_by=alice).count() == 10
    assert AuditEvent.objects.filter(action="reference.school_proposed", result=AuditResult.DENIED).count() == 1
    with time_machine.travel(datetime.datetime(2026, 10, 10, 2, 0, tzinfo=datetime.UTC), tick=False):
        services.propose_graduation_school("星河第十一学院", user=alice, school_type=university, province=hunan)


# -- verdicts ---------------------------------------------------------------------------


def test_an_administrator_verifies_and_rejects_proposed_schools(hunan):
    admin = StaffFactory()
    alice = ApplicantFactory()
    first = school("星河学院", hunan, SchoolStatus.PENDING, created_by=alice)
    second = school("星河书院", hunan, SchoolStatus.PENDING, created_by=alice)
    merged = school("星河書院", hunan, SchoolStatus.MERGED, merged_into=second)

    verified = services.decide_graduation_schools(GraduationSchool.objects.filter(pk=first.pk), "verified", actor=admin)
    rejected = services.decide_graduation_schools(
        GraduationSchool.objects.filter(pk__in=[first.pk, second.pk, merged.pk]), "rejected", actor=admin
    )
    again = services.decide_graduation_schools(GraduationSchool.objects.filter(pk=second.pk), "rejected", actor=admin)

    first.refresh_from_db()
    second.refresh_from_db()
    merged.refresh_from_db()
    assert (verified, rejected, again) == (1, 2, 0)
    assert (first.status, second.status, merged.status) == ("rejected", "rejected", "merged")
    assert first.decided_by == admin and first.decided_at is not None
    assert services.search_graduation_schools("星河", user=alice) == []
    actions = list(
        AuditEvent.objects.filter(object_ref=str(first.pk)).order_by("pk").values_list("action", "data__from")
    )
    assert actions == [("reference.school_verified", "pending"), ("reference.school_rejected", "verified")]


def test_a_verdict_must_be_verified_or_rejected(hunan):
    with pytest.raises(ValueError):
        services.decide_graduation_schools(GraduationSchool.objects.all(), "merged")


# -- merging ------------------------------------------------------------------------------


def test_it_finds_every_foreign_key_to_schools_including_hidden_ones():
    # Worked out here from the field side, not with the helper's own method.
    expected = {
        f"{model._meta.label_lower}.{field.name}"
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy  # a proxy shares its parent's table and key
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is GraduationSchool
    }

    found = {f"{field.model._meta.label_lower}.{field.name}" for field in services.school_references()}

    assert "registration.application.graduation_school" in found  # related_name="+"
    assert "reference.graduationschool.merged_into" in found
    assert found == expected


def test_merging_repoints_every_reference_and_hides_the_duplicates(hunan):
    admin = StaffFactory()
    alice = ApplicantFactory()
    keep = school("星河师范大学", hunan)
    duplicate = school("星河師範大學", hunan, SchoolStatus.PENDING, created_by=alice)
    older = school("星河师大", hunan, SchoolStatus.MERGED, merged_into=duplicate)
    application = ApplicationFactory(graduation_school=duplicate, graduation_school_name=duplicate.name)
    untouched = ApplicationFactory(graduation_school=keep)

    moved = services.merge_graduation_schools(keep, [keep, duplicate], actor=admin)

    application.refresh_from_db()
    untouched.refresh_from_db()
    duplicate.refresh_from_db()
    older.refresh_from_db()
    assert moved == {"registration.application.graduation_school": 1, "reference.graduationschool.merged_into": 1}
    assert application.graduation_school == keep
    assert application.graduation_school_name == "星河師範大學"  # the submitted text is history
    assert untouched.graduation_school == keep
    assert (duplicate.status, duplicate.merged_into, duplicate.decided_by) == (SchoolStatus.MERGED, keep, admin)
    assert older.merged_into == keep
    assert services.search_graduation_schools("星河", user=alice) == [keep]
    event = AuditEvent.objects.get(action="reference.school_merged")
    assert event.actor == admin
    assert event.data["merged"] == [{"id": duplicate.pk, "name": "星河師範大學"}]
    assert event.data["references"] == moved


def test_merging_into_a_pending_school_verifies_it(hunan):
    alice, bob = ApplicantFactory(), ApplicantFactory()
    alices = school("星河学院", hunan, SchoolStatus.PENDING, created_by=alice)
    bobs = school("星河学院", hunan, SchoolStatus.PENDING, created_by=bob)

    services.merge_graduation_schools(alices, [bobs], actor=StaffFactory())

    alices.refresh_from_db()
    assert alices.status == SchoolStatus.VERIFIED
    assert services.search_graduation_schools("星河学院", user=bob) == [alices]


@pytest.mark.parametrize("case", ["alone", "keep_rejected", "other_merged"])
def test_merging_refuses_what_cannot_be_merged_and_changes_nothing(case, hunan):
    keep = school("星河大学", hunan, SchoolStatus.REJECTED if case == "keep_rejected" else SchoolStatus.VERIFIED)
    target = school("星河总校", hunan)
    other = school(
        "星河大學",
        hunan,
        SchoolStatus.MERGED if case == "other_merged" else SchoolStatus.VERIFIED,
        merged_into=target if case == "other_merged" else None,
    )
    application = ApplicationFactory(graduation_school=other)
    others = [keep] if case == "alone" else [other]

    with pytest.raises(DomainError) as refused:
        services.merge_graduation_schools(keep, others, actor=StaffFactory())

    application.refresh_from_db()
    assert (
        refused.value.code
        == {
            "alone": "school_merge_too_few",
            "keep_rejected": "school_merge_keep_unusable",
            "other_merged": "school_merge_already_merged",
        }[case]
    )
    assert application.graduation_school == other
    assert not AuditEvent.objects.filter(action="reference.school_merged").exists()


# -- the admin: review queue and merge ---------------------------------------------------

QUEUE = "/admin/reference/graduationschool/"


@pytest.fixture
def admin_client(client):
    from tests.identity.conftest import sign_in_staff

    superuser = StaffFactory(is_superuser=True)
    sign_in_staff(client, superuser)
    client.superuser = superuser
    return client


def test_the_review_queue_filters_by_status_and_province(admin_client, hunan, beijing):
    alice = ApplicantFactory(name="薛明")
    school("星河学院", hunan, SchoolStatus.PENDING, created_by=alice)
    school("星河书院", beijing, SchoolStatus.PENDING, created_by=alice)
    school("星河大学", hunan)

    page = admin_client.get(QUEUE, {"status": "pending", "province__id__exact": hunan.pk}).content.decode()

    assert "星河学院" in page
    assert "星河书院" not in page and "星河大学" not in page
    assert "薛*" in page and "薛明" not in page  # the proposer's name is masked


def test_the_queue_actions_verify_and_reject(admin_client, hunan):
    first = school("星河学院", hunan, SchoolStatus.PENDING, created_by=ApplicantFactory())
    second = school("星河书院", hunan, SchoolStatus.PENDING, created_by=ApplicantFactory())

    admin_client.post(QUEUE, {"action": "mark_verified", "_selected_action": [first.pk]})
    response = admin_client.post(QUEUE, {"action": "mark_rejected", "_selected_action": [second.pk]}, follow=True)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (SchoolStatus.VERIFIED, SchoolStatus.REJECTED)
    assert first.decided_by == admin_client.superuser
    assert "已驳回 1 所学校。" in response.content.decode()


def test_merging_in_the_admin_asks_which_to_keep_first(admin_client, hunan):
    keep = school("星河师范大学", hunan)
    duplicate = school("星河師範大學", hunan, SchoolStatus.PENDING, created_by=ApplicantFactory())
    application = ApplicationFactory(graduation_school=duplicate)
    selected = {"action": "merge_selected", "_selected_action": [keep.pk, duplicate.pk]}

    confirm = admin_client.post(QUEUE, selected)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "合并重复学校" in page and f'name="keep" value="{duplicate.pk}"' in page
    assert re.search(r"星河師範大學</label>.*?<td>1</td>", page, re.S)  # referenced once
    duplicate.refresh_from_db()
    assert duplicate.status == SchoolStatus.PENDING  # nothing changed yet

    done = admin_client.post(QUEUE, {**selected, "keep": keep.pk}, follow=True)

    application.refresh_from_db()
    duplicate.refresh_from_db()
    assert application.graduation_school == keep
    assert (duplicate.status, duplicate.merged_into) == (SchoolStatus.MERGED, keep)
    assert "已将 1 所学校合并到“星河师范大学”，改动了 1 条引用。" in done.content.decode()


def test_merging_needs_two_schools_and_reports_refusals(admin_client, hunan):
    keep = school("星河大学", hunan)
    target = school("星河总校", hunan)
    merged = school("星河大學", hunan, SchoolStatus.MERGED, merged_into=target)

    alone = admin_client.post(QUEUE, {"action": "merge_selected", "_selected_action": [keep.pk]}, follow=True)
    refused = admin_client.post(
        QUEUE, {"action": "merge_selected", "_selected_action": [keep.pk, merged.pk], "keep": keep.pk}, follow=True
    )

    assert "请至少选择两所学校" in alone.content.decode()
    assert "所选学校中有已经合并过的：星河大學" in refused.content.decode()


def test_an_administrators_name_is_normalised_and_checked(admin_client, hunan):
    bad = admin_client.post(f"{QUEUE}add/", {"name": "１２３", "province": hunan.pk})
    good = admin_client.post(f"{QUEUE}add/", {"name": "星河 师范学院(北校区)", "province": hunan.pk})

    assert "学校名称要包含汉字或字母" in bad.content.decode()
    assert good.status_code == 302
    assert GraduationSchool.objects.filter(name="星河师范学院（北校区）", province=hunan).exists()
