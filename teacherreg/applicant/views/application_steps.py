"""The seven application steps (P2; manual §3.1.2): one dispatcher over step handlers.

``step(request, number)`` loads the applicant's draft and refuses any step beyond the first
incomplete one (no skipping). Every POST saves to the draft, complete or not ("保存草稿"
saves without checking); a save from a page drawn on an older version of the draft shows
the conflict, the newer saved data and what the applicant typed. Submission is one service
call (``registration.services.submission.submit``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from teacherreg.applicant.forms.application import (
    AgencyForm,
    AgreementForm,
    InfoForm,
    PledgeForm,
    certificate_rows,
)
from teacherreg.applicant.views.centre import applicant_required
from teacherreg.common import session_flow as flow
from teacherreg.common.dates import today
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.documents.models import latest_photo
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.records.services import choices_for_application
from teacherreg.reference import services as reference
from teacherreg.registration import texts
from teacherreg.registration.models import Application, ApplicationDraft
from teacherreg.registration.services import drafts, steps
from teacherreg.registration.services.submission import submit
from teacherreg.registration.services.windows import build_query, choose, is_municipality

CHOICE = "registration_choice"  # the window query's choice (views.registration)
CHOICE_MAX_AGE = 12 * 60 * 60
SAVE, NEXT = "save", "next"


def _url(number: int) -> str:
    return reverse("applicant:application_step", args=[number])


def _seed(request: HttpRequest) -> dict[str, dict[str, Any]] | None:
    """The window-query choice, when the pre-check was passed in this session."""
    choice = flow.get(request, CHOICE, max_age=CHOICE_MAX_AGE)
    if not choice or not choice.get("precheck_passed_at"):
        return None
    agency = Organisation.objects.filter(pk=choice.get("agency")).first()
    province, city = _place_of(agency)
    return {
        "agency": {
            "province": str(province.pk) if province else "",
            "city": str(city.pk) if city else "",
            "current_stage": choice.get("stage", ""),
            "agency": str(choice.get("agency") or ""),
            "arrangement": str(choice.get("arrangement") or ""),
        }
    }


def _place_of(agency: Organisation | None) -> tuple[Organisation | None, Organisation | None]:
    """The province and the 市 drop-down value an agency sits under (domain.md §3.3)."""
    if agency is None:
        return None, None
    province = agency.province()
    if province is None:
        return None, None
    if is_municipality(province):
        return province, province
    if agency.level == OrgLevel.PROVINCE:
        return province, None
    if agency.level == OrgLevel.CITY or agency.parent_id == province.pk:
        return province, agency
    return province, agency.parent


@applicant_required
@require_GET
def resume(request: HttpRequest) -> HttpResponse:
    """Back to the first incomplete step; a new draft starts only after the pre-check."""
    draft = drafts.load(request.user)
    if draft is None:
        seed = _seed(request)
        if seed is None:
            messages.info(request, message_for("application_precheck_first"))
            return redirect("applicant:registration_windows")
        draft = drafts.start(request.user, seed)
    return redirect(_url(steps.first_incomplete(drafts.payload(draft)["done"])))


@applicant_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, number: int) -> HttpResponse:
    if number not in HANDLERS:
        raise Http404
    draft = drafts.load(request.user)
    if draft is None:
        if number == 6 and request.method == "POST" and request.POST.get("pledge") == PledgeForm.AGREE:
            # A retry of a submission that already went through (its draft is gone: another
            # tab, a double click, a proxy retrying on another instance): the service returns
            # the application made with this key, so the applicant sees their number.
            key, version = request.POST.get("idempotency_key"), request.POST.get("draft_version")
            try:
                done = submit(request.user, version, key, today())
            except DomainError:
                pass
            else:
                return redirect("applicant:application_reminder", number=done.number)
        return redirect("applicant:application_resume")
    data = drafts.payload(draft)
    first = steps.first_incomplete(data["done"])
    if not steps.may_open(number, data["done"]):
        messages.info(request, message_for("application_step_locked", step=first))
        return redirect(_url(first))
    drafts.set_current_step(draft, number)
    return HANDLERS[number](request, draft, data)


# --- shared page parts ---------------------------------------------------------------------


def _render(request: HttpRequest, number: int, template: str, context: dict[str, Any]) -> HttpResponse:
    draft = context.get("draft")
    done = drafts.payload(draft)["done"] if isinstance(draft, ApplicationDraft) else []
    context.update(
        {
            "steps": steps.STEPS,
            "current": steps.BY_NUMBER[number],
            "done": done,
            "reachable": steps.first_incomplete(done),
        }
    )
    return render(request, f"applicant/application/{template}", context)


def _with_version(post: QueryDict, version: int) -> QueryDict:
    """The applicant's typed data, re-shown with the newer version, so their next save is a
    deliberate choice over the data they have now seen."""
    data = post.copy()
    data["draft_version"] = str(version)
    return data


def _save(
    request: HttpRequest, form: Any, *, slug: str, values: dict, done: bool | None, reset: tuple = (), **extra: Any
) -> tuple[ApplicationDraft | None, drafts.DraftConflict | None]:
    try:
        draft = drafts.save(
            request.user, form.data.get("draft_version"), slug=slug, values=values, done=done, reset=reset, **extra
        )
    except drafts.DraftConflict as conflict:
        return None, conflict
    return draft, None


def _after_save(request: HttpRequest, draft: ApplicationDraft, action: str, number: int) -> HttpResponse:
    if action == SAVE:
        messages.success(request, message_for("application_saved"))
        return redirect(_url(number))
    return redirect(_url(steps.first_incomplete(drafts.payload(draft)["done"])))


# --- step 1: 网上申报协议 ----------------------------------------------------------------------


def _agreement(request: HttpRequest, draft: ApplicationDraft, data: dict) -> HttpResponse:
    saved = data["answers"].get("agreement") or {}
    accepted = saved.get("version") == texts.AGREEMENT_VERSION
    conflict = None
    if request.method == "POST":
        form = AgreementForm(request.POST)
        if form.is_valid():
            values = {"version": texts.AGREEMENT_VERSION, "accepted_at": timezone.now().isoformat()}
            draft_saved, conflict = _save(request, form, slug="agreement", values=values, done=True)
            if draft_saved is not None:
                return _after_save(request, draft_saved, NEXT, 1)
            form = AgreementForm(_with_version(request.POST, conflict.draft.version))
            draft = conflict.draft
    else:
        form = AgreementForm(initial={"draft_version": draft.version, "agree": accepted})
    context = {"draft": draft, "form": form, "conflict": conflict, "texts": texts}
    return _render(request, 1, "agreement.html", context)


# --- step 2: 填写注册信息 ----------------------------------------------------------------------


def _info_form(request: HttpRequest, draft: ApplicationDraft, day: datetime.date, data: Any = None) -> InfoForm:
    user = request.user
    saved = drafts.answers(draft, "info")
    return InfoForm(
        data,
        user=user,
        today=day,
        choices=choices_for_application(user),
        rows=certificate_rows(user, day),
        initial={**saved, "draft_version": draft.version},
    )


def _info(request: HttpRequest, draft: ApplicationDraft, data: dict) -> HttpResponse:
    day = today()
    user = request.user
    photo = latest_photo(user)
    conflict = None
    newer: dict[str, Any] = {}
    if request.method == "POST":
        action = SAVE if SAVE in request.POST else NEXT
        form = _info_form(request, draft, day, request.POST)
        valid = form.is_valid()
        if action == NEXT and valid and photo is None:
            form.add_error(None, message_for("application_photo_required"))
            valid = False
        complete = valid if action == NEXT else None
        if action == SAVE and not valid:
            complete = False
        draft_saved, conflict = _save(
            request, form, slug="info", values=form.draft_values(), done=complete, reset=steps.RESET_AFTER_EDIT
        )
        if draft_saved is not None and (valid or action == SAVE):
            return _after_save(request, draft_saved, action, 2)
        if conflict is not None:
            draft = conflict.draft
            newer = _describe_info(user, drafts.answers(draft, "info"))
            form = _info_form(request, draft, day, _with_version(request.POST, draft.version))
            form.is_valid()
        else:
            draft = draft_saved
            form.data = _with_version(request.POST, draft.version)
    else:
        form = _info_form(request, draft, day)
    context = {
        "draft": draft,
        "form": form,
        "conflict": conflict,
        "newer": newer,
        "identity": _identity(user),
        "photo": photo,
        "photo_url": reverse("applicant:photo_image", args=[photo.pk]) if photo else "",
        "photo_page": _photo_page(),
        "record_links": {
            kind: reverse("applicant:record_list", args=[kind]) for kind in ("mandarin", "education", "degree")
        },
        "add_certificate_url": reverse("applicant:certificate_add_notes"),
    }
    return _render(request, 2, "info.html", context)


def _photo_page() -> str:
    return f"{reverse('applicant:photo')}?next={_url(2)}"


def _identity(user: Any) -> list[tuple[Any, str]]:
    return [
        (_("姓名"), user.name),
        (_("民族"), str(user.ethnic_group) if user.ethnic_group_id else ""),
        (_("证件类型"), user.get_document_type_display()),
        (_("性别"), user.get_sex_display()),
        (_("证件号码"), mask("document_number", user.document_number or "")),
        (_("出生日期"), user.birth_date.isoformat() if user.birth_date else ""),
    ]


def _describe_info(user: Any, saved: dict[str, Any]) -> list[tuple[Any, str]]:
    """The newer saved answers of step 2, readable, for the conflict panel."""
    resolved = steps.resolve(user, saved, {})
    return _info_rows(resolved)


def _label(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(getattr(value, "name", value))


def _info_rows(r: steps.Resolved) -> list[tuple[Any, str]]:
    return [
        (_("教师资格证书"), mask("certificate_number", r.certificate.number_as_printed) if r.certificate else ""),
        (_("普通话证书信息"), str(r.mandarin_record or "") and _record_label(r.mandarin_record)),
        (_("最高学历信息"), _record_label(r.education_record)),
        (_("最高学位信息"), _record_label(r.degree_record)),
        (_("最高学历专业类别"), _label(r.major_category)),
        (_("所学专业"), _label(r.major)),
        (_("毕业学校"), _label(r.graduation_school)),
        (_("毕业时间"), _label(r.graduated_on)),
        (_("学习形式"), _label(r.study_form)),
        (_("现任教学校"), r.current_school),
        (_("任教学校性质"), _label(r.school_nature)),
        (_("任教学校所在地"), _label(r.school_location)),
        (_("开始参加工作时间"), _label(r.started_work_on)),
        (_("本单位聘用起始日期"), _label(r.employed_since)),
        (_("教师职务"), _label(r.teacher_title)),
        (_("岗位性质"), _label(r.post_nature)),
        (_("政治面貌"), _label(r.political_status)),
        (_("户籍所在地"), r.household_registration),
        (_("通讯邮编"), r.postcode),
        (_("通讯地址"), r.postal_address),
    ]


def _record_label(record: Any) -> str:
    if record is None:
        return ""
    headline = (
        getattr(record, "grade", None) or getattr(record, "education_level", None) or getattr(record, "degree", None)
    )
    school = getattr(record, "school_name", "")
    return " · ".join(p for p in (_label(headline), school) if p)


# --- step 3: 选择注册机构 ----------------------------------------------------------------------


def _agency(request: HttpRequest, draft: ApplicationDraft, data: dict) -> HttpResponse:
    day = today()
    saved = drafts.answers(draft, "agency")
    source = request.POST if request.method == "POST" else request.GET
    if not any(source.get(k) for k in ("province", "city", "stage", "agency")):
        source = {
            "province": saved.get("province", ""),
            "city": saved.get("city", ""),
            "stage": saved.get("current_stage", ""),
            "agency": saved.get("agency", ""),
        }
    query = build_query(source, day)
    stage = query.filters.stage
    province = query.filters.province
    subjects = (
        list(reference.current_subjects(stage, province.region if province else None).filter(is_selectable=True))
        if stage
        else []
    )
    conflict = None
    kwargs = {"points": query.points, "subjects": subjects}
    if request.method == "POST":
        action = SAVE if SAVE in request.POST else NEXT
        form = AgencyForm(request.POST, **kwargs)
        values = {
            "province": str(province.pk) if province else "",
            "city": str(query.filters.city.pk) if query.filters.city else "",
            "current_stage": stage.code if stage else "",
            "agency": str(query.filters.agency.pk) if query.filters.agency else "",
            "arrangement": request.POST.get("arrangement", ""),
            "current_subject": request.POST.get("current_subject", ""),
        }
        valid = form.is_valid() and _check_agency(form, query, stage, subjects, day)
        draft_saved, conflict = _save(
            request,
            form,
            slug="agency",
            values=values,
            done=valid if action == NEXT else (None if valid else False),
            reset=steps.RESET_AFTER_EDIT,
        )
        if draft_saved is not None and (valid or action == SAVE):
            return _after_save(request, draft_saved, action, 3)
        draft = conflict.draft if conflict else draft_saved
        form = AgencyForm(_with_version(request.POST, draft.version), **kwargs)
        form.is_valid()
        _check_agency(form, query, stage, subjects, day)
    else:
        form = AgencyForm(
            initial={
                "draft_version": draft.version,
                "arrangement": saved.get("arrangement", ""),
                "current_subject": saved.get("current_subject", ""),
            },
            **kwargs,
        )
    newer = steps.resolve(request.user, {}, drafts.answers(draft, "agency")) if conflict else None
    context = {"draft": draft, "form": form, "query": query, "conflict": conflict, "newer": newer}
    return _render(request, 3, "agency.html", context)


def _check_agency(form: AgencyForm, query: Any, stage: Any, subjects: list, day: datetime.date) -> bool:
    if not form.is_valid():
        return False
    if stage is None:
        form.add_error(None, _("请选择现任教学段。"))
        return False
    try:
        choice = choose(form.cleaned_data["arrangement"], day)
    except DomainError as exc:
        form.add_error("arrangement", exc.message)
        return False
    subject = next((s for s in subjects if str(s.pk) == form.cleaned_data.get("current_subject")), None)
    errors = steps.check_stage_and_subject(choice.availability.agency, stage, subject, day)
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)
    return not errors


# --- step 4: 确认申报信息 ----------------------------------------------------------------------


def _resolved(request: HttpRequest, draft: ApplicationDraft) -> steps.Resolved:
    return steps.resolve(request.user, drafts.answers(draft, "info"), drafts.answers(draft, "agency"))


def _simple(slug: str, number: int, template: str) -> Callable[[HttpRequest, ApplicationDraft, dict], HttpResponse]:
    """Steps 4 and 5: read, then 下一步 marks the step complete."""

    def handler(request: HttpRequest, draft: ApplicationDraft, data: dict) -> HttpResponse:
        conflict = None
        if request.method == "POST":
            form = AgreementForm(request.POST)  # only its draft_version is read
            draft_saved, conflict = _save(
                request, form, slug=slug, values={"at": timezone.now().isoformat()}, done=True
            )
            if draft_saved is not None:
                return _after_save(request, draft_saved, NEXT, number)
            draft = conflict.draft
        resolved = _resolved(request, draft)
        context = {
            "draft": draft,
            "version": draft.version,
            "conflict": conflict,
            "r": resolved,
            "identity": _identity(request.user),
            "info_rows": _info_rows(resolved),
            "photo": latest_photo(request.user),
            "photo_url": _photo_url(request.user),
        }
        return _render(request, number, template, context)

    return handler


def _photo_url(user: Any) -> str:
    photo = latest_photo(user)
    return reverse("applicant:photo_image", args=[photo.pk]) if photo else ""


# --- step 6: 提交注册申请 ----------------------------------------------------------------------


def _submit(request: HttpRequest, draft: ApplicationDraft, data: dict) -> HttpResponse:
    user = request.user
    key = drafts.idempotency_key(user)
    error = ""
    declining = bool(data.get("declined_once"))
    if request.method == "POST":
        form = PledgeForm(request.POST)
        if form.is_valid() and form.cleaned_data["pledge"] == PledgeForm.AGREE:
            try:
                application = submit(
                    user, form.data.get("draft_version"), form.cleaned_data["idempotency_key"], today()
                )
            except DomainError as exc:
                error = exc.message
            else:
                return redirect("applicant:application_reminder", number=application.number)
        elif form.is_valid():
            if declining:
                drafts.discard(user)
                messages.info(request, message_for("application_abandoned"))
                return redirect("applicant:registration_platform")
            draft_saved, conflict = _save(request, form, slug="submit", values=None, done=None, declined_once=True)
            draft = draft_saved or conflict.draft
            declining = True
        form = PledgeForm(_with_version(request.POST, draft.version))
        form.is_valid()
    else:
        form = PledgeForm(initial={"draft_version": draft.version, "idempotency_key": key})
    context = {"draft": draft, "form": form, "error": error, "declining": declining, "texts": texts}
    return _render(request, 6, "submit.html", context)


HANDLERS: dict[int, Callable[[HttpRequest, ApplicationDraft, dict], HttpResponse]] = {
    1: _agreement,
    2: _info,
    3: _agency,
    4: _simple("review", 4, "review.html"),
    5: _simple("notes", 5, "notes.html"),
    6: _submit,
}


# --- step 7: 申报提醒 ----------------------------------------------------------------------------


@applicant_required
@require_GET
def reminder(request: HttpRequest, number: str) -> HttpResponse:
    application = (
        Application.objects.filter(applicant=request.user, number=number)
        .select_related("agency", "confirmation_point", "arrangement", "window", "certificate")
        .first()
    )
    if application is None:
        raise Http404
    context = {
        "application": application,
        "certificate": mask("certificate_number", application.certificate.number_as_printed),
        "steps": steps.STEPS,
        "current": steps.BY_NUMBER[7],
        "done": [s.slug for s in steps.STEPS],
        "reachable": 7,
        "applications_url": reverse("applicant:applications"),
    }
    return render(request, "applicant/application/reminder.html", context)
