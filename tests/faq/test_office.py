"""/office/faq/: the system administrator writes, edits, publishes and unpublishes; every save
is audited; nothing is ever deleted. (Who else gets a 404 is in tests/office/matrix/faq.py.)"""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import NoReverseMatch, reverse

from teacherreg.audit.models import AuditEvent
from teacherreg.faq.models import Entry
from tests.faq.conftest import DAY

pytestmark = pytest.mark.django_db

FORM = {
    "category": "exam",
    "question": "考试在哪里报名？",
    "answer": "不在本平台。\r\n\r\n请咨询考试机构。",
    "sort_order": "20",
}


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_the_office_list_shows_unpublished_entries_too(admin_client: Client, make_entry):
    make_entry(1, question="公开的问题？")
    make_entry(2, question="没发布的问题？", is_published=False)
    html = admin_client.get("/office/faq/").content.decode()
    assert "公开的问题？" in html and "没发布的问题？" in html
    assert html.count("未发布</span>") == 1
    only_hidden = admin_client.get("/office/faq/", {"state": "unpublished"}).content.decode()
    assert "没发布的问题？" in only_hidden and "公开的问题？" not in only_hidden


def test_the_office_landing_page_lists_the_faq_for_the_system_administrator(admin_client: Client):
    assert 'href="/office/faq/"' in admin_client.get("/office/").content.decode()


@time_machine.travel("2026-05-06 10:00 +0800", tick=False)
def test_creating_numbers_the_entry_saves_plain_text_and_audits_it(admin_client: Client, admin):
    answer = admin_client.post("/office/faq/new/", FORM | {"is_published": "on"})
    assert answer.status_code == 302
    assert answer["Location"] == "/office/faq/#faq-43"
    entry = Entry.objects.get()
    assert (entry.number, entry.category, entry.is_published, entry.sort_order) == (43, "exam", True, 20)
    assert entry.answer == "不在本平台。\n\n请咨询考试机构。"
    assert entry.updated_on.isoformat() == "2026-05-06"
    (event,) = _events("faq.created")
    assert (event.actor_id, event.actor_role, event.object_ref) == (admin.pk, "system_admin", str(entry.pk))
    assert event.data == {
        "number": 43,
        "category": "exam",
        "question": "考试在哪里报名？",
        "answer": "不在本平台。\n\n请咨询考试机构。",
        "question_en": "",
        "answer_en": "",
        "sort_order": 20,
        "is_published": True,
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("answer", "<p>第一段</p>", "解答是纯文本，不能包含 HTML 标记"),
        ("answer", '<a href="javascript:alert(1)">点这里</a>', "解答是纯文本，不能包含 HTML 标记"),
        ("answer", "<!-- 注释 -->", "解答是纯文本，不能包含 HTML 标记"),
        ("question", "<b>粗体</b>？", "问题是纯文本，不能包含 HTML 标记"),
        ("answer", "字" * 4001, "解答不能超过 4000 个字，现在是 4001 个字。"),
        ("question", "问" * 201, "问题不能超过 200 个字，现在是 201 个字。"),
        ("answer", "  \n\n ", "请填写解答。"),
        ("answer", "\x00", "解答中有空字符（\\0），请删除后再保存。"),
        ("category", "nope", "请从列表中选择分类。"),
        ("sort_order", "-1", "排序请填写 0 到 999 之间的整数。"),
        ("sort_order", "1000", "排序请填写 0 到 999 之间的整数。"),
    ],
)
def test_bad_input_is_refused_with_the_reason(admin_client: Client, field, value, message):
    answer = admin_client.post("/office/faq/new/", FORM | {field: value})
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert not Entry.objects.exists()
    assert not _events("faq.created")


def test_a_lone_angle_bracket_is_ordinary_text(admin_client: Client):
    admin_client.post("/office/faq/new/", FORM | {"answer": "3 < 5，而且 5 > 3。"})
    assert Entry.objects.get().answer == "3 < 5，而且 5 > 3。"


@time_machine.travel("2026-05-06 10:00 +0800", tick=False)
def test_editing_records_old_and_new_values_and_moves_the_date(admin_client: Client, make_entry):
    make_entry(5, question="旧问题？", answer="旧解答。")
    form = FORM | {
        "category": "account",
        "question": "新问题？",
        "answer": "旧解答。",
        "sort_order": "100",
        "version": "1",
    }
    assert admin_client.post("/office/faq/5/edit/", form).status_code == 302
    entry = Entry.objects.get(number=5)
    assert (entry.question, entry.version, entry.updated_on.isoformat()) == ("新问题？", 2, "2026-05-06")
    (event,) = _events("faq.updated")
    assert event.data == {"number": 5, "version": 2, "changes": {"question": ["旧问题？", "新问题？"]}}


def test_changing_only_the_sort_order_keeps_the_date(admin_client: Client, make_entry):
    make_entry(5, question="问题？", answer="解答。")
    form = {"category": "account", "question": "问题？", "answer": "解答。", "sort_order": "7", "version": "1"}
    admin_client.post("/office/faq/5/edit/", form)
    entry = Entry.objects.get(number=5)
    assert (entry.sort_order, entry.updated_on) == (7, DAY)
    assert _events("faq.updated")[0].data["changes"] == {"sort_order": [100, 7]}


def test_saving_without_a_change_writes_nothing(admin_client: Client, make_entry):
    make_entry(5, question="问题？", answer="解答。")
    form = {"category": "account", "question": "问题？", "answer": "解答。", "sort_order": "100", "version": "1"}
    answer = admin_client.post("/office/faq/5/edit/", form, follow=True)
    assert "您没有修改任何内容。" in answer.content.decode()
    assert Entry.objects.get(number=5).version == 1
    assert not _events("faq.updated")


def test_a_stale_edit_is_refused_and_keeps_what_the_editor_typed(admin_client: Client, make_entry):
    make_entry(5, question="问题？", answer="解答。")
    first = {"category": "account", "question": "甲改的？", "answer": "解答。", "sort_order": "100", "version": "1"}
    second = first | {"question": "乙改的？"}
    admin_client.post("/office/faq/5/edit/", first)
    answer = admin_client.post("/office/faq/5/edit/", second)
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "已被其他管理员修改" in html
    assert 'value="乙改的？"' in html  # the editor's own text is kept in the form
    assert 'name="version" value="2"' in html  # the next save goes against the current version
    assert Entry.objects.get(number=5).question == "甲改的？"
    assert len(_events("faq.updated")) == 1


def test_publish_and_unpublish_are_audited_once_each_however_often_clicked(admin_client: Client, make_entry, client):
    make_entry(5, is_published=False)
    assert client.get("/help/faq/5/").status_code == 404
    admin_client.post("/office/faq/5/publish/")
    again = admin_client.post("/office/faq/5/publish/", follow=True)
    assert "这条常见问题已经是发布状态。" in again.content.decode()
    assert client.get("/help/faq/5/").status_code == 200
    admin_client.post("/office/faq/5/unpublish/")
    admin_client.post("/office/faq/5/unpublish/")
    assert client.get("/help/faq/5/").status_code == 404
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="faq.").order_by("pk")] == [
        "faq.published",
        "faq.unpublished",
    ]
    assert Entry.objects.filter(number=5).exists()  # unpublished, never gone


def test_publishing_is_post_only_and_there_is_no_delete(admin_client: Client, make_entry):
    make_entry(5, is_published=False)
    assert admin_client.get("/office/faq/5/publish/").status_code == 405
    assert Entry.objects.get(number=5).is_published is False
    with pytest.raises(NoReverseMatch):
        reverse("office:faq_delete", args=[5])
    assert admin_client.post("/office/faq/5/delete/").status_code == 404


def test_another_staff_role_and_the_public_cannot_edit(viewer_client: Client, client: Client, make_entry):
    make_entry(5)
    assert viewer_client.get("/office/faq/").status_code == 404
    assert viewer_client.post("/office/faq/5/unpublish/").status_code == 404
    assert client.get("/office/faq/")["Location"].startswith("/admin/login/")
    assert Entry.objects.get(number=5).is_published is True


def test_an_unknown_number_is_a_404_in_the_office(admin_client: Client):
    assert admin_client.get("/office/faq/77/edit/").status_code == 404
    assert admin_client.post("/office/faq/77/publish/").status_code == 404
