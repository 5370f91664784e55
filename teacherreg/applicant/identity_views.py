"""实名核验 and 人工审核 pages of the personal information centre (manual §2.1).

Thin: each view checks who is asking, validates the form, calls one identity service and
redirects (POST/redirect/GET) with the service's message. Links are built from the namespace
the views are mounted under, so the pages work wherever ``identity_urls`` is included.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from teacherreg.accounts.models import DocumentType, IdentityStatus, User, UserKind
from teacherreg.accounts.validation import validate_name
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.documents.uploads import UPLOAD_SPECS
from teacherreg.identity.consent import CONSENT_TITLE, CONSENT_VERSION, consent_points
from teacherreg.identity.models import TRIES_PER_DAY, ReviewStatus
from teacherreg.identity.services import (
    Outcome,
    check_can_request_review,
    latest_review,
    request_manual_review,
    tries_left_today,
    verify_identity,
)

# ----------------------------------------------------------------------------------------
# Forms


class NameField(forms.CharField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            label=_("姓名"),
            max_length=50,
            error_messages={"required": _("请填写姓名。")},
            widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "name", "spellcheck": "false"}),
            **kwargs,
        )


class VerifyForm(forms.Form):
    name = NameField(help_text=_("与证件上的姓名逐字一致，包括生僻字和间隔号“·”。"))

    def __init__(self, *args: object, document_type: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.document_type = document_type

    def clean_name(self) -> str:
        return validate_name(self.cleaned_data["name"], self.document_type)


class ManualReviewForm(forms.Form):
    name = NameField(help_text=_("与证件上的姓名逐字一致。审核通过后，账号姓名以此为准。"))
    front = forms.FileField(
        label=_("证件正面照片（人像面）"),
        allow_empty_file=True,  # the P13 check gives its own message for an empty file
        widget=forms.FileInput(attrs={"class": "form-control", "accept": "image/jpeg,.jpg,.jpeg"}),
    )
    back = forms.FileField(
        label=_("证件反面照片（国徽面）"),
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"class": "form-control", "accept": "image/jpeg,.jpg,.jpeg"}),
    )
    consent = forms.BooleanField(
        label=_("我已阅读上述说明，同意为人工审核提供证件照片。"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    consent_version = forms.CharField(widget=forms.HiddenInput, initial=CONSENT_VERSION)

    def __init__(self, *args: object, document_type: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.document_type = document_type
        self.fields["front"].error_messages["required"] = message_for("identity_review_front_required")
        self.fields["back"].error_messages["required"] = message_for("identity_review_back_required")
        self.fields["consent"].error_messages["required"] = message_for("identity_review_consent_required")
        for name in ("front", "back"):
            self.fields[name].widget.attrs["aria-describedby"] = "photo-rules"

    def clean_name(self) -> str:
        return validate_name(self.cleaned_data["name"], self.document_type)


# ----------------------------------------------------------------------------------------
# Views

# How the error summary names a field whose message does not already say which one it is.
_SUMMARY_LABELS = {"front": _("证件正面照片"), "back": _("证件反面照片")}


def _applicant(request: HttpRequest) -> User:
    user = request.user
    if getattr(user, "kind", None) != UserKind.APPLICANT:
        raise PermissionDenied
    return user  # type: ignore[return-value]


def _links(request: HttpRequest) -> dict[str, str]:
    namespace = request.resolver_match.namespace if request.resolver_match else "identity"
    return {name: reverse(f"{namespace}:{name}") for name in ("verify", "manual_review")}


def _error_summary(form: forms.Form) -> list[tuple[str, str]]:
    """(anchor, text) for the summary above a form: each message once, linked to its field."""
    summary = [("", str(error)) for error in form.non_field_errors()]
    for field in form.visible_fields():
        for error, data in zip(field.errors, field.errors.data, strict=True):
            code = getattr(data, "code", "") or ""
            named = field.name in _SUMMARY_LABELS and not (code == "required" or code.endswith("_required"))
            text = f"{_SUMMARY_LABELS[field.name]}：{error}" if named else str(error)
            summary.append((field.id_for_label, text))
    return summary


def _can_request_review(user: User) -> bool:
    try:
        check_can_request_review(user)
    except DomainError:
        return False
    return True


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """实名核验: status, tries left today, the name form; the number is shown masked only."""
    user = _applicant(request)
    links = _links(request)
    review = latest_review(user)
    pending = review is not None and review.is_pending
    online = user.document_type == DocumentType.ID_CARD
    form = VerifyForm(request.POST or None, initial={"name": user.name}, document_type=user.document_type)
    # The service is the guard: a pending review or another document type is its answer too.
    if request.method == "POST" and form.is_valid():
        try:
            result = verify_identity(user, name=form.cleaned_data["name"])
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(links["verify"])
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            level = {Outcome.VERIFIED: messages.SUCCESS, Outcome.UNAVAILABLE: messages.WARNING}
            messages.add_message(request, level.get(result.outcome, messages.ERROR), result.message)
            return redirect(links["verify"])
    context = {
        "account": user,
        "masked_number": mask("document_number", user.document_number),
        "status": user.get_identity_status_display(),
        "verified": user.identity_status == IdentityStatus.VERIFIED,
        "failed": user.identity_status == IdentityStatus.FAILED,
        "online": online,
        "pending_review": review if pending else None,
        "tries_left": tries_left_today(user),
        "tries_per_day": TRIES_PER_DAY,
        "can_request_review": _can_request_review(user),
        "form": form,
        "links": links,
    }
    return render(request, "applicant/identity/verify.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def manual_review(request: HttpRequest) -> HttpResponse:
    """人工审核: the consent, two photos, and the state of the latest review."""
    user = _applicant(request)
    links = _links(request)
    review = latest_review(user)
    try:
        check_can_request_review(user)
        blocked = None
    except DomainError as exc:
        blocked = exc
    form = ManualReviewForm(
        request.POST or None,
        request.FILES or None,
        initial={"name": user.name, "consent_version": CONSENT_VERSION},
        document_type=user.document_type,
    )
    if request.method == "POST" and blocked is None and form.is_valid():
        try:
            review = request_manual_review(
                user,
                name=form.cleaned_data["name"],
                front=form.cleaned_data["front"],
                back=form.cleaned_data["back"],
                consent_version=form.cleaned_data["consent_version"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(links["manual_review"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, message_for("identity_review_submitted", due=review.due_by.isoformat()))
            return redirect(links["manual_review"])
    context = {
        "account": user,
        "masked_number": mask("document_number", user.document_number),
        "status": user.get_identity_status_display(),
        "review": review,
        "pending": review is not None and review.status == ReviewStatus.PENDING,
        "rejected": review is not None and review.status == ReviewStatus.REJECTED,
        "approved": review is not None and review.status == ReviewStatus.APPROVED,
        "blocked": blocked,
        "form": form,
        "consent_title": CONSENT_TITLE,
        "consent_points": consent_points(),
        "error_summary": _error_summary(form),
        "scan_kb": UPLOAD_SPECS.scan.max_bytes // 1024,
        "scan_bytes": f"{UPLOAD_SPECS.scan.max_bytes:,}",
        # 12,000,000 pixels = 1200 万像素, the way phones and scanners state it.
        "scan_wan_pixels": UPLOAD_SPECS.scan.max_declared_pixels // 10_000,
        "links": links,
    }
    return render(request, "applicant/identity/manual_review.html", context)
