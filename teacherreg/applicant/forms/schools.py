"""The graduation-school picker shared by every form that asks for 毕业学校 (issue 4 item 6).

Contract used by other forms: ``GraduationSchoolField()`` in the form, then
``self.fields["graduation_school"].for_user(user)`` in ``__init__`` so the applicant sees the
verified schools plus the ones they proposed themselves.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teacherreg.reference.models import GraduationSchool, SchoolStatus


class GraduationSchoolField(forms.ModelChoiceField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("毕业学校"))
        kwargs.setdefault(
            "error_messages", {"required": _("请选择毕业学校。"), "invalid_choice": _("请重新选择毕业学校。")}
        )
        super().__init__(queryset=GraduationSchool.objects.filter(status=SchoolStatus.VERIFIED), **kwargs)

    def for_user(self, user) -> None:
        visible = Q(status=SchoolStatus.VERIFIED)
        if user is not None and user.is_authenticated:
            visible |= Q(status=SchoolStatus.PENDING, created_by=user)
        self.queryset = GraduationSchool.objects.filter(visible).order_by("name")
