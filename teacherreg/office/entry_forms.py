"""Forms of 后台采集 (issue 6 item 4): who the teacher is, then the application itself.

The person form is sign-up's (``PersonForm``: the same document rules, P3–P5); the application
form is step 2's (``InfoForm``: the same answers and rules) with the agency's own confirmation
points, the stage and subject, the photo and the paper pledge added. The rules stay in the
domain (``registration.services.office_entry`` and ``steps``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.validation import validate_mobile
from teacherreg.applicant.forms.application import InfoForm
from teacherreg.applicant.forms.auth import PersonForm
from teacherreg.applicant.forms.photo import ACCEPT
from teacherreg.common.messages import message_for
from teacherreg.registration.services import steps
from teacherreg.registration.services.office_entry import Teacher


class TeacherForm(PersonForm):
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("用于给申请人发送办理进度短信。账号已存在的，以账号中的手机号码为准。"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        error_messages={"required": _("请填写申请人的手机号码。")},
    )
    checked_in_person = forms.BooleanField(
        label=_("我已当面核验申请人的身份证件原件，上面填写的信息与证件一致"),
        error_messages={"required": message_for("entry_identity_not_checked")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Typed by staff for someone else: the browser should not offer its own saved values.
        self.fields["document_number"].widget.attrs["autocomplete"] = "off"

    def clean_phone(self) -> str:
        return validate_mobile(self.cleaned_data["phone"])

    def teacher(self) -> Teacher:
        data = self.cleaned_data
        return Teacher(
            document_type=data["document_type"],
            document_number=data["document_number"],
            name=data["name"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            ethnic_group=data["ethnic_group"],
            phone=data["phone"],
        )


class EntryForm(InfoForm):
    """Step 2's answers for the teacher, and what step 3 and the pledge would add."""

    arrangement = forms.ChoiceField(
        label=_("确认点"),
        widget=forms.RadioSelect,
        error_messages={"required": message_for("registration_choice_missing")},
    )
    current_stage = forms.ChoiceField(label=_("现任教学段"))
    current_subject = forms.ChoiceField(label=_("现任教学科"), required=False)
    photo = forms.FileField(
        label=_("个人照片"),
        required=False,
        help_text=_("近期正面免冠证件照或手机拍摄的照片均可；不合规格的会自动裁剪处理。申请人已有照片的可以不上传。"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    pledge_signed = forms.BooleanField(
        label=_("申请人已阅读并在纸质《个人承诺书》上签字"),
        error_messages={"required": message_for("entry_pledge_not_signed")},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, arrangements: list, stages: list, subjects: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["arrangement"].choices = [(str(a.pk), a.point.name) for a in arrangements]
        self.fields["current_stage"].choices = [("", _("请选择"))] + [(s.code, s.name) for s in stages]
        self.fields["current_subject"].choices = [("", _("请选择"))] + [
            (str(s.pk), f"{s.stage.name} · {s.parent.name} / {s.name}" if s.parent_id else f"{s.stage.name} · {s.name}")
            for s in subjects
        ]
        self.fields["current_stage"].error_messages["required"] = _("请选择现任教学段。")
        # The school search answers for the teacher (their proposals), through the office.
        self.fields["graduation_school"].widget.url_names = {
            "search": "office:entry_school_search",
            "propose": "office:entry_school_propose",
            "directory": "",
        }

    def info_values(self) -> dict[str, str]:
        """Step 2's answers in the form the domain reads them (``steps.resolve``)."""
        return {name: value for name, value in self.draft_values().items() if name in steps.INFO_FIELDS}

    def choice_values(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "arrangement": data["arrangement"],
            "current_stage": data["current_stage"],
            "current_subject": data.get("current_subject") or "",
        }
