"""Forms of the review pages. They check shapes only; the rules (which reasons fit which
conclusion, who may act, the 公示 dates) are the review services' (registration.services.review,
review_notice), so a refusal there is shown with the form still holding what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teacherreg.common.forms import StyledForm
from teacherreg.office.desk_forms import StaffMessageForm
from teacherreg.registration.models import DecisionOutcome
from teacherreg.registration.review_reasons import DEFERRED_REASONS, REVOKE_REASONS, UNQUALIFIED_REASONS
from teacherreg.registration.services.review_common import MAX_NOTE

O = DecisionOutcome  # noqa: E741
OUTCOMES = [(O.QUALIFIED, O.QUALIFIED.label), (O.DEFERRED, O.DEFERRED.label), (O.UNQUALIFIED, O.UNQUALIFIED.label)]
# A reason box's value names its conclusion ("deferred:other"): boxes ticked under another
# conclusion than the one chosen are left out instead of being judged against it.
REASON_GROUPS: dict[str, dict[str, str]] = {O.DEFERRED: DEFERRED_REASONS, O.UNQUALIFIED: UNQUALIFIED_REASONS}
NOTE_ERRORS = {"max_length": _("意见不能超过 2000 个字。")}


def _plain(field: forms.Field) -> forms.Field:
    # Radio and checkbox lists get Bootstrap's classes per box in the template.
    field.widget.attrs.pop("class", None)
    return field


class _Versioned(StyledForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConclusionForm(_Versioned):
    """初审意见 (county) and 注册结论 (province): the same choice with its reasons and opinion."""

    outcome = forms.ChoiceField(
        label=_("注册意见"),
        choices=OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择注册意见。"), "invalid_choice": _("请选择注册意见。")},
    )
    reasons = forms.MultipleChoiceField(label=_("理由"), required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(
        label=_("意见"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("暂缓注册或注册不合格时，写明具体情形；选择了“其他”理由时必须填写。"),
        error_messages=NOTE_ERRORS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self.fields["outcome"])
        _plain(self.fields["reasons"]).choices = [
            (f"{outcome}:{code}", label)
            for outcome, reasons in REASON_GROUPS.items()
            for code, label in reasons.items()
        ]

    def reason_groups(self) -> list[tuple[str, str, list[Any]]]:
        """(outcome, legend, boxes) for the template: one fieldset per conclusion that has reasons."""
        boxes = list(self["reasons"])
        return [
            (
                outcome,
                _("%(outcome)s的理由") % {"outcome": O(outcome).label},
                [b for b in boxes if b.data["value"].startswith(f"{outcome}:")],
            )
            for outcome in REASON_GROUPS
        ]

    def chosen_reasons(self) -> list[str]:
        outcome = self.cleaned_data["outcome"]
        return [value.split(":", 1)[1] for value in self.cleaned_data["reasons"] if value.startswith(f"{outcome}:")]


class NoteForm(_Versioned):
    """A reason (send back, undo, withdraw from the 公示) or an optional opinion (agree)."""

    note = forms.CharField(
        label=_("原因"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请写明原因，这段话会记入审核记录。"), **NOTE_ERRORS},
    )

    def __init__(self, *args: Any, required: bool = True, label: str = "", help_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["note"]
        field.required = required
        if label:
            field.label = label
        if help_text:
            field.help_text = help_text


class RevokeForm(_Versioned):
    reasons = forms.MultipleChoiceField(
        label=_("撤销注册的理由"),
        choices=list(REVOKE_REASONS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一项理由。")},
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("写明核查经过和依据；选择了“其他”理由时必须填写。撤销注册后 5 年内不能再申请定期注册。"),
        error_messages=NOTE_ERRORS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain(self.fields["reasons"])


class NoticeStartForm(StyledForm, forms.Form):
    starts_on = forms.DateField(
        label=_("公示开始日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写公示开始日期。"), "invalid": _("请按 年-月-日 填写日期。")},
    )


class ReviewMessageForm(StaffMessageForm):
    """The desk's message form, signed by the agency rather than the point."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _("申请人会收到通知，看到的署名是本机构。")
