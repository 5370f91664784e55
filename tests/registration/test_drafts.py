"""Saved drafts: each save bumps the version; a save from an older page is refused with the
newer draft (two tabs); the step-6 key is made once."""

from __future__ import annotations

import pytest

from teacherreg.common.errors import DomainError
from teacherreg.registration.services import drafts, steps
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return ApplicantFactory()


def test_start_seeds_the_answers_once(user):
    first = drafts.start(user, {"agency": {"agency": "7"}})
    again = drafts.start(user, {"agency": {"agency": "9"}})

    assert again.pk == first.pk
    assert drafts.answers(again, "agency") == {"agency": "7"}


def test_a_save_stores_the_answers_marks_the_step_and_bumps_the_version(user):
    draft = drafts.start(user)

    saved = drafts.save(user, draft.version, slug="agreement", values={"version": "2026.1"}, done=True)

    assert saved.version == draft.version + 1
    assert drafts.answers(saved, "agreement") == {"version": "2026.1"}
    assert drafts.payload(saved)["done"] == ["agreement"]


def test_a_save_from_an_older_page_is_refused_with_the_newer_draft(user):
    draft = drafts.start(user)
    drafts.save(user, draft.version, slug="info", values={"postcode": "250014"}, done=False)

    with pytest.raises(drafts.DraftConflict) as exc:
        drafts.save(user, draft.version, slug="info", values={"postcode": "100083"}, done=False)

    assert exc.value.draft.version == draft.version + 1
    assert drafts.answers(exc.value.draft, "info") == {"postcode": "250014"}
    assert "另一个页面或设备上保存过" in exc.value.message
    assert drafts.answers(drafts.load(user), "info") == {"postcode": "250014"}


def test_editing_an_earlier_step_makes_the_review_stale(user):
    draft = drafts.start(user)
    draft = drafts.save(user, draft.version, done=None, reset=(), slug=None)
    for slug in ("agreement", "info", "agency", "review", "notes"):
        draft = drafts.save(user, draft.version, slug=slug, values={}, done=True)

    draft = drafts.save(user, draft.version, slug="info", values={"x": "1"}, done=True, reset=steps.RESET_AFTER_EDIT)

    assert drafts.payload(draft)["done"] == ["agreement", "info", "agency"]
    assert steps.first_incomplete(drafts.payload(draft)["done"]) == 4


def test_the_idempotency_key_is_made_once_and_leaves_the_version(user):
    draft = drafts.start(user)

    key = drafts.idempotency_key(user)

    assert drafts.idempotency_key(user) == key
    assert drafts.load(user).version == draft.version


def test_saving_without_a_draft_says_so(user):
    with pytest.raises(DomainError) as exc:
        drafts.save(user, 1, slug="info", values={})

    assert exc.value.code == "application_no_draft"


@pytest.mark.parametrize(
    ("done", "first"),
    [
        ([], 1),
        (["agreement"], 2),
        (["agreement", "info"], 3),
        (["agreement", "agency"], 2),
        (["agreement", "info", "agency", "review", "notes"], 6),
    ],
)
def test_the_first_incomplete_step(done, first):
    assert steps.first_incomplete(done) == first
    assert steps.may_open(first, done)
    assert not steps.may_open(first + 1, done)
