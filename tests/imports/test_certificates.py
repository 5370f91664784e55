"""The certificate register, registration history and the 限制库 (teacherreg.certificates)."""

from __future__ import annotations

import datetime

import pytest

from teacherreg.certificates.models import (
    Certificate,
    CertificateSource,
    Conclusion,
    RegistrationRecord,
    Restriction,
    RestrictionKind,
)
from teacherreg.common.fields import index_for
from teacherreg.imports.models import BatchStatus
from tests.factories import ApplicantFactory, CertificateFactory, QualificationTypeFactory
from tests.imports.conftest import commit, messages_of, person, upload

NUMBER = "20153700121000001"  # 2015, 山东 (37), agency 001, 小学 (2), sequence 000001


@pytest.fixture
def primary(db):
    return QualificationTypeFactory(code="2", name="小学教师资格")


def register_row(**changes: str) -> list[str]:
    row = {
        "证书号码": NUMBER,
        "持证人姓名": "王小明",
        "证件类型": "",
        "证件号码": person(1),
        "资格种类": "小学教师资格",
        "任教学科": "语文",
        "认定机构": "济南市历下区教育局",
        "签发日期": "2015-07-01",
        "所属省份代码": "370000",
    }
    row.update(changes)
    return list(row.values())


REGISTER_HEADER = [
    "证书号码",
    "持证人姓名",
    "证件类型",
    "证件号码",
    "资格种类",
    "任教学科",
    "认定机构",
    "签发日期",
    "所属省份代码",
]


class TestRegister:
    def test_a_good_row_adds_a_register_certificate(self, world, primary):
        batch = commit(upload(world, "certificates", [REGISTER_HEADER, register_row()], national=True))

        certificate = Certificate.objects.get()
        assert batch.created_count == 1
        assert (certificate.number, certificate.source, certificate.holder_id) == (
            NUMBER,
            CertificateSource.SYNCED,
            None,
        )
        assert certificate.holder_document_index == index_for("document_number", person(1))
        assert (certificate.qualification_type, certificate.province.code) == (primary, "370000")
        assert (certificate.subject_as_printed, certificate.issuing_agency_name) == ("语文", "济南市历下区教育局")

    def test_a_15_digit_number_is_the_same_certificate_as_19_and_it(self, world, primary):
        old = "153700121000001"
        commit(
            upload(
                world,
                "certificates",
                [REGISTER_HEADER, register_row(证书号码=old, 签发日期="2015-07-01")],
                national=True,
            )
        )
        again = commit(
            upload(
                world,
                "certificates",
                [REGISTER_HEADER, register_row(证书号码="19" + old, 签发日期="2015-07-01")],
                national=True,
            )
        )

        assert Certificate.objects.get().number == "19" + old
        assert again.updated_count == 1  # only the printed form changed

    def test_a_changed_agency_name_updates_and_the_same_file_is_unchanged(self, world, primary):
        commit(upload(world, "certificates", [REGISTER_HEADER, register_row()], national=True))

        changed = commit(
            upload(world, "certificates", [REGISTER_HEADER, register_row(认定机构="历下区教育和体育局")], national=True)
        )
        same = commit(
            upload(world, "certificates", [REGISTER_HEADER, register_row(认定机构="历下区教育和体育局")], national=True)
        )

        assert (changed.updated_count, same.unchanged_count) == (1, 1)
        assert Certificate.objects.get().issuing_agency_name == "历下区教育和体育局"

    @pytest.mark.parametrize(
        ("changes", "column", "message"),
        [
            ({"资格种类": "初级中学教师资格"}, "资格种类", "没有这个资格种类。"),
            ({"资格种类": "幼儿园教师资格"}, "资格种类", "资格种类与证书号码第 10 位（2）不一致。"),
            ({"所属省份代码": "430000"}, "所属省份代码", "所属省份与证书号码第 5–6 位（37）不一致。"),
            ({"所属省份代码": "990000"}, "所属省份代码", "没有这个省份代码。"),
            ({"签发日期": "2014-12-31"}, "签发日期", "签发日期早于证书号码中的认定年度（2015 年）。"),
            ({"证件号码": "12345"}, "证件号码", "证件号码有误：证件号码应为 18 位"),
            ({"证件类型": "护照", "证件号码": "E1"}, "证件号码", "证件号码有误：证件号码格式不正确"),
            ({"持证人姓名": "Wang"}, "持证人姓名", "姓名有误："),
            ({"证件类型": "军官证"}, "证件类型", "不是可选的值。"),
            ({"证书号码": "2015370012100000"}, "证书号码", "证书号码应为 17 位数字（早期证书为 15 位）。"),
        ],
    )
    def test_each_rule_has_its_message(self, world, primary, changes, column, message):
        QualificationTypeFactory(code="1", name="幼儿园教师资格")

        batch = upload(world, "certificates", [REGISTER_HEADER, register_row(**changes)], national=True)

        [(line, found_column, found)] = messages_of(batch)
        assert (line, found_column) == (2, column) and found.startswith(message), found

    def test_a_hand_added_certificate_is_not_overwritten(self, world, primary):
        CertificateFactory(number_as_printed=NUMBER, source=CertificateSource.MANUAL, qualification_type=primary)

        batch = upload(world, "certificates", [REGISTER_HEADER, register_row()], national=True)

        assert messages_of(batch) == [
            (2, "证书号码", "这张证书是申请人手动添加的，不能用证书库数据覆盖。请在证书核验中处理。")
        ]

    def test_the_holder_of_an_attached_certificate_is_not_changed(self, world, primary):
        commit(upload(world, "certificates", [REGISTER_HEADER, register_row()], national=True))
        Certificate.objects.update(holder=ApplicantFactory(document_number=person(1), name="王小明"))

        renamed = upload(world, "certificates", [REGISTER_HEADER, register_row(持证人姓名="王晓明")], national=True)
        other_facts = commit(
            upload(world, "certificates", [REGISTER_HEADER, register_row(任教学科="数学")], national=True)
        )

        assert "已关联到持证人的账号" in messages_of(renamed)[0][2]
        assert other_facts.updated_count == 1
        assert Certificate.objects.get().holder_name == "王小明"


def certificate_of(world, primary, number: str = NUMBER, holder: str | None = None, province=None) -> Certificate:
    return CertificateFactory(
        number_as_printed=number,
        holder=None,
        holder_name="王小明",
        holder_document_number=holder or person(1),
        qualification_type=primary,
        province=province or world.province_region,
    )


HISTORY_HEADER = ["证书号码", "注册结论", "结论日期", "有效期起", "有效期至", "第几次注册", "首次注册"]


class TestRegistrationHistory:
    def test_a_qualified_record_with_its_validity_is_added(self, world, primary):
        certificate = certificate_of(world, primary)

        batch = commit(
            upload(
                world,
                "registration_history",
                [HISTORY_HEADER, [NUMBER, "注册合格", "2021-12-20", "", "2026-12-19", "1", "是"]],
            )
        )

        record = RegistrationRecord.objects.get()
        assert batch.created_count == 1
        assert (record.certificate, record.conclusion, record.valid_from, record.valid_until, record.ordinal) == (
            certificate,
            Conclusion.QUALIFIED,
            datetime.date(2021, 12, 20),
            datetime.date(2026, 12, 19),
            1,
        )
        assert record.is_first_registration

    def test_another_provinces_certificate_is_as_unknown_as_a_missing_one(self, world, primary):
        certificate_of(world, primary, number="20154300121000001", province=world.other_region)

        batch = upload(
            world,
            "registration_history",
            [
                HISTORY_HEADER,
                ["20154300121000001", "暂缓注册", "2021-12-20", "", "", "", ""],
                [NUMBER, "合格", "2021-12-20", "", "", "", ""],
            ],
        )

        expected = "本省的教师资格证书中没有这个证书号码。请核对号码，或确认证书是否由本省认定。"
        assert messages_of(batch) == [(2, "证书号码", expected), (3, "证书号码", expected)]

    @pytest.mark.parametrize(
        ("cells", "column", "message"),
        [
            (["注册合格", "2021-12-20", "2021-12-20", "2021-12-19", "", ""], "有效期至", "有效期至不能早于有效期起。"),
            (["暂缓注册", "2021-12-20", "", "2026-12-19", "", ""], "有效期至", "只有“注册合格”的记录填写这一列"),
            (["注册不合格", "2021-12-20", "", "", "1", ""], "第几次注册", "只有“注册合格”的记录填写这一列"),
            (["注销", "2021-12-20", "", "", "", ""], "注册结论", "不是可选的值。"),
            (["撤销注册", "2021-12-20", "", "", "", "也许"], "首次注册", "请填写“是”或“否”。"),
        ],
    )
    def test_each_rule_has_its_message(self, world, primary, cells, column, message):
        certificate_of(world, primary)

        batch = upload(world, "registration_history", [HISTORY_HEADER, [NUMBER, *cells]])

        [(line, found_column, found)] = messages_of(batch)
        assert (line, found_column) == (2, column) and found.startswith(message), found

    def test_a_record_this_system_decided_is_not_overwritten(self, world, primary):
        certificate = certificate_of(world, primary)
        RegistrationRecord.objects.create(
            certificate=certificate,
            conclusion=Conclusion.QUALIFIED,
            decided_on=datetime.date(2021, 12, 20),
            valid_from=datetime.date(2021, 12, 20),
            valid_until=datetime.date(2026, 12, 19),
            ordinal=1,
        )

        batch = upload(
            world, "registration_history", [HISTORY_HEADER, [NUMBER, "暂缓注册", "2021-12-20", "", "", "", ""]]
        )

        assert "不是本省导入的" in messages_of(batch)[0][2]
        assert RegistrationRecord.objects.get().conclusion == Conclusion.QUALIFIED


RESTRICTION_HEADER = ["证件号码", "限制类型", "证书号码", "生效日期", "截止日期", "已解除", "说明"]


class TestRestrictions:
    def test_a_person_wide_restriction_gets_its_official_duration(self, world):
        batch = commit(
            upload(world, "restrictions", [RESTRICTION_HEADER, [person(1), "考试作弊", "", "2024-03-01", "", "", ""]])
        )
        again = commit(
            upload(world, "restrictions", [RESTRICTION_HEADER, [person(1), "考试作弊", "", "2024-03-01", "", "", ""]])
        )

        restriction = Restriction.objects.get()
        assert (batch.created_count, again.unchanged_count) == (1, 1)
        assert (restriction.kind, restriction.certificate, restriction.ends_on) == (
            RestrictionKind.EXAM_CHEATING,
            None,
            datetime.date(2027, 3, 1),
        )
        assert restriction.holder_document_index == index_for("document_number", person(1))

    def test_a_restriction_on_one_certificate_of_the_province_and_its_lifting(self, world, primary):
        certificate = certificate_of(world, primary)
        row = [person(1), "撤销教师资格（弄虚作假、骗取教师资格）", NUMBER, "2023-01-10", "", "", "经复查"]
        commit(upload(world, "restrictions", [RESTRICTION_HEADER, row]))

        lifted = commit(upload(world, "restrictions", [RESTRICTION_HEADER, [*row[:5], "是", "经复查"]]))

        restriction = Restriction.objects.get()
        assert lifted.updated_count == 1
        assert (restriction.certificate, restriction.is_lifted, restriction.ends_on) == (
            certificate,
            True,
            datetime.date(2028, 1, 10),
        )

    def test_a_life_long_restriction_has_no_end(self, world):
        commit(
            upload(
                world, "restrictions", [RESTRICTION_HEADER, [person(1), "丧失教师资格", "", "2024-03-01", "", "", ""]]
            )
        )

        assert Restriction.objects.get().ends_on is None

    @pytest.mark.parametrize(
        ("cells", "column", "message"),
        [
            (
                ["考试作弊", NUMBER, "2024-03-01", "", "", ""],
                "证书号码",
                "这张证书的持证人证件号码与本行的证件号码不一致。",
            ),
            (["考试作弊", "", "2024-03-01", "2024-03-01", "", ""], "截止日期", "截止日期应晚于生效日期。"),
            (["暂停", "", "2024-03-01", "", "", ""], "限制类型", "不是可选的值。"),
            (["考试作弊", "", "", "", "", ""], "生效日期", "必填，不能为空。"),
        ],
    )
    def test_each_rule_has_its_message(self, world, primary, cells, column, message):
        certificate_of(world, primary, holder=person(2))

        batch = upload(world, "restrictions", [RESTRICTION_HEADER, [person(1), *cells]])

        [(line, found_column, found)] = messages_of(batch)
        assert (line, found_column) == (2, column) and found.startswith(message), found
        assert batch.status == BatchStatus.HAS_PROBLEMS
