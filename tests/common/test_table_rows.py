"""The work lists' rows written in Python (issue 7): escaping as the template language does."""

import datetime

from django.utils.html import escape
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from teacherreg.common import table_rows
from teacherreg.common.html_text import text
from teacherreg.common.table_rows import Labels

property_settings = settings(database=None, max_examples=300)


@property_settings
@given(st.text(max_size=40))
def test_text_escapes_like_djangos_escape(value):
    assert text(value) == escape(value)


def test_safe_text_is_kept_and_nothing_is_empty():
    assert text(mark_safe("<b>x</b>")) == "<b>x</b>"
    assert text(None) == ""
    assert text(3) == "3"


def test_a_row_of_cells():
    row = table_rows.row(
        [table_rows.cell("姓名", "<i>"), table_rows.cell("号", table_rows.link("/a?b=1&c=2", "1"), "text-nowrap")]
    )
    assert row == (
        '<tr><td data-label="姓名">&lt;i&gt;</td>'
        '<td class="text-nowrap" data-label="号"><a href="/a?b=1&amp;c=2">1</a></td></tr>'
    )


def test_times_are_shown_in_shanghai_and_days_as_iso():
    moment = datetime.datetime(2026, 10, 9, 16, 1, tzinfo=datetime.UTC)
    assert table_rows.minute(moment) == "2026-10-10 00:01"
    assert table_rows.minute(None) == ""
    assert table_rows.day(datetime.date(2026, 9, 1)) == "2026-09-01"


def test_labels_are_text_in_the_language_of_the_moment():
    from django.utils.translation import gettext_lazy, override

    with override("en"):
        labels = Labels(number=gettext_lazy("注册报名号"))
    with override("zh-hans"):
        assert labels["number"] == "Application number"  # fixed when the page made them
