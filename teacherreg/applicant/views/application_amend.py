"""修改报名信息 (P17; manual §3.2.3): step 2's form over a submitted application.

Thin: the rules are ``registration.services.amend`` (and, through it, the step-2 rules of
``registration.services.steps``). The certificate and identity are shown, not asked; the
agency and confirmation point are not on the page at all. What the applicant typed is kept
on every refusal (rules, a stale version, the deadline passing meanwhile).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from teacherreg.accounts.models import DocumentType, Sex
from teacherreg.applicant.forms.application import CertificateRow, InfoForm
from teacherreg.applicant.views.applications import _own, _row
from teacherreg.applicant.views.centre import applicant_required
from teacherreg.common.dates import today
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.records.services import choices_for_application
from teacherreg.registration.models import Application
from teacherreg.registration.services.amend import AmendRejected, amend, answers_of, newer_photo
from teacherreg.registration.services.applications import edit_permission


class AmendForm(InfoForm):
    """Step 2's form with the certificate fixed (P17) and the application's version."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    use_latest_photo = forms.BooleanField(label=_("使用最新确认的照片"), required=False)

    def __init__(self, *args: Any, application: Application, offer_photo: bool, **kw: Any) -> None:
        super().__init__(*args, **kw)
        # A disabled field takes its initial value whatever is posted: the certificate the
        # application was submitted with, never another.
        self.fields["certificate"].disabled = True
        self.fields["certificate"].required = False
        self.initial["certificate"] = str(application.certificate_id)
        if not offer_photo:
            del self.fields["use_latest_photo"]

    def answers(self) -> dict[str, str]:
        """The step-2 answers for the service (valid values, else the text as typed)."""
        return self.draft_values()


def _form(request: HttpRequest, app: Application, day: datetime.date, data: Any, offer_photo: bool) -> AmendForm:
    user = request.user
    return AmendForm(
        data,
        user=user,
        today=day,
        choices=choices_for_application(user),
        rows=[CertificateRow(app.certificate, True, "")],
        initial={**answers_of(app), "version": app.version},
        application=app,
        offer_photo=offer_photo,
    )


def _identity(app: Application) -> list[tuple[Any, str]]:
    return [
        (_("姓名"), mask("name", app.name)),
        (_("民族"), str(app.ethnic_group) if app.ethnic_group_id else ""),
        (_("证件类型"), str(DocumentType(app.document_type).label) if app.document_type in DocumentType.values else ""),
        (_("性别"), str(Sex(app.sex).label) if app.sex in Sex.values else ""),
        (_("证件号码"), mask("document_number", app.document_number or "")),
        (_("出生日期"), app.birth_date.isoformat() if app.birth_date else ""),
    ]


def _with_version(post: QueryDict, version: int) -> QueryDict:
    data = post.copy()
    data["version"] = str(version)
    return data


@applicant_required
@require_http_methods(["GET", "POST"])
def application_amend(request: HttpRequest, number: str) -> HttpResponse:
    app = _own(request, number)  # 404 for anyone else's
    day = today()
    permission = edit_permission(app, day)
    newer = newer_photo(app, request.user) if permission.allowed else None
    error = ""
    form = None
    if permission.allowed:
        if request.method == "POST":
            form = _form(request, app, day, request.POST, offer_photo=newer is not None)
            if form.is_valid():
                try:
                    saved = amend(
                        app,
                        request.user,
                        form.answers(),
                        expected_version=form.cleaned_data.get("version"),
                        today=day,
                        use_latest_photo=bool(form.cleaned_data.get("use_latest_photo")),
                    )
                except AmendRejected as exc:
                    for name, message in exc.errors.items():
                        form.add_error(name if name in form.fields else None, message)
                except DomainError as exc:
                    error = exc.message
                    # Keep the typed values; the next submit is a choice made over the newer state.
                    app = _own(request, number)
                    permission = edit_permission(app, day)
                    form = _form(request, app, day, _with_version(request.POST, app.version), newer is not None)
                    form.is_valid()
                else:
                    if saved.version == app.version:
                        messages.info(request, message_for("amend_unchanged"))
                    else:
                        messages.success(request, message_for("amend_saved"))
                    return redirect("applicant:application_detail", number=app.number)
        else:
            form = _form(request, app, day, None, offer_photo=newer is not None)
    here = reverse("applicant:application_amend", args=[app.number])
    photo_page = reverse("applicant:photo")
    context = {
        "row": _row(app, day),
        "permission": permission,
        "fixed_parts": message_for("app_edit_fixed_parts"),
        "form": form,
        "error": error,
        "identity": _identity(app),
        "certificate": app.certificate,
        "certificate_number": mask("certificate_number", app.certificate_key),
        "photo_url": reverse("applicant:application_photo", args=[app.number]) if app.photo else "",
        "newer_photo": newer,
        "newer_photo_url": reverse("applicant:photo_image", args=[newer.pk]) if newer else "",
        "newer_photo_text": message_for("amend_photo_newer"),
        "photo_page": f"{photo_page}?next={here}" if photo_page else "",
        "record_links": {
            kind: reverse("applicant:record_list", args=[kind]) for kind in ("mandarin", "education", "degree")
        },
    }
    return render(request, "applicant/applications/amend.html", context)
