"""The loader and the English edition: a new installation gets both editions at once; one that
loaded the Chinese before gets the English added, but only where nobody has touched the entry's
Chinese and nobody has ever set or cleared its English."""

from __future__ import annotations

import pytest
import time_machine
from django.core.management import call_command

from teacherreg.audit.models import AuditEvent
from teacherreg.faq import services
from teacherreg.faq.loading import load_seed
from teacherreg.faq.models import Entry
from teacherreg.faq.seed import SEED

pytestmark = pytest.mark.django_db

BY_NUMBER = {seed.number: seed for seed in SEED}


def _loaded_before_the_english_existed() -> None:
    """What an installation that ran ``load_faq`` before this release holds: the Chinese only."""
    load_seed()
    Entry.objects.update(question_en="", answer_en="")


def _admin_edit(admin, number: int, **values) -> None:
    entry = Entry.objects.get(number=number)
    current = {name: getattr(entry, name) for name in services.FIELDS}
    services.update_entry(number, version=entry.version, by=services.Actor(admin, "system_admin"), **(current | values))


def test_a_new_installation_gets_both_editions():
    loaded = load_seed()
    assert loaded.translated == []
    for entry in Entry.objects.all():
        seed = BY_NUMBER[entry.number]
        assert (entry.question_en, entry.answer_en) == (seed.question_en, seed.answer_en)
        assert entry.version == 1
    assert not AuditEvent.objects.filter(action="faq.seeded_english").exists()


@time_machine.travel("2026-06-01 09:00 +0800", tick=False)
def test_an_older_installation_gets_the_english_added_once_as_a_change_of_each_entry():
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        _loaded_before_the_english_existed()
    loaded = load_seed()
    assert (loaded.created, loaded.kept, loaded.translated) == ([], [], list(range(1, 43)))
    entry = Entry.objects.get(number=3)
    assert (entry.question_en, entry.answer_en) == (BY_NUMBER[3].question_en, BY_NUMBER[3].answer_en)
    # Like an office edit: a form opened before the load is now stale, and "更新于" moves.
    assert (entry.version, entry.updated_on.isoformat()) == (2, "2026-06-01")
    (event,) = AuditEvent.objects.filter(action="faq.seeded_english")
    assert (event.actor_role, event.data) == ("system", {"numbers": list(range(1, 43))})

    again = load_seed()
    assert (again.translated, len(again.kept)) == ([], 42)
    assert Entry.objects.get(number=3).version == 2


def test_it_never_touches_an_entry_whose_chinese_an_administrator_changed(admin):
    _loaded_before_the_english_existed()
    _admin_edit(admin, 5, answer="我们改写过的解答。")
    _admin_edit(admin, 6, question="我们改写过的问题？")
    loaded = load_seed()
    assert 5 not in loaded.translated and 6 not in loaded.translated
    assert {5, 6} <= set(loaded.kept)
    assert Entry.objects.filter(number__in=[5, 6], question_en="", answer_en="").count() == 2


def test_it_never_overwrites_english_an_administrator_wrote(admin):
    _loaded_before_the_english_existed()
    _admin_edit(admin, 7, question_en="Our own question?", answer_en="Our own answer.")
    loaded = load_seed()
    assert 7 in loaded.kept and 7 not in loaded.translated
    entry = Entry.objects.get(number=7)
    assert (entry.question_en, entry.answer_en) == ("Our own question?", "Our own answer.")


def test_english_an_administrator_cleared_stays_cleared(admin):
    load_seed()  # a new installation: both editions
    _admin_edit(admin, 8, question_en="", answer_en="")
    assert 8 not in load_seed().translated
    assert Entry.objects.get(number=8).question_en == ""


def test_english_the_loader_added_and_an_administrator_then_cleared_stays_cleared(admin):
    _loaded_before_the_english_existed()
    load_seed()
    _admin_edit(admin, 9, question_en="", answer_en="")
    Entry.objects.filter(number=10).update(question_en="", answer_en="")  # a shell, not the office
    loaded = load_seed()
    assert loaded.translated == []
    assert Entry.objects.filter(number__in=[9, 10], question_en="").count() == 2


def test_the_category_and_publishing_do_not_matter_only_the_text(admin):
    _loaded_before_the_english_existed()
    _admin_edit(admin, 11, category="certificate", sort_order=5)
    services.set_published(12, False, by=services.Actor(admin, "system_admin"))
    loaded = load_seed()
    assert {11, 12} <= set(loaded.translated)
    assert Entry.objects.get(number=12).is_published is False


def test_the_command_says_how_many_got_their_english(capsys):
    _loaded_before_the_english_existed()
    call_command("load_faq")
    call_command("load_faq")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "常见问题：新增 0 条，已有 0 条保持不变。",
        "常见问题：42 条补上了英文版。",
        "常见问题：新增 0 条，已有 42 条保持不变。",
    ]
