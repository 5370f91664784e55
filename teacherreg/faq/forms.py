"""The office's FAQ form. Answers are plain text (security.md §1.6): whatever is typed is shown
escaped, and text that looks like HTML is refused with a message so an administrator does not
publish visible tags by mistake."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teacherreg.common.forms import StyledForm
from teacherreg.faq.models import Category

QUESTION_MAX = 200
ANSWER_MAX = 4000
# An opening or closing tag, a comment or a doctype: "<p", "</a", "<!--". A lone "<" (3 < 5)
# is ordinary text.
LOOKS_LIKE_HTML = re.compile(r"<\s*(?:!--|[/!]?\s*[a-zA-Z])")


def _plain(value: str, *, single_line: bool) -> str:
    """Drop control and format characters (keeping line breaks), trim every line, and keep at
    most one blank line between paragraphs."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    value = "".join(ch for ch in value if ch == "\n" or not unicodedata.category(ch).startswith("C"))
    lines = [line.strip() for line in value.split("\n")]
    if single_line:
        return " ".join(line for line in lines if line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Our own words for the text fields (Django's stock Chinese messages read awkwardly, and call a
# NUL character an "empty string").
QUESTION_ERRORS = {
    "required": _("请填写问题。"),
    "max_length": _("问题不能超过 %(limit_value)d 个字，现在是 %(show_value)d 个字。"),
    "null_characters_not_allowed": _("问题中有空字符（\\0），请删除后再保存。"),
}
ANSWER_ERRORS = {
    "required": _("请填写解答。"),
    "max_length": _("解答不能超过 %(limit_value)d 个字，现在是 %(show_value)d 个字。"),
    "null_characters_not_allowed": _("解答中有空字符（\\0），请删除后再保存。"),
}
# The English edition is optional, so it has no "required" message.
QUESTION_EN_ERRORS = {
    "max_length": _("英文问题不能超过 %(limit_value)d 个字符，现在是 %(show_value)d 个字符。"),
    "null_characters_not_allowed": _("英文问题中有空字符（\\0），请删除后再保存。"),
}
ANSWER_EN_ERRORS = {
    "max_length": _("英文解答不能超过 %(limit_value)d 个字符，现在是 %(show_value)d 个字符。"),
    "null_characters_not_allowed": _("英文解答中有空字符（\\0），请删除后再保存。"),
}
SORT_ERROR = _("排序请填写 0 到 999 之间的整数。")


class EntryForm(StyledForm, forms.Form):
    category = forms.ChoiceField(
        label=_("分类"), choices=Category.choices, error_messages={"invalid_choice": _("请从列表中选择分类。")}
    )
    question = forms.CharField(
        label=pgettext_lazy("faq", "问题"),
        max_length=QUESTION_MAX,
        error_messages=QUESTION_ERRORS,
        help_text=_("用申请人的话写清楚问题，一般以问号结尾。"),
    )
    answer = forms.CharField(
        label=_("解答"),
        max_length=ANSWER_MAX,
        error_messages=ANSWER_ERRORS,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "纯文本，不能使用 HTML 标记。段落之间空一行；写“常见问题 12”这样的编号，页面上会自动链接到该问题。"
        ),
    )
    question_en = forms.CharField(
        label=_("英文问题"),
        max_length=QUESTION_MAX,
        required=False,
        error_messages=QUESTION_EN_ERRORS,
        help_text=_(
            "可以不填。不填时，英文页面显示中文的问题和解答，并注明只有中文。英文问题和英文解答要么都填，要么都不填。"
        ),
    )
    answer_en = forms.CharField(
        label=_("英文解答"),
        max_length=ANSWER_MAX,
        required=False,
        error_messages=ANSWER_EN_ERRORS,
        widget=forms.Textarea(attrs={"rows": 8, "lang": "en"}),
        help_text=_("纯文本，规则与中文解答相同；写“Common question 12”这样的编号，页面上会自动链接到该问题。"),
    )
    sort_order = forms.IntegerField(
        label=_("排序"),
        min_value=0,
        max_value=999,
        initial=100,
        error_messages={"invalid": SORT_ERROR, "min_value": SORT_ERROR, "max_value": SORT_ERROR},
        help_text=_("同一分类中数字小的排在前面，数字相同的按编号排列。"),
    )

    def __init__(self, *args: Any, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["is_published"] = forms.BooleanField(label=_("保存后立即发布"), required=False)
        else:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        for name, limit in (("question", QUESTION_MAX), ("answer", ANSWER_MAX)):
            self.fields[name].widget.attrs["maxlength"] = limit
            self.fields[f"{name}_en"].widget.attrs["maxlength"] = limit
        self.fields["question_en"].widget.attrs["lang"] = "en"
        if creating:  # StyledForm styled the fields declared above, not this one
            self.fields["is_published"].widget.attrs["class"] = "form-check-input"

    def _text(self, name: str, *, single_line: bool, html: str) -> str:
        value = _plain(self.cleaned_data[name], single_line=single_line)
        if LOOKS_LIKE_HTML.search(value):
            raise forms.ValidationError(html, code="html")
        if not value and self.fields[name].required:
            raise forms.ValidationError(self.fields[name].error_messages["required"], code="required")
        return value

    def clean_question(self) -> str:
        return self._text("question", single_line=True, html=_("问题是纯文本，不能包含 HTML 标记（如 <b>）。"))

    def clean_answer(self) -> str:
        return self._text(
            "answer", single_line=False, html=_("解答是纯文本，不能包含 HTML 标记（如 <p>、<a>）。分段时空一行即可。")
        )

    def clean_question_en(self) -> str:
        return self._text("question_en", single_line=True, html=_("英文问题是纯文本，不能包含 HTML 标记（如 <b>）。"))

    def clean_answer_en(self) -> str:
        return self._text(
            "answer_en",
            single_line=False,
            html=_("英文解答是纯文本，不能包含 HTML 标记（如 <p>、<a>）。分段时空一行即可。"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        question_en, answer_en = data.get("question_en"), data.get("answer_en")
        # Half an English edition would show an English question over a Chinese answer (or the
        # other way round); the pages treat an entry as translated only when both are there.
        if question_en is not None and answer_en is not None and bool(question_en) != bool(answer_en):
            empty = "answer_en" if question_en else "question_en"
            self.add_error(
                empty, forms.ValidationError(_("英文问题和英文解答要么都填，要么都不填。"), code="english_pair")
            )
        return data

    def values(self) -> dict[str, Any]:
        """The editable fields, as ``services.create_entry`` / ``update_entry`` take them."""
        data = self.cleaned_data
        names = ("category", "question", "answer", "question_en", "answer_en", "sort_order")
        return {name: data[name] for name in names}
