"""Application windows, confirmation arrangements and confirmation points of an agency
(issue 6, slice 2; domain.md §3.2 ``t_org_batch_time`` and ``t_locale_set``).

Thin views: find the object through the member's scope (``plan_access``; another region's
answers 404), read the form, call the one save service, show the refused form again with what
was typed and every problem next to its field. The form's values go onto a copy, so a refused
page still names the object as it is saved.
"""

from __future__ import annotations

from copy import copy
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from teacherreg.common.messages import message_for
from teacherreg.office import plan_access as reach
from teacherreg.office.access import staff_with_role
from teacherreg.office.plan_forms import ArrangementForm, PointForm, WindowForm, add_problems
from teacherreg.organisations.models import Organisation, OrgLevel
from teacherreg.registration.models import AgencyBatch, ApplicationWindow, ConfirmationArrangement
from teacherreg.registration.services import plan_saving
from teacherreg.registration.services.plan_rules import RulesBroken


def _batch_url(batch: AgencyBatch) -> str:
    return reverse("office:plan_batch", kwargs={"plan": batch.plan_id, "agency": batch.agency_id})


# --- windows ---------------------------------------------------------------------------------


def _window_page(request: HttpRequest, form: WindowForm, window: ApplicationWindow, applications: int) -> HttpResponse:
    context = {"form": form, "window": window, "batch": window.batch, "applications": applications}
    return render(request, "office/plans/window_form.html", context)


def _save_window(request: HttpRequest, window: ApplicationWindow, applications: int) -> HttpResponse:
    form = WindowForm(request.POST) if request.method == "POST" else None
    if form is None:
        initial = {"starts_on": window.starts_on, "ends_on": window.ends_on} if window.pk else {}
        return _window_page(request, WindowForm(initial=initial), window, applications)
    if form.is_valid():
        try:
            plan_saving.save_window(form.apply_to(copy(window)), by=reach.actor(request, window.batch.agency))
        except RulesBroken as refused:
            add_problems(form, refused.problems)
        else:
            messages.success(request, message_for("window_saved"))
            return redirect(_batch_url(window.batch))
    return _window_page(request, form, window, applications)


@staff_with_role(*reach.SETUP_ROLES)
def window_create(request: HttpRequest, batch: int) -> HttpResponse:
    found = reach.batch_or_404(request.scope, batch)
    return _save_window(request, ApplicationWindow(batch=found), 0)


@staff_with_role(*reach.SETUP_ROLES)
def window_edit(request: HttpRequest, window: int) -> HttpResponse:
    found = reach.window_or_404(request.scope, window)
    return _save_window(request, found, found.applications.count())


@staff_with_role(*reach.SETUP_ROLES)
def window_delete(request: HttpRequest, window: int) -> HttpResponse:
    """A confirmation page; the POST deletes a window nobody applied in, with its arrangements."""
    found = reach.window_or_404(request.scope, window)
    problems: list = []
    if request.method == "POST":
        try:
            plan_saving.delete_window(found, by=reach.actor(request, found.batch.agency))
        except RulesBroken as refused:
            problems = list(refused.problems)
        else:
            messages.success(request, message_for("window_deleted"))
            return redirect(_batch_url(found.batch))
    context = {
        "batch": found.batch,
        "what": "window",
        "window": found,
        "problems": problems,
        "applications": found.applications.count(),
        "arrangements": found.arrangements.select_related("point").order_by("point__name"),
    }
    return render(request, "office/plans/confirm_delete.html", context)


# --- confirmation arrangements ---------------------------------------------------------------


def _arrangement_page(
    request: HttpRequest, form: ArrangementForm, arrangement: ConfirmationArrangement, **extra: Any
) -> HttpResponse:
    window = arrangement.window
    context = {"form": form, "arrangement": arrangement, "window": window, "batch": window.batch, **extra}
    return render(request, "office/plans/arrangement_form.html", context)


def _save_arrangement(
    request: HttpRequest, form: ArrangementForm, arrangement: ConfirmationArrangement, **extra: Any
) -> HttpResponse:
    if form.is_valid():
        try:
            plan_saving.save_arrangement(
                form.apply_to(copy(arrangement)), by=reach.actor(request, arrangement.window.batch.agency)
            )
        except RulesBroken as refused:
            add_problems(form, refused.problems)
        else:
            messages.success(request, message_for("arrangement_saved"))
            return redirect(_batch_url(arrangement.window.batch))
    return _arrangement_page(request, form, arrangement, **extra)


@staff_with_role(*reach.SETUP_ROLES)
def arrangement_create(request: HttpRequest, window: int) -> HttpResponse:
    """Arrange one of the agency's active points on the window (each point once)."""
    found = reach.window_or_404(request.scope, window)
    points = (
        Organisation.objects.filter(parent=found.batch.agency, level=OrgLevel.CONFIRMATION_POINT, is_active=True)
        .exclude(arrangements__window=found)
        .order_by("name")
    )
    arrangement = ConfirmationArrangement(window=found)
    if request.method == "POST":
        form = ArrangementForm(request.POST, points=points)
        return _save_arrangement(request, form, arrangement, points=points, applications=0)
    initial = {"confirm_from": found.starts_on, "confirm_until": found.ends_on}
    form = ArrangementForm(initial=initial, points=points)
    return _arrangement_page(request, form, arrangement, points=points, applications=0)


@staff_with_role(*reach.SETUP_ROLES)
def arrangement_edit(request: HttpRequest, arrangement: int) -> HttpResponse:
    found = reach.arrangement_or_404(request.scope, arrangement)
    applications = found.applications.count()
    if request.method == "POST":
        form = ArrangementForm(request.POST, fixed_point=True)
        return _save_arrangement(request, form, found, applications=applications)
    initial = {
        "confirm_from": found.confirm_from,
        "confirm_until": found.confirm_until,
        "notes": found.notes,
        "is_published": found.is_published,
    }
    return _arrangement_page(
        request, ArrangementForm(initial=initial, fixed_point=True), found, applications=applications
    )


@staff_with_role(*reach.SETUP_ROLES)
def arrangement_delete(request: HttpRequest, arrangement: int) -> HttpResponse:
    found = reach.arrangement_or_404(request.scope, arrangement)
    problems: list = []
    if request.method == "POST":
        try:
            plan_saving.delete_arrangement(found, by=reach.actor(request, found.window.batch.agency))
        except RulesBroken as refused:
            problems = list(refused.problems)
        else:
            messages.success(request, message_for("arrangement_deleted"))
            return redirect(_batch_url(found.window.batch))
    context = {
        "batch": found.window.batch,
        "what": "arrangement",
        "arrangement": found,
        "window": found.window,
        "problems": problems,
        "applications": found.applications.count(),
    }
    return render(request, "office/plans/confirm_delete.html", context)


# --- confirmation points ---------------------------------------------------------------------


def _point_page(request: HttpRequest, form: PointForm, point: Organisation, agency: Organisation) -> HttpResponse:
    return render(request, "office/plans/point_form.html", {"form": form, "point": point, "agency": agency})


def _save_point(request: HttpRequest, point: Organisation, agency: Organisation) -> HttpResponse:
    creating = point.pk is None
    if request.method != "POST":
        initial = PointForm.initial_for(point) if not creating else {}
        return _point_page(request, PointForm(initial=initial, creating=creating), point, agency)
    form = PointForm(request.POST, creating=creating)
    if form.is_valid():
        try:
            plan_saving.save_confirmation_point(
                form.apply_to(copy(point)), agency=agency, by=reach.actor(request, agency)
            )
        except RulesBroken as refused:
            add_problems(form, refused.problems)
        else:
            messages.success(request, message_for("point_saved"))
            return redirect("office:plan_agency", agency=agency.pk)
    return _point_page(request, form, point, agency)


@staff_with_role(*reach.SETUP_ROLES)
def point_create(request: HttpRequest, agency: int) -> HttpResponse:
    found = reach.agency_or_404(request.scope, agency)
    return _save_point(request, Organisation(level=OrgLevel.CONFIRMATION_POINT, parent=found), found)


@staff_with_role(*reach.SETUP_ROLES)
def point_edit(request: HttpRequest, point: int) -> HttpResponse:
    found = reach.point_or_404(request.scope, point)
    return _save_point(request, found, found.parent)
