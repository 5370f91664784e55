"""factory_boy factories for the whole domain. Reference rows are made here, never taken
from ``load_reference`` (testing.md: no test assumes it ran)."""

from __future__ import annotations

import datetime
import uuid

import factory
from django.utils import timezone

from teacherreg.accounts.models import DocumentType, Sex, StaffMembership, User, UserKind
from teacherreg.certificates.models import Certificate, CertificateSource
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.reference.models import CodeItem, QualificationType, Region, RegionLevel, TeachingStage
from teacherreg.registration.models import (
    AgencyBatch,
    Application,
    ApplicationWindow,
    ConfirmationArrangement,
    ProvincialPlan,
    RegistrationKind,
)
from teacherreg.registration.workflow import Status
from tests.idnumbers import make_id_number

# One hash for every factory user: the test hasher is fast, but not hashing at all is faster.
PASSWORD = "correct-horse-battery"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "110000"
    name = "北京市"
    level = RegionLevel.PROVINCE
    is_municipality = True


class CodeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CodeItem
        django_get_or_create = ("kind", "code")

    kind = "ethnic_group"
    code = "01"
    name = "汉族"


class TeachingStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingStage
        django_get_or_create = ("code",)

    code = "2"
    name = "小学"
    sort_order = 2


class QualificationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualificationType
        django_get_or_create = ("code",)

    code = "2"
    name = "小学教师资格"
    certifying_level = "county"
    stage = factory.SubFactory(TeachingStageFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    level = OrgLevel.COUNTY
    name = factory.Sequence(lambda n: f"第{n}区教育委员会")
    region = factory.SubFactory(RegionFactory)


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    kind = UserKind.APPLICANT
    document_type = DocumentType.ID_CARD
    document_number = factory.Sequence(lambda n: make_id_number(n))
    name = factory.Sequence(lambda n: f"张{'一二三四五六七八九'[n % 9]}")
    sex = Sex.FEMALE
    birth_date = datetime.date(1986, 6, 12)
    phone = factory.Sequence(lambda n: f"136{n:08d}")
    password = factory.django.Password(PASSWORD)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    kind = UserKind.STAFF
    username = factory.Sequence(lambda n: f"staff{n}")
    name = factory.Sequence(lambda n: f"工作人员{n}")
    is_staff = True
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMembership

    user = factory.SubFactory(StaffFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "county_reviewer"


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    number_as_printed = factory.Sequence(lambda n: f"20151100{2}1{n:06d}"[:17].ljust(17, "0"))
    holder = factory.SubFactory(ApplicantFactory)
    holder_name = factory.LazyAttribute(lambda o: o.holder.name)
    holder_document_type = DocumentType.ID_CARD
    holder_document_number = factory.LazyAttribute(lambda o: o.holder.document_number)
    qualification_type = factory.SubFactory(QualificationTypeFactory)
    issued_on = datetime.date(2015, 7, 1)
    province = factory.SubFactory(RegionFactory)
    source = CertificateSource.SYNCED


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProvincialPlan
        django_get_or_create = ("province", "year")

    province = factory.SubFactory(OrganisationFactory, level=OrgLevel.PROVINCE, name="北京市教育委员会")
    year = 2026
    status = "published"
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2026, 12, 31)


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyBatch

    plan = factory.SubFactory(PlanFactory)
    agency = factory.SubFactory(OrganisationFactory)
    takes_part = True
    is_open = True


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationWindow

    batch = factory.SubFactory(BatchFactory)
    starts_on = datetime.date(2026, 10, 8)
    ends_on = datetime.date(2026, 10, 23)


class ArrangementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfirmationArrangement

    window = factory.SubFactory(WindowFactory)
    point = factory.SubFactory(OrganisationFactory, level=OrgLevel.CONFIRMATION_POINT, name="第一确认点")
    confirm_from = datetime.date(2026, 10, 8)
    confirm_until = datetime.date(2026, 10, 30)
    is_published = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    arrangement = factory.SubFactory(ArrangementFactory)
    window = factory.LazyAttribute(lambda o: o.arrangement.window)
    agency = factory.LazyAttribute(lambda o: o.arrangement.window.batch.agency)
    confirmation_point = factory.LazyAttribute(lambda o: o.arrangement.point)
    registration_year = factory.LazyAttribute(lambda o: o.arrangement.window.batch.plan.year)
    number = factory.Sequence(lambda n: f"2026110101{n:05d}")
    applicant = factory.SubFactory(ApplicantFactory)
    certificate = factory.SubFactory(CertificateFactory, holder=factory.SelfAttribute("..applicant"))
    certificate_key = factory.LazyAttribute(lambda o: o.certificate.number)
    status = Status.SUBMITTED
    idempotency_key = factory.LazyFunction(uuid.uuid4)
    registration_kind = RegistrationKind.PERIODIC
    submitted_at = factory.LazyFunction(timezone.now)
    status_changed_at = factory.LazyFunction(timezone.now)
    name = factory.LazyAttribute(lambda o: o.applicant.name)
    document_type = DocumentType.ID_CARD
    document_number = factory.LazyAttribute(lambda o: o.applicant.document_number)
    sex = Sex.FEMALE
    birth_date = datetime.date(1986, 6, 12)
    household_registration = "北京市海淀区"
    postal_address = "北京市海淀区学院路1号"
    postcode = "100083"
    phone = factory.LazyAttribute(lambda o: o.applicant.phone)
    graduation_school_name = "北京师范大学"
    graduated_on = datetime.date(2008, 7, 1)
    current_school = "北京市海淀区实验小学"
    started_work_on = datetime.date(2008, 9, 1)
    employed_since = datetime.date(2008, 9, 1)
    current_stage = factory.SubFactory(TeachingStageFactory)


# --- personal-centre records (teacherreg.records) ------------------------------------------


class NationalMandarinFactory(factory.django.DjangoModelFactory):
    """A 普通话 certificate in the national records of ``person`` (an applicant)."""

    class Meta:
        model = "records.MandarinRecord"
        exclude = ("person",)

    person = factory.SubFactory(ApplicantFactory)
    source = "national"
    person_document_number = factory.LazyAttribute(lambda o: o.person.document_number)
    grade = factory.SubFactory(CodeItemFactory, kind="mandarin_grade", code="2A", name="二级甲等", sort_order=2)
    certificate_number = factory.Sequence(lambda n: f"4211{n:09d}")
    issued_on = datetime.date(2009, 5, 20)
    issuing_body = "北京市语言文字工作委员会"


class NationalEducationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "records.EducationRecord"
        exclude = ("person",)

    person = factory.SubFactory(ApplicantFactory)
    source = "national"
    person_document_number = factory.LazyAttribute(lambda o: o.person.document_number)
    education_level = factory.SubFactory(
        CodeItemFactory, kind="education_level", code="bachelor", name="大学本科", sort_order=1
    )
    school_name = "北京师范大学"
    major_name = "汉语言文学"
    graduated_on = datetime.date(2008, 7, 1)
    study_form = factory.SubFactory(CodeItemFactory, kind="study_form", code="full_time", name="普通全日制")
    certificate_number = factory.Sequence(lambda n: f"10027120080{n:06d}")


class NationalDegreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "records.DegreeRecord"
        exclude = ("person",)

    person = factory.SubFactory(ApplicantFactory)
    source = "national"
    person_document_number = factory.LazyAttribute(lambda o: o.person.document_number)
    degree = factory.SubFactory(CodeItemFactory, kind="degree", code="bachelor", name="学士", sort_order=2)
    school_name = "北京师范大学"
    major_name = "汉语言文学"
    awarded_on = datetime.date(2008, 7, 1)
    certificate_number = factory.Sequence(lambda n: f"1002742008{n:06d}")


class ExamResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "records.ExamResult"
        exclude = ("person",)

    person = factory.SubFactory(ApplicantFactory)
    source = "national"
    person_document_number = factory.LazyAttribute(lambda o: o.person.document_number)
    subject_name = "综合素质（小学）"
    exam_session = "2015年下半年"
    score = 98
    passed = True
    certificate_number = factory.Sequence(lambda n: f"151101{n:08d}")
    valid_until = datetime.date(2019, 3, 31)
