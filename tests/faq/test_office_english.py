"""The English edition in /office/faq/: two optional fields with the same plain-text rules, both
or neither; changing them is an edit like any other (audited, new version, "更新于" moves)."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from teacherreg.audit.models import AuditEvent
from teacherreg.faq.models import Entry

pytestmark = pytest.mark.django_db

FORM = {
    "category": "account",
    "question": "问题？",
    "answer": "解答。",
    "question_en": "",
    "answer_en": "",
    "sort_order": "100",
}


def test_the_form_has_the_two_optional_english_fields(admin_client: Client, make_entry):
    make_entry(5, question="问题？", answer="解答。", question_en="Question?", answer_en="Answer.")
    html = admin_client.get("/office/faq/5/edit/").content.decode()
    assert "英文问题" in html and "英文解答" in html
    assert 'name="question_en" value="Question?"' in html
    assert ">\nAnswer.</textarea>" in html
    assert 'lang="en"' in html
    assert '<div class="faq-preview" lang="en">' in html  # the saved English, as the public sees it
    blank = admin_client.get("/office/faq/new/").content.decode()
    assert 'name="question_en"' in blank and 'name="answer_en"' in blank


@time_machine.travel("2026-05-06 10:00 +0800", tick=False)
def test_creating_with_an_english_edition(admin_client: Client):
    form = FORM | {"question_en": "  Question?  ", "answer_en": "First.\r\n\r\n\r\nSecond, see FAQ 1."}
    assert admin_client.post("/office/faq/new/", form).status_code == 302
    entry = Entry.objects.get()
    assert (entry.question_en, entry.answer_en) == ("Question?", "First.\n\nSecond, see FAQ 1.")
    (event,) = AuditEvent.objects.filter(action="faq.created")
    assert event.data["question_en"] == "Question?"


def test_creating_without_one_is_fine(admin_client: Client):
    assert admin_client.post("/office/faq/new/", FORM).status_code == 302
    assert Entry.objects.get().has_english is False


@time_machine.travel("2026-05-06 10:00 +0800", tick=False)
def test_changing_only_the_english_is_an_edit_that_moves_the_date(admin_client: Client, make_entry):
    make_entry(5, question="问题？", answer="解答。")
    form = FORM | {"question_en": "Question?", "answer_en": "Answer.", "version": "1"}
    assert admin_client.post("/office/faq/5/edit/", form).status_code == 302
    entry = Entry.objects.get(number=5)
    assert (entry.question_en, entry.version, entry.updated_on.isoformat()) == ("Question?", 2, "2026-05-06")
    (event,) = AuditEvent.objects.filter(action="faq.updated")
    assert event.data["changes"] == {"question_en": ["", "Question?"], "answer_en": ["", "Answer."]}


def test_an_english_edit_made_meanwhile_makes_the_other_save_stale(admin_client: Client, make_entry):
    make_entry(5, question="问题？", answer="解答。")
    first = FORM | {"question_en": "Question?", "answer_en": "Answer.", "version": "1"}
    second = FORM | {"question": "另一个人改的问题？", "version": "1"}
    admin_client.post("/office/faq/5/edit/", first)
    html = admin_client.post("/office/faq/5/edit/", second).content.decode()
    assert "已被其他管理员修改" in html
    entry = Entry.objects.get(number=5)
    assert (entry.question, entry.question_en) == ("问题？", "Question?")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"question_en": "Question?"}, "英文问题和英文解答要么都填，要么都不填。"),
        ({"answer_en": "Answer."}, "英文问题和英文解答要么都填，要么都不填。"),
        ({"question_en": "<b>Bold</b>?", "answer_en": "A."}, "英文问题是纯文本，不能包含 HTML 标记"),
        ({"question_en": "Q?", "answer_en": "<p>A.</p>"}, "英文解答是纯文本，不能包含 HTML 标记"),
        ({"question_en": "Q" * 201, "answer_en": "A."}, "英文问题不能超过 200 个字符，现在是 201 个字符。"),
        ({"question_en": "Q?", "answer_en": "A" * 4001}, "英文解答不能超过 4000 个字符，现在是 4001 个字符。"),
        ({"question_en": "Q?", "answer_en": "A\x00"}, "英文解答中有空字符（\\0），请删除后再保存。"),
    ],
)
def test_bad_english_is_refused_with_the_reason(admin_client: Client, values, message):
    answer = admin_client.post("/office/faq/new/", FORM | values)
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert not Entry.objects.exists()


def test_the_list_shows_which_entries_have_english_and_its_search_finds_english(admin_client: Client, make_entry):
    make_entry(1, question="有英文的问题？", question_en="Translated?", answer_en="Yes.")
    make_entry(2, question="没有英文的问题？")
    html = admin_client.get("/office/faq/").content.decode()
    assert "英文版</th>" in html
    row_1 = html[html.index('id="faq-1"') : html.index('id="faq-2"')]
    assert '<td data-label="英文版" class="text-nowrap">有</td>' in row_1
    assert '<span class="text-muted-strong">无</span>' in html[html.index('id="faq-2"') :]
    found = admin_client.get("/office/faq/", {"q": "translated"}).content.decode()
    assert "有英文的问题？" in found and "没有英文的问题？" not in found
