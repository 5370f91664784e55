"""Benchmark certificate holders: the national register's certificates and, for the teachers
who apply, their accounts (``bench_data``).

Identity numbers are valid GB 11643 numbers (:func:`teacherreg.common.idnumber.make`), unique
per holder: the holder's county, a birth date and a sequence number all follow from the row's
index, so no two rows share one and no demo or test person (other provinces) meets one.
Certificate numbers carry ``9`` as the first agency digit, which the demo never uses.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from teacherreg.accounts.models import DocumentType, IdentityStatus, Sex, User, UserKind
from teacherreg.certificates.models import Certificate, CertificateSource, VerificationState
from teacherreg.common import idnumber
from teacherreg.demo.bench_world import BenchWorld
from teacherreg.demo.bench_writer import Timings, insert
from teacherreg.demo.people import GIVEN, SURNAMES

FIRST_BIRTH = datetime.date(1966, 1, 1)
BIRTH_DAYS = 12_000  # birth dates from 1966 to about 1998
CHUNK = 20_000  # rows built in memory at a time


@dataclass(frozen=True)
class Holder:
    """What an application copies from its holder; kept small for a million rows."""

    user_id: int | None
    certificate_id: int
    certificate_number: str
    name: str
    document_number: str
    phone: str
    male: bool
    birth: datetime.date
    stage_id: int | None


def person(index: int, county_code: str, rng: random.Random) -> tuple[str, str, bool, datetime.date]:
    """(name, identity number, male, birth date) of holder ``index``."""
    birth = FIRST_BIRTH + datetime.timedelta(days=index % BIRTH_DAYS)
    sequence = index // BIRTH_DAYS  # < 1000 up to 12 million holders
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    number = idnumber.make(county_code, birth, sequence)
    return name, number, idnumber.is_male(number), birth


def certificate_number(index: int, year: int, province_code: str, qualification: str, male: bool) -> str:
    """17 digits (domain.md §5.1): year, province, agency (9xx: bench only), type, sex, sequence."""
    block, sequence = divmod(index, 1_000_000)
    return f"{year}{province_code[:2]}9{block:02d}{qualification}{1 if male else 2}{sequence:06d}"


def build_holders(
    world: BenchWorld, certificates: int, accounts: int, password_hash: str, timings: Timings, seed: int = 20261128
) -> list[Holder]:
    """``certificates`` register rows; the first ``accounts`` of them have an account (the
    teachers who apply), the rest are unclaimed, as most of the register is. Returns the
    holders with accounts, in index order."""
    rng = random.Random(seed)
    now = timezone.now()
    holders: list[Holder] = []
    slots = world.agencies
    for start in range(0, certificates, CHUNK):
        stop = min(start + CHUNK, certificates)
        people = []
        for index in range(start, stop):
            slot = slots[index % len(slots)]
            people.append((index, slot, *person(index, slot.region_code, rng)))
        users = {
            index: User(
                kind=UserKind.APPLICANT,
                document_type=DocumentType.ID_CARD,
                document_number=number,
                name=name,
                sex=Sex.MALE if male else Sex.FEMALE,
                birth_date=birth,
                phone=_phone(index),
                identity_status=IdentityStatus.VERIFIED,
                password=password_hash,
                date_joined=now - datetime.timedelta(days=index % 900),
            )
            for index, _slot, name, number, male, birth in people
            if index < accounts
        }
        insert(User, users.values(), timings)
        rows = []
        for index, slot, name, number, male, _birth in people:
            qualification = world.qualification_types[index % len(world.qualification_types)]
            year = 2008 + index % 14
            printed = certificate_number(index, year, world.province_region.code, qualification.code, male)
            rows.append(
                Certificate(
                    number=printed,
                    number_as_printed=printed,
                    holder=users.get(index),
                    holder_name=name,
                    holder_document_type=DocumentType.ID_CARD,
                    holder_document_number=number,
                    qualification_type=qualification,
                    subject_as_printed=("语文", "数学", "英语", "物理", "化学", "音乐", "体育")[index % 7],
                    issuing_agency=slot.agency,
                    issuing_agency_name=slot.agency.name,
                    issued_on=datetime.date(year, 6 + index % 3, 1 + index % 28),
                    province=world.province_region,
                    source=CertificateSource.SYNCED,
                    verification_state=VerificationState.VERIFIED,
                )
            )
        insert(Certificate, rows, timings)
        for (index, _slot, name, number, male, birth), cert in zip(people, rows, strict=True):
            if index < accounts:
                holders.append(
                    Holder(
                        user_id=users[index].pk,
                        certificate_id=cert.pk,
                        certificate_number=cert.number,
                        name=name,
                        document_number=number,
                        phone=_phone(index),
                        male=male,
                        birth=birth,
                        stage_id=cert.qualification_type.stage_id,
                    )
                )
    return holders


def _phone(index: int) -> str:
    return f"19{index % 10}{index:08d}"[-11:]
