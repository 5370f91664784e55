"""National reference data: organisations and confirmation points, graduation schools, and the
subject and major trees."""

from __future__ import annotations

import pytest

from teacherreg.imports.models import BatchStatus
from teacherreg.organisations.models import Organisation, OrganisationNameChange, OrgLevel
from teacherreg.reference.models import GraduationSchool, Major, MajorCatalogue, SchoolStatus, Subject, SubjectTree
from tests.factories import CodeItemFactory, QualificationTypeFactory, RegionFactory, StaffFactory, TeachingStageFactory
from tests.imports.conftest import commit, messages_of, upload

ORG_HEADER = ["层级", "名称", "行政区划代码", "上级机构行政区划代码", "确认范围", "联系电话", "电子邮箱", "启用"]


@pytest.fixture
def divisions(world):
    city = RegionFactory(code="370100", name="济南市", level="city", parent=world.province_region)
    county = RegionFactory(code="370102", name="历下区", level="county", parent=city)
    return city, county


class TestOrganisations:
    def test_a_tree_of_agencies_and_a_point_is_added_parents_first(self, world, divisions):
        body = [
            ["市级", "济南市教育局", "370100", "370000", "", "", "", ""],
            ["县级", "历下区教育局", "370102", "370100", "", "0531-1", "lixia@example.cn", ""],
            ["确认点", "历下区政务服务中心确认点", "370102", "370102", "历下区中小学教师", "", "", "是"],
        ]

        batch = commit(upload(world, "organisations", [ORG_HEADER, *body], national=True))

        county = Organisation.objects.get(level=OrgLevel.COUNTY)
        point = Organisation.objects.get(level=OrgLevel.CONFIRMATION_POINT)
        assert batch.created_count == 3
        assert county.parent.parent == world.province
        assert (point.parent, point.confirmation_scope, county.email) == (
            county,
            "历下区中小学教师",
            "lixia@example.cn",
        )

    def test_a_renamed_agency_keeps_its_old_name_on_record(self, world, divisions):
        commit(
            upload(
                world,
                "organisations",
                [ORG_HEADER, ["市级", "济南市教育局", "370100", "370000", "", "", "", ""]],
                national=True,
            )
        )

        batch = commit(
            upload(
                world,
                "organisations",
                [ORG_HEADER, ["市级", "济南市教育和体育局", "370100", "370000", "", "", "", ""]],
                national=True,
            )
        )

        change = OrganisationNameChange.objects.get()
        assert batch.updated_count == 1
        assert (change.old_name, change.new_name, change.old_parent, change.new_parent) == (
            "济南市教育局",
            "济南市教育和体育局",
            world.province,
            world.province,
        )

    def test_a_province_agency_hangs_off_the_national_centre(self, world):
        RegionFactory(code="410000", name="河南省")

        commit(
            upload(
                world,
                "organisations",
                [ORG_HEADER, ["省级", "河南省教育厅", "410000", "", "", "", "", ""]],
                national=True,
            )
        )

        assert Organisation.objects.get(region__code="410000").parent == world.national

    @pytest.mark.parametrize(
        ("row", "column", "message"),
        [
            (["国家级", "资格中心", "370100", "", "", "", "", ""], "层级", "不是可选的值。"),
            (
                ["市级", "济南市教育局", "379999", "370000", "", "", "", ""],
                "行政区划代码",
                "没有这个现行的行政区划代码。",
            ),
            (
                ["市级", "济南市教育局", "370100", "", "", "", "", ""],
                "上级机构行政区划代码",
                "请填写上级机构的行政区划代码。",
            ),
            (
                ["省级", "山东省教育厅", "370000", "370000", "", "", "", ""],
                "上级机构行政区划代码",
                "省级机构的上级是资格中心",
            ),
            (
                ["县级", "历下区教育局", "370102", "370100", "", "", "", ""],
                "上级机构行政区划代码",
                "这个行政区划没有比本行层级更高的注册机构。",
            ),
            (["市级", "济南市教育局", "370100", "370000", "全市", "", "", ""], "确认范围", "只有确认点填写确认范围。"),
            (
                ["市级", "济南市教育局", "370100", "370000", "", "", "not-an-email", ""],
                "电子邮箱",
                "电子邮箱格式不对。",
            ),
        ],
    )
    def test_each_rule_has_its_message(self, world, divisions, row, column, message):
        batch = upload(world, "organisations", [ORG_HEADER, row], national=True)

        [(line, found_column, found)] = messages_of(batch)
        assert (line, found_column) == (2, column) and found.startswith(message), found


SCHOOL_HEADER = ["学校名称", "所在省份代码", "办学类型"]


@pytest.fixture
def school_types(db):
    return (
        CodeItemFactory(kind="school_type", code="regular", name="普通高等学校"),
        CodeItemFactory(kind="school_type", code="overseas", name="境外学校"),
    )


class TestGraduationSchools:
    def test_schools_are_added_verified_and_matched_by_normalised_name(self, world, school_types):
        first = commit(
            upload(
                world,
                "graduation_schools",
                [
                    SCHOOL_HEADER,
                    ["山东师范大学 (济南)", "370000", "普通高等学校"],
                    ["University of Leeds", "", "overseas"],
                ],
                national=True,
            )
        )
        again = commit(
            upload(
                world,
                "graduation_schools",
                [SCHOOL_HEADER, ["山东师范大学（济南）", "370000", "regular"]],
                national=True,
            )
        )

        assert (first.created_count, again.unchanged_count) == (2, 1)
        school = GraduationSchool.objects.get(name="山东师范大学（济南）")
        assert (school.status, school.province.code) == (SchoolStatus.VERIFIED, "370000")

    def test_an_applicants_pending_school_of_the_same_name_is_left_to_the_review_queue(self, world, school_types):
        pending = GraduationSchool.objects.create(
            name="山东师范大学", status=SchoolStatus.PENDING, created_by=StaffFactory(), school_type=school_types[0]
        )

        commit(
            upload(
                world, "graduation_schools", [SCHOOL_HEADER, ["山东师范大学", "370000", "普通高等学校"]], national=True
            )
        )

        pending.refresh_from_db()
        assert pending.status == SchoolStatus.PENDING and GraduationSchool.objects.count() == 2

    def test_an_administrators_decision_on_a_status_is_not_changed(self, world, school_types):
        commit(
            upload(
                world, "graduation_schools", [SCHOOL_HEADER, ["山东师范大学", "370000", "普通高等学校"]], national=True
            )
        )
        GraduationSchool.objects.update(status=SchoolStatus.REJECTED)

        commit(
            upload(
                world, "graduation_schools", [SCHOOL_HEADER, ["山东师范大学", "430000", "普通高等学校"]], national=True
            )
        )

        school = GraduationSchool.objects.get()
        assert (school.status, school.province.code) == (SchoolStatus.REJECTED, "430000")

    @pytest.mark.parametrize(
        ("row", "column", "message"),
        [
            (["山东师范大学", "", "普通高等学校"], "所在省份代码", "请填写学校所在省份代码（境外学校可以不填）。"),
            (["山东师范大学", "990000", "普通高等学校"], "所在省份代码", "没有这个省份代码。"),
            (["山东师范大学", "370000", "党校"], "办学类型", "“毕业学校办学类型”中没有这个值。"),
            (["123", "370000", "普通高等学校"], "学校名称", "学校名称要包含汉字或字母"),
        ],
    )
    def test_each_rule_has_its_message(self, world, school_types, row, column, message):
        batch = upload(world, "graduation_schools", [SCHOOL_HEADER, row], national=True)

        [(line, found_column, found)] = messages_of(batch)
        assert (line, found_column) == (2, column) and found.startswith(message), found


SUBJECT_HEADER = ["学科树", "代码", "名称", "上级代码", "资格种类代码", "学段代码", "历史名称"]


class TestSubjects:
    def test_a_tree_is_added_parents_first_and_groups_are_not_selectable(self, world):
        QualificationTypeFactory(code="2")
        TeachingStageFactory(code="2")
        body = [
            ["现任教学科", "X02", "小学", "", "", "2", ""],
            ["现任教学科", "X0201", "语文", "X02", "", "2", ""],
            ["证书任教学科", "B03", "外语", "", "2", "", "是"],
        ]

        batch = commit(upload(world, "subjects", [SUBJECT_HEADER, *body], national=True))

        group, leaf = Subject.objects.get(code="X02"), Subject.objects.get(code="X0201")
        assert batch.created_count == 3
        assert (leaf.parent, leaf.is_selectable, group.is_selectable) == (group, True, False)
        assert Subject.objects.get(tree=SubjectTree.CERTIFICATE).is_historic

    def test_the_same_file_again_is_unchanged(self, world):
        body = [["现任教学科", "X02", "小学", "", "", "", ""], ["现任教学科", "X0201", "语文", "X02", "", "", ""]]
        commit(upload(world, "subjects", [SUBJECT_HEADER, *body], national=True))

        again = commit(upload(world, "subjects", [SUBJECT_HEADER, *body], national=True))

        assert (again.unchanged_count, again.updated_count) == (2, 0)

    @pytest.mark.parametrize(
        ("row", "column", "message"),
        [
            (["现任教学科", "X0201", "语文", "X02", "", "", ""], "上级代码", "找不到上级代码。"),
            (["现任教学科", "X02", "小学", "X02", "", "", ""], "上级代码", "上级代码不能是本行自己的代码。"),
            (["现任教学科", "X02", "小学", "", "9", "", ""], "资格种类代码", "没有这个资格种类。"),
            (["现任教学科", "X02", "小学", "", "", "9", ""], "学段代码", "没有这个学段代码。"),
            (
                ["新学科树", "X02", "小学", "", "", "", ""],
                "学科树",
                "不是可选的值。可以填写：证书任教学科、现任教学科。",
            ),
        ],
    )
    def test_each_rule_has_its_message(self, world, row, column, message):
        batch = upload(world, "subjects", [SUBJECT_HEADER, row], national=True)

        [(line, found_column, found)] = messages_of(batch)
        assert (line, found_column) == (2, column) and found.startswith(message), found


class TestMajors:
    def test_a_catalogue_tree_is_added_and_a_parent_in_the_table_keeps_its_children(self, world):
        header = ["目录", "代码", "名称", "上级代码", "师范/教育类"]
        commit(upload(world, "majors", [header, ["普通高等学校本科专业目录", "05", "文学", "", ""]], national=True))

        batch = commit(
            upload(
                world,
                "majors",
                [
                    header,
                    ["undergraduate", "0501", "中国语言文学类", "05", ""],
                    ["undergraduate", "050101", "汉语言文学", "0501", "是"],
                ],
                national=True,
            )
        )

        leaf = Major.objects.get(code="050101")
        assert batch.created_count == 2
        assert (leaf.catalogue, leaf.parent.code, leaf.is_teaching_related, leaf.is_selectable) == (
            MajorCatalogue.UNDERGRADUATE,
            "0501",
            True,
            True,
        )
        assert not Major.objects.get(code="0501").is_selectable
        assert batch.status == BatchStatus.COMMITTED
