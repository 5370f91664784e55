"""Issue 7: a page's query count does not grow with the rows it shows.

Each page is counted with one row and with several; the counts must be equal (a query per row
would show as a difference, whatever the absolute number is).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teacherreg.accounts.backends import APPLICANT_BACKEND
from teacherreg.registration.workflow import Status
from tests.factories import ApplicantFactory, ApplicationFactory, CertificateFactory

pytestmark = pytest.mark.django_db
BACKEND = APPLICANT_BACKEND


def _queries(client, url: str) -> int:
    client.get(url)  # the first request may fill per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _signed_in(client, user):
    client.force_login(user, backend=BACKEND)
    return client


@pytest.mark.parametrize(
    ("url_name", "status"),
    [("applicant:applications", Status.SUBMITTED), ("applicant:applications_history", Status.QUALIFIED)],
)
def test_the_application_lists(client, url_name, status):
    # One application per person and year: the rows are earlier years' (still moving ones stay
    # in the current list, finished ones go to the history).
    one = ApplicantFactory()
    ApplicationFactory(applicant=one, registration_year=2021, status=status)
    several = ApplicantFactory()
    for year in range(2021, 2025):
        ApplicationFactory(applicant=several, registration_year=year, status=status)

    url = reverse(url_name)
    assert _queries(_signed_in(client, one), url) == _queries(_signed_in(client, several), url)


def test_the_certificate_list(client):
    one = ApplicantFactory()
    CertificateFactory(holder=one)
    several = ApplicantFactory()
    for _ in range(4):
        CertificateFactory(holder=several)

    url = reverse("applicant:certificates")
    assert _queries(_signed_in(client, one), url) == _queries(_signed_in(client, several), url)


# Session, user, the application with what 详情 shows (one query, its certificate and major
# included), unread messages, and the timeline's events and decisions. (A case with 代码表
# answers adds the one query that reads them all.)
DETAIL_QUERIES = 6


def test_the_application_detail_reads_its_case_in_one_query(client):
    application = ApplicationFactory(status=Status.SUBMITTED)
    url = reverse("applicant:application_detail", args=[application.number])
    assert _queries(_signed_in(client, application.applicant), url) == DETAIL_QUERIES
