"""后台采集 pages (issue 6 item 4), for the county reviewers (初审) of an agency.

1. ``entry_start``: the teacher's document, name and phone, and the staff member's word that
   they checked the original ID at the counter; the account is found or opened
   (``office_entry.open_teacher``).
2. ``entry_application``: step 2's answers, the agency's confirmation point, stage, subject,
   photo and the paper pledge; ``office_entry.enter_application`` makes the application.

The teacher chosen in page 1 travels in the staff member's session (encrypted, two hours), never
in the URL, so no address opens another person's records. Showing page 2 is an audited view of
the teacher's personal data.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teacherreg.accounts.models import StaffRole, User, UserKind
from teacherreg.applicant.forms.application import certificate_rows
from teacherreg.applicant.forms.schools import ProposeSchoolForm, SchoolSearchForm
from teacherreg.applicant.views.schools import RESULTS_SHOWN
from teacherreg.common import session_flow as flow
from teacherreg.common.dates import today
from teacherreg.common.errors import DomainError
from teacherreg.common.masking import mask
from teacherreg.common.messages import message_for
from teacherreg.documents import photos
from teacherreg.documents.models import latest_photo
from teacherreg.office.access import staff_with_role
from teacherreg.office.access_log import record_view
from teacherreg.office.entry_forms import EntryForm, TeacherForm
from teacherreg.organisations.models import Organisation
from teacherreg.records.services import choices_for_application
from teacherreg.reference import services as reference
from teacherreg.reference.models import Subject
from teacherreg.registration.services import office_entry, steps
from teacherreg.registration.services.windows import availability, handles_stage, offered_stages

FLOW = "office_entry"
FLOW_AGE = 2 * 3600
ENTRY_ROLES = (StaffRole.COUNTY_REVIEWER,)
entry_view = staff_with_role(*ENTRY_ROLES)


def _agency(request: HttpRequest) -> Organisation:
    # The organisation where the member is a county reviewer is the 注册机构 itself.
    return request.scope.organisations(*ENTRY_ROLES)[0]  # type: ignore[attr-defined]


@entry_view
def entry_start(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    form = TeacherForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            teacher = office_entry.open_teacher(
                request.user, agency, form.teacher(), checked_in_person=form.cleaned_data["checked_in_person"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            flow.put(request, FLOW, {"teacher": teacher.pk, "agency": agency.pk, "key": str(uuid.uuid4())})
            return redirect("office:entry_application")
    return render(request, "office/entry/start.html", {"form": form, "agency": agency})


def _subjects(agency: Organisation, stages: list) -> list[Subject]:
    province = agency.province()
    region = province.region if province else None
    found: list[Subject] = []
    for stage in stages:
        found += list(
            reference.current_subjects(stage, region).filter(is_selectable=True).select_related("stage", "parent")
        )
    return found


def _teacher(request: HttpRequest, agency: Organisation) -> tuple[User | None, dict]:
    """The teacher page 1 chose, from the session; None once it is over or for another agency."""
    state = flow.get(request, FLOW, max_age=FLOW_AGE) or {}
    if state.get("agency") != agency.pk:
        return None, state
    teacher = User.objects.filter(pk=state.get("teacher"), kind=UserKind.APPLICANT, is_active=True).first()
    return teacher, state


@entry_view
def entry_application(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    teacher, state = _teacher(request, agency)
    if teacher is None:
        messages.warning(request, message_for("entry_session_over"))
        return redirect("office:entry_start")

    day = today()
    found = availability(agency, day)
    stages = [stage for stage in offered_stages() if handles_stage(agency, stage)]
    kwargs = {
        "user": teacher,
        "today": day,
        "choices": choices_for_application(teacher),
        "rows": certificate_rows(teacher, day),
        "arrangements": list(found.arrangements) if found.ok else [],
        "stages": stages,
        "subjects": _subjects(agency, stages),
    }
    if request.method == "POST":
        form = EntryForm(request.POST, request.FILES, **kwargs)
        if form.is_valid() and _stage_and_subject_hold(form, agency, stages, day):
            upload = form.cleaned_data.get("photo")
            try:
                application = office_entry.enter_application(
                    request.user,
                    agency,
                    teacher,
                    form.info_values(),
                    form.choice_values(),
                    photo_upload=photos.read_upload(upload) if upload else None,
                    pledge_signed=form.cleaned_data["pledge_signed"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    today=day,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                flow.drop(request, FLOW)
                messages.success(
                    request,
                    _("已为 %(name)s 录入定期注册申请，注册报名号 %(number)s。请提醒申请人按确认点要求完成现场确认。")
                    % {"name": teacher.name, "number": application.number},
                )
                return redirect("office:review_case", number=application.number)
    else:
        form = EntryForm(initial={"idempotency_key": state["key"]}, **kwargs)
    record_view(request, teacher, "entry")
    context = {
        "form": form,
        "agency": agency,
        "availability": found,
        "teacher": teacher,
        "identity": _identity(teacher),
        "photo": latest_photo(teacher),
        "new_account": teacher.opened_by_office and not teacher.applications.exists(),
    }
    return render(request, "office/entry/application.html", context)


def _stage_and_subject_hold(form: EntryForm, agency: Organisation, stages: list, day) -> bool:
    stage = next((s for s in stages if s.code == form.cleaned_data["current_stage"]), None)
    subject_pk = form.cleaned_data.get("current_subject")
    subject = Subject.objects.filter(pk=int(subject_pk)).first() if str(subject_pk or "").isdigit() else None
    if stage is None:
        form.add_error("current_stage", _("请选择现任教学段。"))
        return False
    # The domain's rule, as step 3 applies it (a subject of another stage is not offered).
    errors = steps.check_stage_and_subject(agency, stage, subject, day)
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)
    return not errors


def _identity(teacher: User) -> list[tuple[str, str]]:
    return [
        (_("姓名"), teacher.name),
        (_("证件号码"), mask("document_number", teacher.document_number)),
        (_("性别"), teacher.get_sex_display()),
        (_("出生日期"), teacher.birth_date.isoformat() if teacher.birth_date else ""),
        (_("民族"), str(teacher.ethnic_group) if teacher.ethnic_group_id else ""),
        (_("手机号码"), mask("phone", teacher.phone or "")),
    ]


# --- the 毕业学校 picker, answering for the teacher ---------------------------------------------


@entry_view
@require_GET
def entry_school_search(request: HttpRequest) -> HttpResponse:
    """The picker's results fragment: the directory plus the teacher's own proposals."""
    teacher, _state = _teacher(request, _agency(request))
    form = SchoolSearchForm(request.GET)
    results = None
    if teacher is not None and form.is_valid() and (form.cleaned_data["q"].strip() or form.cleaned_data["province"]):
        results = reference.search_graduation_schools(
            form.cleaned_data["q"], user=teacher, province=form.cleaned_data["province"], limit=RESULTS_SHOWN
        )
    context = {
        "form": form,
        "results": results,
        "query": form.cleaned_data.get("q", "") if form.is_valid() else "",
        "picker": True,
        "limit": RESULTS_SHOWN,
    }
    return render(request, "applicant/schools/_results.html", context)


@entry_view
@require_POST
def entry_school_propose(request: HttpRequest) -> HttpResponse:
    """新增学校 for the teacher: proposed in their name, waiting for review like theirs would."""
    teacher, _state = _teacher(request, _agency(request))
    form = ProposeSchoolForm(request.POST)
    if teacher is None:
        form.is_valid()
        form.add_error(None, message_for("entry_session_over"))
        school = None
    else:
        school = form.propose(teacher)
    return render(request, "applicant/schools/_proposed.html", {"form": form, "school": school})
