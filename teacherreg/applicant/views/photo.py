"""The applicant photo (P13) under /me/registration/photo/: upload with the strict check, or
"fix it for me" with the crop box, look at the result and accept it.

Thin: the views read forms and call :mod:`teacherreg.documents.photos`. Pictures are served
only to their owner (anyone else gets 404, as if the photo did not exist), never cached, as
``image/jpeg`` with ``nosniff``. ``?next=`` is remembered for the return after acceptance, but
only for a path under /me/ (no open redirect).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from teacherreg.applicant.forms.photo import CropForm, PhotoUploadForm
from teacherreg.applicant.views.centre import applicant_required
from teacherreg.common.errors import DomainError
from teacherreg.common.messages import message_for
from teacherreg.documents.models import ApplicantPhoto, PhotoOriginal, latest_photo
from teacherreg.documents.photo_fix import (
    HEIC_SUPPORTED,
    LIGHT_BACKGROUND,
    MIN_CROP_WIDTH,
    Crop,
    border_luminance,
    default_crop,
)
from teacherreg.documents.photos import (
    accept,
    make_fixed,
    pending_original,
    pending_photo,
    purge_expired,
    read_upload,
    store_checked,
    store_original,
)
from teacherreg.documents.serving import private_file
from teacherreg.documents.uploads import KB, UPLOAD_SPECS

SESSION_NEXT = "photo_next"


def safe_next(request: HttpRequest, value: str | None) -> str | None:
    """``value`` if it is a path of this site under /me/, else None."""
    if not value or not value.startswith("/me/") or "\\" in value or any(ord(c) < 32 for c in value):
        return None
    if not url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False):
        return None
    return value


def requirements() -> dict[str, object]:
    """The P13 numbers for the page, straight from the one spec object."""
    strict, fix = UPLOAD_SPECS.applicant_photo, UPLOAD_SPECS.photo_fix
    return {
        "width_min": strict.width[0],
        "width_max": strict.width[1],
        "height_min": strict.height[0],
        "height_max": strict.height[1],
        "min_kb": strict.min_bytes // KB,
        "max_kb": strict.max_bytes // KB,
        "min_bytes": f"{strict.min_bytes:,}",
        "max_bytes": f"{strict.max_bytes:,}",
        "fix_max_mb": fix.max_bytes // (KB * KB),
        "fix_max_pixels": f"{fix.max_declared_pixels // 10_000:,}",
        "out_width": fix.output_size[0],
        "out_height": fix.output_size[1],
        "out_min_kb": fix.output_min_bytes // KB,
        "out_max_kb": fix.output_max_bytes // KB,
        "heic": HEIC_SUPPORTED,
    }


@applicant_required
@require_http_methods(["GET", "POST"])
def photo(request: HttpRequest) -> HttpResponse:
    user = request.user
    purge_expired(user)
    wanted = safe_next(request, request.GET.get("next"))
    if wanted:
        request.session[SESSION_NEXT] = wanted
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    advice, kept = "", None
    if request.method == "POST" and form.is_valid():
        data = read_upload(form.cleaned_data["photo"])
        if "fix" in request.POST:
            try:
                original = store_original(user, data)
            except DomainError as exc:
                form.add_error("photo", exc.message)
            else:
                return redirect("applicant:photo_fix", original.pk)
        else:
            try:
                checked = store_checked(user, data)
            except ValidationError as exc:
                form.add_error("photo", exc.messages[0])
                advice = message_for(f"photo_do_{exc.code}")
                # The same file for "fix it for me", so the applicant need not choose it again.
                try:
                    kept = store_original(user, data)
                except DomainError:
                    kept = None
            else:
                messages.success(request, message_for("photo_checked"))
                return redirect("applicant:photo_review", checked.pk)
    waiting = (
        ApplicantPhoto.objects.filter(owner=user, accepted_at__isnull=True).order_by("-pk").first()
        if request.method == "GET"
        else None
    )
    context = {
        "form": form,
        "current": latest_photo(user),
        "waiting": waiting,
        "advice": advice,
        "kept": kept,
        "kept_message": message_for("photo_kept_for_fix"),
        "spec": requirements(),
        "back": request.session.get(SESSION_NEXT),
    }
    return render(request, "applicant/photo/page.html", context, status=400 if form.errors else 200)


@applicant_required
@require_http_methods(["GET", "POST"])
def photo_fix(request: HttpRequest, pk: int) -> HttpResponse:
    original = pending_original(request.user, pk)
    if original is None:
        if PhotoOriginal.objects.filter(pk=pk, owner=request.user).exists():
            messages.error(request, message_for("photo_original_gone"))
            return redirect("applicant:photo")
        raise Http404
    start = default_crop(original.width, original.height)
    form = CropForm(request.POST or None, initial={"x": start.x, "y": start.y, "width": start.width})
    if request.method == "POST" and form.is_valid():
        crop = Crop(form.cleaned_data["x"], form.cleaned_data["y"], form.cleaned_data["width"])
        try:
            result, clamped = make_fixed(request.user, original, crop)
        except DomainError as exc:
            form.add_error("width" if exc.code == "photo_crop_too_small" else None, exc.message)
        else:
            if clamped:
                messages.info(request, message_for("photo_crop_clamped"))
            messages.success(request, message_for("photo_fixed"))
            return redirect("applicant:photo_review", result.pk)
    context = {
        "form": form,
        "original": original,
        "spec": requirements(),
        "min_width": MIN_CROP_WIDTH,
        "start": start,
    }
    return render(request, "applicant/photo/fix.html", context, status=400 if form.errors else 200)


@applicant_required
def photo_review(request: HttpRequest, pk: int) -> HttpResponse:
    waiting = pending_photo(request.user, pk)
    if waiting is None:
        if ApplicantPhoto.objects.filter(pk=pk, owner=request.user, accepted_at__isnull=False).exists():
            return redirect("applicant:photo")
        raise Http404
    warning = ""
    if waiting.dark_background:
        with waiting.image.open("rb") as handle:
            value = border_luminance(handle.read())
        warning = message_for("photo_dark_background", value=value, limit=LIGHT_BACKGROUND)
    context = {"photo": waiting, "original": waiting.original, "warning": warning, "spec": requirements()}
    return render(request, "applicant/photo/review.html", context)


@applicant_required
@require_POST
def photo_accept(request: HttpRequest, pk: int) -> HttpResponse:
    waiting = pending_photo(request.user, pk)
    if waiting is None:
        if ApplicantPhoto.objects.filter(pk=pk, owner=request.user).exists():
            messages.info(request, message_for("photo_not_pending"))
            return redirect("applicant:photo")
        raise Http404
    try:
        accept(request.user, waiting)
    except DomainError as exc:
        messages.info(request, exc.message)
        return redirect("applicant:photo")
    messages.success(request, message_for("photo_accepted"))
    back = safe_next(request, request.session.pop(SESSION_NEXT, None))
    return redirect(back or "applicant:photo")


@applicant_required
def photo_image(request: HttpRequest, pk: int) -> HttpResponse:
    """An owner's photo (accepted or waiting); anyone else's does not exist."""
    found = ApplicantPhoto.objects.filter(pk=pk, owner=request.user).first()
    if found is None or not found.image:
        raise Http404
    return private_file(found.image.name, filename="photo.jpg")


@applicant_required
def photo_original_image(request: HttpRequest, pk: int) -> HttpResponse:
    """The working copy "fix it for me" crops from: its owner only, within its day."""
    original = pending_original(request.user, pk)
    if original is None:
        raise Http404
    return private_file(original.image.name, filename="original.jpg")
