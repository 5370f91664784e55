"""Plans and batches in the back office (issue 6, slice 2; domain.md §3.2).

The province administrator keeps the provincial plan of each year and sees every agency's
batch under it; an agency (or the province administrator for it) decides whether it takes
part and opens 网报. Windows, arrangements and points are in ``plan_windows``. Every object
is found through ``plan_access`` (the member's scope): another region's answers 404.
"""

from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from teacherreg.common.dates import today
from teacherreg.common.messages import message_for
from teacherreg.office import plan_access as reach
from teacherreg.office.access import staff_with_role
from teacherreg.office.plan_forms import BatchForm, PlanForm, add_problems
from teacherreg.office.scope import descendants
from teacherreg.organisations.models import AGENCY_LEVELS, Organisation, OrgLevel
from teacherreg.registration.models import AgencyBatch, ConfirmationArrangement, ProvincialPlan
from teacherreg.registration.services import plan_saving
from teacherreg.registration.services.plan_rules import RulesBroken
from teacherreg.registration.services.windows import availability


@staff_with_role(*reach.SETUP_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    """计划与网报: a province administrator's plans, a reviewer's own agencies."""
    scope = request.scope
    own_agencies = [org for org in scope.organisations(*reach.AGENCY_ROLES) if org.is_agency]
    context = {
        "provinces": reach.provinces(scope),
        "plans": reach.plans(scope).annotate(batch_count=Count("batches")).order_by("-year", "province__name"),
        "own_agencies": own_agencies,
    }
    return render(request, "office/plans/index.html", context)


# --- the provincial plan ---------------------------------------------------------------------


def _plan_form_page(request: HttpRequest, form: PlanForm, plan: ProvincialPlan) -> HttpResponse:
    return render(request, "office/plans/plan_form.html", {"form": form, "plan": plan})


def _save_plan(request: HttpRequest, plan: ProvincialPlan) -> HttpResponse:
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            saved = plan_saving.save_plan(form.apply_to(copy(plan)), by=reach.actor(request))
        except RulesBroken as refused:
            form.add_problems(refused.problems)
        else:
            messages.success(request, message_for("plan_saved"))
            return redirect("office:plan_detail", plan=saved.pk)
    return _plan_form_page(request, form, plan)


@staff_with_role(*reach.PLAN_ROLES)
def plan_create(request: HttpRequest) -> HttpResponse:
    """A new year's plan for the administrator's province (the first one they hold)."""
    provinces = reach.provinces(request.scope)
    if not provinces:
        # A province administrator registered at a city or county has no province to plan.
        return render(request, "office/plans/no_province.html", status=200)
    plan = ProvincialPlan(province=provinces[0])
    if request.method == "POST":
        return _save_plan(request, plan)
    now = today()
    defaults = ProvincialPlan(
        year=now.year, starts_on=now.replace(month=9, day=1), ends_on=now.replace(month=12, day=31)
    )
    return _plan_form_page(request, PlanForm(initial=PlanForm.initial_for(defaults)), plan)


@staff_with_role(*reach.PLAN_ROLES)
def plan_edit(request: HttpRequest, plan: int) -> HttpResponse:
    found = reach.plan_or_404(request.scope, plan)
    if request.method == "POST":
        return _save_plan(request, found)
    return _plan_form_page(request, PlanForm(initial=PlanForm.initial_for(found)), found)


def _batch_rows(plan: ProvincialPlan) -> list[dict]:
    """Every agency of the plan's province with its batch under the plan (or none yet)."""
    agencies = (
        Organisation.objects.filter(pk__in=descendants([plan.province_id]), level__in=AGENCY_LEVELS)
        .select_related("region", "parent")
        # GB/T 2260 codes nest (370000 → 370100 → 370102), so this is tree order: each city
        # followed by its counties.
        .order_by("region__code", "name")
    )
    batches = {
        b.agency_id: b
        for b in AgencyBatch.objects.filter(plan=plan).annotate(
            window_count=Count("windows", distinct=True),
            published_points=Count(
                "windows__arrangements", filter=Q(windows__arrangements__is_published=True), distinct=True
            ),
        )
    }
    return [{"agency": agency, "batch": batches.get(agency.pk)} for agency in agencies]


@staff_with_role(*reach.PLAN_ROLES)
def plan_detail(request: HttpRequest, plan: int) -> HttpResponse:
    """The plan's settings and the batches of every agency in the province."""
    found = reach.plan_or_404(request.scope, plan)
    rows = _batch_rows(found)
    context = {
        "plan": found,
        "rows": rows,
        "taking_part": sum(1 for r in rows if r["batch"] and r["batch"].takes_part),
        "open": sum(1 for r in rows if r["batch"] and r["batch"].takes_part and r["batch"].is_open),
    }
    return render(request, "office/plans/plan_detail.html", context)


# --- an agency and its batches ---------------------------------------------------------------


@staff_with_role(*reach.SETUP_ROLES)
def agency(request: HttpRequest, agency: int) -> HttpResponse:
    """An agency's batches under each plan of its province, and its confirmation points."""
    found = reach.agency_or_404(request.scope, agency)
    province = found.province()
    plans = ProvincialPlan.objects.filter(province=province).order_by("-year") if province else []
    batches = {b.plan_id: b for b in AgencyBatch.objects.filter(agency=found).annotate(window_count=Count("windows"))}
    points = (
        Organisation.objects.filter(parent=found, level=OrgLevel.CONFIRMATION_POINT)
        .annotate(arrangement_count=Count("arrangements"))
        .order_by("-is_active", "name")
    )
    context = {
        "agency": found,
        "rows": [{"plan": p, "batch": batches.get(p.pk)} for p in plans],
        "points": points,
    }
    return render(request, "office/plans/agency.html", context)


def _batch_windows(batch: AgencyBatch | None) -> list:
    if batch is None or batch.pk is None:
        return []
    arrangements = (
        ConfirmationArrangement.objects.select_related("point")
        .annotate(application_count=Count("applications"))
        .order_by("point__name")
    )
    return list(
        batch.windows.annotate(application_count=Count("applications"))
        .prefetch_related(Prefetch("arrangements", queryset=arrangements, to_attr="arrangement_list"))
        .order_by("starts_on")
    )


@staff_with_role(*reach.SETUP_ROLES)
def batch(request: HttpRequest, plan: int, agency: int) -> HttpResponse:
    """An agency's batch under a plan: takes part and 网报 opened (saved here, created on the
    first save), its windows with their confirmation arrangements, and what applicants see."""
    found_agency = reach.agency_or_404(request.scope, agency)
    found_plan = reach.agency_plan_or_404(found_agency, plan)
    existing = AgencyBatch.objects.filter(plan=found_plan, agency=found_agency).first()
    current = copy(existing) if existing else AgencyBatch(plan=found_plan, agency=found_agency, is_open=False)
    if request.method == "POST":
        form = BatchForm(request.POST)
        if form.is_valid():
            current.takes_part = form.cleaned_data["takes_part"]
            current.is_open = form.cleaned_data["is_open"]
            try:
                plan_saving.save_batch(current, by=reach.actor(request, found_agency))
            except RulesBroken as refused:
                add_problems(form, refused.problems)
            else:
                messages.success(request, message_for("batch_saved"))
                return redirect(reverse("office:plan_batch", kwargs={"plan": found_plan.pk, "agency": found_agency.pk}))
    else:
        form = BatchForm(initial={"takes_part": current.takes_part, "is_open": current.is_open})
    context = {
        "plan": found_plan,
        "agency": found_agency,
        "batch": existing,
        "form": form,
        "windows": _batch_windows(existing),
        "public": availability(found_agency, today()),
        "is_admin": found_plan.province_id in {p.pk for p in reach.provinces(request.scope)},
    }
    return render(request, "office/plans/batch.html", context)
