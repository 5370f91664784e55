"""teacherreg.demo.identities: the registry the demo's applicants are checked against."""

from __future__ import annotations

from pathlib import Path

import pytest

from teacherreg.accounts.models import IdentityStatus
from teacherreg.demo.identities import fill_identity_registry
from teacherreg.documents.storage import private_storage
from teacherreg.identity.models import IdentityRecord, ManualReview
from teacherreg.identity.providers import CheckOutcome
from teacherreg.identity.providers.registry import DevelopmentRegistryProvider
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    verified = ApplicantFactory.create_batch(3, identity_status=IdentityStatus.VERIFIED)
    unverified = [ApplicantFactory(name=name) for name in ("薛明", "李敏", "王芳", "赵静", "周平")]
    under_review = ApplicantFactory(identity_status=IdentityStatus.MANUAL_REVIEW)
    return verified, unverified, under_review


def answer(user) -> CheckOutcome:
    return DevelopmentRegistryProvider().check(name=user.name, document_number=user.document_number)


def test_it_registers_everyone_but_a_few_never_verified_accounts(people):
    verified, unverified, under_review = people

    summary = fill_identity_registry()

    assert [u.name for u in summary.mismatched] == ["薛明", "李敏"]
    assert [u.name for u in summary.missing] == ["王芳"]
    assert [u.name for u in summary.invalid] == ["赵静"]
    assert [answer(u) for u in unverified] == [
        CheckOutcome.MISMATCH,
        CheckOutcome.MISMATCH,
        CheckOutcome.NOT_FOUND,
        CheckOutcome.NOT_FOUND,
        CheckOutcome.MATCH,
    ]
    assert all(answer(u) == CheckOutcome.MATCH for u in [*verified, under_review])
    assert summary.registered == 8


def test_accounts_under_review_get_a_pending_review_with_sample_photos(people, private_root):
    *_, under_review = people

    summary = fill_identity_registry()

    review = ManualReview.objects.get(user=under_review)
    assert summary.reviews == [review]
    assert review.is_pending
    for photo in (review.front_photo, review.back_photo):
        path = Path(private_storage.path(photo.name))
        assert private_root in path.parents and path.read_bytes()[:2] == b"\xff\xd8"


def test_it_can_run_again(people):
    fill_identity_registry()

    again = fill_identity_registry()

    assert IdentityRecord.objects.count() == 8
    assert again.reviews == []
    assert ManualReview.objects.count() == 1
