"""P14: one live application per person and per certificate in a registration year,
enforced by the database."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from teacherreg.registration.workflow import Status
from tests.factories import ApplicantFactory, ApplicationFactory, CertificateFactory

pytestmark = pytest.mark.django_db


def test_a_second_live_application_for_the_same_certificate_and_year_is_refused():
    first = ApplicationFactory()
    other_person = ApplicantFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(
            applicant=other_person,
            certificate=first.certificate,
            arrangement=first.arrangement,
        )


def test_a_second_live_application_by_the_same_person_in_the_year_is_refused():
    first = ApplicationFactory()
    another_certificate = CertificateFactory(holder=first.applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(applicant=first.applicant, certificate=another_certificate, arrangement=first.arrangement)


@pytest.mark.parametrize("status", [Status.WITHDRAWN, Status.LAPSED])
def test_withdrawn_and_lapsed_applications_do_not_count(status):
    first = ApplicationFactory(status=status)
    again = ApplicationFactory(applicant=first.applicant, certificate=first.certificate, arrangement=first.arrangement)
    assert again.pk != first.pk


def test_the_15_and_17_digit_forms_of_a_certificate_number_are_one_key():
    old = CertificateFactory(number_as_printed="981100210000123")
    assert old.number == "19981100210000123"
    first = ApplicationFactory(certificate=old, applicant=old.holder)
    assert first.certificate_key == "19981100210000123"


def _race(saves: list) -> tuple[int, int]:
    """Run each callable in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(saves), timeout=30)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(save):
        try:
            barrier.wait()
            save()
            result = "ok"
        except IntegrityError:
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(s,)) for s in saves]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes.count("ok"), outcomes.count("refused")


@pytest.mark.concurrency
@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; PostgreSQL shows the race")
def test_ten_accounts_racing_with_one_certificate_give_exactly_one_application():
    template = ApplicationFactory()
    certificate, arrangement = template.certificate, template.arrangement
    template.status = Status.WITHDRAWN
    template.save(update_fields=["status"])
    people = ApplicantFactory.create_batch(10)
    pending = [
        ApplicationFactory.build(
            applicant=p, certificate=certificate, arrangement=arrangement, current_stage=template.current_stage
        )
        for p in people
    ]
    ok, refused = _race([app.save for app in pending])
    assert (ok, refused) == (1, 9)


@pytest.mark.concurrency
@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; PostgreSQL shows the race")
def test_one_person_racing_with_ten_certificates_gets_exactly_one_application():
    template = ApplicationFactory()
    person, arrangement = template.applicant, template.arrangement
    template.status = Status.WITHDRAWN
    template.save(update_fields=["status"])
    certificates = CertificateFactory.create_batch(10, holder=person)
    pending = [
        ApplicationFactory.build(
            applicant=person, certificate=c, arrangement=arrangement, current_stage=template.current_stage
        )
        for c in certificates
    ]
    ok, refused = _race([app.save for app in pending])
    assert (ok, refused) == (1, 9)
