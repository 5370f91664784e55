"""Office URLs: plans and windows (issue 6, slice 2), mounted at /office/plans/.

Entry pages: ``office:plans`` (everyone who sets up plans or windows), ``office:plan_detail``
(a province administrator's plan) and ``office:plan_agency`` (an agency's batches and points).
"""

from django.urls import path

from teacherreg.office.views import plan_windows, plans

urlpatterns = [
    path("", plans.index, name="plans"),
    path("new/", plans.plan_create, name="plan_create"),
    path("<int:plan>/", plans.plan_detail, name="plan_detail"),
    path("<int:plan>/edit/", plans.plan_edit, name="plan_edit"),
    path("<int:plan>/agencies/<int:agency>/", plans.batch, name="plan_batch"),
    path("agencies/<int:agency>/", plans.agency, name="plan_agency"),
    path("agencies/<int:agency>/points/new/", plan_windows.point_create, name="plan_point_create"),
    path("points/<int:point>/edit/", plan_windows.point_edit, name="plan_point_edit"),
    path("batches/<int:batch>/windows/new/", plan_windows.window_create, name="plan_window_create"),
    path("windows/<int:window>/edit/", plan_windows.window_edit, name="plan_window_edit"),
    path("windows/<int:window>/delete/", plan_windows.window_delete, name="plan_window_delete"),
    path("windows/<int:window>/arrangements/new/", plan_windows.arrangement_create, name="plan_arrangement_create"),
    path("arrangements/<int:arrangement>/edit/", plan_windows.arrangement_edit, name="plan_arrangement_edit"),
    path("arrangements/<int:arrangement>/delete/", plan_windows.arrangement_delete, name="plan_arrangement_delete"),
]
