"""Support staff correct an applicant's phone or e-mail after checking a caller's identity
(manual §1.2.2 item 3): a form in the admin, with a reason, audited, both contacts told."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from teacherreg.accounts.models import User, UserKind
from teacherreg.accounts.services.contacts import staff_change_contact
from teacherreg.accounts.validation import validate_mobile
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask


class ContactChangeForm(forms.Form):
    identity_checked = forms.BooleanField(label=_("已按规定核实来电人/来信人身份（证件、姓名与账号一致）"))
    new_phone = forms.CharField(label=_("新手机号码"), required=False, max_length=20)
    new_email = forms.EmailField(label=_("新电子邮箱"), required=False)
    reason = forms.CharField(label=_("修改原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500)

    def clean_new_phone(self) -> str:
        value = self.cleaned_data["new_phone"]
        return validate_mobile(value) if value else ""

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("new_phone") and not cleaned.get("new_email"):
            raise ValidationError(_("请填写新的手机号码或电子邮箱。"))
        return cleaned


def change_contact_view(model_admin: admin.ModelAdmin, request: HttpRequest, object_id: str) -> HttpResponse:
    if not model_admin.has_change_permission(request):
        return redirect("admin:index")
    user = get_object_or_404(User, pk=object_id, kind=UserKind.APPLICANT)
    form = ContactChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            staff_change_contact(
                user,
                by=request.user,
                reason=form.cleaned_data["reason"],
                new_phone=form.cleaned_data["new_phone"] or None,
                new_email=form.cleaned_data["new_email"] or None,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("联系方式已修改，并已通知原联系方式和新联系方式。"))
            return redirect("admin:accounts_user_change", user.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("修改联系方式"),
        "form": form,
        "subject": user,
        "phone_masked": mask("phone", user.phone),
        "email_masked": mask("email", user.email),
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/accounts/change_contact.html", context)
