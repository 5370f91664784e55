"""The demo's teachers: accounts, certificates, registration history, teacher records and
restrictions, generated from a fixed seed so every load gives the same people."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from teacherreg.accounts.models import DocumentType, IdentityStatus, Sex, User, UserKind
from teacherreg.certificates.models import (
    Certificate,
    CertificateSource,
    Conclusion,
    RegistrationRecord,
    Restriction,
    RestrictionKind,
    VerificationState,
)
from teacherreg.common import idnumber
from teacherreg.common.dates import add_years
from teacherreg.demo.organisations import DemoOrganisations
from teacherreg.organisations.models import Organisation
from teacherreg.profiles.models import (
    AnnualAssessment,
    AssessmentGrade,
    EthicsAssessment,
    EthicsResult,
    ProbationAssessment,
    TeachingSuspension,
    TrainingLevel,
    TrainingRecord,
)
from teacherreg.reference.models import CodeItem, QualificationType, Subject, SubjectTree

APPLICANT_COUNT = 200
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鑫浩宇轩睿博文涵欣怡梓萱子墨诗雨晨曦"
# Names that exercise P5: CJK Extension A/B characters and the middle dot of minority names.
SPECIAL_NAMES = (
    ("王𠈌", "01"),  # U+2020C, Extension B
    ("李䶮", "01"),  # U+4DAE, Extension A
    ("陈𬱖", "01"),  # U+2CC56, Extension E
    ("赵堃", "01"),
    ("买买提·艾力", "05"),
    ("阿依古丽·吐尔逊", "05"),
    ("巴特尔", "02"),
    ("扎西卓玛", "04"),
)
# Demo counties where teachers live and teach.
HOME_COUNTIES = ("110108", "110105", "110101", "370102", "370103", "370202", "370211")


@dataclass
class DemoPerson:
    user: User
    county: str
    certificate: Certificate
    extra_certificates: list[Certificate] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def _codes(kind: str) -> list[CodeItem]:
    return list(CodeItem.objects.filter(kind=kind, is_active=True, is_selectable=True).order_by("sort_order", "code"))


def _id_number(rng: random.Random, county: str, birth: datetime.date, male: bool, want_x: bool, used: set[str]) -> str:
    while True:
        sequence = rng.randrange(0, 999)
        if (sequence % 2 == 1) != male:
            continue
        number = idnumber.make(county, birth, sequence)
        if number in used or number.endswith("X") != want_x:
            continue
        used.add(number)
        return number


def build_people(orgs: DemoOrganisations, today: datetime.date, password_hash: str) -> list[DemoPerson]:
    rng = random.Random(20261128)
    ethnic = {c.code: c for c in _codes("ethnic_group")}
    qual_types = {q.code: q for q in QualificationType.objects.all()}
    used: set[str] = set()
    people: list[DemoPerson] = []
    users: list[User] = []
    for i in range(APPLICANT_COUNT):
        county = HOME_COUNTIES[i % len(HOME_COUNTIES)]
        male = rng.random() < 0.3
        birth = datetime.date(rng.randint(1966, 1999), rng.randint(1, 12), rng.randint(1, 28))
        number = _id_number(rng, county, birth, male, want_x=(i % 12 == 5), used=used)
        if 1 <= i <= len(SPECIAL_NAMES):
            name, ethnic_code = SPECIAL_NAMES[i - 1]
        else:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            ethnic_code = "01" if rng.random() < 0.9 else rng.choice(("03", "11", "08", "06"))
        if i == 0:
            name, ethnic_code = "薛明", "01"  # the applicant printed by `make run`
        legacy = i in (1, 2)  # P7: two accounts from before 2019-03-01
        identity = IdentityStatus.VERIFIED
        if i % 17 == 3:
            identity = IdentityStatus.UNVERIFIED
        elif i == 11:
            identity = IdentityStatus.MANUAL_REVIEW
        users.append(
            User(
                kind=UserKind.APPLICANT,
                document_type=DocumentType.ID_CARD,
                document_number=number,
                name=name,
                ethnic_group=ethnic.get(ethnic_code),
                sex=Sex.MALE if male else Sex.FEMALE,
                birth_date=birth,
                phone=f"139{i:04d}{rng.randrange(0, 10000):04d}",
                email=f"teacher{i:03d}@demo.example.cn",
                identity_status=identity,
                is_legacy=legacy,
                date_joined=(
                    timezone.make_aware(datetime.datetime(2017, 5, 4, 9, 30))
                    if legacy
                    else timezone.now() - datetime.timedelta(days=rng.randint(30, 900))
                ),
                password=password_hash,
            )
        )
    for i, user in enumerate(User.objects.bulk_create(users)):
        county = HOME_COUNTIES[i % len(HOME_COUNTIES)]
        certificate = _certificate(rng, i, user, county, orgs, qual_types)
        person = DemoPerson(user=user, county=county, certificate=certificate)
        if i % 25 == 7:  # some also hold a 高等学校 certificate, which cannot be registered
            person.extra_certificates.append(_certificate(rng, i, user, county, orgs, qual_types, qual="7"))
        people.append(person)
    _history(rng, people, today, orgs)
    _records(rng, people, today)
    _restrictions(people, today)
    return people


def _qualification_for(i: int) -> str:
    cycle = "1222233334456"
    return cycle[i % len(cycle)]


def _issuer(orgs: DemoOrganisations, county: str, level: str) -> Organisation:
    agency = orgs.agencies[county]
    if level == "county":
        return agency
    if level == "city":  # in a 直辖市 the county's parent is the province itself
        return agency.parent
    return agency.province() or agency


def _certificate(
    rng: random.Random,
    i: int,
    user: User,
    county: str,
    orgs: DemoOrganisations,
    qual_types: dict[str, QualificationType],
    qual: str | None = None,
) -> Certificate:
    qual = qual or _qualification_for(i)
    qtype = qual_types[qual]
    issuer = _issuer(orgs, county, qtype.certifying_level)
    # Most certificates are 2008 or later and synced; some older ones exist (domain.md §5.3).
    old = i % 20 in (4, 9) and qual != "7"
    year = rng.randint(1998, 2007) if old else rng.randint(2008, 2021)
    issued = datetime.date(year, rng.randint(5, 8), rng.randint(1, 28))
    sex_digit = "1" if user.sex == Sex.MALE else "2"
    agency_digits = f"{(int(issuer.region.code[2:4]) * 10 + 1) % 1000:03d}"
    sequence = f"{(i * 37 + (7 if qual == '7' else 0)) % 1_000_000:06d}"
    printed = f"{year}{county[:2]}{agency_digits}{qual}{sex_digit}{sequence}"
    if old and year < 2000:
        printed = printed[2:]  # a 15-digit number: two-digit year (domain.md §5.2)
    subjects = list(
        Subject.objects.filter(tree=SubjectTree.CERTIFICATE, qualification_type=qtype, is_selectable=True).order_by(
            "sort_order", "code"
        )[:12]
    )
    subject = rng.choice(subjects) if subjects else None
    # Pre-2008 certificates with no first registration are added by hand and wait for review.
    manual = old and i % 40 == 9
    return Certificate.objects.create(
        number_as_printed=printed,
        holder=user,
        holder_name=user.name,
        holder_document_type=user.document_type,
        holder_document_number=user.document_number,
        qualification_type=qtype,
        subject=subject,
        subject_as_printed=subject.name if subject else "",
        issuing_agency=issuer,
        issuing_agency_name=issuer.name,
        issued_on=issued,
        province=orgs.provinces[county[:2] + "0000"].region,
        source=CertificateSource.MANUAL if manual else CertificateSource.SYNCED,
        verification_state=VerificationState.PENDING if manual else VerificationState.VERIFIED,
    )


def _history(rng: random.Random, people: list[DemoPerson], today: datetime.date, orgs: DemoOrganisations) -> None:
    """Earlier registrations: most teachers registered about five years ago; some recently
    (so P19 blocks them); some never (first registration)."""
    records = []
    for i, person in enumerate(people):
        cert = person.certificate
        agency = orgs.agencies[person.county]
        if i % 10 == 0 and i:
            person.flags.add("first_registration")
            continue
        if i % 23 == 4:
            decided = today - datetime.timedelta(days=rng.randint(200, 500))  # still valid for years
            person.flags.add("recently_registered")
        else:
            decided = add_years(today, -5) + datetime.timedelta(days=rng.randint(-60, 40))
        if cert.issued_on > decided:
            person.flags.add("first_registration")
            continue
        records.append(
            RegistrationRecord(
                certificate=cert,
                ordinal=1,
                is_first_registration=True,
                conclusion=Conclusion.QUALIFIED,
                decided_on=decided,
                valid_from=decided,
                valid_until=add_years(decided, 5) - datetime.timedelta(days=1),
                agency=agency,
            )
        )
        if i % 31 == 6:
            person.flags.add("revoked_recently")
            records.append(
                RegistrationRecord(
                    certificate=cert,
                    conclusion=Conclusion.REVOKED,
                    decided_on=decided + datetime.timedelta(days=400),
                    agency=agency,
                )
            )
    RegistrationRecord.objects.bulk_create(records)


def _records(rng: random.Random, people: list[DemoPerson], today: datetime.date) -> None:
    """Five years of assessments, training and ethics; some fall short on purpose."""
    assessments, trainings, ethics, suspensions, probations = [], [], [], [], []
    years = range(today.year - 5, today.year)
    for i, person in enumerate(people):
        number = person.user.document_number
        short_hours = i % 13 == 2
        one_fail = i % 19 == 8
        two_fails = i % 37 == 15
        ethics_fail = i % 53 == 21
        for year in years:
            grade = AssessmentGrade.EXCELLENT if rng.random() < 0.2 else AssessmentGrade.PASS
            if (one_fail and year == years[2]) or (two_fails and year in (years[1], years[2])):
                grade = AssessmentGrade.FAIL
            assessments.append(AnnualAssessment(person_document_number=number, year=year, grade=grade))
            ethics.append(
                EthicsAssessment(
                    person_document_number=number,
                    year=year,
                    result=EthicsResult.FAIL if ethics_fail and year == years[-1] else EthicsResult.PASS,
                )
            )
            for level, hours in (
                (TrainingLevel.PROVINCIAL, 40),
                (TrainingLevel.COUNTY, 24),
                (TrainingLevel.SCHOOL, 16),
            ):
                if short_hours and level != TrainingLevel.SCHOOL:
                    continue
                trainings.append(
                    TrainingRecord(
                        person_document_number=number,
                        year=year,
                        level=level,
                        hours=Decimal(hours + rng.randint(0, 8)),
                        title=f"{year}年度{level.label}教师培训",
                    )
                )
        for flag, cond in (("short_hours", short_hours), ("assessment_fail", one_fail), ("two_fails", two_fails)):
            if cond:
                person.flags.add(flag)
        if ethics_fail:
            person.flags.add("ethics_fail")
        if i % 41 == 12:
            person.flags.add("suspended")
            suspensions.append(
                TeachingSuspension(
                    person_document_number=number,
                    starts_on=datetime.date(today.year - 2, 3, 1),
                    ends_on=datetime.date(today.year - 1, 1, 31),
                    reason="因个人原因离岗",
                )
            )
        if "first_registration" in person.flags:
            probations.append(
                ProbationAssessment(
                    person_document_number=number,
                    assessed_on=today - datetime.timedelta(days=rng.randint(10, 50)),
                    passed=i % 30 != 20,
                )
            )
    AnnualAssessment.objects.bulk_create(assessments)
    EthicsAssessment.objects.bulk_create(ethics)
    TrainingRecord.objects.bulk_create(trainings)
    TeachingSuspension.objects.bulk_create(suspensions)
    ProbationAssessment.objects.bulk_create(probations)


def _restrictions(people: list[DemoPerson], today: datetime.date) -> None:
    plan = [
        (60, RestrictionKind.LOST, add_years(today, -8)),
        (61, RestrictionKind.REVOKED_CONDUCT, add_years(today, -2)),
        (62, RestrictionKind.EXAM_CHEATING, add_years(today, -1)),
        (63, RestrictionKind.REVOKED_FRAUD, add_years(today, -7)),  # over: no longer in force
    ]
    for index, kind, starts in plan:
        person = people[index]
        Restriction.objects.create(
            kind=kind,
            holder_document_number=person.user.document_number,
            certificate=person.certificate,
            starts_on=starts,
            note="演示数据",
        )
        person.flags.add("restricted" if index != 63 else "restriction_expired")
