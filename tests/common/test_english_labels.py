"""English labels of Chinese words with more than one meaning (撤销, 合并, 发布, 退回 …).

A button says what it does ("Revoke", "Publish"); the same Chinese word as a state or a record
kind keeps its noun ("Closure", "Registration revoked"). The pages are read as an English
visitor reads them: with the language cookie the language switcher sets.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from teacherreg.accounts.models import StaffRole
from teacherreg.organisations.models import AnnulmentKind
from teacherreg.registration.models import DecisionOutcome
from teacherreg.registration.services.case_timeline import KIND_LABELS
from teacherreg.registration.workflow import Status
from tests.announcements.world import announcement
from tests.factories import ApplicationFactory, MembershipFactory, StaffFactory
from tests.office.office_world import build_office_world, office_client
from tests.office.queue_world import identity_review

pytestmark = pytest.mark.django_db

R = StaffRole


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    # The identity review's photos are stored; keep them out of the shared var dir.
    settings.TEACHERREG_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def world():
    return build_office_world()


def english_page(user, url: str) -> str:
    client = office_client(user)
    client.cookies["django_language"] = "en"
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="en"' in body
    return body


def test_a_staff_members_role_row_offers_revoke_not_closure(world):
    operator = StaffFactory(username="zhao", name="赵确认")
    MembershipFactory(user=operator, organisation=world.ours.point, role=R.CONFIRMATION_OPERATOR)

    body = english_page(world.ours.staff[R.PROVINCE_ADMIN], reverse("office:staff_detail", args=[operator.pk]))

    assert ">Revoke<" in body and "Closure" not in body


def test_the_staff_list_filters_disabled_accounts(world):
    body = english_page(world.ours.staff[R.PROVINCE_ADMIN], reverse("office:staff_list"))

    assert ">Disabled</option>" in body and "No longer used" not in body


def test_a_manual_identity_review_is_approved_or_rejected(world):
    review = identity_review("37")

    body = english_page(world.ours.staff[R.PROVINCE_ADMIN], reverse("office:queue_identity_item", args=[review.pk]))

    assert ">Approve</button>" in body and ">Reject</button>" in body
    assert "Not passed" not in body


def test_the_final_review_sends_back_and_shows_the_confirmation_period(world):
    app = ApplicationFactory(arrangement=world.ours.application.arrangement, status=Status.PROVINCE_REVIEW)

    body = english_page(world.ours.staff[R.PROVINCE_REVIEWER], reverse("office:review_case", args=[app.number]))

    assert ">Send back</button>" in body and "Confirmation period" in body
    assert "Confirmed at" not in body


def test_a_qualified_case_offers_to_revoke_the_registration(world):
    app = ApplicationFactory(arrangement=world.ours.application.arrangement, status=Status.QUALIFIED)

    body = english_page(world.ours.staff[R.PROVINCE_REVIEWER], reverse("office:review_case", args=[app.number]))

    assert "<summary>Revoke registration</summary>" in body
    assert ">Revoke registration</button>" in body


def test_a_draft_announcement_offers_publish(world):
    announcement(title="草稿公告", is_published=False, province=world.ours.province)

    body = english_page(world.ours.staff[R.PROVINCE_ADMIN], reverse("office:announcements"))

    assert ">Publish<" in body and "Publication" not in body


def test_states_and_record_kinds_keep_their_nouns():
    with translation.override("en"):
        assert str(KIND_LABELS["undo"]) == "Undo"
        assert str(AnnulmentKind.ANNUL.label) == "Closure"
        assert str(AnnulmentKind.MERGE.label) == "Merger"
        assert str(DecisionOutcome.SENT_BACK.label) == "Sent back"
        assert str(Status.REVOKED.label) == "Registration revoked"
