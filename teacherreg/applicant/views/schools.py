"""毕业学校查询 (issue 4 item 6; manual §3.1.2 step 2 "新增学校"), under /me/schools/.

Three endpoints: the directory page (search, 新增学校, the applicant's own proposals), the
search that the picker widget asks through htmx (a fragment; without htmx the full page),
and 新增学校 (a fragment for the picker; without htmx post/redirect/get back to the page).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teacherreg.applicant.forms.schools import ProposeSchoolForm, SchoolSearchForm
from teacherreg.applicant.views.centre import applicant_required
from teacherreg.reference import services
from teacherreg.reference.models import GraduationSchool, SchoolStatus

RESULTS_SHOWN = 20


def _is_htmx(request: HttpRequest) -> bool:
    # When htmx restores a page that fell out of its history cache it asks for the whole page.
    headers = request.headers
    return headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != "true"


def _search(request: HttpRequest) -> tuple[SchoolSearchForm, list[GraduationSchool] | None]:
    """The bound search form and its results; None when nothing was asked yet."""
    form = SchoolSearchForm(request.GET if ("q" in request.GET or "province" in request.GET) else None)
    if not form.is_bound or not form.is_valid():
        return form, None
    query, province = form.cleaned_data["q"], form.cleaned_data["province"]
    if not query.strip() and province is None:
        return form, None
    results = services.search_graduation_schools(query, user=request.user, province=province, limit=RESULTS_SHOWN)
    return form, results


def _page(request: HttpRequest, propose_form: ProposeSchoolForm | None = None) -> HttpResponse:
    search_form, results = _search(request)
    if propose_form is None:
        # A search that found nothing offers its words as the name of the school to add.
        initial = {"name": search_form.cleaned_data.get("q", "")} if results == [] else {}
        if results == [] and search_form.cleaned_data.get("province"):
            initial["province"] = search_form.cleaned_data["province"]
        propose_form = ProposeSchoolForm(initial=initial, prefix="new")
    proposals = (
        GraduationSchool.objects.filter(created_by=request.user)
        .select_related("province", "school_type", "merged_into")
        .order_by("-created_at", "-pk")
    )
    context = {
        "search_form": search_form,
        "results": results,
        "query": search_form.cleaned_data.get("q", "") if search_form.is_bound else "",
        "propose_form": propose_form,
        "proposals": proposals,
        "some_closed": any(school.status in (SchoolStatus.REJECTED, SchoolStatus.MERGED) for school in proposals),
        "limit": RESULTS_SHOWN,
    }
    return render(request, "applicant/schools/directory.html", context)


@applicant_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    return _page(request)


@applicant_required
@require_GET
def school_search(request: HttpRequest) -> HttpResponse:
    """The results list: a fragment for htmx (with 选择 buttons when the picker asks), else the page."""
    if not _is_htmx(request):
        return _page(request)
    form, results = _search(request)
    context = {
        "form": form,
        "results": results,
        "query": form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
        "picker": request.GET.get("picker") == "1",
        "limit": RESULTS_SHOWN,
    }
    return render(request, "applicant/schools/_results.html", context)


@applicant_required
@require_POST
def school_propose(request: HttpRequest) -> HttpResponse:
    """新增学校. The picker posts plain field names; the page's form uses the ``new`` prefix."""
    if _is_htmx(request):
        form = ProposeSchoolForm(request.POST)
        school = form.propose(request.user)
        # 200 in both cases: htmx swaps only successful responses, and the errors must show.
        return render(request, "applicant/schools/_proposed.html", {"form": form, "school": school})
    form = ProposeSchoolForm(request.POST, prefix="new")
    school = form.propose(request.user)
    if school is None:
        return _page(request, propose_form=form)
    if school.created_by_id == request.user.pk and school.status == SchoolStatus.PENDING:
        text = _("已新增“%(name)s”。管理员核实之前，只有您能选用它，显示为“待核实”。") % {"name": school.name}
    else:
        text = _("“%(name)s”已在学校名录中，可以直接选用，无需新增。") % {"name": school.name}
    messages.success(request, text)
    return redirect(reverse("applicant:schools") + "#my-schools")
