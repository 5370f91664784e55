"""Adding an older certificate by hand (issue 4 item 3; manual §3.1.2 step 2 教师资格证添加说明;
domain.md §5.1–5.3): the number, year and date rules, the 15/17-digit key, the register and
other accounts, and the photo rules (P13)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from teacherreg.audit.models import AuditEvent
from teacherreg.certificates.models import (
    Certificate,
    CertificatePhoto,
    CertificateSource,
    Conclusion,
    RegistrationRecord,
    VerificationState,
)
from teacherreg.certificates.services import manual_add
from teacherreg.certificates.services.manual_add import add_older_certificate
from teacherreg.certificates.services.manual_withdraw import withdraw_manual_certificate
from teacherreg.common.errors import DomainError
from teacherreg.documents.storage import private_storage
from tests.certificates.manual_world import add, scan
from tests.documents.images import jpeg, other_format, padded
from tests.factories import ApplicantFactory, CertificateFactory

pytestmark = pytest.mark.django_db

VALID = "20053701021000123"  # 2005, 山东 (37), agency 010, 小学 (2), digit 11 = 1, sequence 000123


@pytest.fixture
def teacher():
    return ApplicantFactory(name="薛明")


def refused(world, user, number: str = VALID, *, photo: bytes | None = None, extra=(), **overrides) -> dict:
    """{field: [codes]} of the refusal."""
    with pytest.raises(ValidationError) as caught:
        add_older_certificate(user, world.data(number, **overrides), scan() if photo is None else photo, extra)
    return {field: [e.code for e in errors] for field, errors in caught.value.error_dict.items()}


def private_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# ----------------------------------------------------------------------------------------
# What is stored


def test_it_stores_a_pending_hand_added_certificate_held_by_the_account(world, teacher, private_root):
    certificate = add(world, teacher)

    certificate.refresh_from_db()
    assert certificate.source == CertificateSource.MANUAL
    assert certificate.verification_state == VerificationState.PENDING
    assert certificate.holder == teacher and certificate.added_by == teacher
    # The holder is always the account's, never typed.
    assert certificate.holder_name == "薛明"
    assert certificate.holder_document_number == teacher.document_number
    assert certificate.holder_document_type == teacher.document_type
    assert (certificate.number, certificate.number_as_printed) == (VALID, VALID)
    assert certificate.city == world.jinan and certificate.province == world.shandong
    assert certificate.subject == world.chinese and certificate.subject_as_printed == "语文"
    # The agency's name as it was on the issue date (renamed in 2010).
    assert certificate.issuing_agency == world.lixia_office
    assert certificate.issuing_agency_name == "济南市历下区教育局"
    assert certificate.submitted_at is not None
    assert certificate.needs_manual_check
    event = AuditEvent.objects.get(action="certificate.manual_added")
    assert event.object_ref == str(certificate.pk) and event.actor == teacher


def test_the_photo_is_private_under_a_server_made_name_and_re_encoded(world, teacher, private_root):
    certificate = add_older_certificate(
        teacher, world.data(), SimpleUploadedFile("../../我的证书.jpg", jpeg((900, 640), comment=b"secret"))
    )
    name = certificate.scan.name
    assert name.startswith("certificate-scans/") and "证书" not in name and ".." not in name
    path = private_root / name
    assert path.is_file() and private_root in path.parents
    assert b"secret" not in path.read_bytes()
    with pytest.raises(NotImplementedError):
        private_storage.url(name)


def test_spaces_and_full_width_digits_are_accepted(world, teacher):
    certificate = add(world, teacher, "２００５ ３７０１ ０２１０ ００１２３")
    assert certificate.number == VALID and certificate.number_as_printed == VALID


def test_a_15_digit_number_is_stored_under_its_19_key(world, teacher):
    certificate = add(world, teacher, "983701021000123", issued_on=datetime.date(1998, 9, 1))
    assert certificate.number == "19983701021000123"
    assert certificate.number_as_printed == "983701021000123"


# ----------------------------------------------------------------------------------------
# The number (domain.md §5.1–5.3)


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("37010210001230", id="14-digits"),
        pytest.param("2005370102100012", id="16-digits"),
        pytest.param("200537010210001234", id="18-digits"),
        pytest.param("2005370102100012X", id="a-letter"),
        pytest.param("20053701O21000123", id="letter-O-for-zero"),
        pytest.param("2005-3701-021000123", id="dashes"),
        pytest.param("٢٠٠٥٣٧٠١٠٢١٠٠٠١٢٣", id="arabic-indic-digits"),
    ],
)
def test_a_number_that_is_not_15_or_17_digits_is_refused(world, teacher, number):
    errors = refused(world, teacher, number)
    assert errors["number"] == ["cert_number_bad_shape"]


def test_the_bad_shape_message_uses_the_official_terms(world, teacher):
    with pytest.raises(ValidationError) as caught:
        add(world, teacher, "2005370102100012")
    message = caught.value.error_dict["number"][0].message
    assert "教师资格证书号码不规范" in message and "15 位或 17 位" in message and "发证机关" in message


@pytest.mark.parametrize(
    ("number", "issued_on", "code"),
    [
        pytest.param("19953701021000123", datetime.date(1996, 1, 2), "cert_number_no_such", id="1995-17-digits"),
        pytest.param("953701021000123", datetime.date(1996, 1, 2), "cert_number_no_such", id="1995-15-digits"),
        pytest.param("20123701021000123", datetime.date(2011, 12, 1), "cert_number_no_such", id="2012"),
        pytest.param("20203701021000123", datetime.date(2011, 12, 1), "cert_number_no_such", id="2020"),
        pytest.param("20313701021000123", datetime.date(2011, 12, 1), "cert_number_future_year", id="future"),
        pytest.param("20083701021000123", datetime.date(2008, 3, 1), "cert_number_sync_years", id="2008-synced"),
        pytest.param("20113701021000123", datetime.date(2008, 3, 1), "cert_number_sync_years", id="2011-synced"),
        pytest.param("20124501021000123", datetime.date(2012, 1, 1), "cert_number_no_such", id="guangxi-2012"),
    ],
)
def test_years_outside_what_can_be_added_are_refused(world, teacher, number, issued_on, code):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)):
        errors = refused(world, teacher, number, issued_on=issued_on)
    assert errors["number"] == [code]


def test_the_no_such_message_names_the_year_and_says_to_ask_the_issuer(world, teacher):
    with pytest.raises(ValidationError) as caught:
        add(world, teacher, "19953701021000123")
    message = caught.value.error_dict["number"][0].message
    assert "无此教师资格" in message and "1995" in message and "发证机关确认" in message


def test_the_current_year_counts_as_future_only_once_it_has_passed(world, teacher):
    # On 31 December 2026 at 23:59:59 in Shanghai, 2027 is still the future.
    with time_machine.travel(datetime.datetime(2026, 12, 31, 15, 59, 59, tzinfo=datetime.UTC)):
        assert refused(world, teacher, "20273701021000123")["number"] == ["cert_number_future_year"]
        assert refused(world, teacher, "20263701021000123")["number"] == ["cert_number_no_such"]


def test_guangxi_certificates_from_before_2012_can_be_added(world, teacher):
    certificate = add_older_certificate(teacher, world.guangxi_data("20114501021000007"), scan())
    assert certificate.verification_state == VerificationState.PENDING
    assert certificate.province == world.guangxi


def test_the_earliest_year_can_be_added(world, teacher):
    certificate = add(world, teacher, "963701021000001", issued_on=datetime.date(1996, 1, 1))
    assert certificate.number == "19963701021000001"


@pytest.mark.parametrize("digit", ["0", "8", "9"])
def test_digit_10_must_be_a_qualification_type_code(world, teacher, digit):
    number = VALID[:9] + digit + VALID[10:]
    assert refused(world, teacher, number)["number"] == ["cert_number_type_digit"]


def test_a_higher_education_certificate_is_not_for_school_registration(world, teacher):
    number = VALID[:9] + "7" + VALID[10:]
    assert refused(world, teacher, number, qualification_type=world.higher)["number"] == [
        "cert_number_higher_education"
    ]


@pytest.mark.parametrize("digit", ["0", "1", "2", "5", "9"])
def test_digit_11_is_never_checked(world, teacher, digit):
    number = VALID[:10] + digit + VALID[11:]
    assert add(world, teacher, number).number == number


def test_the_type_chosen_must_match_digit_10(world, teacher):
    errors = refused(world, teacher, qualification_type=world.senior, subject=world.senior_maths)
    assert errors["qualification_type"] == ["cert_type_mismatch"]


def test_the_province_chosen_must_match_digits_5_and_6(world, teacher):
    errors = refused(world, teacher, province=world.guangxi, city=world.nanning, agency=world.xingning_office)
    assert errors["province"] == ["cert_province_mismatch"]


def test_every_broken_rule_is_reported_at_once(world, teacher):
    errors = refused(
        world,
        teacher,
        issued_on=datetime.date(2009, 1, 1),
        qualification_type=world.senior,
        subject=world.chinese,
        photo=other_format("PNG"),
    )
    assert set(errors) == {"issued_on", "qualification_type", "subject", "agency", "scan"}


# ----------------------------------------------------------------------------------------
# The issue date (domain.md §5.3)


@pytest.mark.parametrize(
    ("number", "issued_on", "code"),
    [
        pytest.param("963701021000001", datetime.date(1995, 12, 31), "cert_issued_out_of_range", id="before-1996"),
        pytest.param(
            "20114501021000007", datetime.date(2012, 1, 2), "cert_issued_out_of_range", id="guangxi-after-2012-01-01"
        ),
        pytest.param(
            VALID[:3] + "7" + VALID[4:], datetime.date(2008, 8, 2), "cert_issued_after_sync_start", id="2008-08-02"
        ),
        pytest.param(VALID, datetime.date(2003, 7, 1), "cert_issued_year_mismatch", id="before-the-number-year"),
        pytest.param(VALID, datetime.date(2007, 1, 5), "cert_issued_year_mismatch", id="two-years-after"),
    ],
)
def test_issue_dates_out_of_bounds_are_refused(world, teacher, number, issued_on, code):
    data = world.guangxi_data(number, issued_on=issued_on) if number[4:6] == "45" else None
    if data is not None:
        with pytest.raises(ValidationError) as caught:
            add_older_certificate(teacher, data, scan())
        errors = {field: [e.code for e in errs] for field, errs in caught.value.error_dict.items()}
    else:
        errors = refused(world, teacher, number, issued_on=issued_on)
    assert errors["issued_on"] == [code]


def test_the_last_days_of_the_bounds_are_accepted(world, teacher):
    # Outside 广西 a 2007 certificate issued on 2008-08-01; in 广西 a 2011 one on 2012-01-01.
    outside = add(world, teacher, "20073701021000001", issued_on=datetime.date(2008, 8, 1))
    assert outside.issued_on == datetime.date(2008, 8, 1)
    other = ApplicantFactory()
    inside = add_older_certificate(
        other, world.guangxi_data("20114501021000008", issued_on=datetime.date(2012, 1, 1)), scan()
    )
    assert inside.issued_on == datetime.date(2012, 1, 1)


def test_a_certificate_issued_early_in_the_following_year_is_accepted(world, teacher):
    assert add(world, teacher, issued_on=datetime.date(2006, 1, 10)).issued_on == datetime.date(2006, 1, 10)


# ----------------------------------------------------------------------------------------
# One certificate, one holder (P14 key)


def test_the_15_digit_number_and_its_19_form_are_the_same_certificate(world, teacher):
    add(world, teacher, "19983701021000123", issued_on=datetime.date(1998, 9, 1))

    errors = refused(world, teacher, "983701021000123", issued_on=datetime.date(1998, 9, 1))
    assert errors["number"] == ["cert_already_yours"]
    other = ApplicantFactory()
    errors = refused(world, other, "983701021000123", issued_on=datetime.date(1998, 9, 1))
    assert errors["number"] == ["cert_added_by_other"]
    assert Certificate.objects.filter(number="19983701021000123").count() == 1


def test_a_number_added_by_another_account_is_refused_without_naming_it(world, teacher):
    add(world, ApplicantFactory(name="王芳"), VALID)
    with pytest.raises(ValidationError) as caught:
        add(world, teacher, VALID)
    error = caught.value.error_dict["number"][0]
    assert error.code == "cert_added_by_other"
    assert "其他账号" in error.message and "王" not in error.message


def test_a_number_in_the_register_cannot_be_added_by_hand(world, teacher):
    # Certified 2005, first registration done: the register lists it (for its holder).
    listed = CertificateFactory(
        number_as_printed=VALID,
        holder=None,
        holder_name="薛明",
        holder_document_number=teacher.document_number,
        issued_on=datetime.date(2005, 7, 1),
        province=world.shandong,
    )
    RegistrationRecord.objects.create(
        certificate=listed, conclusion=Conclusion.QUALIFIED, decided_on=datetime.date(2012, 5, 1)
    )
    with pytest.raises(ValidationError) as caught:
        add(world, teacher, VALID)
    error = caught.value.error_dict["number"][0]
    assert error.code == "cert_in_register"
    assert "全国教师资格管理信息系统" in error.message and "为什么不在这里" in error.message
    listed.refresh_from_db()
    assert listed.source == CertificateSource.SYNCED


def test_an_old_register_record_of_someone_else_is_refused_like_the_register(world, teacher):
    someone = ApplicantFactory()
    CertificateFactory(
        number_as_printed=VALID,
        holder=None,
        holder_name=someone.name,
        holder_document_number=someone.document_number,
        issued_on=datetime.date(2005, 7, 1),
        province=world.shandong,
    )
    assert refused(world, teacher)["number"] == ["cert_in_register"]


def test_its_holder_takes_over_an_old_register_record_the_register_does_not_list(world, teacher):
    # Before 2008 and no first registration: the register holds it but lists it to nobody, and
    # the manual tells the holder to add it by hand (the diagnosis helper says the same).
    record = CertificateFactory(
        number_as_printed=VALID,
        holder=None,
        holder_name="薛明",
        holder_document_number=teacher.document_number,
        issued_on=datetime.date(2005, 6, 1),
        province=world.shandong,
    )
    certificate = add(world, teacher)

    assert certificate.pk == record.pk
    assert certificate.source == CertificateSource.MANUAL and certificate.from_register
    assert certificate.verification_state == VerificationState.PENDING
    assert certificate.holder == teacher and certificate.issued_on == datetime.date(2005, 7, 1)
    assert Certificate.objects.count() == 1
    # The register's record is never deleted by the holder.
    with pytest.raises(DomainError) as caught:
        withdraw_manual_certificate(teacher, certificate)
    assert caught.value.code == "cert_withdraw_register"


def test_two_accounts_at_once_one_is_told_another_account_added_it(world, teacher, monkeypatch, private_root):
    first = add(world, ApplicantFactory(), VALID)
    # The second request checked before the first one saved: only the unique number stops it.
    monkeypatch.setattr(manual_add, "_existing_refusal", lambda number, user, ignore: (None, None))
    errors = refused(world, teacher)
    assert errors["number"] == ["cert_added_by_other"]
    # Its photo was written before the database refused, and removed again.
    assert [p.name for p in private_files(private_root)] == [first.scan.name.split("/")[-1]]


# ----------------------------------------------------------------------------------------
# Choices


def test_the_city_must_be_in_the_province(world, teacher):
    assert refused(world, teacher, city=world.nanning)["city"] == ["cert_city_not_in_province"]


def test_the_subject_must_belong_to_the_type(world, teacher):
    assert refused(world, teacher, subject=world.senior_maths)["subject"] == ["cert_subject_not_offered"]


def test_a_historic_subject_name_can_be_chosen(world, teacher):
    assert add(world, teacher, subject=world.foreign).subject_as_printed == "外语"


@pytest.mark.parametrize(
    "agency",
    [
        pytest.param("jinan_office", id="city-level-for-a-county-type"),
        pytest.param("shinan_office", id="county-of-another-city"),
        pytest.param("old_county_office", id="annulled-before-the-issue-date"),
        pytest.param("haidian_office", id="another-province"),
    ],
)
def test_an_agency_that_cannot_have_issued_it_is_refused(world, teacher, agency):
    assert refused(world, teacher, agency=getattr(world, agency))["agency"] == ["cert_agency_not_offered"]


# ----------------------------------------------------------------------------------------
# Photos (P13)


def test_a_png_renamed_to_jpg_is_refused(world, teacher, private_root):
    photo = SimpleUploadedFile("证书.jpg", other_format("PNG", (800, 600)), content_type="image/jpeg")
    assert refused(world, teacher, photo=photo)["scan"] == ["upload_not_jpeg"]
    assert private_files(private_root) == [] and not Certificate.objects.exists()


def test_a_scan_of_194561_bytes_is_refused(world, teacher):
    assert refused(world, teacher, photo=padded(jpeg(), 194_561))["scan"] == ["upload_too_large"]


def test_a_scan_of_exactly_194560_bytes_is_accepted(world, teacher, private_root):
    certificate = add_older_certificate(teacher, world.data(), padded(jpeg(), 194_560))
    assert (private_root / certificate.scan.name).stat().st_size <= 194_560


def test_the_certificate_photo_is_required(world, teacher):
    with pytest.raises(ValidationError) as caught:
        add_older_certificate(teacher, world.data(), None)
    assert [e.code for e in caught.value.error_dict["scan"]] == ["cert_scan_required"]


def test_up_to_three_extra_photos_are_kept_in_order(world, teacher, private_root):
    extras = [jpeg((500, 300 + i)) for i in range(3)]
    certificate = add_older_certificate(teacher, world.data(), scan(), extras)
    photos = list(certificate.photos.order_by("position"))
    assert [p.position for p in photos] == [1, 2, 3]
    assert all((private_root / p.image.name).is_file() for p in photos)


def test_a_fourth_extra_photo_is_refused(world, teacher):
    errors = refused(world, teacher, extra=[jpeg()] * 4)
    assert errors["extra_photos"] == ["cert_too_many_photos"]


def test_a_bad_extra_photo_is_named_by_its_place(world, teacher):
    with pytest.raises(ValidationError) as caught:
        add_older_certificate(teacher, world.data(), scan(), [jpeg(), other_format("GIF")])
    error = caught.value.error_dict["extra_photos"][0]
    assert error.code == "cert_extra_photo_bad" and error.message.startswith("第 2 张补充照片")
    assert not CertificatePhoto.objects.exists()


def test_files_written_are_removed_when_the_save_fails(world, teacher, monkeypatch, private_root):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(manual_add.audit, "record", broken)
    with pytest.raises(RuntimeError):
        add_older_certificate(teacher, world.data(), scan(), [jpeg()])
    assert private_files(private_root) == []
    assert not Certificate.objects.exists()
