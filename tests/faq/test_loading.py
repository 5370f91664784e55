"""The seeded questions: fixed numbers, six categories, plain text, and a loader that never
overwrites what administrators changed."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.core.management import call_command

from teacherreg.audit.models import AuditEvent
from teacherreg.faq.forms import LOOKS_LIKE_HTML
from teacherreg.faq.loading import load_seed
from teacherreg.faq.models import Category, Entry
from teacherreg.faq.seed import SEED


def test_the_seed_numbers_run_one_to_forty_two_through_the_manuals_categories_in_order():
    assert [s.number for s in SEED] == list(range(1, 43))
    order = [Category(s.category) for s in SEED]
    assert order == sorted(order, key=list(Category).index)
    assert Counter(s.category for s in SEED) == {
        "account": 8,
        "certification": 4,
        "certificate": 6,
        "registration": 14,
        "exam": 4,
        "rare_characters": 6,
    }


def test_the_seeded_text_is_plain_and_every_reference_names_a_seeded_question():
    numbers = {s.number for s in SEED}
    for seed in SEED:
        assert not LOOKS_LIKE_HTML.search(seed.question + seed.answer), seed.number
        assert len(seed.question) <= 200 and len(seed.answer) <= 4000
        for quoted in re.findall(r"常见问题\s?(\d+)", seed.answer):
            assert int(quoted) in numbers and int(quoted) != seed.number, seed.number


def test_the_rare_character_answers_cover_what_the_name_checks_refuse():
    # accounts.validation sends people to "姓名生僻字问题" for these three refusals.
    questions = {s.number: s.question for s in SEED if s.category == "rare_characters"}
    assert "不可见字符或专用区字符" in questions[39]
    assert "⿰" in questions[40]
    assert "间隔号" in questions[41]


@pytest.mark.django_db
def test_it_loads_every_seed_published_once_and_audits_the_load():
    first = load_seed()
    again = load_seed()
    assert (len(first.created), len(first.kept)) == (42, 0)
    assert (again.created, len(again.kept)) == ([], 42)
    assert Entry.objects.count() == 42
    assert Entry.objects.filter(is_published=True).count() == 42
    events = AuditEvent.objects.filter(action="faq.seeded")
    assert [e.data["numbers"] for e in events] == [list(range(1, 43))]


@pytest.mark.django_db
def test_it_keeps_an_administrators_edit_and_unpublishing(make_entry):
    make_entry(3, question="我们自己改写的问题？", is_published=False)
    loaded = load_seed()
    assert 3 not in loaded.created
    entry = Entry.objects.get(number=3)
    assert (entry.question, entry.is_published) == ("我们自己改写的问题？", False)


@pytest.mark.django_db
def test_the_command_says_what_it_did(capsys):
    call_command("load_faq")
    call_command("load_faq")
    out = capsys.readouterr().out.splitlines()
    assert out == ["常见问题：新增 42 条，已有 0 条保持不变。", "常见问题：新增 0 条，已有 42 条保持不变。"]
