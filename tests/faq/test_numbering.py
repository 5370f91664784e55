"""Numbers are handed out once and never again (常见问题 N is quoted on other pages)."""

from __future__ import annotations

import pytest

from teacherreg.faq import services
from teacherreg.faq.models import Entry, Numbering
from teacherreg.faq.seed import SEED_HIGHEST

pytestmark = pytest.mark.django_db


def _create(admin, question: str = "新问题？") -> Entry:
    return services.create_entry(
        category="exam",
        question=question,
        answer="解答。",
        sort_order=100,
        is_published=False,
        by=services.Actor(admin, "system_admin"),
    )


def test_it_numbers_new_entries_after_the_seeded_ones_even_before_the_loader_ran(admin):
    assert SEED_HIGHEST == 42
    assert [_create(admin).number, _create(admin).number] == [43, 44]


def test_it_never_hands_out_a_number_again_even_if_the_row_is_removed_behind_its_back(admin):
    first = _create(admin)
    second = _create(admin)
    # No view or service deletes; a shell or a restore might. The counter remembers.
    Entry.objects.filter(pk=second.pk).delete()
    third = _create(admin)
    assert (first.number, second.number, third.number) == (43, 44, 45)
    assert Numbering.objects.get(pk=1).last_number == 45


def test_it_keeps_counting_above_a_higher_number_placed_directly(admin, make_entry):
    make_entry(70)
    assert _create(admin).number == 71


def test_it_starts_over_cleanly_when_the_counter_row_is_missing(admin, make_entry):
    make_entry(50)
    Numbering.objects.all().delete()
    assert _create(admin).number == 51


def test_the_number_does_not_change_when_the_entry_is_edited_or_unpublished(admin):
    entry = _create(admin)
    by = services.Actor(admin, "system_admin")
    services.update_entry(entry.number, version=1, by=by, category="account", question="改过的问题？")
    services.set_published(entry.number, True, by=by)
    services.set_published(entry.number, False, by=by)
    entry.refresh_from_db()
    assert (entry.number, entry.category, entry.question, entry.is_published) == (43, "account", "改过的问题？", False)
